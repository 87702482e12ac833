#include "worker.h"
#include "accesslog.h"
#include "platform/datagrambatch.h"

#include "tcpsession.h"
#include "udpsession.h"
#include "workerload.h"

#include <errorlog.h>
#include <processinfo.h>

#include <chrono>

namespace {
// Connections taken per readiness report. The socket is level-triggered, so anything left
// is reported again on the next wake; this keeps one busy listener from starving sessions.
constexpr int acceptBatch = 64;
// nginx stops accepting for 500 ms when out of file descriptors (ngx_event_accept).
constexpr int acceptPauseMs = 500;
// Descriptors kept back from worker_connections "auto" for listening sockets, the log file,
// host lookups, health checks and the GUI.
constexpr qint64 reservedDescriptors = 64;
constexpr int minimumAutoConnections = 32;
// Without a known limit (Windows): nginx's default is 512; a proxy on a desktop gets more.
constexpr int unlimitedAutoConnections = 16384;
// A flood refused at the cap writes one line a second per worker, saying how many it held back.
constexpr qint64 refusalLogIntervalMs = 1000;
} // namespace

struct Worker::AcceptHandle final : PollHandler
{
    Worker *worker = nullptr;
    std::shared_ptr<const Listener> listener;
    void handleEvents(quint32) override { worker->acceptFrom(this); }
};

struct Worker::DatagramTrim final : WorkerTask
{
    Worker *worker = nullptr;
    void expire() override { worker->m_datagrams->trim(); }
};

Worker::Worker(int index, std::shared_ptr<ErrorLog> log, std::shared_ptr<std::atomic<quint64>> connectionCounter,
               std::shared_ptr<WorkerLoad> load)
    : m_index(index), m_log(std::move(log)), m_connectionCounter(std::move(connectionCounter)), m_load(std::move(load)),
      m_scratch(new char[scratchSize]), m_datagrams(new DatagramBatch), m_datagramTrim(new DatagramTrim), m_timer(this), m_resumeAccepting(this), m_refusalLog(refusalLogIntervalMs), m_registry(index)
{
}

Worker::~Worker()
{
    shutdown();
}

void Worker::initialize()
{
    m_poller = new Poller(this);
    m_poller->setBatchHooks([this] { refreshNow(); },
                            [this] {
                                flushDatagrams();
                                deleteRetired();
                                scheduleTimer();
                            });
    m_datagramTrim->worker = this;
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Worker::processDeadlines);
    m_resumeAccepting.setSingleShot(true);
    connect(&m_resumeAccepting, &QTimer::timeout, this, &Worker::updateAccepting);
    refreshNow();
}

