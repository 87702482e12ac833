#include "routingjson.h"

#include "jsontext.h"

#include <QJsonObject>

namespace {

using JsonText::describe;
using JsonText::join;
using JsonText::checkKeys;
using JsonText::readString;
using JsonText::readBool;

// "variable": "$name" -> "name"
void readVariable(const QJsonObject &object, const QString &path, QString *name, ConfigIssues *issues)
{
    QString text;
    readString(object, "variable", path, &text, issues);
    if (!text.startsWith(u'$'))
        issues->append({join(path, QLatin1StringView("variable")),
                        QStringLiteral("\"%1\" is not a variable; write the name it defines with a $, e.g. \"$pool\"").arg(text)});
    else
        *name = text.mid(1);
}

// An array of objects; each object handed to `read` with its path.
template<typename Read>
void forEachObject(const QJsonValue &value, const QString &path, const QString &example, ConfigIssues *issues, Read read)
{
    if (value.isUndefined())
        return;
    if (!value.isArray()) {
        issues->append({path, QStringLiteral("expected a list such as %1, found %2").arg(example, describe(value))});
        return;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString at = path + QStringLiteral("[%1]").arg(i);
        if (!array.at(i).isObject())
            issues->append({at, QStringLiteral("expected an object, found %1").arg(describe(array.at(i)))});
        else
            read(array.at(i).toObject(), at);
    }
}

} // namespace

namespace RoutingJson {

QList<MapConfig> readMaps(const QJsonValue &value, ConfigIssues *issues)
{
    QList<MapConfig> maps;
    forEachObject(value, QLatin1StringView(mapsKey), QStringLiteral("[{\"source\": \"$remote_addr\", \"variable\": \"$pool\", \"entries\": [...]}]"),
                  issues, [&](const QJsonObject &object, const QString &at) {
        checkKeys(object, at, {"source", "variable", "hostnames", "volatile", "default", "entries"}, issues);
        MapConfig map;
        readString(object, "source", at, &map.source, issues);
        if (map.source.isEmpty())
            issues->append({join(at, QLatin1StringView("source")), QStringLiteral("is missing; say what the map reads, e.g. \"$remote_addr\"")});
        readVariable(object, at, &map.name, issues);
        readBool(object, "hostnames", at, &map.hostnames, issues);
        readBool(object, "volatile", at, &map.isVolatile, issues);
        readString(object, "default", at, &map.defaultValue, issues);
        forEachObject(object.value(QLatin1StringView("entries")), join(at, QLatin1StringView("entries")),
                      QStringLiteral("[{\"key\": \"127.0.0.1\", \"value\": \"a\"}]"), issues, [&](const QJsonObject &entry, const QString &entryAt) {
            checkKeys(entry, entryAt, {"key", "value"}, issues);
            MapEntryConfig line;
            readString(entry, "key", entryAt, &line.key, issues);
            readString(entry, "value", entryAt, &line.value, issues);
            map.entries << line;
        });
        maps << map;
    });
    return maps;
}

QList<SplitClientsConfig> readSplitClients(const QJsonValue &value, ConfigIssues *issues)
{
    QList<SplitClientsConfig> splits;
    forEachObject(value, QLatin1StringView(splitClientsKey),
                  QStringLiteral("[{\"key\": \"$remote_addr\", \"variable\": \"$variant\", \"buckets\": [...]}]"), issues,
                  [&](const QJsonObject &object, const QString &at) {
        checkKeys(object, at, {"key", "variable", "buckets"}, issues);
        SplitClientsConfig split;
        readString(object, "key", at, &split.key, issues);
        if (split.key.isEmpty())
            issues->append({join(at, QLatin1StringView("key")), QStringLiteral("is missing; say what is hashed, e.g. \"$remote_addr\"")});
        readVariable(object, at, &split.name, issues);
        forEachObject(object.value(QLatin1StringView("buckets")), join(at, QLatin1StringView("buckets")),
                      QStringLiteral("[{\"percent\": \"10%\", \"value\": \"a\"}, {\"percent\": \"*\", \"value\": \"b\"}]"), issues,
                      [&](const QJsonObject &bucket, const QString &bucketAt) {
            checkKeys(bucket, bucketAt, {"percent", "value"}, issues);
            SplitBucketConfig line;
            const QJsonValue percent = bucket.value(QLatin1StringView("percent"));
            if (percent.isDouble())
                line.percent = QString::number(percent.toDouble()) + u'%'; // 10 is read as "10%"
            else
                readString(bucket, "percent", bucketAt, &line.percent, issues);
            readString(bucket, "value", bucketAt, &line.value, issues);
            split.buckets << line;
        });
        splits << split;
    });
    return splits;
}

QJsonArray mapsToJson(const QList<MapConfig> &maps)
{
    QJsonArray array;
    for (const MapConfig &map : maps) {
        QJsonObject object{{QStringLiteral("source"), map.source}, {QStringLiteral("variable"), QString(u'$' + map.name)}};
        if (map.hostnames)
            object.insert(QStringLiteral("hostnames"), true);
        if (map.isVolatile)
            object.insert(QStringLiteral("volatile"), true);
        if (!map.defaultValue.isNull())
            object.insert(QStringLiteral("default"), map.defaultValue);
        QJsonArray entries;
        for (const MapEntryConfig &entry : map.entries)
            entries.append(QJsonObject{{QStringLiteral("key"), entry.key}, {QStringLiteral("value"), entry.value}});
        object.insert(QStringLiteral("entries"), entries);
        array.append(object);
    }
    return array;
}

QJsonArray splitClientsToJson(const QList<SplitClientsConfig> &splits)
{
    QJsonArray array;
    for (const SplitClientsConfig &split : splits) {
        QJsonArray buckets;
        for (const SplitBucketConfig &bucket : split.buckets)
            buckets.append(QJsonObject{{QStringLiteral("percent"), bucket.percent}, {QStringLiteral("value"), bucket.value}});
        array.append(QJsonObject{{QStringLiteral("key"), split.key}, {QStringLiteral("variable"), QString(u'$' + split.name)}, {QStringLiteral("buckets"), buckets}});
    }
    return array;
}

} // namespace RoutingJson
