#include "poller.h"

#include <QSocketNotifier>

#if defined(Q_OS_LINUX)
#include <sys/epoll.h>
#include <unistd.h>
#define PORTIER_EPOLL 1
#endif

namespace {
#if defined(PORTIER_EPOLL)
constexpr int maxEventsPerWake = 256;
#endif
} // namespace

struct Poller::Entry
{
    PollHandler *handler = nullptr;
    quint32 interest = 0;
    bool exclusive = false;
    // Fallback (non-epoll) path only.
    QSocketNotifier *read = nullptr;
    QSocketNotifier *write = nullptr;
};

Poller::Poller(QObject *parent) : QObject(parent)
{
#if defined(PORTIER_EPOLL)
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll >= 0) {
        m_notifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &Poller::dispatch);
    }
#endif
}

Poller::~Poller()
{
    qDeleteAll(m_entries);
    qDeleteAll(m_retired);
#if defined(PORTIER_EPOLL)
    if (m_epoll >= 0)
        ::close(m_epoll);
#endif
}

bool Poller::isValid() const
{
#if defined(PORTIER_EPOLL)
    return m_epoll >= 0;
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
    entry->exclusive = exclusive;

#if defined(PORTIER_EPOLL)
    epoll_event event{};
    event.events = ((interest & PollHandler::Readable) ? EPOLLIN : 0u) | ((interest & PollHandler::Writable) ? EPOLLOUT : 0u);
    if (exclusive)
        event.events |= EPOLLEXCLUSIVE;
    event.data.ptr = entry;
    epoll_ctl(m_epoll, added ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, socket, &event);
#else
    auto ensure = [&](QSocketNotifier *&notifier, QSocketNotifier::Type type, quint32 bit) {
        if (!(interest & bit)) {
            if (notifier)
                notifier->setEnabled(false);
            return;
        }
        if (!notifier) {
            notifier = new QSocketNotifier(qintptr(socket), type, this);
            connect(notifier, &QSocketNotifier::activated, this, [this, socket, bit] {
                if (m_before)
                    m_before();
                if (Entry *e = m_entries.value(socket); e && (e->interest & bit))
                    e->handler->handleEvents(bit);
                if (m_after)
                    m_after();
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
    Entry *entry = m_entries.take(socket);
    if (!entry)
        return;
#if defined(PORTIER_EPOLL)
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, socket, nullptr);
    // Events already fetched in this batch may still point at the entry: free it after.
    entry->handler = nullptr;
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

void Poller::dispatch()
{
#if defined(PORTIER_EPOLL)
    epoll_event events[maxEventsPerWake];
    const int count = epoll_wait(m_epoll, events, maxEventsPerWake, 0);
    if (count <= 0)
        return;
    if (m_before)
        m_before();
    for (int i = 0; i < count; ++i) {
        auto *entry = static_cast<Entry *>(events[i].data.ptr);
        if (!entry->handler)
            continue; // unwatched earlier in this batch
        const quint32 e = events[i].events;
        quint32 ready = 0;
        if (e & (EPOLLIN | EPOLLRDHUP))
            ready |= PollHandler::Readable;
        if (e & EPOLLOUT)
            ready |= PollHandler::Writable;
        if (e & (EPOLLERR | EPOLLHUP))
            ready |= PollHandler::Error | (entry->interest & (PollHandler::Readable | PollHandler::Writable));
        entry->handler->handleEvents(ready);
    }
    for (Entry *entry : m_retired)
        delete entry;
    m_retired.clear();
    if (m_after)
        m_after();
#endif
}
