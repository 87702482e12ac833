#include "poller.h"

#include <QAbstractEventDispatcher>
#include <QSocketNotifier>

#if defined(Q_OS_LINUX)
#include <sys/epoll.h>
#include <unistd.h>
#define PORTIER_EPOLL 1
#elif defined(Q_OS_WIN)
#include "wsapollthread.h"
#define PORTIER_WSAPOLL 1
#endif

#include <atomic>
#include <utility>

namespace {
#if defined(PORTIER_EPOLL)
constexpr int maxEventsPerWake = 256;
constexpr quint32 edgeEvents = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;

// An edge-triggered registration's event: every readiness, reported under its token: the
// descriptor and the slot's generation, odd, so the dispatcher tells it from a pointer.
constexpr quint32 generationMask = 0x7fffffff;

quint64 edgeToken(int socket, quint32 generation)
{
    return (quint64(generation & generationMask) << 33) | (quint64(quint32(socket)) << 1) | 1u;
}

epoll_event edgeEvent(quint64 token)
{
    epoll_event event{};
    event.events = edgeEvents;
    event.data.u64 = token;
    return event;
}
#endif
std::atomic<quint64> g_staleEvents{0};
std::atomic<quint64> g_controlCalls{0};

#if defined(PORTIER_EPOLL)
int control(int epoll, int op, int fd, epoll_event *event)
{
    g_controlCalls.fetch_add(1, std::memory_order_relaxed);
    return epoll_ctl(epoll, op, fd, event);
}

quint32 edgeReadiness(quint32 epollEvents)
{
    quint32 ready = 0;
    if (epollEvents & EPOLLIN)
        ready |= PollHandler::Readable;
    if (epollEvents & EPOLLOUT)
        ready |= PollHandler::Writable;
    if (epollEvents & EPOLLRDHUP)
        ready |= PollHandler::PeerClosed | PollHandler::Readable;
    if (epollEvents & (EPOLLERR | EPOLLHUP))
        ready |= PollHandler::Error | PollHandler::Readable | PollHandler::Writable;
    return ready;
}
#endif
} // namespace

struct Poller::Entry final : EpollSource
{
    PollHandler *handler = nullptr;
    quint32 interest = 0;
    // Fallback (non-epoll) path only.
    QSocketNotifier *read = nullptr;
    QSocketNotifier *write = nullptr;
    quint64 serial = 0; // WSAPoll path: tells registrations apart when Windows reuses a handle

    void epollReady(quint32 epollEvents) override
    {
#if defined(PORTIER_EPOLL)
        if (!handler)
            return; // unwatched earlier in this batch
        quint32 ready = 0;
        if (epollEvents & (EPOLLIN | EPOLLRDHUP))
            ready |= PollHandler::Readable;
        if (epollEvents & EPOLLOUT)
            ready |= PollHandler::Writable;
        if (epollEvents & (EPOLLERR | EPOLLHUP))
            ready |= PollHandler::Error | (interest & (PollHandler::Readable | PollHandler::Writable));
        handler->handleEvents(ready);
#else
        Q_UNUSED(epollEvents);
#endif
    }
};

Poller::Poller(QObject *parent) : QObject(parent)
{
#if defined(PORTIER_EPOLL)
    // One Poller per dispatcher: a second one in the thread keeps an epoll set of its own.
    auto *dispatcher = qobject_cast<WorkerEventDispatcher *>(QAbstractEventDispatcher::instance());
    if (dispatcher && !dispatcher->batchObserver()) {
        m_dispatcher = dispatcher;
        m_epoll = dispatcher->epollFd();
        dispatcher->setBatchObserver(this);
        return;
    }
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_ownsEpoll = m_epoll >= 0;
    if (m_epoll >= 0) {
        m_notifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &Poller::dispatch);
    }
#elif defined(PORTIER_WSAPOLL)
    m_pollThread = new WsaPollThread([this](const std::vector<WsaPollThread::Ready> &batch) { dispatchBatch(batch); }, this);
#endif
}

Poller::~Poller()
{
    // Not from inside one of its own batches: the rest of it would name freed entries.
    Q_ASSERT(m_batchDepth == 0);
#if defined(PORTIER_EPOLL)
    if (m_ownsEpoll) {
        ::close(m_epoll);
    } else if (m_dispatcher) {
        for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
            epoll_ctl(m_epoll, EPOLL_CTL_DEL, it.key(), nullptr); // the shared set outlives us
        for (size_t socket = 0; socket < m_edgeSlots.size(); ++socket) {
            if (m_edgeSlots[socket].handler)
                epoll_ctl(m_epoll, EPOLL_CTL_DEL, int(socket), nullptr);
        }
        if (m_dispatcher->batchObserver() == this)
            m_dispatcher->setBatchObserver(nullptr);
    }
#endif
    qDeleteAll(m_entries);
    qDeleteAll(m_retired);
}

