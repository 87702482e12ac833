#pragma once

#include <QtGlobal>
#include <atomic>

// One worker's figures for /metrics (portier_worker_*): what its SessionRegistry counts as
// sessions start and end, in its worker's thread, read by the API in the engine's thread.
// Relaxed atomics: each figure is exact on its own, the set is not one instant.
// Bytes are counted when a session ends (as nginx counts a server zone's), so a long session's
// bytes appear at its end.
struct WorkerStats
{
    int worker = 0;
    qint64 activeSessions = 0;
    quint64 sessions = 0; // started
    quint64 bytesFromClients = 0;
    quint64 bytesToClients = 0;
    quint64 bytesFromUpstreams = 0;
    quint64 bytesToUpstreams = 0;
    quint64 failures = 0; // sessions ended by an error (connect failed, reset, ...)
    quint64 timeouts = 0;
};

class WorkerCounters
{
public:
    std::atomic<qint64> activeSessions{0};
    std::atomic<quint64> sessions{0};
    std::atomic<quint64> bytesFromClients{0};
    std::atomic<quint64> bytesToClients{0};
    std::atomic<quint64> bytesFromUpstreams{0};
    std::atomic<quint64> bytesToUpstreams{0};
    std::atomic<quint64> failures{0};
    std::atomic<quint64> timeouts{0};

    WorkerStats read(int worker) const
    {
        constexpr auto relaxed = std::memory_order_relaxed;
        return {worker,
                activeSessions.load(relaxed),
                sessions.load(relaxed),
                bytesFromClients.load(relaxed),
                bytesToClients.load(relaxed),
                bytesFromUpstreams.load(relaxed),
                bytesToUpstreams.load(relaxed),
                failures.load(relaxed),
                timeouts.load(relaxed)};
    }
};
