// RemoteController's live sessions and log lines: what the Connections page and the Log dock
// show of a remote portierd. The API has no push, so each poll (RemoteController::refresh, at
// the stats interval) reads the whole list and this side works out the batch the local engine
// would have sent (added, changed, removed, closed), so ConnectionsModel applies a remote's
// sessions exactly as it applies this computer's. Apart from remotecontroller.cpp so that one
// stays about the dashboard, the config and steering.
#include "remotecontroller.h"

#include <sessionjson.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>
#include <algorithm>
#include <memory>

namespace {
// DELETE ?id=N&id=M...: the API reads 16 KiB of request head, and "id=18446744073709551615&" is 24
// bytes, so 500 numbers a request stay well inside it.
constexpr int closeNumbersPerRequest = 500;

bool changed(const SessionInfo &a, const SessionInfo &b)
{
    return a.bytesFromClient != b.bytesFromClient || a.bytesToClient != b.bytesToClient || a.bytesFromUpstream != b.bytesFromUpstream
           || a.bytesToUpstream != b.bytesToUpstream || a.lastActivityMs != b.lastActivityMs || a.state != b.state || a.server != b.server
           || a.group != b.group || a.uploadRate != b.uploadRate || a.downloadRate != b.downloadRate;
}

int statusOf(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}
} // namespace

void RemoteController::watchSessions(bool watch)
{
    if (watch == m_watchingSessions)
        return;
    m_watchingSessions = watch;
    // Unwatched, the view keeps its rows but hears nothing (or was cleared for another
    // instance): the next batch names every session and every closed one again.
    m_sessionsResync = true;
    m_closedSeen.clear();
    if (watch && m_timer.isActive())
        pollFeeds();
}

void RemoteController::watchLog(bool watch)
{
    if (watch == m_watchingLog)
        return;
    m_watchingLog = watch;
    m_logAfter = 0; // a new watcher (a cleared dock) gets the lines the remote keeps
    if (watch && m_timer.isActive())
        pollFeeds();
}

void RemoteController::forgetFeeds()
{
    m_sessions.clear();
    m_closedSeen.clear();
    m_sessionsResync = true;
}

void RemoteController::pollFeeds()
{
    if (m_watchingSessions) {
        pollFeed(&m_sessionsInFlight, QStringLiteral("/portier/v1/sessions"), &RemoteController::readSessions);
        pollFeed(&m_closedInFlight, QStringLiteral("/portier/v1/sessions/closed"), &RemoteController::readClosedSessions);
    }
    // lines=1000: everything the remote keeps after the last line received.
    if (m_watchingLog)
        pollFeed(&m_logInFlight, QStringLiteral("/portier/v1/logs?lines=1000&after=%1").arg(m_logAfter), &RemoteController::readLog);
}

// One GET of a feed, unless the previous one is still on its way (a slow remote is not asked
// again and again); read takes the reply.
void RemoteController::pollFeed(bool *inFlight, const QString &path, void (RemoteController::*read)(QNetworkReply *))
{
    if (*inFlight)
        return;
    *inFlight = true;
    QNetworkReply *reply = send("GET", path);
    connect(reply, &QNetworkReply::finished, this, [this, reply, inFlight, read] {
        *inFlight = false;
        (this->*read)(reply);
    });
}

// A failed poll says nothing here: the stats poll beside it sets the link and its words.
void RemoteController::readSessions(QNetworkReply *reply)
{
    reply->deleteLater();
    if (!m_watchingSessions || statusOf(reply) != 200)
        return;
    const QJsonArray list = QJsonDocument::fromJson(reply->readAll()).array();
    SessionBatch batch;
    batch.monotonicMs = m_lastSnapshot.monotonicMs;
    QHash<quint64, SessionInfo> now;
    now.reserve(list.size());
    for (const QJsonValue &value : list) {
        const SessionInfo session = SessionJson::fromJson(value.toObject(), batch.monotonicMs);
        if (session.number == 0)
            continue;
        const auto known = m_sessions.constFind(session.number);
        if (m_sessionsResync || known == m_sessions.cend())
            batch.added << session; // a row the view already has is updated in place
        else if (changed(*known, session))
            batch.updated << session;
        now.insert(session.number, session);
    }
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it) {
        if (!now.contains(it.key()))
            batch.removed << it.key();
    }
    m_sessions = std::move(now);
    m_sessionsResync = false;
    if (!batch.added.isEmpty() || !batch.updated.isEmpty() || !batch.removed.isEmpty())
        emit sessionsChanged(batch);
}

