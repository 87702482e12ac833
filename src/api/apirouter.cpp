#include "apirouter.h"

#include "configjson.h"
#include "configvalidator.h"
#include "peerchange.h"
#include "platform/processusage.h"
#include "prometheusmetrics.h"
#include "statsjson.h"
#include "sessionsapi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace ApiRouter {

namespace {

using NginxPlusApi::error;
using NginxPlusApi::json;

QJsonArray issuesJson(const ConfigIssues &issues)
{
    QJsonArray list;
    for (const ConfigIssue &issue : issues)
        list.append(QJsonObject{{QStringLiteral("path"), issue.path}, {QStringLiteral("message"), issue.message}});
    return list;
}

HttpResponse metrics(ApiBackend &backend)
{
    const ProcessUsage::Figures usage = ProcessUsage::read();
    PrometheusMetrics::Process process;
    process.startTimeSeconds = usage.startTimeSeconds;
    process.cpuSeconds = usage.cpuSeconds;
    process.residentBytes = usage.residentBytes;
    process.openDescriptors = usage.openDescriptors;
    HttpResponse response;
    response.contentType = PrometheusMetrics::contentType;
    response.body = PrometheusMetrics::render(backend.stats(), backend.workers(), backend.facts().version, process, backend.workerStats());
    return response;
}

HttpResponse changePeer(const HttpRequest &request, const QStringList &parts, ApiBackend &backend);

HttpResponse nginxPlus(const HttpRequest &request, const QString &rest, ApiBackend &backend)
{
    // rest: "N/..." below /api/
    const qsizetype slash = rest.indexOf(u'/');
    bool ok = false;
    const int version = rest.left(slash < 0 ? rest.size() : slash).toInt(&ok);
    if (!ok || version < 1 || version > NginxPlusApi::newestVersion)
        return error(404, QStringLiteral("unknown version"), "UnknownVersion");
    const QString path = slash < 0 ? QString() : rest.mid(slash + 1);
    const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    if (request.method != "GET" && parts.size() >= 4 && parts.at(0) == u"stream" && parts.at(1) == u"upstreams" && parts.at(3) == u"servers")
        return changePeer(request, parts, backend);
    if (request.method != "GET")
        return error(405, QStringLiteral("method not supported"), "MethodNotSupported");
    const QJsonValue value = NginxPlusApi::read(path, backend.stats(), backend.config(), backend.facts());
    if (value.isUndefined())
        return error(404, QStringLiteral("path not found"), "PathNotFound");
    return json(value);
}

// PATCH /api/N/stream/upstreams/NAME/servers/ID: weight, down, drain at once (POST and
// DELETE of servers answer as nginx Plus does for an upstream without a shared zone: its
// servers are the config's).
HttpResponse changePeer(const HttpRequest &request, const QStringList &parts, ApiBackend &backend)
{
    const UpstreamConfig *group = backend.config().findUpstream(parts.at(2));
    if (!group)
        return error(404, QStringLiteral("upstream not found"), "UpstreamNotFound");
    if (request.method == "POST" || request.method == "DELETE")
        return error(400, QStringLiteral("the servers of \"%1\" come from the config; add or remove them there (PUT /portier/v1/config)").arg(group->name),
                     "UpstreamStatic");
    if (request.method != "PATCH" || parts.size() != 5)
        return error(405, QStringLiteral("method not supported"), "MethodNotSupported");
    bool ok = false;
    const int id = parts.at(4).toInt(&ok);
    if (!ok || id < 0 || id >= group->servers.size())
        return error(404, QStringLiteral("server not found"), "UpstreamServerNotFound");
    const PeerChange::Parsed parsed = PeerChange::parse(request.body, group->servers.at(id));
    if (!parsed.error.isEmpty())
        return error(400, parsed.error, parsed.errorCode);
    const QString refused = backend.setServer(group->name, id, parsed.change);
    if (!refused.isEmpty())
        return error(409, refused, "UpstreamConflict");
    return json(NginxPlusApi::read(QStringLiteral("stream/upstreams/%1/servers/%2").arg(group->name).arg(id), backend.stats(), backend.config(),
                                   backend.facts()));
}

HttpResponse listeners(ApiBackend &backend)
{
    QJsonArray list;
    for (const ListenerStats &l : backend.stats().listeners) {
        list.append(QJsonObject{{QStringLiteral("index"), l.index},
                                {QStringLiteral("listen"), l.listen},
                                {QStringLiteral("protocol"), l.protocol},
                                {QStringLiteral("enabled"), l.enabled},
                                {QStringLiteral("listening"), l.listening},
                                {QStringLiteral("error"), l.error},
                                {QStringLiteral("active"), qint64(l.activeConnections)},
                                {QStringLiteral("accepted"), qint64(l.acceptedConnections)},
                                {QStringLiteral("received"), qint64(l.bytesFromClients)},
                                {QStringLiteral("sent"), qint64(l.bytesToClients)},
                                {QStringLiteral("spliced"), qint64(l.bytesSpliced)}});
    }
    return json(list);
}

HttpResponse config(const HttpRequest &request, bool checkOnly, ApiAuth::Access access, ApiBackend &backend)
{
    if (!checkOnly && request.method == "GET")
        return json(ConfigJson::toJson(backend.config()));
    if ((checkOnly && request.method != "POST") || (!checkOnly && request.method != "PUT"))
        return error(405, checkOnly ? QStringLiteral("POST a config to check it") : QStringLiteral("GET the config, or PUT a new one"),
                     "MethodNotSupported");
    if (!checkOnly && access != ApiAuth::Access::Write)
        return error(403, QStringLiteral("this token may only read; applying a config needs a token with \"access\": \"write\""), "Forbidden");
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(request.body);
    ConfigIssues issues = loaded.issues;
    if (issues.isEmpty())
        issues = ConfigValidator::validate(loaded.config);
    if (checkOnly || !issues.isEmpty()) {
        const int status = issues.isEmpty() ? 200 : 400;
        return json(QJsonObject{{QStringLiteral("valid"), issues.isEmpty()}, {QStringLiteral("applied"), false},
                                {QStringLiteral("issues"), issuesJson(issues)}}, status);
    }
    const ConfigIssues problems = backend.applyConfig(loaded.config);
    return json(QJsonObject{{QStringLiteral("valid"), true}, {QStringLiteral("applied"), problems.isEmpty()},
                            {QStringLiteral("issues"), issuesJson(problems)}}, problems.isEmpty() ? 200 : 409);
}

HttpResponse logs(const HttpRequest &request, ApiBackend &backend)
{
    if (request.method != "GET")
        return error(405, QStringLiteral("GET the log lines"), "MethodNotSupported");
    const RecentLines *recent = backend.recentLines();
    if (!recent)
        return error(404, QStringLiteral("this instance keeps no log lines"), "PathNotFound");
    const QUrlQuery query(QString::fromUtf8(request.query));
    int count = 100;
    if (query.hasQueryItem(QStringLiteral("lines"))) {
        bool ok = false;
        count = query.queryItemValue(QStringLiteral("lines")).toInt(&ok);
        if (!ok || count < 1 || count > RecentLines::capacity)
            return error(400, QStringLiteral("lines=%1: give a number from 1 to %2").arg(query.queryItemValue(QStringLiteral("lines"))).arg(RecentLines::capacity),
                         "InvalidArgument");
    }
    ErrorLog::Level level = ErrorLog::Level::Debug;
    if (query.hasQueryItem(QStringLiteral("level"))) {
        const std::optional<ErrorLog::Level> named = ErrorLog::levelFromName(query.queryItemValue(QStringLiteral("level")));
        if (!named)
            return error(400, QStringLiteral("level=%1: give one of emerg, alert, crit, error, warn, notice, info, debug")
                                  .arg(query.queryItemValue(QStringLiteral("level"))), "InvalidArgument");
        level = *named;
    }
    quint64 connection = 0;
    if (query.hasQueryItem(QStringLiteral("connection"))) {
        bool ok = false;
        connection = query.queryItemValue(QStringLiteral("connection")).toULongLong(&ok);
        if (!ok || connection == 0)
            return error(400, QStringLiteral("connection=%1: give a connection number (the N of *N)").arg(query.queryItemValue(QStringLiteral("connection"))),
                         "InvalidArgument");
    }
    quint64 after = 0;
    if (query.hasQueryItem(QStringLiteral("after"))) {
        bool ok = false;
        after = query.queryItemValue(QStringLiteral("after")).toULongLong(&ok);
        if (!ok)
            return error(400, QStringLiteral("after=%1: give the \"serial\" of the last line you have (0: from the oldest kept)")
                                  .arg(query.queryItemValue(QStringLiteral("after"))), "InvalidArgument");
    }
    QJsonArray list;
    for (const RecentLines::Line &line : recent->lines(count, level, connection, after)) {
        QJsonObject object{{QStringLiteral("level"), ErrorLog::levelName(line.level)},
                           {QStringLiteral("text"), line.text},
                           {QStringLiteral("serial"), qint64(line.serial)}};
        if (line.connection)
            object.insert(QStringLiteral("connection"), qint64(line.connection));
        list.append(object);
    }
    // last_serial: a poller that has more than this talks to a restarted instance.
    return json(QJsonObject{{QStringLiteral("lines"), list}, {QStringLiteral("last_serial"), qint64(recent->lastSerial())}});
}

} // namespace

