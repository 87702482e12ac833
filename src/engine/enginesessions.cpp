// Engine's live-session calls (engine.h): the workers' SessionRegistry, asked from the engine's
// thread. Lists and closes are blocking calls into each worker (as publishListeners is), made
// only on an operator's request; batches are queued, so the engine never waits for them.
#include "engine.h"

#include "worker.h"

#include <QThread>
#include <algorithm>

QList<SessionInfo> Engine::sessions(const SessionFilter &filter)
{
    QList<SessionInfo> all;
    for (const WorkerThread &entry : m_workers) {
        QList<SessionInfo> part;
        QMetaObject::invokeMethod(entry.worker, [worker = entry.worker, &part, &filter] {
            worker->refreshNow();
            for (SessionInfo &session : worker->sessions().list(worker->nowMs())) {
                if (filter.matches(session))
                    part << std::move(session);
            }
        }, Qt::BlockingQueuedConnection);
        all += part;
    }
    std::sort(all.begin(), all.end(), [](const SessionInfo &a, const SessionInfo &b) { return a.number < b.number; });
    return all;
}

QList<ClosedSession> Engine::closedSessions()
{
    QList<ClosedSession> all;
    for (const WorkerThread &entry : m_workers) {
        QList<ClosedSession> part;
        QMetaObject::invokeMethod(entry.worker, [worker = entry.worker, &part] {
            worker->refreshNow();
            part = worker->sessions().closed(worker->nowMs());
        }, Qt::BlockingQueuedConnection);
        all += part;
    }
    std::stable_sort(all.begin(), all.end(), [](const ClosedSession &a, const ClosedSession &b) { return a.endedMs < b.endedMs; });
    if (all.size() > SessionRegistry::closedCapacity)
        all.remove(0, all.size() - SessionRegistry::closedCapacity);
    return all;
}

int Engine::closeSessions(const SessionFilter &filter, const QString &who)
{
    int closed = 0;
    for (const WorkerThread &entry : m_workers) {
        int count = 0;
        QMetaObject::invokeMethod(entry.worker, [worker = entry.worker, &count, &filter, &who] {
            worker->refreshNow();
            count = worker->sessions().close(filter, who, worker->nowMs());
        }, Qt::BlockingQueuedConnection);
        closed += count;
    }
    return closed;
}

void Engine::watchSessions(bool watch)
{
    m_sessionWatchers = qMax(0, m_sessionWatchers + (watch ? 1 : -1));
    if (watch) {
        publishSessionBatches(true); // the new watcher starts from every session there is
        return;
    }
    if (m_sessionWatchers == 0) {
        for (const WorkerThread &entry : m_workers)
            QMetaObject::invokeMethod(entry.worker, [worker = entry.worker] { worker->sessions().setWatched(false); });
    }
}

void Engine::publishSessionBatches(bool full)
{
    // Each worker walks its own sessions in its own thread and hands the batch back here.
    // The engine outlives its workers (stopWorkers joins them), so `this` is valid there.
    for (const WorkerThread &entry : m_workers) {
        QMetaObject::invokeMethod(entry.worker, [this, worker = entry.worker, full] {
            worker->refreshNow();
            SessionRegistry &registry = worker->sessions();
            const bool first = !registry.isWatched();
            if (first)
                registry.setWatched(true);
            SessionBatch batch = registry.takeBatch(worker->nowMs(), full || first);
            if (batch.isEmpty())
                return;
            QMetaObject::invokeMethod(this, [this, batch = std::move(batch)] { emit sessionsChanged(batch); });
        });
    }
}

QList<WorkerStats> Engine::workerStats() const
{
    QList<WorkerStats> list;
    for (const WorkerThread &entry : m_workers)
        list << entry.worker->sessions().counters().read(int(list.size()));
    return list;
}
