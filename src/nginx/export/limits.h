#pragma once

#include <config.h>

#include <QList>
#include <QStringList>

// The nginx lines of the config's connection zones and a listener's limits; the exporter
// writes them. max_connections, which nginx has no directive for, becomes a limit_conn on a
// zone of the listener's own whose key is a constant (so every connection counts under one
// key), named "portier_max_N"; the importer reads such a zone back as max_connections.
namespace LimitsExport {

inline constexpr QLatin1StringView maxConnectionsPrefix("portier_max_");

struct Line
{
    QString name;
    QStringList args;
};

QString maxConnectionsZone(qsizetype listenerIndex);

// A size as nginx 1.22 reads it: bytes, k or m (no g).
QString size(qint64 bytes);

// At stream level: limit_conn_zone for every zone, and one per listener with max_connections.
QList<Line> streamLines(const Config &config);
// In a listener's server {}.
QList<Line> serverLines(const ListenerLimitsConfig &limits, qsizetype listenerIndex);

} // namespace LimitsExport
