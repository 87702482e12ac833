#include "workerdispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>
#include <QVarLengthArray>

#include <algorithm>
#include <chrono>
#include <limits>
#include <utility>

#if defined(Q_OS_LINUX)
#include <cerrno>
#include <sys/epoll.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#endif

QAbstractEventDispatcher *Platform::createWorkerEventDispatcher()
{
#if defined(Q_OS_LINUX)
    if (qgetenv("PORTIER_WORKER_DISPATCHER") == "qt")
        return nullptr;
    auto *dispatcher = new WorkerEventDispatcher;
    if (dispatcher->isValid())
        return dispatcher;
    delete dispatcher; // out of descriptors: Qt's dispatcher still works
#endif
    return nullptr;
}

#if defined(Q_OS_LINUX)

namespace {
constexpr int maxEventsPerWake = 256;

qint64 steadyNowNs()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}
} // namespace

// The sockets of the thread's QSocketNotifiers, one epoll registration per descriptor.
struct WorkerEventDispatcher::NotifierSource final : EpollSource
{
    WorkerEventDispatcher *dispatcher = nullptr;
    int fd = -1;
    QSocketNotifier *read = nullptr;
    QSocketNotifier *write = nullptr;
    QSocketNotifier *exception = nullptr;
    quint32 registered = 0; // the epoll events currently asked for; 0 = not in the set
    void epollReady(quint32 epollEvents) override { dispatcher->activateNotifiers(this, epollEvents); }
};

// The eventfd that wakeUp() writes: reading it is all there is to do, the loop then sends
// the posted events at the top of the next processEvents().
class WorkerEventDispatcher::WakeSource final : public EpollSource
{
public:
    explicit WakeSource(WorkerEventDispatcher *dispatcher) : m_dispatcher(dispatcher) {}
    void epollReady(quint32) override
    {
        quint64 value = 0;
        while (::read(m_dispatcher->m_wakeFd, &value, sizeof value) < 0 && errno == EINTR) {
        }
        m_dispatcher->m_wakeUps.storeRelease(0);
        m_dispatcher->m_woken = true;
    }

private:
    WorkerEventDispatcher *m_dispatcher;
};

WorkerEventDispatcher::WorkerEventDispatcher(QObject *parent) : QAbstractEventDispatcher(parent)
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (m_epoll < 0 || m_wakeFd < 0)
        return;
    auto *wake = new WakeSource(this);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = static_cast<EpollSource *>(wake);
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &event) == 0)
        m_wake = wake; // else isValid() says no and Qt's dispatcher is used
    else
        delete wake;
}

WorkerEventDispatcher::~WorkerEventDispatcher()
{
    qDeleteAll(m_notifiers);
    qDeleteAll(m_retiredNotifiers);
    qDeleteAll(m_parkedNotifiers);
    delete m_wake;
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool WorkerEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupt.storeRelaxed(0);
    emit awake();
    // A wake-up read since the last pass means events were posted: this pass delivers them
    // and then must not block, so that a caller looping on processEvents() sees their effect
    // (Qt's "wait only if nothing was pending").
    const bool delivering = std::exchange(m_woken, false);
    QCoreApplication::sendPostedEvents(); // everything posted to this thread's objects

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    // An event posted from here on writes the eventfd (QCoreApplication::postEvent calls
    // wakeUp()), so blocking cannot sleep through it.
    const bool canWait = (flags & QEventLoop::WaitForMoreEvents) && !delivering && !m_interrupt.loadRelaxed();
    if (canWait)
        emit aboutToBlock();
    if (m_interrupt.loadRelaxed())
        return false;

    int handled = 0;
    const bool posted = includeNotifiers && m_observer && m_observer->hasPosted();
    const int timeout = canWait && !posted ? (includeTimers ? waitTimeoutMs(steadyNowNs()) : -1) : 0;
    if (includeNotifiers) {
        epoll_event events[maxEventsPerWake];
        int count = epoll_wait(m_epoll, events, maxEventsPerWake, timeout);
        if (count < 0 && errno != EINTR && !m_waitFailed) {
            m_waitFailed = true; // once: this would repeat on every pass
            qWarning("WorkerEventDispatcher: epoll_wait failed (errno %d)", errno);
        }
        count = std::max(count, 0);
        if (count > 0 || posted) {
            // Batches nest when a handler runs an event loop: what the inner one retires
            // may still be named by the outer one's events, so it is freed at depth 0.
            ++m_batchDepth;
            if (m_observer)
                m_observer->beginBatch();
            for (int i = 0; i < count; ++i) {
                if (events[i].data.u64 & 1u) {
                    if (m_observer)
                        m_observer->tokenReady(events[i].data.u64, events[i].events);
                } else {
                    static_cast<EpollSource *>(events[i].data.ptr)->epollReady(events[i].events);
                }
            }
            if (posted)
                m_observer->deliverPosted(); // after what the kernel reported: others go first
            if (m_observer)
                m_observer->endBatch();
            if (--m_batchDepth == 0) {
                qDeleteAll(m_retiredNotifiers);
                m_retiredNotifiers.clear();
            }
            handled += count + (posted ? 1 : 0);
        }
    } else if (timeout != 0) {
        waitForWakeUpOnly(timeout); // sockets excluded: still sleep until a post or a timer
    }
    if (includeTimers)
        handled += activateTimers();
    return handled > 0;
}