void RemoteController::readClosedSessions(QNetworkReply *reply)
{
    reply->deleteLater();
    if (!m_watchingSessions || statusOf(reply) != 200)
        return;
    SessionBatch batch;
    batch.monotonicMs = m_lastSnapshot.monotonicMs;
    QSet<quint64> seen;
    for (const QJsonValue &value : QJsonDocument::fromJson(reply->readAll()).array()) {
        const ClosedSession closed = SessionJson::closedFromJson(value.toObject());
        seen.insert(closed.session.number);
        if (!m_closedSeen.contains(closed.session.number))
            batch.closed << closed;
    }
    m_closedSeen = std::move(seen); // the remote keeps a bounded list: so does this
    if (!batch.closed.isEmpty()) {
        // Each worker's list is oldest first; together, ordered by when they ended.
        std::stable_sort(batch.closed.begin(), batch.closed.end(),
                         [](const ClosedSession &a, const ClosedSession &b) { return a.endedMs < b.endedMs; });
        emit sessionsChanged(batch);
    }
}

void RemoteController::readLog(QNetworkReply *reply)
{
    reply->deleteLater();
    if (!m_watchingLog || statusOf(reply) != 200)
        return;
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    const quint64 last = quint64(answer.value(QStringLiteral("last_serial")).toInteger());
    if (last < m_logAfter) {
        m_logAfter = 0; // the remote restarted: its lines count from 1 again
        return;
    }
    QList<LogEntry> lines;
    for (const QJsonValue &value : answer.value(QStringLiteral("lines")).toArray()) {
        const QJsonObject line = value.toObject();
        const ErrorLog::Level level = ErrorLog::levelFromName(line.value(QStringLiteral("level")).toString()).value_or(ErrorLog::Level::Notice);
        lines << LogEntry::fromLine(level, quint64(line.value(QStringLiteral("connection")).toInteger()),
                                    line.value(QStringLiteral("text")).toString());
        m_logAfter = qMax(m_logAfter, quint64(line.value(QStringLiteral("serial")).toInteger()));
    }
    if (!lines.isEmpty())
        emit logLinesArrived(lines, 0);
}

void RemoteController::closeSessions(const QList<quint64> &numbers)
{
    if (numbers.isEmpty() || m_state != State::Running) {
        emit sessionsClosed(0);
        return;
    }
    struct Tally
    {
        int waiting = 0;
        int closed = 0;
    };
    auto tally = std::make_shared<Tally>();
    for (qsizetype first = 0; first < numbers.size(); first += closeNumbersPerRequest) {
        QUrlQuery query;
        for (const quint64 number : numbers.mid(first, closeNumbersPerRequest))
            query.addQueryItem(QStringLiteral("id"), QString::number(number));
        ++tally->waiting;
        QNetworkReply *reply = send("DELETE", QStringLiteral("/portier/v1/sessions?") + query.toString(QUrl::FullyEncoded));
        connect(reply, &QNetworkReply::finished, this, [this, reply, tally] {
            reply->deleteLater();
            if (statusOf(reply) == 200)
                tally->closed += QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("closed")).toInt();
            if (--tally->waiting > 0)
                return;
            emit sessionsClosed(tally->closed);
            refresh(); // the closed rows leave the table now, not at the next poll
        });
    }
}
