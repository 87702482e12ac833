#pragma once

#include "../nginxdirective.h"

#include <config.h>

#include <QList>
#include <optional>

// nginx's limit_conn_zone, limit_conn, limit_conn_log_level, limit_conn_dry_run
// (ngx_stream_limit_conn_module) and proxy_upload_rate / proxy_download_rate read into the
// config's zones and a listener's limits. Pure functions; the importer reports what they say
// at the directive's file:line. A limit that cannot be carried is an error, never a warning:
// dropping it would let more in than nginx does.
namespace LimitsImport {

inline bool isZone(const QString &name)
{
    return name == u"limit_conn_zone";
}

// The directives a server takes (and inherits from stream {} when it has none of its own).
bool isServerDirective(const QString &name);

struct Message
{
    NginxDirective directive;
    QString text;
    bool error = true; // false: a warning
};

// "limit_conn_zone KEY zone=NAME:SIZE" as ngx_stream_limit_conn_zone reads it.
std::optional<ConnectionZoneConfig> readZone(const NginxDirective &d, QString *error);

// One server's limits: its own lines, with stream {}'s merged in as
// ngx_stream_limit_conn_merge_conf and ngx_stream_proxy_merge_srv_conf do. A limit_conn on a
// zone the exporter wrote for max_connections becomes max_connections again.
ListenerLimitsConfig readServer(const QList<NginxDirective> &server, const QList<NginxDirective> &stream,
                                const QList<ConnectionZoneConfig> &zones, QList<Message> *messages);

// A zone written for one listener's max_connections ("portier_max_N", its key its name).
bool isMaxConnectionsZone(const ConnectionZoneConfig &zone);

} // namespace LimitsImport
