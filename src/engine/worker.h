#pragma once

#include "acceptor.h"
#include "deadlineheap.h"
#include "logthrottle.h"
#include "platform/pipepool.h"
#include "platform/poller.h"
#include "sessionregistry.h"

#include <QObject>
#include <QTimer>
#include <limits>
#include <memory>
#include <vector>

class DatagramBatch;
class ErrorLog;
class TcpSession;
class UdpRelay;
class WorkerLoad;

// One proxy worker: lives in its own QThread with its own event loop and Poller. Accepts
// from every listener's socket, and owns each session it accepted for the session's whole
// life. Everything here runs in the worker's thread; the Engine talks to it only through
// queued calls (QMetaObject::invokeMethod).
class Worker : public QObject
{
    Q_OBJECT

public:
    Worker(int index, std::shared_ptr<ErrorLog> log, std::shared_ptr<std::atomic<quint64>> connectionCounter,
           std::shared_ptr<WorkerLoad> load);
    ~Worker() override;

    // Worker thread only, from here on.
    void initialize();
    void setListeners(const QList<std::shared_ptr<const Listener>> &listeners);
    void shutdown(); // stop accepting, close every session

    int index() const { return m_index; }
    Poller &poller() { return *m_poller; }
    ErrorLog &log() { return *m_log; }
    qint64 nowMs() const { return m_nowMs; } // monotonic, refreshed once per batch of events
    void refreshNow();
    quint64 nextConnectionNumber() { return m_connectionCounter->fetch_add(1, std::memory_order_relaxed) + 1; }
    int sessionCount() const { return int(m_sessions.size()); }
    SessionRegistry &sessions() { return m_registry; } // the live sessions, TCP and UDP, for views and the API

    // worker_connections: the cap on connections this worker holds open (a proxied session,
    // TCP or UDP, counts two, as in nginx). At the cap the worker stops accepting, so other
    // workers take new connections and the process keeps descriptors for what it holds;
    // when every worker is full, new connections are accepted and closed at once, with a
    // log line (see WorkerLoad).
    void setConnectionLimit(int limit);
    int connectionLimit() const { return m_connectionLimit; }
    int connectionCount() const { return m_connections; }
    bool hasRoomForSession() const { return m_connections + connectionsPerSession <= m_connectionLimit; }
    void sessionOpened();
    void sessionClosed();
    static constexpr int connectionsPerSession = 2;
    // "auto": the open-files limit less a reserve (listening sockets, log file, the GUI),
    // shared out between the workers.
    static int autoConnectionLimit(int workers);

    // One read buffer for every session of this worker: a session holds memory of its own
    // only while the other side cannot take what was read.
    static constexpr qint64 scratchSize = 64 * 1024;
    char *scratch() { return m_scratch.get(); }
    PipePool &pipes() { return m_pipes; } // for splice(): see pipepool.h
    // The UDP datagrams in flight (recvmmsg/sendmmsg slots, platform/datagrambatch.h): replies
    // queued there leave when the current batch of events ends (flushDatagrams).
    DatagramBatch &datagrams() { return *m_datagrams; }
    void flushDatagrams();

    // Session deadlines (connect timeout, proxy_timeout). A session re-arms lazily: activity
    // only updates its own timestamp, and an expired entry asks the session what it wants.
    // Arming an armed task moves its deadline.
    void arm(WorkerTask *task, qint64 deadlineMs) { m_deadlines.arm(task, deadlineMs); }
    void disarm(WorkerTask *task) { m_deadlines.disarm(task); }

    // nginx's preaccess (limit_conn) and access phases on a new client, before any session or
    // upstream exists. A refused one is counted and logged as nginx logs it; the caller drops
    // it. An admitted one is counted in its zones by `hold`, which the session keeps.
    // `server` is the local address it reached (known only on wildcard TCP listeners by
    // asking the socket, which is then done only when a zone key reads $server_addr).
    // sessionStarted: asked by a session that was counted and logged as connected already
    // (one that read a PROXY header first, so realip could name the client).
    // A refused one gets nginx's status in `status` (403 denied, 503 over a limit); one refused
    // before any session is written to the listener's access log here, with `received` bytes
    // from the client (a UDP client's first datagram, which nginx counts in $bytes_received).
    bool admit(const Listener &listener, const Net::Endpoint &client, quint64 number, bool udp, const Net::Endpoint &server,
               LimitConnHold *hold, bool sessionStarted = false, int *status = nullptr, quint64 received = 0);

    void retire(TcpSession *session); // closed: deleted once the current batch is done
    void retire(WorkerTask *task);     // the same for tasks the worker does not list (UDP sessions)

private:
    struct AcceptHandle;
    void acceptFrom(AcceptHandle *handle);
    bool refuseOne(const Listener &listener);
    void pauseAccepting();
    void updateAccepting();
    void processDeadlines();
    void scheduleTimer();
    void deleteRetired();
    struct DatagramTrim;

    int m_index;
    std::shared_ptr<ErrorLog> m_log;
    std::shared_ptr<std::atomic<quint64>> m_connectionCounter;
    std::shared_ptr<WorkerLoad> m_load;
    Poller *m_poller = nullptr;
    std::unique_ptr<char[]> m_scratch;
    PipePool m_pipes;
    std::unique_ptr<DatagramBatch> m_datagrams;
    std::unique_ptr<DatagramTrim> m_datagramTrim; // gives large datagrams' pages back a while after
    qint64 m_nowMs = 0;
    std::vector<std::unique_ptr<AcceptHandle>> m_accepting;
    std::vector<TcpSession *> m_sessions; // each knows its place (TcpSession::workerIndex)
    std::vector<WorkerTask *> m_retired;
    std::vector<std::unique_ptr<UdpRelay>> m_udpRelays;
    DeadlineHeap m_deadlines;
    QTimer m_timer;
    qint64 m_timerDueMs = -1;
    QTimer m_resumeAccepting;
    int m_connectionLimit = std::numeric_limits<int>::max();
    int m_connections = 0;
    bool m_full = false; // counted full in m_load
    LogThrottle m_refusalLog;
    bool m_watchingListeners = true;
    SessionRegistry m_registry;
};
