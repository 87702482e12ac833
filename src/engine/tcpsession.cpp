#include "tcpsession.h"

#include <errorlog.h>

namespace {
// Reads per readiness report and direction, so one fast stream cannot starve the others.
constexpr int maxReadsPerEvent = 16;
} // namespace

TcpSession::TcpSession(Worker *worker, std::shared_ptr<const Listener> listener, Net::Socket client,
                       const Net::Endpoint &clientAddress, quint64 number)
    : m_worker(worker), m_listener(std::move(listener)), m_clientAddress(clientAddress), m_number(number),
      m_deadline(worker->noDeadline())
{
    m_client.session = this;
    m_client.side = Side::Client;
    m_client.socket = client;
    m_upstream.session = this;
    m_upstream.side = Side::Upstream;
    m_toUpstream.from = &m_client;
    m_toUpstream.to = &m_upstream;
    m_toClient.from = &m_upstream;
    m_toClient.to = &m_client;
}

TcpSession::~TcpSession()
{
    // Sessions are deleted only by their worker, after close() retired them.
    Q_ASSERT(m_state == State::Closed);
}

void TcpSession::start()
{
    Acceptor &acceptor = *m_listener->acceptor;
    acceptor.accepted.fetch_add(1, std::memory_order_relaxed);
    acceptor.active.fetch_add(1, std::memory_order_relaxed);
    Net::setNoDelay(m_client.socket);
    m_startMs = m_lastActivityMs = m_worker->nowMs();
    ErrorLog &log = m_worker->log();
    if (log.isEnabled(ErrorLog::Level::Info))
        log.write(ErrorLog::Level::Info, m_number, QStringLiteral("client %1 connected to %2").arg(m_clientAddress.toString(), acceptor.listenText()));

    m_tries = m_listener->group->initialTries();
    const int limit = m_listener->config.proxyNextUpstreamTries;
    if (limit && m_tries > limit)
        m_tries = limit;
    connectNext();
}

void TcpSession::connectNext()
{
    UpstreamGroup &group = *m_listener->group;
    PickContext context{m_clientAddress, {}, m_worker->nowMs()};
    if (group.keyNeedsServerAddress())
        context.server = Net::localEndpoint(m_client.socket);
    m_server = group.pick(context, &m_pick);
    if (!m_server) {
        m_listener->acceptor->noLiveUpstreams.fetch_add(1, std::memory_order_relaxed);
        finish(QStringLiteral("no live upstreams while connecting to upstream"), int(ErrorLog::Level::Error));
        return;
    }
    m_connectStartMs = context.nowMs;
    m_measuring = group.measuresTime();
    m_firstByteSeen = false;
    int error = 0;
    const Net::ConnectStatus status = Net::connectTcp(m_server->endpoint, &m_upstream.socket, &error);
    switch (status) {
    case Net::ConnectStatus::Failed:
        connectFailed(error, false);
        return;
    case Net::ConnectStatus::Connected:
        connected();
        return;
    case Net::ConnectStatus::InProgress:
        m_connectDeadlineMs = m_worker->nowMs() + m_listener->config.proxyConnectTimeoutMs;
        setDeadline(m_connectDeadlineMs);
        m_upstream.interest = PollHandler::Writable;
        m_worker->poller().watch(m_upstream.socket, m_upstream.interest, &m_upstream);
        return;
    }
}

void TcpSession::onConnectReady()
{
    const int error = Net::pendingError(m_upstream.socket);
    if (error)
        connectFailed(error, false);
    else
        connected();
}

void TcpSession::connected()
{
    Net::setNoDelay(m_upstream.socket);
    m_state = State::Relaying;
    UpstreamGroup &group = *m_listener->group;
    group.connected(m_server, m_worker->nowMs() - m_connectStartMs);
    if (m_measuring && group.config().leastTimeMode == UpstreamConfig::LeastTimeMode::Connect)
        endMeasurement();
    ErrorLog &log = m_worker->log();
    if (log.isEnabled(ErrorLog::Level::Info))
        log.write(ErrorLog::Level::Info, m_number, QStringLiteral("proxy %1 connected to %2")
                                                      .arg(Net::localEndpoint(m_upstream.socket).toString(), m_server->config.address));
    m_lastActivityMs = m_worker->nowMs();
    setDeadline(m_lastActivityMs + m_listener->config.proxyTimeoutMs);
    updateInterest();
}

