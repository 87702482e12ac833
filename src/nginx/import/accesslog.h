#pragma once

#include <QSet>

#include "../nginxdirective.h"

#include <config.h>

#include <QList>
#include <optional>

// nginx's log_format and access_log (ngx_stream_log_module) read into the config's log formats
// and a listener's access log. Pure functions; the importer reports what they say at the
// directive's file:line. A server without access_log of its own takes stream {}'s, as
// ngx_stream_log_merge_srv_conf does; "access_log off" in a server stops that.
namespace AccessLogImport {

inline bool isLogFormat(const QString &name)
{
    return name == u"log_format";
}

inline bool isAccessLog(const QString &name)
{
    return name == u"access_log";
}

struct Message
{
    NginxDirective directive;
    QString text;
    bool error = true; // false: a warning
};

// "log_format NAME [escape=default|json|none] STRING ..." as ngx_stream_log_set_format reads it:
// the strings are joined without a separator. A format refused for a variable Portier does
// not know names it in *unknownVariable.
std::optional<LogFormatConfig> readFormat(const NginxDirective &d, QString *error, QString *unknownVariable = nullptr);

// One server's access log: its own access_log lines, else stream {}'s. Portier writes one file
// per listener: a second access_log line is reported and left out.
AccessLogConfig readServer(const QList<NginxDirective> &server, const QList<NginxDirective> &stream, const QList<LogFormatConfig> &formats,
                           QList<Message> *messages);

// Variables (without '$') that directives of the file define for itself: geo, map,
// split_clients, set, js_set (any depth), and the geoip_ families. A log_format reading one of
// them is valid nginx even when Portier leaves the defining directive out.
QSet<QString> variablesDefined(const QList<NginxDirective> &streamChildren);

} // namespace AccessLogImport