bool Poller::isValid() const
{
#if defined(PORTIER_EPOLL)
    return m_epoll >= 0;
#elif defined(PORTIER_WSAPOLL)
    return m_pollThread->isValid();
#else
    return true;
#endif
}

void Poller::setBatchHooks(std::function<void()> before, std::function<void()> after)
{
    m_before = std::move(before);
    m_after = std::move(after);
}

void Poller::watch(Net::Socket socket, quint32 interest, PollHandler *handler, bool exclusive)
{
    if (interest == 0) {
        unwatch(socket);
        return;
    }
#if defined(PORTIER_EPOLL)
    Q_ASSERT(!edgeSlot(socket)); // an edge-triggered socket keeps its one registration
#endif
    Entry *entry = m_entries.value(socket);
    const bool added = entry == nullptr;
    if (added) {
        entry = new Entry;
        m_entries.insert(socket, entry);
    } else if (entry->interest == interest && entry->handler == handler) {
        return;
    }
    entry->handler = handler;
    entry->interest = interest;

#if defined(PORTIER_EPOLL)
    epoll_event event{};
    event.events = ((interest & PollHandler::Readable) ? EPOLLIN : 0u) | ((interest & PollHandler::Writable) ? EPOLLOUT : 0u);
    if (exclusive)
        event.events |= EPOLLEXCLUSIVE;
    event.data.ptr = static_cast<EpollSource *>(entry);
    // An exclusive registration cannot be modified (the kernel refuses EPOLL_CTL_MOD with
    // EPOLLEXCLUSIVE): it is replaced.
    if (!added && exclusive)
        control(m_epoll, EPOLL_CTL_DEL, socket, nullptr);
    control(m_epoll, added || exclusive ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, socket, &event);
#elif defined(PORTIER_WSAPOLL)
    Q_UNUSED(exclusive); // every worker's poll reports a new connection; the others' accept() just would block
    if (added)
        entry->serial = ++m_serials;
    m_pollThread->watch(socket, interest, entry->serial);
#else
    Q_UNUSED(exclusive);
    auto ensure = [&](QSocketNotifier *&notifier, QSocketNotifier::Type type, quint32 bit) {
        if (!(interest & bit)) {
            if (notifier)
                notifier->setEnabled(false);
            return;
        }
        if (!notifier) {
            notifier = new QSocketNotifier(qintptr(socket), type, this);
            connect(notifier, &QSocketNotifier::activated, this, [this, socket, bit] {
                beginBatch();
                if (Entry *e = m_entries.value(socket); e && (e->interest & bit))
                    e->handler->handleEvents(bit);
                endBatch();
            });
        }
        notifier->setEnabled(true);
    };
    ensure(entry->read, QSocketNotifier::Read, PollHandler::Readable);
    ensure(entry->write, QSocketNotifier::Write, PollHandler::Writable);
#endif
}

void Poller::unwatch(Net::Socket socket)
{
#if defined(PORTIER_EPOLL)
    if (EdgeSlot *slot = edgeSlot(socket)) {
        control(m_epoll, EPOLL_CTL_DEL, socket, nullptr);
        slot->release();
        return;
    }
#endif
    Entry *entry = m_entries.take(socket);
    if (!entry)
        return;
#if defined(PORTIER_EPOLL)
    control(m_epoll, EPOLL_CTL_DEL, socket, nullptr);
    // Events already fetched in this batch may still point at the entry: free it after.
    entry->handler = nullptr;
    m_retired.push_back(entry);
#elif defined(PORTIER_WSAPOLL)
    m_pollThread->unwatch(socket);
    entry->handler = nullptr; // a batch in hand may still name it
    m_retired.push_back(entry);
#else
    for (QSocketNotifier *notifier : {entry->read, entry->write}) {
        if (notifier) {
            notifier->setEnabled(false);
            notifier->deleteLater();
        }
    }
    delete entry;
#endif
}

bool Poller::supportsEdgeTriggered() const
{
#if defined(PORTIER_EPOLL)
    return m_epoll >= 0;
#else
    return false;
#endif
}

void Poller::watchEdgeTriggered(Net::Socket socket, PollHandler *handler)
{
#if defined(PORTIER_EPOLL)
    Q_ASSERT(socket >= 0 && !m_entries.contains(socket) && !edgeSlot(socket));
    if (size_t(socket) >= m_edgeSlots.size())
        m_edgeSlots.resize(qMax(size_t(socket) + 1, m_edgeSlots.size() * 2));
    EdgeSlot &slot = m_edgeSlots[size_t(socket)];
    slot.handler = handler;
    slot.generation = (slot.generation + 1) & generationMask;
    slot.posted = false;
    epoll_event event = edgeEvent(edgeToken(socket, slot.generation));
    control(m_epoll, EPOLL_CTL_ADD, socket, &event);
#else
    Q_UNUSED(socket);
    Q_UNUSED(handler);
    Q_ASSERT_X(false, "Poller::watchEdgeTriggered", "epoll only");
#endif
}

