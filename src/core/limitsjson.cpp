#include "limitsjson.h"

#include "duration.h"
#include "jsontext.h"

#include <QJsonArray>

namespace {

using JsonText::describe;
using JsonText::checkKeys;
using JsonText::join;
using JsonText::readString;

// A byte count: a whole number, or nginx's size text ("512k", "10m").
bool readSize(const QJsonValue &value, const QString &path, qint64 *out, ConfigIssues *issues)
{
    if (value.isUndefined())
        return true;
    if (const std::optional<qint64> bytes = JsonText::byteSize(value)) {
        *out = *bytes;
        return true;
    }
    issues->append({path, QStringLiteral("%1 is not a size; write bytes as a number or as nginx does, e.g. 512k or 10m").arg(describe(value))});
    return false;
}

bool readInt(const QJsonValue &value, const QString &path, int *out, ConfigIssues *issues)
{
    if (value.isUndefined())
        return true;
    const std::optional<int> number = JsonText::wholeInt(value);
    if (!number) {
        issues->append({path, QStringLiteral("expected a whole number, found %1").arg(describe(value))});
        return false;
    }
    *out = *number;
    return true;
}

} // namespace

namespace LimitsJson {

QList<ConnectionZoneConfig> readZones(const QJsonValue &value, ConfigIssues *issues)
{
    QList<ConnectionZoneConfig> zones;
    const QString path = QLatin1StringView(zonesKey);
    if (value.isUndefined())
        return zones;
    if (!value.isArray()) {
        issues->append({path, QStringLiteral("expected a list of zones such as [{\"name\": \"perip\", \"key\": \"$binary_remote_addr\", "
                                             "\"size\": \"10m\"}], found %1").arg(describe(value))});
        return zones;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString at = path + QStringLiteral("[%1]").arg(i);
        if (!array.at(i).isObject()) {
            issues->append({at, QStringLiteral("expected an object with name, key and size, found %1").arg(describe(array.at(i)))});
            continue;
        }
        const QJsonObject object = array.at(i).toObject();
        checkKeys(object, at, {"name", "key", "size"}, issues);
        ConnectionZoneConfig zone;
        readString(object, "name", at, &zone.name, issues);
        readString(object, "key", at, &zone.key, issues);
        readSize(object.value(QLatin1StringView("size")), join(at, QLatin1StringView("size")), &zone.size, issues);
        zones << zone;
    }
    return zones;
}

ListenerLimitsConfig readListener(const QJsonObject &listener, const QString &path, ConfigIssues *issues)
{
    ListenerLimitsConfig limits;
    const QString limitPath = join(path, QLatin1StringView("limit_conn"));
    const QJsonValue list = listener.value(QLatin1StringView("limit_conn"));
    if (!list.isUndefined() && !list.isArray())
        issues->append({limitPath, QStringLiteral("expected a list such as [{\"zone\": \"perip\", \"connections\": 10}], found %1").arg(describe(list))});
    const QJsonArray array = list.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString at = limitPath + QStringLiteral("[%1]").arg(i);
        if (!array.at(i).isObject()) {
            issues->append({at, QStringLiteral("expected an object with zone and connections, found %1").arg(describe(array.at(i)))});
            continue;
        }
        const QJsonObject object = array.at(i).toObject();
        checkKeys(object, at, {"zone", "connections"}, issues);
        ConnectionLimitConfig limit;
        readString(object, "zone", at, &limit.zone, issues);
        readInt(object.value(QLatin1StringView("connections")), join(at, QLatin1StringView("connections")), &limit.connections, issues);
        limits.connections << limit;
    }
    readString(listener, "limit_conn_log_level", path, &limits.logLevel, issues);
    const QJsonValue dryRun = listener.value(QLatin1StringView("limit_conn_dry_run"));
    if (dryRun.isBool())
        limits.dryRun = dryRun.toBool();
    else if (dryRun.isString() && (dryRun.toString() == u"on" || dryRun.toString() == u"off"))
        limits.dryRun = dryRun.toString() == u"on";
    else if (!dryRun.isUndefined())
        issues->append({join(path, QLatin1StringView("limit_conn_dry_run")), QStringLiteral("expected true or false, found %1").arg(describe(dryRun))});
    readInt(listener.value(QLatin1StringView("max_connections")), join(path, QLatin1StringView("max_connections")), &limits.maxConnections, issues);
    readSize(listener.value(QLatin1StringView("proxy_upload_rate")), join(path, QLatin1StringView("proxy_upload_rate")), &limits.uploadRate, issues);
    readSize(listener.value(QLatin1StringView("proxy_download_rate")), join(path, QLatin1StringView("proxy_download_rate")), &limits.downloadRate,
             issues);
    return limits;
}

QJsonValue zonesToJson(const QList<ConnectionZoneConfig> &zones)
{
    QJsonArray array;
    for (const ConnectionZoneConfig &zone : zones)
        array.append(QJsonObject{{QStringLiteral("name"), zone.name}, {QStringLiteral("key"), zone.key}, {QStringLiteral("size"), Size::format(zone.size)}});
    return array;
}

void writeListener(const ListenerLimitsConfig &limits, QJsonObject *listener)
{
    const ListenerLimitsConfig defaults;
    if (!limits.connections.isEmpty()) {
        QJsonArray array;
        for (const ConnectionLimitConfig &limit : limits.connections)
            array.append(QJsonObject{{QStringLiteral("zone"), limit.zone}, {QStringLiteral("connections"), limit.connections}});
        listener->insert(QStringLiteral("limit_conn"), array);
    }
    if (limits.logLevel != defaults.logLevel)
        listener->insert(QStringLiteral("limit_conn_log_level"), limits.logLevel);
    if (limits.dryRun)
        listener->insert(QStringLiteral("limit_conn_dry_run"), true);
    if (limits.maxConnections != 0)
        listener->insert(QStringLiteral("max_connections"), limits.maxConnections);
    if (limits.uploadRate != 0)
        listener->insert(QStringLiteral("proxy_upload_rate"), Size::format(limits.uploadRate));
    if (limits.downloadRate != 0)
        listener->insert(QStringLiteral("proxy_download_rate"), Size::format(limits.downloadRate));
}

} // namespace LimitsJson