void TcpSession::connectFailed(int error, bool timedOut)
{
    ErrorLog &log = m_worker->log();
    const QString what = timedOut ? QStringLiteral("upstream timed out (%1) while connecting to upstream")
                                  : QStringLiteral("connect() failed (%1) while connecting to upstream");
    log.write(ErrorLog::Level::Error, m_number, what.arg(Net::errorString(error)) + context());
    m_listener->acceptor->connectFailures.fetch_add(1, std::memory_order_relaxed);
    m_server->connectFailures.fetch_add(1, std::memory_order_relaxed);

    m_worker->poller().unwatch(m_upstream.socket);
    Net::close(m_upstream.socket);
    m_upstream.socket = Net::invalidSocket;
    m_upstream.interest = 0;

    const qint64 now = m_worker->nowMs();
    endMeasurement();
    if (m_listener->group->release(m_server, true, now, &m_tries))
        log.write(ErrorLog::Level::Warn, m_number, QStringLiteral("upstream server temporarily disabled while connecting to upstream") + context());
    m_server = nullptr;

    const ListenerConfig &config = m_listener->config;
    const qint64 timeout = config.proxyNextUpstreamTimeoutMs;
    if (m_tries == 0 || !config.proxyNextUpstream || (timeout && now - m_startMs >= timeout)) {
        close(); // already logged; nginx answers the client with a close (502 for stream)
        return;
    }
    connectNext();
}

void TcpSession::onEvents(Side side, quint32 events)
{
    if (m_state == State::Closed)
        return;
    if (m_state == State::Connecting) {
        if (side == Side::Upstream)
            onConnectReady();
        return;
    }
    Flow &incoming = side == Side::Client ? m_toClient : m_toUpstream; // written to this side
    Flow &outgoing = side == Side::Client ? m_toUpstream : m_toClient; // read from this side
    if ((events & PollHandler::Writable) && incoming.hasPending() && !relay(incoming))
        return;
    if ((events & PollHandler::Readable) && !relay(outgoing))
        return;
    if (isFinished()) {
        const bool clientFirst = m_toUpstream.eof && (!m_toClient.eof || m_closedFirst == Side::Client);
        finish(clientFirst ? QStringLiteral("client disconnected") : QStringLiteral("upstream disconnected"), int(ErrorLog::Level::Info));
        return;
    }
    updateInterest();
}

bool TcpSession::relay(Flow &flow)
{
    Acceptor &acceptor = *m_listener->acceptor;
    const bool towardsUpstream = &flow == &m_toUpstream;
    auto countWritten = [&](qint64 n) {
        flow.bytesWritten += quint64(n);
        if (towardsUpstream)
            m_server->bytesSent.fetch_add(quint64(n), std::memory_order_relaxed);
        else
            acceptor.bytesToClients.fetch_add(quint64(n), std::memory_order_relaxed);
    };
    auto fail = [&](const char *call, Handle *handle, int error) {
        // nginx logs a client's errors at info (clients vanish all the time) and an
        // upstream's at error.
        const bool upstream = handle->side == Side::Upstream;
        finish(QStringLiteral("%1() failed (%2) while proxying connection").arg(QLatin1StringView(call), Net::errorString(error)),
               int(upstream ? ErrorLog::Level::Error : ErrorLog::Level::Info));
        return false;
    };

    int error = 0;
    if (flow.hasPending()) {
        const qint64 n = Net::send(flow.to->socket, flow.pending.get() + flow.pendingBegin, flow.pendingEnd - flow.pendingBegin, &error);
        if (n == Net::failed)
            return fail("send", flow.to, error);
        if (n > 0) {
            flow.pendingBegin += n;
            countWritten(n);
            m_lastActivityMs = m_worker->nowMs();
        }
        if (flow.hasPending())
            return true;
        flow.pending.reset(); // idle sessions hold no buffer
        flow.pendingBegin = flow.pendingEnd = 0;
    }

    char *buffer = m_worker->scratch();
    for (int reads = 0; !flow.eof && reads < maxReadsPerEvent; ++reads) {
        const qint64 n = Net::receive(flow.from->socket, buffer, Worker::scratchSize, &error);
        if (n == Net::wouldBlock)
            break;
        if (n == Net::failed)
            return fail("recv", flow.from, error);
        if (n == 0) {
            flow.eof = true;
            if (!m_closedFirst)
                m_closedFirst = flow.from->side;
            break;
        }
        flow.bytesRead += quint64(n);
        if (towardsUpstream) {
            acceptor.bytesFromClients.fetch_add(quint64(n), std::memory_order_relaxed);
        } else {
            m_server->bytesReceived.fetch_add(quint64(n), std::memory_order_relaxed);
            if (!m_firstByteSeen) {
                m_firstByteSeen = true;
                m_listener->group->measured(m_server, UpstreamGroup::Timing::FirstByte, m_worker->nowMs() - m_connectStartMs);
                if (m_measuring && m_listener->group->config().leastTimeMode == UpstreamConfig::LeastTimeMode::FirstByte)
                    endMeasurement();
            }
        }
        m_lastActivityMs = m_worker->nowMs();

        qint64 sent = Net::send(flow.to->socket, buffer, n, &error);
        if (sent == Net::failed)
            return fail("send", flow.to, error);
        if (sent == Net::wouldBlock)
            sent = 0;
        if (sent > 0)
            countWritten(sent);
        if (sent < n) {
            // Keep the rest and stop reading this direction until it is delivered.
            flow.pending.reset(new char[Worker::scratchSize]);
            std::memcpy(flow.pending.get(), buffer + sent, size_t(n - sent));
            flow.pendingBegin = 0;
            flow.pendingEnd = n - sent;
            break;
        }
        if (n < Worker::scratchSize)
            break; // a short read drained the socket; level-triggered readiness reports more
    }

    if (flow.eof && !flow.hasPending() && !flow.shutdownSent && m_listener->config.proxyHalfClose) {
        Net::shutdownWrite(flow.to->socket);
        flow.shutdownSent = true;
    }
    return true;
}

