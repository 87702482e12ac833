#pragma once

#include "../nginxdirective.h"

#include <config.h>

#include <QList>
#include <optional>

// nginx's PROXY protocol directives read into a listener's proxy_protocol settings:
// "listen ... proxy_protocol" (accept), proxy_protocol_timeout and proxy_protocol (send,
// plain settings the importer inherits from stream {} like the other proxy_* ones), and
// set_real_ip_from (ngx_stream_realip_module), a list with its own inheritance, read here.
// Pure functions; the importer reports what they say at the directive's file:line.
namespace ProxyProtocolImport {

inline bool isRealIpFrom(const QString &name)
{
    return name == u"set_real_ip_from";
}

struct Source
{
    std::optional<QString> source; // nullopt: not carried (error says why)
    QString error;
    QString warning; // nginx's "low address bits of ... are meaningless"
};

// One "set_real_ip_from ADDRESS|CIDR|unix:;" as ngx_stream_realip_from reads it. A host
// name (nginx resolves it once at start) is an error: dropping a trusted proxy would change
// who the clients are for access rules.
Source read(const NginxDirective &directive);

// ngx_stream_realip_merge_srv_conf: a server with set_real_ip_from lines of its own uses only
// those; one without takes the stream-level ones.
QList<NginxDirective> effectiveSources(const QList<NginxDirective> &server, const QList<NginxDirective> &stream);

// nginx's own refusal of "listen ... udp proxy_protocol", or empty.
QString listenError(bool udp, bool proxyProtocol);

} // namespace ProxyProtocolImport
