#include "sessionregistry.h"

#include <QDateTime>

namespace {

SessionInfo toInfo(const SessionFacts &facts, int worker, qint64 nowMs, const QDateTime &wallNow)
{
    SessionInfo info;
    info.number = facts.number;
    info.worker = worker;
    info.protocol = facts.udp ? QStringLiteral("udp") : QStringLiteral("tcp");
    info.client = facts.client.toString();
    info.listener = facts.listener;
    info.group = facts.group;
    info.server = facts.server;
    info.state = QString::fromLatin1(facts.state);
    info.tlsProtocol = facts.tlsProtocol;
    info.serverName = facts.serverName;
    info.bytesFromClient = facts.bytesFromClient;
    info.bytesToClient = facts.bytesToClient;
    info.bytesFromUpstream = facts.bytesFromUpstream;
    info.bytesToUpstream = facts.bytesToUpstream;
    info.startedMs = facts.startedMs;
    info.lastActivityMs = facts.lastActivityMs;
    info.started = wallNow.addMSecs(facts.startedMs - nowMs);
    return info;
}

quint64 totalBytes(const SessionFacts &facts)
{
    return facts.bytesFromClient + facts.bytesToClient + facts.bytesFromUpstream + facts.bytesToUpstream;
}

} // namespace

void SessionRegistry::add(LiveSession *session, quint64 number, qint64 nowMs)
{
    Entry entry;
    entry.session = session;
    entry.number = number;
    entry.baseMs = nowMs;
    session->registryIndex = int(m_entries.size());
    m_entries.push_back(std::move(entry));
    if (m_watched)
        m_reports.emplace_back();
    m_counters.sessions.fetch_add(1, std::memory_order_relaxed);
    m_counters.activeSessions.fetch_add(1, std::memory_order_relaxed);
}

void SessionRegistry::count(const SessionFacts &facts, SessionEnd end)
{
    constexpr auto relaxed = std::memory_order_relaxed;
    m_counters.activeSessions.fetch_sub(1, relaxed);
    m_counters.bytesFromClients.fetch_add(facts.bytesFromClient, relaxed);
    m_counters.bytesToClients.fetch_add(facts.bytesToClient, relaxed);
    m_counters.bytesFromUpstreams.fetch_add(facts.bytesFromUpstream, relaxed);
    m_counters.bytesToUpstreams.fetch_add(facts.bytesToUpstream, relaxed);
    if (end == SessionEnd::Error)
        m_counters.failures.fetch_add(1, relaxed);
    else if (end == SessionEnd::Timeout)
        m_counters.timeouts.fetch_add(1, relaxed);
}

void SessionRegistry::remove(LiveSession *session, SessionEnd end, const QString &detail, qint64 nowMs)
{
    const int index = session->registryIndex;
    if (index < 0 || index >= int(m_entries.size()) || m_entries[size_t(index)].session != session)
        return;
    Entry &entry = m_entries[size_t(index)];
    if (m_watched && m_reports[size_t(index)].reported)
        m_removed.push_back(entry.number);
    Closed &closed = m_closed[size_t(m_closedNext)];
    session->describe(&closed.facts);
    closed.end = end;
    closed.detail = detail;
    closed.endedMs = nowMs;
    count(closed.facts, end);
    m_closedNext = (m_closedNext + 1) % closedCapacity;
    m_closedCount = qMin(m_closedCount + 1, closedCapacity);
    m_closedSinceBatch = qMin(m_closedSinceBatch + 1, closedCapacity);
    // Swap with the last entry: O(1), and the moved session learns its new place.
    if (index != int(m_entries.size()) - 1) {
        entry = std::move(m_entries.back());
        entry.session->registryIndex = index;
        if (m_watched)
            m_reports[size_t(index)] = std::move(m_reports.back());
    }
    m_entries.pop_back();
    if (m_watched)
        m_reports.pop_back();
    session->registryIndex = -1;
}

void SessionRegistry::setWatched(bool watched)
{
    m_watched = watched;
    m_removed.clear();
    if (watched)
        m_reports.resize(m_entries.size());
    else
        std::vector<Report>().swap(m_reports); // the next watcher gets a full batch
}

