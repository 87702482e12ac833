#include "nginxplusapi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

namespace NginxPlusApi {

namespace {

QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

// nginx Plus names a stream server zone by its status_zone; Portier's listeners have no
// zone names, so the zone is the listen address, with "/udp" for a UDP one.
QString zoneName(const ListenerStats &listener)
{
    return listener.protocol == u"udp" ? listener.listen + QStringLiteral("/udp") : listener.listen;
}

QJsonObject serverZone(const ListenerStats &l)
{
    // sessions by nginx's $status: 4xx = 403 (access rules), 5xx = 502/503 (no live
    // upstream, limit_conn, a full worker); 2xx = the rest of the finished ones.
    const quint64 failed5xx = l.noLiveUpstreams + l.limited + l.refusedFull;
    const quint64 finished = l.acceptedConnections > l.activeConnections ? l.acceptedConnections - l.activeConnections : 0;
    const quint64 refused = l.denied + failed5xx;
    const QJsonObject sessions{{QStringLiteral("2xx"), qint64(finished > refused ? finished - refused : 0)},
                               {QStringLiteral("4xx"), qint64(l.denied)},
                               {QStringLiteral("5xx"), qint64(failed5xx)},
                               {QStringLiteral("total"), qint64(finished)}};
    QJsonObject zone{{QStringLiteral("processing"), qint64(l.activeConnections)},
                     {QStringLiteral("connections"), qint64(l.acceptedConnections)},
                     {QStringLiteral("sessions"), sessions},
                     {QStringLiteral("discarded"), 0},
                     {QStringLiteral("received"), qint64(l.bytesFromClients)},
                     {QStringLiteral("sent"), qint64(l.bytesToClients)}};
    if (l.tlsHandshakes + l.tlsHandshakeFailures > 0) {
        zone.insert(QStringLiteral("ssl"), QJsonObject{{QStringLiteral("handshakes"), qint64(l.tlsHandshakes)},
                                                       {QStringLiteral("handshakes_failed"), qint64(l.tlsHandshakeFailures)},
                                                       {QStringLiteral("session_reuses"), qint64(l.tlsSessionsReused)}});
    }
    return zone;
}

const ServerConfig *serverConfig(const Config &config, const ServerStats &server)
{
    const UpstreamConfig *group = config.findUpstream(server.upstream);
    if (!group || server.index < 0 || server.index >= group->servers.size())
        return nullptr;
    return &group->servers.at(server.index);
}

// nginx Plus's figures of the active checks; last_passed only once a check has run.
QJsonObject healthChecks(const ServerStats &s)
{
    QJsonObject checks{{QStringLiteral("checks"), qint64(s.healthChecks)},
                       {QStringLiteral("fails"), qint64(s.healthCheckFails)},
                       {QStringLiteral("unhealthy"), qint64(s.healthUnhealthy)}};
    if (s.lastCheckPassed >= 0)
        checks.insert(QStringLiteral("last_passed"), s.lastCheckPassed > 0);
    return checks;
}

QJsonObject peer(const ServerStats &s, const Config &config)
{
    const ServerConfig *settings = serverConfig(config, s);
    QJsonObject object{{QStringLiteral("id"), s.index},
                       {QStringLiteral("server"), s.address},
                       {QStringLiteral("name"), s.address},
                       {QStringLiteral("backup"), s.backup},
                       {QStringLiteral("weight"), s.weight},
                       {QStringLiteral("state"), peerState(s)},
                       {QStringLiteral("active"), qint64(s.activeConnections)},
                       {QStringLiteral("max_conns"), settings ? settings->maxConns : 0},
                       {QStringLiteral("connections"), qint64(s.selectedTotal)},
                       {QStringLiteral("sent"), qint64(s.bytesSent)},
                       {QStringLiteral("received"), qint64(s.bytesReceived)},
                       {QStringLiteral("fails"), qint64(s.connectFailures)},
                       {QStringLiteral("unavail"), qint64(s.unavailable)},
                       {QStringLiteral("health_checks"), healthChecks(s)},
                       {QStringLiteral("downtime"), s.downtimeMs}};
    if (s.lastSelected.isValid())
        object.insert(QStringLiteral("selected"), isoTime(s.lastSelected));
    if (s.state != ServerStats::State::Up && s.stateSince.isValid())
        object.insert(QStringLiteral("downstart"), isoTime(s.stateSince));
    // nginx Plus gives connect_time and the others only once there is a figure (ms, integer).
    if (s.connectTimeAverageMs >= 0)
        object.insert(QStringLiteral("connect_time"), qint64(s.connectTimeAverageMs + 0.5));
    return object;
}

QJsonObject upstream(const QString &name, const StatsSnapshot &stats, const Config &config)
{
    QJsonArray peers;
    for (const ServerStats &server : stats.servers) {
        if (server.upstream == name)
            peers.append(peer(server, config));
    }
    return QJsonObject{{QStringLiteral("peers"), peers}, {QStringLiteral("zombies"), 0}, {QStringLiteral("zone"), name}};
}

// The settings nginx Plus lists for a server; weight and down as they run now (a PATCH
// changes them until the config says otherwise).
QJsonObject serverSettings(const ServerConfig &server, int id, const StatsSnapshot &stats, const QString &group)
{
    int weight = server.weight;
    bool down = server.down;
    bool drain = false;
    for (const ServerStats &s : stats.servers) {
        if (s.upstream == group && s.index == id) {
            weight = s.weight;
            down = s.state == ServerStats::State::Down;
            drain = s.state == ServerStats::State::Draining || s.state == ServerStats::State::Drained;
        }
    }
    QJsonObject object{{QStringLiteral("id"), id},
                       {QStringLiteral("server"), server.address},
                       {QStringLiteral("weight"), weight},
                       {QStringLiteral("max_conns"), server.maxConns},
                       {QStringLiteral("max_fails"), server.maxFails},
                       {QStringLiteral("fail_timeout"), QStringLiteral("%1s").arg(server.failTimeoutMs / 1000)},
                       {QStringLiteral("slow_start"), QStringLiteral("0s")},
                       {QStringLiteral("backup"), server.backup},
                       {QStringLiteral("down"), down}};
    if (drain)
        object.insert(QStringLiteral("drain"), true);
    return object;
}

QJsonValue streamPath(const QStringList &parts, const StatsSnapshot &stats, const Config &config)
{
    if (parts.isEmpty())
        return QJsonArray{QStringLiteral("server_zones"), QStringLiteral("upstreams"), QStringLiteral("keyvals"), QStringLiteral("limit_conns")};
    const QString &section = parts.at(0);
    if (section == u"server_zones" && parts.size() <= 2) {
        QJsonObject zones;
        for (const ListenerStats &listener : stats.listeners)
            zones.insert(zoneName(listener), serverZone(listener));
        return parts.size() == 1 ? QJsonValue(zones) : zones.value(parts.at(1));
    }
    if (section == u"upstreams") {
        if (parts.size() == 1) {
            QJsonObject all;
            for (const UpstreamConfig &group : config.upstreams)
                all.insert(group.name, upstream(group.name, stats, config));
            return all;
        }
        const UpstreamConfig *group = config.findUpstream(parts.at(1));
        if (!group)
            return QJsonValue(QJsonValue::Undefined);
        if (parts.size() == 2)
            return upstream(group->name, stats, config);
        if (parts.at(2) != u"servers" || parts.size() > 4)
            return QJsonValue(QJsonValue::Undefined);
        if (parts.size() == 3) {
            QJsonArray servers;
            for (int i = 0; i < group->servers.size(); ++i)
                servers.append(serverSettings(group->servers.at(i), i, stats, group->name));
            return servers;
        }
        bool ok = false;
        const int id = parts.at(3).toInt(&ok);
        if (!ok || id < 0 || id >= group->servers.size())
            return QJsonValue(QJsonValue::Undefined);
        return serverSettings(group->servers.at(id), id, stats, group->name);
    }
    if (section == u"limit_conns" && parts.size() <= 2) {
        QJsonObject zones;
        for (const LimitZoneStats &zone : stats.limitZones)
            zones.insert(zone.name, QJsonObject{{QStringLiteral("passed"), qint64(zone.passed)},
                                                {QStringLiteral("rejected"), qint64(zone.rejected)},
                                                {QStringLiteral("rejected_dry_run"), qint64(zone.rejectedDryRun)}});
        return parts.size() == 1 ? QJsonValue(zones) : zones.value(parts.at(1));
    }
    if (section == u"keyvals" && parts.size() == 1)
        return QJsonObject(); // Portier has no key-value zones
    return QJsonValue(QJsonValue::Undefined);
}

} // namespace

QString peerState(const ServerStats &server)
{
    return ServerStats::nginxState(server.state);
}

QJsonValue read(const QString &path, const StatsSnapshot &stats, const Config &config, const Facts &facts)
{
    const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    if (parts.isEmpty())
        return QJsonArray{QStringLiteral("nginx"), QStringLiteral("processes"), QStringLiteral("connections"), QStringLiteral("slabs"),
                          QStringLiteral("http"), QStringLiteral("stream"), QStringLiteral("resolvers"), QStringLiteral("ssl")};
    const QString &top = parts.at(0);
    if (parts.size() == 1) {
        if (top == u"nginx") {
            return QJsonObject{{QStringLiteral("version"), facts.version},
                               {QStringLiteral("build"), QStringLiteral("portier")},
                               {QStringLiteral("address"), QStringLiteral("127.0.0.1")},
                               {QStringLiteral("generation"), qint64(facts.generation)},
                               {QStringLiteral("load_timestamp"), isoTime(facts.loadTime)},
                               {QStringLiteral("timestamp"), isoTime(QDateTime::currentDateTimeUtc())},
                               {QStringLiteral("pid"), facts.pid},
                               {QStringLiteral("ppid"), facts.pid}};
        }
        if (top == u"processes")
            return QJsonObject{{QStringLiteral("respawned"), 0}};
        if (top == u"connections") {
            quint64 accepted = 0, active = 0, dropped = 0;
            for (const ListenerStats &l : stats.listeners) {
                if (l.protocol == u"udp")
                    continue; // nginx counts client TCP connections here
                accepted += l.acceptedConnections;
                active += l.activeConnections;
                dropped += l.refusedFull;
            }
            return QJsonObject{{QStringLiteral("accepted"), qint64(accepted)}, {QStringLiteral("dropped"), qint64(dropped)},
                               {QStringLiteral("active"), qint64(active)}, {QStringLiteral("idle"), 0}};
        }
        if (top == u"ssl") {
            quint64 handshakes = 0, failed = 0, reused = 0;
            for (const ListenerStats &l : stats.listeners) {
                handshakes += l.tlsHandshakes;
                failed += l.tlsHandshakeFailures;
                reused += l.tlsSessionsReused;
            }
            return QJsonObject{{QStringLiteral("handshakes"), qint64(handshakes)},
                               {QStringLiteral("handshakes_failed"), qint64(failed)},
                               {QStringLiteral("session_reuses"), qint64(reused)}};
        }
        if (top == u"slabs" || top == u"resolvers")
            return QJsonObject();
        if (top == u"http")
            return QJsonArray{QStringLiteral("requests"), QStringLiteral("server_zones"), QStringLiteral("location_zones"),
                              QStringLiteral("upstreams"), QStringLiteral("caches"), QStringLiteral("limit_conns"), QStringLiteral("limit_reqs")};
    }
    if (top == u"http" && parts.size() == 2) {
        // Portier proxies streams only: the HTTP sections exist and are empty.
        if (parts.at(1) == u"requests")
            return QJsonObject{{QStringLiteral("total"), 0}, {QStringLiteral("current"), 0}};
        static const QStringList empty{QStringLiteral("server_zones"), QStringLiteral("location_zones"), QStringLiteral("upstreams"),
                                       QStringLiteral("caches"), QStringLiteral("limit_conns"), QStringLiteral("limit_reqs"), QStringLiteral("keyvals")};
        if (empty.contains(parts.at(1)))
            return QJsonObject();
    }
    if (top == u"stream")
        return streamPath(parts.mid(1), stats, config);
    return QJsonValue(QJsonValue::Undefined);
}

HttpResponse json(const QJsonValue &value, int status)
{
    HttpResponse response;
    response.status = status;
    if (value.isObject())
        response.body = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    else if (value.isArray())
        response.body = QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    else // a bare value: QJsonDocument holds only objects and arrays
        response.body = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).chopped(1).mid(1);
    return response;
}

HttpResponse error(int status, const QString &text, const QByteArray &code)
{
    const QJsonObject body{{QStringLiteral("error"), QJsonObject{{QStringLiteral("status"), status},
                                                                {QStringLiteral("text"), text},
                                                                {QStringLiteral("code"), QString::fromLatin1(code)}}},
                           {QStringLiteral("request_id"), QString::number(QRandomGenerator::global()->generate64(), 16)},
                           {QStringLiteral("href"), QStringLiteral("https://nginx.org/en/docs/http/ngx_http_api_module.html")}};
    return json(body, status);
}

} // namespace NginxPlusApi
