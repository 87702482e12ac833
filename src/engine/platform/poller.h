#pragma once

#include "net.h"
#include "workerdispatcher.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>
#include <vector>

#if defined(Q_OS_WIN)
#include "wsapollthread.h"
#endif

class QSocketNotifier;

// Receives readiness for one socket. Implemented by the sessions' socket handles and the
// workers' accept handles; lives as long as it is registered (sessions are deleted only
// after the poller's current batch, so a pending event never reaches a freed handler).
class PollHandler
{
public:
    // PeerClosed: the peer sent its FIN (EPOLLRDHUP), reported by edge-triggered registrations
    // only; together with a read shorter than asked it means end of stream without another recv().
    enum Event : quint32 { Readable = 1, Writable = 2, Error = 4, PeerClosed = 8 };
    virtual void handleEvents(quint32 events) = 0;

protected:
    ~PollHandler() = default;
};

// One readiness source per worker thread. Qt's stock dispatchers poll every registered
// QSocketNotifier on each wake-up; with 9,000 idle connections that cost a relay 95% of its
// speed (DESIGN.md). On Linux this is one epoll set (level-triggered registrations, and
// edge-triggered ones for plain sessions: watchEdgeTriggered), so a wake-up costs what is
// ready, not what is open: the set of the thread's WorkerEventDispatcher when it runs one
// (the dispatcher blocks in epoll_wait and hands the Poller its events), else an epoll
// descriptor of its own behind a single QSocketNotifier. On Windows a helper thread waits in
// WSAPoll() on the worker's sockets and hands it batches (WsaPollThread: Qt's notifiers lost
// Winsock's edge-like events). Elsewhere it falls back to a QSocketNotifier per socket and
// direction (correct, without the scaling).
// Lives in its worker's thread; not thread-safe.
class Poller : public QObject, private EpollBatchObserver
{
    Q_OBJECT

public:
    explicit Poller(QObject *parent = nullptr);
    ~Poller() override;

    bool isValid() const;

    // interest: Readable | Writable. An interest of 0 unregisters the socket (level-triggered
    // epoll would otherwise keep reporting a hang-up nobody is waiting for).
    // exclusive: several workers' pollers watch one listening socket; wake only one of them.
    void watch(Net::Socket socket, quint32 interest, PollHandler *handler, bool exclusive = false);
    // Always an explicit EPOLL_CTL_DEL: close() removes a socket from the epoll set only once
    // no other descriptor refers to it, and a fork() (QProcess) between socket() and exec()
    // holds such a duplicate; a level-triggered registration holds a pointer and would report
    // events for a freed handler (seen as a crash in tst_tlsupstream). See unwatchForClose.
    void unwatch(Net::Socket socket);

    // Edge-triggered registration (Linux's epoll only; supportsEdgeTriggered() says): one
    // EPOLL_CTL_ADD for the socket's life, for reading, writing and the peer's FIN
    // (EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET), as nginx registers its connections. The
    // handler gets each edge whatever it waits for, and must read until a read comes back
    // short or would block, or call rearm(): no further edge comes for bytes it left unread.
    // An ADD reports what is already ready, so a socket registered late misses nothing.
    bool supportsEdgeTriggered() const;
    void watchEdgeTriggered(Net::Socket socket, PollHandler *handler);
    // Bytes were left unread on an edge-triggered socket (a per-event limit): report it
    // readable again. Under the worker dispatcher this is a posted event, delivered after
    // the next wait's events without a system call (nginx's posted events); otherwise one
    // EPOLL_CTL_MOD, which reports it at the next wait if it is still ready.
    void rearm(Net::Socket socket);
    // The socket is closed right after. An edge-triggered one is not unregistered: close()
    // removes it from the set once no descriptor refers to it. Its registration carries a
    // token, not a pointer, so if a duplicate (a fork()ed child's, between fork and exec)
    // keeps it alive, its events name a token that is no longer known and are dropped
    // (staleEvents()). A level-triggered one is unregistered (unwatch): it would report a
    // ready duplicate at every wait. Every socket the engine opens is close-on-exec.
    void unwatchForClose(Net::Socket socket);

    // For tests: edge events dropped because their socket was closed (all pollers), and the
    // epoll_ctl calls all pollers made.
    static quint64 staleEvents();
    static quint64 controlCalls();

    // Called before each batch of events is dispatched and after it, in the worker thread.
    void setBatchHooks(std::function<void()> before, std::function<void()> after);

    // Whether the thread's WorkerEventDispatcher delivers the events (one syscall per wake).
    bool usesWorkerDispatcher() const { return !m_dispatcher.isNull(); }

private:
    void dispatch(); // own epoll descriptor: its notifier fired
#if defined(Q_OS_WIN)
    void dispatchBatch(const std::vector<WsaPollThread::Ready> &batch);
#endif
    void beginBatch() override;
    void endBatch() override;
    void tokenReady(quint64 token, quint32 epollEvents) override;
    bool hasPosted() const override { return !m_posted.empty(); }
    void deliverPosted() override;

    struct Entry;
    QHash<Net::Socket, Entry *> m_entries; // level-triggered registrations
#if defined(Q_OS_LINUX)
    // Edge-triggered registrations, indexed by descriptor (descriptors are small and dense, as
    // nginx's connection table assumes): no allocation and no hash entry per registration,
    // which an idle connection's two sockets would otherwise pay 200 bytes for. The token an
    // event carries is the descriptor and the slot's generation, so an event for a closed
    // registration (kept alive by a fork()ed duplicate) or for an earlier user of a reused
    // descriptor names a generation the slot no longer has, and is dropped.
    struct EdgeSlot
    {
        PollHandler *handler = nullptr; // null: no edge-triggered registration
        quint32 generation = 0;
        bool posted = false; // in m_posted already
        // Ends the registration; the generation stays, so its tokens stay stale.
        void release()
        {
            handler = nullptr;
            posted = false;
        }
    };
    EdgeSlot *edgeSlot(Net::Socket socket);  // the socket's registration, or null
    EdgeSlot *edgeSlotOf(quint64 token);     // the registration a token names, or null if gone
    std::vector<EdgeSlot> m_edgeSlots;
#endif
    int m_epoll = -1;
    bool m_ownsEpoll = false;
    QSocketNotifier *m_notifier = nullptr;
#if defined(Q_OS_LINUX)
    QPointer<WorkerEventDispatcher> m_dispatcher;
#else
    QPointer<QObject> m_dispatcher; // always null
#endif
    std::function<void()> m_before;
    std::function<void()> m_after;
    std::vector<Entry *> m_retired; // unwatched during a batch, freed at its end
    std::vector<quint64> m_posted;  // tokens rearm() posted, for the next batch
    int m_batchDepth = 0;           // batches nest when a handler runs an event loop
#if defined(Q_OS_WIN)
    WsaPollThread *m_pollThread = nullptr;
#endif
    quint64 m_serials = 0;                  // Windows: the last Entry::serial handed out
};
