#include "limitsvalidator.h"

#include "duration.h"
#include "streamvariables.h"

#include <QRegularExpression>
#include <QSet>

namespace {

const QStringList limitLogLevels{QStringLiteral("info"), QStringLiteral("notice"), QStringLiteral("warn"), QStringLiteral("error")};

void checkZones(const Config &config, ConfigIssues *issues)
{
    QSet<QString> names;
    for (qsizetype i = 0; i < config.connectionZones.size(); ++i) {
        const ConnectionZoneConfig &zone = config.connectionZones.at(i);
        const QString at = QStringLiteral("limit_conn_zones[%1].").arg(i);
        if (!LimitsValidator::isZoneName(zone.name))
            issues->append({at + u"name", QStringLiteral("\"%1\" is not a usable zone name; use letters, digits, '_', '-' and '.', e.g. perip").arg(zone.name)});
        else if (zone.name.startsWith(QLatin1StringView("portier_max_")))
            issues->append({at + u"name", QStringLiteral("\"%1\": names starting with portier_max_ are kept for exported max_connections; choose another").arg(zone.name)});
        else if (names.contains(zone.name))
            issues->append({at + u"name", QStringLiteral("\"%1\" is defined by an earlier zone; zone names must be unique").arg(zone.name)});
        names.insert(zone.name);
        QString error;
        if (zone.key.isEmpty())
            issues->append({at + u"key", QStringLiteral("is empty; give the value connections are counted by, e.g. $binary_remote_addr")});
        else if (!StreamTemplate::compile(zone.key, &error))
            issues->append({at + u"key", QStringLiteral("\"%1\": %2").arg(zone.key, error)});
        if (zone.size < LimitsValidator::minimumZoneSize)
            issues->append({at + u"size", QStringLiteral("%1 is too small (nginx's smallest zone is 32k); use e.g. 1m, which holds about 16,000 keys")
                                              .arg(Size::format(zone.size))});
    }
}

void checkListener(const Config &config, const ListenerConfig &listener, qsizetype i, ConfigIssues *issues)
{
    const ListenerLimitsConfig &limits = listener.limits;
    const QString at = QStringLiteral("listeners[%1].").arg(i);
    QSet<QString> used;
    for (qsizetype j = 0; j < limits.connections.size(); ++j) {
        const ConnectionLimitConfig &limit = limits.connections.at(j);
        const QString limitAt = at + QStringLiteral("limit_conn[%1].").arg(j);
        if (!config.findConnectionZone(limit.zone))
            issues->append({limitAt + u"zone", QStringLiteral("\"%1\" is not a zone; define it under limit_conn_zones or name one that is").arg(limit.zone)});
        else if (used.contains(limit.zone))
            issues->append({limitAt + u"zone", QStringLiteral("\"%1\" is limited twice on this listener; keep one limit per zone").arg(limit.zone)});
        used.insert(limit.zone);
        if (limit.connections < 1 || limit.connections > LimitsValidator::maximumConnections)
            issues->append({limitAt + u"connections", QStringLiteral("%1 is out of range; use a number of connections from 1 to %2")
                                                          .arg(limit.connections).arg(LimitsValidator::maximumConnections)});
    }
    if (!limitLogLevels.contains(limits.logLevel))
        issues->append({at + u"limit_conn_log_level", QStringLiteral("\"%1\" is not a level for limit_conn; use info, notice, warn or error").arg(limits.logLevel)});
    if (limits.maxConnections < 0 || limits.maxConnections > LimitsValidator::maximumConnections)
        issues->append({at + u"max_connections", QStringLiteral("%1 is out of range; use 0 for no cap or a number up to %2")
                                                     .arg(limits.maxConnections).arg(LimitsValidator::maximumConnections)});
    if (limits.uploadRate < 0)
        issues->append({at + u"proxy_upload_rate", QStringLiteral("%1 is not a rate; use bytes per second such as 512k, or 0 for none").arg(limits.uploadRate)});
    if (limits.downloadRate < 0)
        issues->append({at + u"proxy_download_rate", QStringLiteral("%1 is not a rate; use bytes per second such as 512k, or 0 for none").arg(limits.downloadRate)});
}

} // namespace

namespace LimitsValidator {

bool isZoneName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]*$"));
    return re.match(name).hasMatch();
}

void check(const Config &config, ConfigIssues *issues)
{
    checkZones(config, issues);
    for (qsizetype i = 0; i < config.listeners.size(); ++i)
        checkListener(config, config.listeners.at(i), i, issues);
}

} // namespace LimitsValidator
