#include "sessionjson.h"

namespace SessionJson {

namespace {

const SessionEnd allEnds[] = {SessionEnd::ClientClosed, SessionEnd::UpstreamClosed, SessionEnd::Completed, SessionEnd::Timeout,
                              SessionEnd::ClosedByOperator, SessionEnd::Error, SessionEnd::Stopped};

SessionEnd endOf(const QString &key)
{
    for (const SessionEnd end : allEnds) {
        if (SessionEnds::key(end) == key)
            return end;
    }
    return SessionEnd::Error;
}

qint64 integer(const QJsonObject &object, const char *name, qint64 fallback = 0)
{
    const QJsonValue value = object.value(QLatin1String(name));
    return value.isDouble() ? value.toInteger() : fallback;
}

} // namespace

QJsonObject toJson(const SessionInfo &s, qint64 nowMs)
{
    return QJsonObject{{QStringLiteral("id"), qint64(s.number)},
                       {QStringLiteral("worker"), s.worker},
                       {QStringLiteral("protocol"), s.protocol},
                       {QStringLiteral("client"), s.client},
                       {QStringLiteral("listener"), s.listener},
                       {QStringLiteral("group"), s.group},
                       {QStringLiteral("server"), s.server},
                       {QStringLiteral("state"), s.state},
                       {QStringLiteral("tls_protocol"), s.tlsProtocol},
                       {QStringLiteral("server_name"), s.serverName},
                       {QStringLiteral("bytes_from_client"), qint64(s.bytesFromClient)},
                       {QStringLiteral("bytes_to_client"), qint64(s.bytesToClient)},
                       {QStringLiteral("bytes_from_upstream"), qint64(s.bytesFromUpstream)},
                       {QStringLiteral("bytes_to_upstream"), qint64(s.bytesToUpstream)},
                       {QStringLiteral("upload_rate"), s.uploadRate},
                       {QStringLiteral("download_rate"), s.downloadRate},
                       {QStringLiteral("started"), s.started.toUTC().toString(Qt::ISODateWithMs)},
                       {QStringLiteral("age_ms"), s.ageMs(nowMs)},
                       {QStringLiteral("idle_ms"), s.idleMs(nowMs)},
                       {QStringLiteral("started_monotonic_ms"), s.startedMs},
                       {QStringLiteral("last_activity_monotonic_ms"), s.lastActivityMs}};
}

QJsonObject closedToJson(const ClosedSession &c)
{
    QJsonObject object = toJson(c.session, c.endedMs);
    for (const char *live : {"age_ms", "idle_ms", "upload_rate", "download_rate"})
        object.remove(QLatin1String(live));
    object.insert(QStringLiteral("end"), SessionEnds::key(c.end));
    object.insert(QStringLiteral("detail"), c.detail);
    object.insert(QStringLiteral("ended"), c.ended.toUTC().toString(Qt::ISODateWithMs));
    object.insert(QStringLiteral("duration_ms"), c.endedMs - c.session.startedMs);
    object.insert(QStringLiteral("ended_monotonic_ms"), c.endedMs);
    return object;
}

SessionInfo fromJson(const QJsonObject &o, qint64 nowMs)
{
    SessionInfo s;
    s.number = quint64(integer(o, "id"));
    s.worker = int(integer(o, "worker"));
    s.protocol = o.value(QStringLiteral("protocol")).toString();
    s.client = o.value(QStringLiteral("client")).toString();
    s.listener = o.value(QStringLiteral("listener")).toString();
    s.group = o.value(QStringLiteral("group")).toString();
    s.server = o.value(QStringLiteral("server")).toString();
    s.state = o.value(QStringLiteral("state")).toString();
    s.tlsProtocol = o.value(QStringLiteral("tls_protocol")).toString();
    s.serverName = o.value(QStringLiteral("server_name")).toString();
    s.bytesFromClient = quint64(integer(o, "bytes_from_client"));
    s.bytesToClient = quint64(integer(o, "bytes_to_client"));
    s.bytesFromUpstream = quint64(integer(o, "bytes_from_upstream"));
    s.bytesToUpstream = quint64(integer(o, "bytes_to_upstream"));
    s.uploadRate = o.value(QStringLiteral("upload_rate")).toDouble();
    s.downloadRate = o.value(QStringLiteral("download_rate")).toDouble();
    s.started = QDateTime::fromString(o.value(QStringLiteral("started")).toString(), Qt::ISODateWithMs);
    s.startedMs = integer(o, "started_monotonic_ms", nowMs - integer(o, "age_ms"));
    s.lastActivityMs = integer(o, "last_activity_monotonic_ms", nowMs - integer(o, "idle_ms"));
    return s;
}

ClosedSession closedFromJson(const QJsonObject &o)
{
    ClosedSession c;
    c.session = fromJson(o, 0);
    c.end = endOf(o.value(QStringLiteral("end")).toString());
    c.detail = o.value(QStringLiteral("detail")).toString();
    c.ended = QDateTime::fromString(o.value(QStringLiteral("ended")).toString(), Qt::ISODateWithMs);
    c.endedMs = integer(o, "ended_monotonic_ms", c.session.startedMs + integer(o, "duration_ms"));
    return c;
}

} // namespace SessionJson