void SessionRegistry::measure(Entry &entry, const SessionFacts &facts, qint64 nowMs)
{
    const qint64 elapsed = nowMs - entry.baseMs;
    if (entry.baseMs < 0 || elapsed < minimumRateIntervalMs)
        return;
    entry.upload = double(facts.bytesFromClient - entry.baseFromClient) * 1000.0 / double(elapsed);
    entry.download = double(facts.bytesToClient - entry.baseToClient) * 1000.0 / double(elapsed);
    entry.baseFromClient = facts.bytesFromClient;
    entry.baseToClient = facts.bytesToClient;
    entry.baseMs = nowMs;
}

SessionBatch SessionRegistry::takeBatch(qint64 nowMs, bool full)
{
    if (!m_watched)
        setWatched(true); // asking for a batch is watching
    SessionBatch batch;
    batch.worker = m_worker;
    batch.full = full;
    batch.monotonicMs = nowMs;
    const QDateTime wallNow = QDateTime::currentDateTime();
    SessionFacts facts;
    for (size_t i = 0; i < m_entries.size(); ++i) {
        Entry &entry = m_entries[i];
        Report &report = m_reports[i];
        entry.session->describe(&facts);
        measure(entry, facts, nowMs);
        const quint64 bytes = totalBytes(facts);
        const bool changed = !report.reported || bytes != report.bytes || facts.lastActivityMs != report.activityMs
                             || facts.state != report.state || facts.server != report.server || entry.upload != report.upload
                             || entry.download != report.download;
        if (!full && !changed)
            continue;
        SessionInfo info = toInfo(facts, m_worker, nowMs, wallNow);
        info.uploadRate = entry.upload;
        info.downloadRate = entry.download;
        (report.reported && !full ? batch.updated : batch.added) << info;
        report.reported = true;
        report.bytes = bytes;
        report.activityMs = facts.lastActivityMs;
        report.state = facts.state;
        report.server = facts.server;
        report.upload = entry.upload;
        report.download = entry.download;
    }
    if (!full) {
        batch.removed.reserve(qsizetype(m_removed.size()));
        for (const quint64 number : m_removed)
            batch.removed << number;
    }
    m_removed.clear();
    const int closedCount = full ? m_closedCount : m_closedSinceBatch;
    for (int i = closedCount; i > 0; --i) // oldest first
        batch.closed << closedInfo(m_closed[size_t((m_closedNext - i + closedCapacity) % closedCapacity)], nowMs);
    m_closedSinceBatch = 0;
    return batch;
}

QList<SessionInfo> SessionRegistry::list(qint64 nowMs)
{
    QList<SessionInfo> sessions;
    sessions.reserve(qsizetype(m_entries.size()));
    const QDateTime wallNow = QDateTime::currentDateTime();
    SessionFacts facts;
    for (Entry &entry : m_entries) {
        entry.session->describe(&facts);
        measure(entry, facts, nowMs);
        SessionInfo info = toInfo(facts, m_worker, nowMs, wallNow);
        info.uploadRate = entry.upload;
        info.downloadRate = entry.download;
        sessions << info;
    }
    return sessions;
}

ClosedSession SessionRegistry::closedInfo(const Closed &closed, qint64 nowMs) const
{
    ClosedSession result;
    const QDateTime wallNow = QDateTime::currentDateTime();
    result.session = toInfo(closed.facts, m_worker, nowMs, wallNow);
    result.end = closed.end;
    result.detail = closed.detail;
    result.endedMs = closed.endedMs;
    result.ended = wallNow.addMSecs(closed.endedMs - nowMs);
    return result;
}

QList<ClosedSession> SessionRegistry::closed(qint64 nowMs) const
{
    QList<ClosedSession> list;
    for (int i = m_closedCount; i > 0; --i)
        list << closedInfo(m_closed[size_t((m_closedNext - i + closedCapacity) % closedCapacity)], nowMs);
    return list;
}

int SessionRegistry::close(const SessionFilter &filter, const QString &who, qint64 nowMs)
{
    // Decide first, then close: a close removes entries and reorders the vector.
    std::vector<LiveSession *> matching;
    const QDateTime wallNow = QDateTime::currentDateTime();
    SessionFacts facts;
    for (const Entry &entry : m_entries) {
        if (!filter.numbers.isEmpty() && !filter.numbers.contains(entry.number))
            continue;
        entry.session->describe(&facts);
        if (filter.matches(toInfo(facts, m_worker, nowMs, wallNow)))
            matching.push_back(entry.session);
    }
    for (LiveSession *session : matching)
        session->closeByOperator(who);
    return int(matching.size());
}
