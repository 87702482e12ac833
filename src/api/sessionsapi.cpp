#include "sessionsapi.h"

#include "nginxplusapi.h"
#include "sessionjson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>
#include <chrono>

namespace SessionsApi {

namespace {

using NginxPlusApi::error;
using NginxPlusApi::json;

qint64 monotonicMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// The query's filters; an unknown parameter or a bad id is an error in words.
SessionFilter filterOf(const QByteArray &query, bool *all, QString *problem)
{
    SessionFilter filter;
    *all = false;
    const QUrlQuery items(QString::fromUtf8(query));
    for (const auto &[name, encoded] : items.queryItems(QUrl::FullyDecoded)) {
        const QString value = encoded.trimmed();
        if (name == u"listener") {
            filter.listener = value;
        } else if (name == u"server") {
            filter.server = value;
        } else if (name == u"client") {
            filter.client = value;
        } else if (name == u"protocol") {
            if (value != u"tcp" && value != u"udp") {
                *problem = QStringLiteral("protocol \"%1\" is not one; write tcp or udp").arg(value);
                return filter;
            }
            filter.protocol = value;
        } else if (name == u"id") {
            bool ok = false;
            const quint64 number = value.toULongLong(&ok);
            if (!ok || number == 0) {
                *problem = QStringLiteral("id \"%1\" is not a session number; write the N of the log's *N").arg(value);
                return filter;
            }
            filter.numbers.insert(number);
        } else if (name == u"all") {
            *all = value == u"true" || value == u"1";
        } else {
            *problem = QStringLiteral("unknown parameter \"%1\"; the filters are listener, server, client, protocol and id").arg(name);
            return filter;
        }
    }
    return filter;
}

HttpResponse list(const SessionFilter &filter, ApiBackend &backend)
{
    const QList<SessionInfo> sessions = backend.sessions(filter);
    const qint64 now = monotonicMs();
    QJsonArray array;
    for (const SessionInfo &session : sessions)
        array.append(SessionJson::toJson(session, now));
    return json(array);
}

QString whoOf(const HttpRequest &request)
{
    return request.peer.isEmpty() ? QStringLiteral("through the API") : QStringLiteral("through the API from %1").arg(request.peer);
}

HttpResponse one(const HttpRequest &request, const QString &id, ApiBackend &backend)
{
    bool ok = false;
    const quint64 number = id.toULongLong(&ok);
    if (!ok || number == 0)
        return error(404, QStringLiteral("\"%1\" is not a session number; write the N of the log's *N").arg(id), "SessionNotFound");
    SessionFilter filter;
    filter.numbers.insert(number);
    if (request.method == "GET") {
        const QList<SessionInfo> found = backend.sessions(filter);
        if (found.isEmpty())
            return error(404, QStringLiteral("no live session %1 (it may have closed: GET /portier/v1/sessions/closed)").arg(number), "SessionNotFound");
        return json(SessionJson::toJson(found.constFirst(), monotonicMs()));
    }
    if (request.method != "DELETE")
        return error(405, QStringLiteral("GET a session, or DELETE it to close it"), "MethodNotSupported");
    if (backend.closeSessions(filter, whoOf(request)) == 0)
        return error(404, QStringLiteral("no live session %1 (it may have closed: GET /portier/v1/sessions/closed)").arg(number), "SessionNotFound");
    return json(QJsonObject{{QStringLiteral("closed"), 1}});
}

} // namespace

HttpResponse handle(const HttpRequest &request, const QString &rest, ApiBackend &backend)
{
    if (rest == u"/closed") {
        if (request.method != "GET")
            return error(405, QStringLiteral("GET /portier/v1/sessions/closed"), "MethodNotSupported");
        QJsonArray array;
        for (const ClosedSession &closed : backend.closedSessions())
            array.append(SessionJson::closedToJson(closed));
        return json(array);
    }
    if (!rest.isEmpty() && rest != u"/")
        return one(request, rest.mid(1), backend);
    bool all = false;
    QString problem;
    const SessionFilter filter = filterOf(request.query, &all, &problem);
    if (!problem.isEmpty())
        return error(400, problem, "BadFilter");
    if (request.method == "GET")
        return list(filter, backend);
    if (request.method != "DELETE")
        return error(405, QStringLiteral("GET the sessions, or DELETE them with a filter to close them"), "MethodNotSupported");
    if (filter.isEmpty() && !all)
        return error(400, QStringLiteral("closing needs a filter (listener, server, client, protocol, id), or ?all=true to close every session"),
                     "FilterRequired");
    return json(QJsonObject{{QStringLiteral("closed"), backend.closeSessions(filter, whoOf(request))}});
}

} // namespace SessionsApi
