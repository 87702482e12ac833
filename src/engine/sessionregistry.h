#pragma once

#include "livesession.h"
#include "workercounters.h"

#include <array>
#include <vector>

// The live sessions of one worker, for the connections view and the API (issues #13, #14).
// Lives in its worker's thread and is only touched there: no lock. A session is added when it
// starts and removed when it closes (O(1), by the index it keeps); nothing is done per read or
// write, the sessions' own byte counters are read when the registry is walked, which happens
// only when a batch is due and someone watches, or an operator asks (API list, close).
// Keeps the last `closedCapacity` closed sessions with why they ended.
class SessionRegistry
{
public:
    static constexpr int closedCapacity = 200;
    // Rates are measured over at least this long, so a batch right after another (a new
    // watcher) does not make a jumpy figure.
    static constexpr qint64 minimumRateIntervalMs = 500;

    explicit SessionRegistry(int worker) : m_worker(worker) {}

    void add(LiveSession *session, quint64 number, qint64 nowMs);
    void remove(LiveSession *session, SessionEnd end, const QString &detail, qint64 nowMs);
    int size() const { return int(m_entries.size()); }
    // Totals for /metrics, readable from any thread.
    const WorkerCounters &counters() const { return m_counters; }

    // Someone watches: batches are asked for; removals are remembered for the next one.
    void setWatched(bool watched);
    bool isWatched() const { return m_watched; }
    // Added, changed and removed since the last batch (full: every session now).
    SessionBatch takeBatch(qint64 nowMs, bool full);
    QList<SessionInfo> list(qint64 nowMs);
    QList<ClosedSession> closed(qint64 nowMs) const; // oldest first
    // Closes the sessions that match; returns how many.
    int close(const SessionFilter &filter, const QString &who, qint64 nowMs);

private:
    struct Entry
    {
        LiveSession *session = nullptr;
        quint64 number = 0;
        // Rate measurement: the byte counters at baseMs.
        quint64 baseFromClient = 0;
        quint64 baseToClient = 0;
        qint64 baseMs = -1;
        double upload = 0;
        double download = 0;
    };
    // What the last batch said of a session, to tell a change: kept only while someone
    // watches (m_reports runs parallel to m_entries then), so an unwatched worker's idle
    // sessions do not carry it.
    struct Report
    {
        bool reported = false; // in a batch since the watcher subscribed
        quint64 bytes = 0;
        qint64 activityMs = 0;
        const char *state = nullptr;
        QString server;
        double upload = 0;
        double download = 0;
    };
    struct Closed
    {
        SessionFacts facts;
        SessionEnd end = SessionEnd::Error;
        QString detail;
        qint64 endedMs = 0;
    };

    void count(const SessionFacts &facts, SessionEnd end);
    ClosedSession closedInfo(const Closed &closed, qint64 nowMs) const;
    static void measure(Entry &entry, const SessionFacts &facts, qint64 nowMs);

    int m_worker;
    std::vector<Entry> m_entries;
    std::vector<Report> m_reports; // while watched, one per entry in the same order; else empty
    bool m_watched = false;
    std::vector<quint64> m_removed; // reported sessions that closed since the last batch
    std::array<Closed, closedCapacity> m_closed;
    int m_closedNext = 0;        // where the next closed session goes
    int m_closedCount = 0;       // how many slots hold one
    int m_closedSinceBatch = 0;
    WorkerCounters m_counters;
};