void WorkerEventDispatcher::waitForWakeUpOnly(int timeoutMs)
{
    pollfd wake{m_wakeFd, POLLIN, 0};
    if (::poll(&wake, 1, timeoutMs) > 0)
        m_wake->epollReady(EPOLLIN);
}

int WorkerEventDispatcher::waitTimeoutMs(qint64 nowNs) const
{
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const Timer &timer : m_timers) {
        if (!timer.firing)
            earliest = std::min(earliest, timer.dueNs);
    }
    if (earliest == std::numeric_limits<qint64>::max())
        return -1;
    if (earliest <= nowNs)
        return 0;
    // Round up: waking a little early would only spin until the timer is due.
    const qint64 ms = (earliest - nowNs + 999'999) / 1'000'000;
    return int(std::min<qint64>(ms, std::numeric_limits<int>::max()));
}

std::vector<WorkerEventDispatcher::Timer>::iterator WorkerEventDispatcher::findTimer(int timerId)
{
    return std::find_if(m_timers.begin(), m_timers.end(), [timerId](const Timer &t) { return t.id == timerId; });
}

int WorkerEventDispatcher::activateTimers()
{
    if (m_timers.empty())
        return 0;
    const qint64 now = steadyNowNs();
    // Collect first, earliest due first (as Qt does): a timer event may start, stop or
    // re-arm any timer, this one included.
    QVarLengthArray<std::pair<qint64, int>, 8> due;
    for (const Timer &timer : m_timers) {
        if (!timer.firing && timer.dueNs <= now)
            due.append({timer.dueNs, timer.id});
    }
    std::sort(due.begin(), due.end());
    int fired = 0;
    for (const auto &[dueNs, id] : due) {
        Q_UNUSED(dueNs);
        auto timer = findTimer(id);
        if (timer == m_timers.end() || timer->firing || timer->dueNs > now)
            continue; // stopped or restarted by an earlier timer event of this round
        const qint64 intervalNs = timer->intervalMs * 1'000'000;
        timer->dueNs += intervalNs;
        if (timer->dueNs <= now)
            timer->dueNs = now + intervalNs; // fell behind: no burst of catch-up events
        timer->firing = true;
        if (timer->intervalMs > 0)
            ++fired; // as in Qt, zero timers do not count as work done
        QObject *object = timer->object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        if (auto again = findTimer(id); again != m_timers.end())
            again->firing = false;
    }
    return fired;
}

void WorkerEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    // Every type runs to the millisecond: a worker's timers are few and precise ones. (The
    // wait is rounded up to whole milliseconds, so a timer may be up to 1 ms late, never early.)
    const qint64 intervalMs = std::clamp<qint64>(interval, 0, qint64(365) * 24 * 3600 * 1000);
    m_timers.push_back(Timer{timerId, intervalMs, timerType, object, steadyNowNs() + intervalMs * 1'000'000});
}

bool WorkerEventDispatcher::unregisterTimer(int timerId)
{
    const auto timer = findTimer(timerId);
    if (timer == m_timers.end())
        return false;
    m_timers.erase(timer);
    return true;
}

bool WorkerEventDispatcher::unregisterTimers(QObject *object)
{
    const auto before = m_timers.size();
    m_timers.erase(std::remove_if(m_timers.begin(), m_timers.end(), [object](const Timer &t) { return t.object == object; }), m_timers.end());
    return m_timers.size() != before;
}

QList<QAbstractEventDispatcher::TimerInfo> WorkerEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> list;
    for (const Timer &timer : m_timers) {
        if (timer.object == object)
            list.append(TimerInfo(timer.id, int(timer.intervalMs), timer.type));
    }
    return list;
}