HttpResponse handle(const HttpRequest &request, ApiAuth::Access access, ApiBackend &backend)
{
    const QString path = QString::fromUtf8(request.path);
    if (request.method != "GET" && access != ApiAuth::Access::Write && !(path == u"/portier/v1/config/check" && request.method == "POST"))
        return error(403, QStringLiteral("this token may only read; a change needs a token with \"access\": \"write\""), "Forbidden");
    if (path == u"/api" || path == u"/api/") {
        QJsonArray versions;
        for (int v = 1; v <= NginxPlusApi::newestVersion; ++v)
            versions.append(v);
        return json(versions);
    }
    if (path.startsWith(u"/api/"))
        return nginxPlus(request, path.mid(5), backend);
    if (path == u"/metrics") {
        if (request.method != "GET")
            return error(405, QStringLiteral("GET /metrics"), "MethodNotSupported");
        return metrics(backend);
    }
    if (path == u"/portier/v1/listeners")
        return listeners(backend);
    if (path == u"/portier/v1/logs")
        return logs(request, backend);
    if (path == u"/portier/v1/stats") // the desktop program's dashboard of a remote portierd, in one request
        return request.method == "GET" ? json(StatsJson::toJson(backend.stats()))
                                       : error(405, QStringLiteral("GET /portier/v1/stats"), "MethodNotSupported");
    if (path == u"/portier/v1/sessions" || path.startsWith(u"/portier/v1/sessions/"))
        return SessionsApi::handle(request, path.mid(20), backend);
    if (path == u"/portier/v1/config" || path == u"/portier/v1/config/check")
        return config(request, path.endsWith(u"/check"), access, backend);
    return error(404, QStringLiteral("path not found; the API serves /api/, /metrics and /portier/v1/"), "PathNotFound");
}

} // namespace ApiRouter
