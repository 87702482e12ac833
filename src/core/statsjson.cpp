#include "statsjson.h"

#include <QJsonArray>

namespace StatsJson {

namespace {

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime timeFrom(const QJsonValue &value)
{
    const QString text = value.toString();
    return text.isEmpty() ? QDateTime() : QDateTime::fromString(text, Qt::ISODateWithMs);
}

QJsonValue counter(quint64 value)
{
    return QJsonValue(qint64(value));
}

quint64 counterFrom(const QJsonObject &object, const char *key)
{
    return quint64(qMax<qint64>(0, object.value(QLatin1StringView(key)).toInteger()));
}

// The states by the names the document uses; the enum's order is not part of it.
const char *const stateNames[] = {"up", "down", "failed", "unhealthy", "draining", "drained"};

QJsonObject listenerJson(const ListenerStats &l)
{
    return QJsonObject{{QStringLiteral("index"), l.index},
                       {QStringLiteral("listen"), l.listen},
                       {QStringLiteral("protocol"), l.protocol},
                       {QStringLiteral("enabled"), l.enabled},
                       {QStringLiteral("listening"), l.listening},
                       {QStringLiteral("error"), l.error},
                       {QStringLiteral("activeConnections"), counter(l.activeConnections)},
                       {QStringLiteral("acceptedConnections"), counter(l.acceptedConnections)},
                       {QStringLiteral("bytesFromClients"), counter(l.bytesFromClients)},
                       {QStringLiteral("bytesToClients"), counter(l.bytesToClients)},
                       {QStringLiteral("connectFailures"), counter(l.connectFailures)},
                       {QStringLiteral("noLiveUpstreams"), counter(l.noLiveUpstreams)},
                       {QStringLiteral("denied"), counter(l.denied)},
                       {QStringLiteral("refusedFull"), counter(l.refusedFull)},
                       {QStringLiteral("limited"), counter(l.limited)},
                       {QStringLiteral("datagramsFromClients"), counter(l.datagramsFromClients)},
                       {QStringLiteral("datagramsToClients"), counter(l.datagramsToClients)},
                       {QStringLiteral("datagramsDropped"), counter(l.datagramsDropped)},
                       {QStringLiteral("tlsHandshakes"), counter(l.tlsHandshakes)},
                       {QStringLiteral("tlsSessionsReused"), counter(l.tlsSessionsReused)},
                       {QStringLiteral("tlsHandshakeFailures"), counter(l.tlsHandshakeFailures)}};
}

ListenerStats listenerFrom(const QJsonObject &o)
{
    ListenerStats l;
    l.index = o.value(QStringLiteral("index")).toInt(-1);
    l.listen = o.value(QStringLiteral("listen")).toString();
    l.protocol = o.value(QStringLiteral("protocol")).toString();
    l.enabled = o.value(QStringLiteral("enabled")).toBool(true);
    l.listening = o.value(QStringLiteral("listening")).toBool();
    l.error = o.value(QStringLiteral("error")).toString();
    l.activeConnections = counterFrom(o, "activeConnections");
    l.acceptedConnections = counterFrom(o, "acceptedConnections");
    l.bytesFromClients = counterFrom(o, "bytesFromClients");
    l.bytesToClients = counterFrom(o, "bytesToClients");
    l.connectFailures = counterFrom(o, "connectFailures");
    l.noLiveUpstreams = counterFrom(o, "noLiveUpstreams");
    l.denied = counterFrom(o, "denied");
    l.refusedFull = counterFrom(o, "refusedFull");
    l.limited = counterFrom(o, "limited");
    l.datagramsFromClients = counterFrom(o, "datagramsFromClients");
    l.datagramsToClients = counterFrom(o, "datagramsToClients");
    l.datagramsDropped = counterFrom(o, "datagramsDropped");
    l.tlsHandshakes = counterFrom(o, "tlsHandshakes");
    l.tlsSessionsReused = counterFrom(o, "tlsSessionsReused");
    l.tlsHandshakeFailures = counterFrom(o, "tlsHandshakeFailures");
    return l;
}

// Per-bucket counts (DurationHistogram::boundsMs, then one above them all), total and sum.
QJsonObject histogramJson(const DurationHistogram &h)
{
    QJsonArray counts;
    for (const quint64 count : h.counts)
        counts.append(counter(count));
    return QJsonObject{{QStringLiteral("counts"), counts}, {QStringLiteral("count"), counter(h.count)}, {QStringLiteral("sumMs"), counter(h.sumMs)}};
}

DurationHistogram histogramFrom(const QJsonObject &o)
{
    DurationHistogram h;
    const QJsonArray counts = o.value(QStringLiteral("counts")).toArray();
    for (qsizetype i = 0; i < counts.size() && i < qsizetype(h.counts.size()); ++i)
        h.counts[std::size_t(i)] = quint64(qMax<qint64>(0, counts.at(i).toInteger()));
    h.count = counterFrom(o, "count");
    h.sumMs = counterFrom(o, "sumMs");
    return h;
}

QJsonObject serverJson(const ServerStats &s)
{
    return QJsonObject{{QStringLiteral("upstream"), s.upstream},
                       {QStringLiteral("index"), s.index},
                       {QStringLiteral("address"), s.address},
                       {QStringLiteral("state"), QLatin1StringView(stateNames[int(s.state)])},
                       {QStringLiteral("backup"), s.backup},
                       {QStringLiteral("backupInUse"), s.backupInUse},
                       {QStringLiteral("weight"), s.weight},
                       {QStringLiteral("configWeight"), s.configWeight},
                       {QStringLiteral("steered"), s.steered},
                       {QStringLiteral("activeConnections"), counter(s.activeConnections)},
                       {QStringLiteral("selectedTotal"), counter(s.selectedTotal)},
                       {QStringLiteral("connectFailures"), counter(s.connectFailures)},
                       {QStringLiteral("bytesSent"), counter(s.bytesSent)},
                       {QStringLiteral("bytesReceived"), counter(s.bytesReceived)},
                       {QStringLiteral("fails"), s.fails},
                       {QStringLiteral("failing"), s.failing},
                       {QStringLiteral("unavailable"), counter(s.unavailable)},
                       {QStringLiteral("failedForMs"), s.failedForMs},
                       {QStringLiteral("lastCheck"), s.lastCheck},
                       {QStringLiteral("lastError"), s.lastError},
                       {QStringLiteral("lastErrorTime"), timeText(s.lastErrorTime)},
                       {QStringLiteral("connectTimeAverageMs"), s.connectTimeAverageMs},
                       {QStringLiteral("lastConnectTimeMs"), s.lastConnectTimeMs},
                       {QStringLiteral("lastSelected"), timeText(s.lastSelected)},
                       {QStringLiteral("stateSince"), timeText(s.stateSince)},
                       {QStringLiteral("downtimeMs"), s.downtimeMs},
                       {QStringLiteral("healthChecks"), counter(s.healthChecks)},
                       {QStringLiteral("healthCheckFails"), counter(s.healthCheckFails)},
                       {QStringLiteral("healthUnhealthy"), counter(s.healthUnhealthy)},
                       {QStringLiteral("lastCheckPassed"), s.lastCheckPassed},
                       {QStringLiteral("connectTimes"), histogramJson(s.connectTimes)}};
}

std::optional<ServerStats> serverFrom(const QJsonObject &o, const QString &path, QString *error)
{
    ServerStats s;
    s.upstream = o.value(QStringLiteral("upstream")).toString();
    s.index = o.value(QStringLiteral("index")).toInt(-1);
    s.address = o.value(QStringLiteral("address")).toString();
    const QString state = o.value(QStringLiteral("state")).toString();
    bool known = false;
    for (int i = 0; i < int(std::size(stateNames)); ++i) {
        if (state == QLatin1StringView(stateNames[i])) {
            s.state = ServerStats::State(i);
            known = true;
        }
    }
    if (!known) {
        *error = QStringLiteral("%1.state: \"%2\" is not a server state this Portier knows (%3)")
                     .arg(path, state, QStringLiteral("up, down, failed, unhealthy, draining, drained"));
        return std::nullopt;
    }
    s.backup = o.value(QStringLiteral("backup")).toBool();
    s.backupInUse = o.value(QStringLiteral("backupInUse")).toBool();
    s.weight = o.value(QStringLiteral("weight")).toInt(1);
    s.configWeight = o.value(QStringLiteral("configWeight")).toInt(1);
    s.steered = o.value(QStringLiteral("steered")).toBool();
    s.activeConnections = counterFrom(o, "activeConnections");
    s.selectedTotal = counterFrom(o, "selectedTotal");
    s.connectFailures = counterFrom(o, "connectFailures");
    s.bytesSent = counterFrom(o, "bytesSent");
    s.bytesReceived = counterFrom(o, "bytesReceived");
    s.fails = o.value(QStringLiteral("fails")).toInt();
    s.failing = o.value(QStringLiteral("failing")).toBool();
    s.unavailable = counterFrom(o, "unavailable");
    s.failedForMs = o.value(QStringLiteral("failedForMs")).toInteger();
    s.lastCheck = o.value(QStringLiteral("lastCheck")).toString();
    s.lastError = o.value(QStringLiteral("lastError")).toString();
    s.lastErrorTime = timeFrom(o.value(QStringLiteral("lastErrorTime")));
    s.connectTimeAverageMs = o.value(QStringLiteral("connectTimeAverageMs")).toDouble(-1);
    s.lastConnectTimeMs = o.value(QStringLiteral("lastConnectTimeMs")).toInteger(-1);
    s.lastSelected = timeFrom(o.value(QStringLiteral("lastSelected")));
    s.stateSince = timeFrom(o.value(QStringLiteral("stateSince")));
    s.downtimeMs = o.value(QStringLiteral("downtimeMs")).toInteger();
    s.healthChecks = counterFrom(o, "healthChecks");
    s.healthCheckFails = counterFrom(o, "healthCheckFails");
    s.healthUnhealthy = counterFrom(o, "healthUnhealthy");
    s.lastCheckPassed = o.value(QStringLiteral("lastCheckPassed")).toInt(-1);
    s.connectTimes = histogramFrom(o.value(QStringLiteral("connectTimes")).toObject());
    return s;
}

} // namespace

QJsonObject toJson(const StatsSnapshot &snapshot)
{
    QJsonArray listeners;
    for (const ListenerStats &l : snapshot.listeners)
        listeners.append(listenerJson(l));
    QJsonArray servers;
    for (const ServerStats &s : snapshot.servers)
        servers.append(serverJson(s));
    QJsonArray zones;
    for (const LimitZoneStats &z : snapshot.limitZones)
        zones.append(QJsonObject{{QStringLiteral("name"), z.name},
                                 {QStringLiteral("passed"), counter(z.passed)},
                                 {QStringLiteral("rejected"), counter(z.rejected)},
                                 {QStringLiteral("rejectedDryRun"), counter(z.rejectedDryRun)}});
    return QJsonObject{{QStringLiteral("version"), version},
                       {QStringLiteral("time"), timeText(snapshot.time)},
                       {QStringLiteral("monotonicMs"), snapshot.monotonicMs},
                       {QStringLiteral("listeners"), listeners},
                       {QStringLiteral("servers"), servers},
                       {QStringLiteral("limitZones"), zones}};
}

std::optional<StatsSnapshot> fromJson(const QJsonObject &object, QString *error)
{
    const int documentVersion = object.value(QStringLiteral("version")).toInt(0);
    if (documentVersion < 1 || documentVersion > version) {
        *error = QStringLiteral("version: %1 is not a stats document this Portier reads (it reads version %2); update the older side")
                     .arg(object.value(QStringLiteral("version")).toVariant().toString())
                     .arg(version);
        return std::nullopt;
    }
    if (!object.value(QStringLiteral("listeners")).isArray() || !object.value(QStringLiteral("servers")).isArray()) {
        *error = QStringLiteral("listeners, servers: a stats document has both as arrays");
        return std::nullopt;
    }
    StatsSnapshot snapshot;
    snapshot.time = timeFrom(object.value(QStringLiteral("time")));
    snapshot.monotonicMs = object.value(QStringLiteral("monotonicMs")).toInteger();
    for (const QJsonValue &value : object.value(QStringLiteral("listeners")).toArray())
        snapshot.listeners << listenerFrom(value.toObject());
    const QJsonArray servers = object.value(QStringLiteral("servers")).toArray();
    for (qsizetype i = 0; i < servers.size(); ++i) {
        const std::optional<ServerStats> server = serverFrom(servers.at(i).toObject(), QStringLiteral("servers[%1]").arg(i), error);
        if (!server)
            return std::nullopt;
        snapshot.servers << *server;
    }
    for (const QJsonValue &value : object.value(QStringLiteral("limitZones")).toArray()) {
        const QJsonObject z = value.toObject();
        snapshot.limitZones.append({z.value(QStringLiteral("name")).toString(), counterFrom(z, "passed"), counterFrom(z, "rejected"),
                                    counterFrom(z, "rejectedDryRun")});
    }
    return snapshot;
}

} // namespace StatsJson
