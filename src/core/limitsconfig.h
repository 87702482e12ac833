#pragma once

#include <QList>
#include <QString>

// nginx's limit_conn_zone (ngx_stream_limit_conn_module): connections counted per value of
// a key, shared by every listener that names the zone. Defined once for the whole config.
struct ConnectionZoneConfig
{
    QString name;
    QString key;                    // an nginx complex value, e.g. "$binary_remote_addr"
    qint64 size = 1024 * 1024;      // bytes, as zone=NAME:SIZE; bounds how many keys it holds

    friend bool operator==(const ConnectionZoneConfig &, const ConnectionZoneConfig &) = default;
};

// One "limit_conn ZONE N" line of a listener.
struct ConnectionLimitConfig
{
    QString zone;
    int connections = 1;

    friend bool operator==(const ConnectionLimitConfig &, const ConnectionLimitConfig &) = default;
};

// A listener's limits: limit_conn (several allowed, checked in order), its log level and dry
// run, Portier's cap on all the listener's connections, and proxy_upload_rate /
// proxy_download_rate per connection.
struct ListenerLimitsConfig
{
    QList<ConnectionLimitConfig> connections;
    QString logLevel = QStringLiteral("error"); // limit_conn_log_level: info, notice, warn or error
    bool dryRun = false;                        // limit_conn_dry_run
    // Connections the listener holds at once, from any client; 0 = no cap. nginx has no such
    // directive: it behaves as a limit_conn on a zone of its own whose key is constant (and
    // is exported so), under the same log level and dry run.
    int maxConnections = 0;
    qint64 uploadRate = 0;   // bytes per second read from the client; 0 = unlimited
    qint64 downloadRate = 0; // bytes per second read from the upstream; 0 = unlimited

    bool isEmpty() const { return connections.isEmpty() && maxConnections == 0 && uploadRate == 0 && downloadRate == 0; }
    bool limitsConnections() const { return !connections.isEmpty() || maxConnections > 0; }

    friend bool operator==(const ListenerLimitsConfig &, const ListenerLimitsConfig &) = default;
};