void Worker::refreshNow()
{
    using namespace std::chrono;
    m_nowMs = duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

void Worker::setListeners(const QList<std::shared_ptr<const Listener>> &all)
{
    // UDP listeners: each is served by one worker (see UdpRelay), the rest accept TCP.
    QList<std::shared_ptr<const Listener>> listeners;
    QList<std::shared_ptr<const Listener>> udp;
    for (const auto &listener : all) {
        if (listener->config.protocol != ListenerConfig::Protocol::Udp)
            listeners << listener;
        else if (listener->udpWorker == m_index)
            udp << listener;
    }
    for (auto it = m_udpRelays.begin(); it != m_udpRelays.end();) {
        const auto kept = std::find_if(udp.begin(), udp.end(), [&](const auto &l) { return l->acceptor == (*it)->listener()->acceptor; });
        if (kept != udp.end()) {
            (*it)->setListener(*kept);
            udp.erase(kept);
            ++it;
        } else {
            m_poller->unwatch((*it)->listener()->acceptor->socket());
            it = m_udpRelays.erase(it); // its sessions close; the socket closes with the Acceptor
        }
    }
    for (const auto &listener : std::as_const(udp)) {
        auto relay = std::make_unique<UdpRelay>(this, listener);
        m_poller->watch(listener->acceptor->socket(), PollHandler::Readable, relay.get());
        m_udpRelays.push_back(std::move(relay));
    }

    // Stop watching sockets that are gone; the Acceptor closes when its last holder lets go.
    for (auto it = m_accepting.begin(); it != m_accepting.end();) {
        const bool kept = std::any_of(listeners.begin(), listeners.end(), [&](const auto &listener) {
            return listener->acceptor == (*it)->listener->acceptor;
        });
        if (kept) {
            ++it;
        } else {
            m_poller->unwatch((*it)->listener->acceptor->socket());
            it = m_accepting.erase(it);
        }
    }
    for (const auto &listener : listeners) {
        auto found = std::find_if(m_accepting.begin(), m_accepting.end(),
                                  [&](const auto &handle) { return handle->listener->acceptor == listener->acceptor; });
        if (found != m_accepting.end()) {
            (*found)->listener = listener; // new settings for new connections; sessions keep theirs
            continue;
        }
        auto handle = std::make_unique<AcceptHandle>();
        handle->worker = this;
        handle->listener = listener;
        if (m_watchingListeners)
            m_poller->watch(listener->acceptor->socket(), PollHandler::Readable, handle.get(), true);
        m_accepting.push_back(std::move(handle));
    }
}

void Worker::acceptFrom(AcceptHandle *handle)
{
    const std::shared_ptr<const Listener> listener = handle->listener;
    for (int i = 0; i < acceptBatch; ++i) {
        if (m_full) {
            // Full while another worker has room: leave the backlog to it, except for a
            // connection the kernel woke this worker for (another worker is not woken for it).
            if (!m_load->allFull()) {
                if (i == 0)
                    refuseOne(*listener);
                updateAccepting();
                return;
            }
            if (!refuseOne(*listener))
                return;
            continue;
        }
        Net::Endpoint peer;
        int error = 0;
        const Net::Socket socket = Net::accept(listener->acceptor->socket(), &peer, &error);
        if (socket == Net::invalidSocket) {
            if (error && Net::isTooManyFiles(error)) {
                m_log->write(ErrorLog::Level::Alert, QStringLiteral("accept() failed (%1) while accepting new connection on %2; "
                                                                    "raise the open-files limit (ulimit -n)")
                                                         .arg(Net::errorString(error), listener->acceptor->listenText()));
                pauseAccepting();
            } else if (error) {
                m_log->write(ErrorLog::Level::Error, QStringLiteral("accept() failed (%1) while accepting new connection on %2")
                                                         .arg(Net::errorString(error), listener->acceptor->listenText()));
                // The listener stays readable (level-triggered): an error that lasts would repeat
                // at once, in a loop. Wine reports its wineserver out of descriptors as WSAEINVAL.
                pauseAccepting();
            }
            return;
        }
        const quint64 number = nextConnectionNumber();
        // A PROXY header comes first: the session asks once it has named the client (realip).
        LimitConnHold hold;
        if (!listener->config.proxyProtocol.accept && !admit(*listener, peer, number, false, listener->serverFor(socket), &hold)) {
            Net::close(socket); // as ngx_stream_finalize_session: no upstream was chosen
            continue;
        }
        auto *session = new TcpSession(this, listener, socket, peer, number);
        session->holdLimits(std::move(hold));
        session->workerIndex = int(m_sessions.size());
        m_sessions.push_back(session);
        sessionOpened();
        session->start();
    }
}

// nginx's ngx_event_accept without a free connection: accept, log, close. Returns whether
// there was a connection to refuse.
bool Worker::refuseOne(const Listener &listener)
{
    Acceptor &acceptor = *listener.acceptor;
    Net::Endpoint peer;
    int error = 0;
    const Net::Socket socket = Net::accept(acceptor.socket(), &peer, &error);
    if (socket == Net::invalidSocket) {
        if (error && Net::isTooManyFiles(error))
            pauseAccepting();
        return false;
    }
    // Counted before the close: a client that sees the close then finds it in the stats.
    acceptor.accepted.fetch_add(1, std::memory_order_relaxed); // as nginx's "accepts"; not handled
    acceptor.refusedFull.fetch_add(1, std::memory_order_relaxed);
    Net::close(socket);
    refreshNow();
    if (m_refusalLog.allow(m_nowMs)) {
        const quint64 held = m_refusalLog.held();
        m_log->write(ErrorLog::Level::Alert,
                     QStringLiteral("%1 worker_connections are not enough; every worker is full, so worker %2 closed a new connection "
                                    "from %3 on %4%5 (raise worker_connections or the open-files limit)")
                         .arg(m_connectionLimit).arg(m_index).arg(peer.toString(), acceptor.listenText(),
                                                                   held ? QStringLiteral(", and %1 more since the last such line").arg(held)
                                                                        : QString()));
    }
    return true;
}

bool Worker::admit(const Listener &listener, const Net::Endpoint &client, quint64 number, bool udp, const Net::Endpoint &server,
                   LimitConnHold *hold, bool sessionStarted, int *status, quint64 received)
{
    // nginx finalizes a refused session with 503 or 403 and logs it like any other.
    auto logRefusal = [&](int code) {
        if (status)
            *status = code;
        if (!sessionStarted && listener.accessLog)
            AccessLogFacts::writeRefused(*listener.accessLog, client, server, udp, number, code, hold->status(), received);
    };
    Acceptor &acceptor = *listener.acceptor;
    const QString udpPrefix = udp ? QStringLiteral("udp ") : QString();
    auto refused = [&](std::atomic<quint64> &counter) {
        counter.fetch_add(1, std::memory_order_relaxed);
        if (sessionStarted)
            return; // counted and logged as connected when it was accepted
        acceptor.accepted.fetch_add(1, std::memory_order_relaxed); // nginx counts it accepted too
        if (m_log->isEnabled(ErrorLog::Level::Info))
            m_log->write(ErrorLog::Level::Info, number, QStringLiteral("%1client %2 connected to %3").arg(udpPrefix, client.toString(), acceptor.listenText()));
    };
    // Preaccess before access, as nginx's phases run: a client over a limit is refused for
    // the limit even when a rule would deny it too.
    if (listener.limits) {
        const StreamFacts facts = streamFacts(client.address, client.port, server.address, server.port, udp, number);
        auto context = [&] { return QStringLiteral(", %1client: %2, server: %3").arg(udpPrefix, client.address.toString(), acceptor.listenText()); };
        if (!listener.limits->admit(facts, *m_log, number, context, hold, [&] { refused(acceptor.limited); })) {
            logRefusal(503);
            return false;
        }
    }
    if (listener.admits(client.address))
        return true;
    hold->releaseAll();
    refused(acceptor.denied);
    // ngx_stream_access_found's words, with the context ngx_stream_log_error adds.
    if (m_log->isEnabled(ErrorLog::Level::Error))
        m_log->write(ErrorLog::Level::Error, number, QStringLiteral("access forbidden by rule while initializing session, %1client: %2, server: %3")
                                                         .arg(udpPrefix, client.address.toString(), acceptor.listenText()));
    logRefusal(403);
    return false;
}

void Worker::pauseAccepting()
{
    m_resumeAccepting.start(acceptPauseMs);
    updateAccepting();
}

// Watches the listening sockets unless out of descriptors (for a pause) or at the cap while
// another worker has room.
void Worker::updateAccepting()
{
    const bool wanted = !m_resumeAccepting.isActive() && (!m_full || m_load->allFull());
    if (wanted == m_watchingListeners || !m_poller)
        return;
    m_watchingListeners = wanted;
    for (const auto &handle : m_accepting) {
        if (wanted)
            m_poller->watch(handle->listener->acceptor->socket(), PollHandler::Readable, handle.get(), true);
        else
            m_poller->unwatch(handle->listener->acceptor->socket());
    }
}

void Worker::setConnectionLimit(int limit)
{
    m_connectionLimit = qMax(connectionsPerSession, limit);
    const bool full = !hasRoomForSession();
    if (full != m_full) {
        m_full = full;
        full ? void(m_load->markFull()) : m_load->markRoom();
    }
    updateAccepting();
}

int Worker::autoConnectionLimit(int workers)
{
    const qint64 files = ProcessInfo::openFilesLimit();
    if (files <= 0)
        return unlimitedAutoConnections;
    const qint64 share = (files - reservedDescriptors) / qMax(1, workers) - PipePool::maxDescriptors;
    return int(qBound(qint64(minimumAutoConnections), share, qint64(std::numeric_limits<int>::max())));
}

void Worker::sessionOpened()
{
    m_connections += connectionsPerSession;
    if (!m_full && !hasRoomForSession()) {
        // Stop watching now, before the kernel hands this worker a connection another could take.
        m_full = true;
        m_load->markFull();
        updateAccepting();
    }
}

void Worker::sessionClosed()
{
    m_connections -= connectionsPerSession;
    if (m_full && hasRoomForSession()) {
        m_full = false;
        m_load->markRoom();
    }
    if (!m_watchingListeners)
        updateAccepting(); // back under the cap: accept again (unless paused for descriptors)
}

void Worker::processDeadlines()
{
    refreshNow();
    m_timerDueMs = -1;
    while (!m_deadlines.isEmpty() && m_deadlines.earliestMs() <= m_nowMs)
        m_deadlines.takeEarliest()->expire();
    flushDatagrams(); // replies read by a session whose rate delay ended
    deleteRetired();
    scheduleTimer();
}

void Worker::flushDatagrams()
{
    m_datagrams->flush();
    // Large datagrams made the batch's pages resident: give them back a second later (at most
    // once a second while they keep coming, not after every one; datagrambatch.h).
    if (m_datagrams->needsTrim() && !m_datagramTrim->isArmed())
        arm(m_datagramTrim.get(), m_nowMs + DatagramBatch::trimDelayMs);
}

void Worker::scheduleTimer()
{
    if (m_deadlines.isEmpty())
        return; // a timer left running only fires early, which is harmless
    const qint64 due = m_deadlines.earliestMs();
    if (m_timer.isActive() && due >= m_timerDueMs)
        return;
    m_timerDueMs = due;
    m_timer.start(int(qBound<qint64>(0, due - m_nowMs, qint64(std::numeric_limits<int>::max()))));
}

void Worker::retire(TcpSession *session)
{
    const int index = session->workerIndex;
    if (index >= 0) {
        // The last one takes its place: no search, and no node per session as a set has.
        TcpSession *last = m_sessions.back();
        m_sessions[size_t(index)] = last;
        last->workerIndex = index;
        m_sessions.pop_back();
        session->workerIndex = -1;
        m_retired.push_back(session);
        sessionClosed();
    }
}

void Worker::retire(WorkerTask *task)
{
    m_retired.push_back(task);
}

void Worker::deleteRetired()
{
    for (WorkerTask *task : m_retired) {
        m_deadlines.disarm(task); // (each disarms as it closes; a task armed here would leave a dangling entry)
        delete task;
    }
    m_retired.clear();
}

void Worker::shutdown()
{
    if (!m_poller)
        return;
    if (m_watchingListeners) {
        for (const auto &handle : m_accepting)
            m_poller->unwatch(handle->listener->acceptor->socket());
    }
    m_accepting.clear();
    for (const auto &relay : m_udpRelays)
        m_poller->unwatch(relay->listener()->acceptor->socket());
    m_udpRelays.clear();
    if (m_full) {
        m_full = false;
        m_load->markRoom();
    }
    const std::vector<TcpSession *> sessions(m_sessions.begin(), m_sessions.end());
    for (TcpSession *session : sessions)
        session->abort();
    deleteRetired();
    m_timer.stop();
    m_resumeAccepting.stop();
    delete m_poller; // its notifier must go in this thread
    m_poller = nullptr;
}