void Poller::rearm(Net::Socket socket)
{
#if defined(PORTIER_EPOLL)
    EdgeSlot *slot = edgeSlot(socket);
    if (!slot)
        return;
    const quint64 token = edgeToken(socket, slot->generation);
    if (m_dispatcher) {
        if (!std::exchange(slot->posted, true))
            m_posted.push_back(token);
        return;
    }
    // A modification re-checks readiness: a socket still readable is queued again.
    epoll_event event = edgeEvent(token);
    control(m_epoll, EPOLL_CTL_MOD, socket, &event);
#else
    Q_UNUSED(socket);
#endif
}

void Poller::unwatchForClose(Net::Socket socket)
{
#if defined(PORTIER_EPOLL)
    if (EdgeSlot *slot = edgeSlot(socket)) {
        // No EPOLL_CTL_DEL: the close() that follows removes it. Events for it already
        // fetched in this batch, or posted, find no handler and are dropped.
        slot->release();
        return;
    }
#endif
    unwatch(socket);
}

#if defined(PORTIER_EPOLL)
Poller::EdgeSlot *Poller::edgeSlot(Net::Socket socket)
{
    if (socket < 0 || size_t(socket) >= m_edgeSlots.size() || !m_edgeSlots[size_t(socket)].handler)
        return nullptr;
    return &m_edgeSlots[size_t(socket)];
}

Poller::EdgeSlot *Poller::edgeSlotOf(quint64 token)
{
    const auto socket = size_t(quint32(token >> 1));
    if (socket >= m_edgeSlots.size())
        return nullptr;
    EdgeSlot &slot = m_edgeSlots[socket];
    if (!slot.handler || slot.generation != quint32(token >> 33))
        return nullptr;
    return &slot;
}
#endif

quint64 Poller::staleEvents()
{
    return g_staleEvents.load(std::memory_order_relaxed);
}

quint64 Poller::controlCalls()
{
    return g_controlCalls.load(std::memory_order_relaxed);
}

void Poller::tokenReady(quint64 token, quint32 epollEvents)
{
#if defined(PORTIER_EPOLL)
    const EdgeSlot *slot = edgeSlotOf(token);
    if (!slot) {
        // Closed, but a duplicate of the descriptor keeps the registration alive.
        g_staleEvents.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    slot->handler->handleEvents(edgeReadiness(epollEvents));
#else
    Q_UNUSED(token);
    Q_UNUSED(epollEvents);
#endif
}

void Poller::deliverPosted()
{
#if defined(PORTIER_EPOLL)
    // Taken whole first: what the handlers post now waits for the next batch, after the
    // kernel's events, so a busy socket cannot keep the others waiting.
    std::vector<quint64> tokens;
    tokens.swap(m_posted);
    for (const quint64 token : tokens) {
        EdgeSlot *slot = edgeSlotOf(token);
        if (!slot)
            continue; // closed since it was posted
        slot->posted = false;
        slot->handler->handleEvents(PollHandler::Readable);
    }
#endif
}

void Poller::dispatch()
{
#if defined(PORTIER_EPOLL)
    epoll_event events[maxEventsPerWake];
    const int count = epoll_wait(m_epoll, events, maxEventsPerWake, 0);
    if (count <= 0)
        return;
    beginBatch();
    for (int i = 0; i < count; ++i) {
        if (events[i].data.u64 & 1u)
            tokenReady(events[i].data.u64, events[i].events);
        else
            static_cast<EpollSource *>(events[i].data.ptr)->epollReady(events[i].events);
    }
    endBatch();
#endif
}

#if defined(PORTIER_WSAPOLL)
void Poller::dispatchBatch(const std::vector<WsaPollThread::Ready> &batch)
{
    beginBatch();
    for (const WsaPollThread::Ready &ready : batch) {
        Entry *entry = m_entries.value(ready.socket);
        if (!entry || entry->serial != ready.serial || !entry->handler)
            continue; // unwatched since (perhaps a new socket with the same handle)
        if (const quint32 events = ready.events & (entry->interest | PollHandler::Error))
            entry->handler->handleEvents(events);
    }
    endBatch();
}
#endif

void Poller::beginBatch()
{
    if (++m_batchDepth == 1 && m_before)
        m_before();
}

void Poller::endBatch()
{
    // Only the outermost batch frees: an inner one's (a nested event loop's) retired
    // entries and sessions may still be named by the events the outer one has left.
    if (--m_batchDepth > 0)
        return;
    for (Entry *entry : m_retired)
        delete entry;
    m_retired.clear();
    if (m_after)
        m_after();
}