bool TcpSession::isFinished() const
{
    auto done = [](const Flow &flow) { return flow.eof && !flow.hasPending(); };
    if (m_listener->config.proxyHalfClose)
        return done(m_toUpstream) && done(m_toClient);
    return done(m_toUpstream) || done(m_toClient); // nginx's default: either side's FIN ends it
}

void TcpSession::updateInterest()
{
    auto wanted = [](const Flow &readFrom, const Flow &writeTo) {
        quint32 interest = 0;
        if (!readFrom.eof && !readFrom.hasPending())
            interest |= PollHandler::Readable;
        if (writeTo.hasPending())
            interest |= PollHandler::Writable;
        return interest;
    };
    const quint32 client = wanted(m_toUpstream, m_toClient);
    const quint32 upstream = wanted(m_toClient, m_toUpstream);
    if (client != m_client.interest) {
        m_client.interest = client;
        m_worker->poller().watch(m_client.socket, client, &m_client);
    }
    if (upstream != m_upstream.interest) {
        m_upstream.interest = upstream;
        m_worker->poller().watch(m_upstream.socket, upstream, &m_upstream);
    }
}

void TcpSession::setDeadline(qint64 deadlineMs)
{
    m_worker->disarm(m_deadline);
    m_deadline = m_worker->arm(this, deadlineMs);
}

void TcpSession::expire()
{
    m_deadline = m_worker->noDeadline(); // the worker already removed the entry
    const qint64 now = m_worker->nowMs();
    if (m_state == State::Connecting) {
        if (now >= m_connectDeadlineMs)
            connectFailed(Net::timedOutError(), true);
        else
            setDeadline(m_connectDeadlineMs);
    } else if (m_state == State::Relaying) {
        const qint64 due = m_lastActivityMs + m_listener->config.proxyTimeoutMs;
        if (now >= due)
            finish(QStringLiteral("Connection timed out (%1) while proxying connection").arg(Net::errorString(Net::timedOutError())),
                   int(ErrorLog::Level::Info));
        else
            setDeadline(due); // there was activity since it was armed
    }
}

void TcpSession::abort()
{
    close();
}

void TcpSession::finish(const QString &reason, int level)
{
    ErrorLog &log = m_worker->log();
    if (log.isEnabled(ErrorLog::Level(level)))
        log.write(ErrorLog::Level(level), m_number, reason + context());
    close();
}

void TcpSession::close()
{
    if (m_state == State::Closed)
        return;
    const bool wasRelaying = m_state == State::Relaying;
    m_state = State::Closed;
    m_worker->disarm(m_deadline);
    m_deadline = m_worker->noDeadline();
    for (Handle *handle : {&m_client, &m_upstream}) {
        if (handle->socket == Net::invalidSocket)
            continue;
        m_worker->poller().unwatch(handle->socket);
        Net::close(handle->socket);
        handle->socket = Net::invalidSocket;
    }
    m_toUpstream.pending.reset();
    m_toClient.pending.reset();
    if (m_server) {
        UpstreamGroup &group = *m_listener->group;
        if (wasRelaying) // least_time last_byte: the whole session, from the connect on
            group.measured(m_server, UpstreamGroup::Timing::LastByte, m_worker->nowMs() - m_connectStartMs);
        endMeasurement();
        group.release(m_server, false, m_worker->nowMs(), nullptr);
        m_server = nullptr;
    }
    m_listener->acceptor->active.fetch_sub(1, std::memory_order_relaxed);
    m_worker->retire(this);
}

QString TcpSession::context() const
{
    const QString upstream = m_server ? m_server->config.address : m_listener->group->name();
    return QStringLiteral(", client: %1, server: %2, upstream: \"%3\", bytes from/to client:%4/%5, bytes from/to upstream:%6/%7")
        .arg(m_clientAddress.address.toString(), m_listener->acceptor->listenText(), upstream)
        .arg(m_toUpstream.bytesRead)
        .arg(m_toClient.bytesWritten)
        .arg(m_toClient.bytesRead)
        .arg(m_toUpstream.bytesWritten);
}

void TcpSession::endMeasurement()
{
    if (!m_measuring)
        return;
    m_measuring = false;
    m_listener->group->finishMeasurement(m_server, m_connectStartMs);
}