int WorkerEventDispatcher::remainingTime(int timerId)
{
    const auto timer = findTimer(timerId);
    if (timer == m_timers.end())
        return -1;
    const qint64 left = timer->dueNs - steadyNowNs();
    return left <= 0 ? 0 : int(std::min<qint64>((left + 999'999) / 1'000'000, std::numeric_limits<int>::max()));
}

void WorkerEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    NotifierSource *&source = m_notifiers[fd];
    if (!source) {
        source = new NotifierSource;
        source->dispatcher = this;
        source->fd = fd;
    }
    QSocketNotifier **slot = notifier->type() == QSocketNotifier::Read    ? &source->read
                             : notifier->type() == QSocketNotifier::Write ? &source->write
                                                                          : &source->exception;
    if (*slot && *slot != notifier)
        qWarning("WorkerEventDispatcher: several socket notifiers of one type for socket %d", fd);
    *slot = notifier;
    updateNotifierSource(source);
}

void WorkerEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const auto found = m_notifiers.constFind(int(notifier->socket()));
    if (found == m_notifiers.constEnd())
        return;
    NotifierSource *source = *found;
    for (QSocketNotifier **slot : {&source->read, &source->write, &source->exception}) {
        if (*slot == notifier)
            *slot = nullptr;
    }
    if (source->read || source->write || source->exception) {
        updateNotifierSource(source);
        return;
    }
    m_notifiers.erase(found);
    if (!updateNotifierSource(source)) {
        // EPOLL_CTL_DEL failed: the descriptor was closed first. If another process holds
        // a duplicate, the registration lives on and may still name this source.
        m_parkedNotifiers.push_back(source);
        return;
    }
    // An event for it may already be in this batch's array: free it after the batch.
    if (m_batchDepth > 0)
        m_retiredNotifiers.push_back(source);
    else
        delete source;
}

bool WorkerEventDispatcher::updateNotifierSource(NotifierSource *source)
{
    const quint32 wanted = (source->read ? quint32(EPOLLIN) : 0u) | (source->write ? quint32(EPOLLOUT) : 0u)
                           | (source->exception ? quint32(EPOLLPRI) : 0u);
    if (wanted == source->registered)
        return true;
    epoll_event event{};
    event.events = wanted;
    event.data.ptr = static_cast<EpollSource *>(source);
    int op = wanted == 0 ? EPOLL_CTL_DEL : source->registered == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    int result = epoll_ctl(m_epoll, op, source->fd, &event);
    // The descriptor number may have been closed and reused behind our back: re-register.
    if (result != 0 && errno == ENOENT && op == EPOLL_CTL_MOD)
        result = epoll_ctl(m_epoll, op = EPOLL_CTL_ADD, source->fd, &event);
    else if (result != 0 && errno == EEXIST && op == EPOLL_CTL_ADD)
        result = epoll_ctl(m_epoll, op = EPOLL_CTL_MOD, source->fd, &event);
    if (result != 0) {
        const int error = errno;
        if (op != EPOLL_CTL_DEL) // e.g. EPERM: a regular file, which epoll cannot watch
            qWarning("WorkerEventDispatcher: cannot watch descriptor %d (errno %d)", source->fd, error);
        return op != EPOLL_CTL_DEL || error == ENOENT;
    }
    source->registered = wanted;
    return true;
}

void WorkerEventDispatcher::activateNotifiers(NotifierSource *source, quint32 epollEvents)
{
    // As Qt's own dispatcher: a hang-up or error (which epoll always reports) goes to every
    // notifier of the socket, so it is seen and a level-triggered report cannot spin unseen.
    // Each notifier is looked up again: the previous one's slot may have removed it.
    constexpr quint32 trouble = EPOLLHUP | EPOLLERR;
    QEvent event(QEvent::SockAct);
    if ((epollEvents & (EPOLLIN | trouble)) && source->read)
        QCoreApplication::sendEvent(source->read, &event);
    if ((epollEvents & (EPOLLOUT | trouble)) && source->write)
        QCoreApplication::sendEvent(source->write, &event);
    if ((epollEvents & (EPOLLPRI | trouble)) && source->exception)
        QCoreApplication::sendEvent(source->exception, &event);
}

void WorkerEventDispatcher::wakeUp()
{
    // Any thread. One write until the loop has read it: posting a burst costs one syscall.
    if (m_wakeUps.testAndSetAcquire(0, 1)) {
        const quint64 one = 1;
        while (::write(m_wakeFd, &one, sizeof one) < 0 && errno == EINTR) {
        }
    }
}

void WorkerEventDispatcher::interrupt()
{
    m_interrupt.storeRelaxed(1);
    wakeUp();
}

#endif
