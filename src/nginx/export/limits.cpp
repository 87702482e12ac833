#include "limits.h"

namespace {

// A max_connections zone holds one key: nginx's smallest zone is plenty.
constexpr qint64 maxConnectionsZoneSize = 32 * 1024;

} // namespace

namespace LimitsExport {

QString maxConnectionsZone(qsizetype listenerIndex)
{
    return maxConnectionsPrefix + QString::number(listenerIndex);
}

QString size(qint64 bytes)
{
    if (bytes > 0 && bytes % (1024 * 1024) == 0)
        return QString::number(bytes / (1024 * 1024)) + u'm';
    if (bytes > 0 && bytes % 1024 == 0)
        return QString::number(bytes / 1024) + u'k';
    return QString::number(bytes);
}

QList<Line> streamLines(const Config &config)
{
    QList<Line> lines;
    for (const ConnectionZoneConfig &zone : config.connectionZones)
        lines << Line{QStringLiteral("limit_conn_zone"), {zone.key, QStringLiteral("zone=%1:%2").arg(zone.name, size(zone.size))}};
    for (qsizetype i = 0; i < config.listeners.size(); ++i) {
        if (config.listeners.at(i).limits.maxConnections <= 0)
            continue;
        const QString name = maxConnectionsZone(i);
        lines << Line{QStringLiteral("limit_conn_zone"), {name, QStringLiteral("zone=%1:%2").arg(name, size(maxConnectionsZoneSize))}};
    }
    return lines;
}

QList<Line> serverLines(const ListenerLimitsConfig &limits, qsizetype listenerIndex)
{
    QList<Line> lines;
    for (const ConnectionLimitConfig &limit : limits.connections)
        lines << Line{QStringLiteral("limit_conn"), {limit.zone, QString::number(limit.connections)}};
    if (limits.maxConnections > 0)
        lines << Line{QStringLiteral("limit_conn"), {maxConnectionsZone(listenerIndex), QString::number(limits.maxConnections)}};
    if (limits.logLevel != ListenerLimitsConfig().logLevel)
        lines << Line{QStringLiteral("limit_conn_log_level"), {limits.logLevel}};
    if (limits.dryRun)
        lines << Line{QStringLiteral("limit_conn_dry_run"), {QStringLiteral("on")}};
    if (limits.uploadRate > 0)
        lines << Line{QStringLiteral("proxy_upload_rate"), {size(limits.uploadRate)}};
    if (limits.downloadRate > 0)
        lines << Line{QStringLiteral("proxy_download_rate"), {size(limits.downloadRate)}};
    return lines;
}

} // namespace LimitsExport
