#pragma once

#include <QAbstractEventDispatcher>
#include <QAtomicInt>
#include <QHash>
#include <vector>

// The event loop of a proxy worker thread.
//
// Qt's stock dispatcher on Linux waits in ppoll(); the worker's Poller keeps its sockets in
// one epoll set behind a single QSocketNotifier, so every wake-up cost two system calls:
// ppoll() on the epoll descriptor, then epoll_wait() to learn what is ready (~9% of a
// worker's CPU under keepalive load, docs/performance.md). This dispatcher waits in
// epoll_wait() itself, on one set holding the Poller's sockets, any QSocketNotifier of the
// thread and an eventfd for wake-ups (posted events, quit), and runs the thread's Qt timers
// from its own short list (a worker has two or three). One system call per wake-up.
//
// createWorkerEventDispatcher() returns it on Linux and nullptr elsewhere (Qt's own
// dispatcher then runs the thread and the Poller falls back to its notifier). Setting
// PORTIER_WORKER_DISPATCHER=qt in the environment also returns nullptr, for measuring the
// difference.

// Something in the epoll set: a Poller entry, a socket notifier, the wake-up eventfd.
class EpollSource
{
public:
    virtual void epollReady(quint32 epollEvents) = 0;

protected:
    ~EpollSource() = default;
};

// Told before and after each batch of epoll events (the Poller: refresh the clock, free what
// the batch retired, re-arm the deadline timer).
class EpollBatchObserver
{
public:
    virtual void beginBatch() = 0;
    virtual void endBatch() = 0;
    // A registration whose data is an odd token instead of an EpollSource pointer (the
    // Poller's edge-triggered sockets): the observer looks the token up, so a registration
    // that outlives its socket's close() (a fork()ed child's duplicate) names nothing freed.
    virtual void tokenReady(quint64 token, quint32 epollEvents) = 0;
    // Readiness the observer posted for itself (a socket left readable on purpose, as
    // nginx's posted events): while there is any, the dispatcher does not block, and it
    // delivers it after the batch's own events.
    virtual bool hasPosted() const = 0;
    virtual void deliverPosted() = 0;

protected:
    ~EpollBatchObserver() = default;
};

namespace Platform {
// A new dispatcher for a worker QThread (QThread::setEventDispatcher before start()), or
// nullptr to keep Qt's.
QAbstractEventDispatcher *createWorkerEventDispatcher();
} // namespace Platform

#if defined(Q_OS_LINUX)

class WorkerEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT

public:
    explicit WorkerEventDispatcher(QObject *parent = nullptr);
    ~WorkerEventDispatcher() override;

    bool isValid() const { return m_epoll >= 0 && m_wake != nullptr; }
    // The epoll set to add sources to; each registration's data.ptr is an EpollSource *, or
    // data.u64 an odd token for the batch observer (EpollBatchObserver::tokenReady).
    int epollFd() const { return m_epoll; }
    // One observer (the worker's Poller); told about every batch, also those holding only
    // the wake-up or Qt notifiers. Batches nest when a handler runs an event loop.
    EpollBatchObserver *batchObserver() const { return m_observer; }
    void setBatchObserver(EpollBatchObserver *observer) { m_observer = observer; }

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    using QAbstractEventDispatcher::registerTimer;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    struct Timer
    {
        int id;
        qint64 intervalMs;
        Qt::TimerType type;
        QObject *object;
        qint64 dueNs;       // steady clock
        bool firing = false; // inside its own timerEvent (a nested loop must not re-enter it)
    };
    struct NotifierSource;
    class WakeSource;

    int waitTimeoutMs(qint64 nowNs) const;
    int activateTimers();
    void activateNotifiers(NotifierSource *source, quint32 epollEvents);
    bool updateNotifierSource(NotifierSource *source);
    void waitForWakeUpOnly(int timeoutMs);
    std::vector<Timer>::iterator findTimer(int timerId);

    int m_epoll = -1;
    int m_wakeFd = -1;
    WakeSource *m_wake = nullptr;
    QAtomicInt m_wakeUps;
    QAtomicInt m_interrupt;
    EpollBatchObserver *m_observer = nullptr;
    std::vector<Timer> m_timers;
    QHash<int, NotifierSource *> m_notifiers;
    std::vector<NotifierSource *> m_retiredNotifiers; // unregistered during a batch
    // Sources whose descriptor was closed before its notifier went: the kernel may still
    // hold the registration (a fork()ed child's duplicate), so they are never freed early.
    std::vector<NotifierSource *> m_parkedNotifiers;
    bool m_woken = false; // the eventfd was read: posted events wait for the next pass
    int m_batchDepth = 0;
    bool m_waitFailed = false;
};

#endif
