// TcpSession's life: accepting, the events of both sockets handed to the phase the session is
// in, its deadline, and closing. The phases live beside it: the client's side before any
// upstream (tcpsessionclient.cpp), routing by variables and "return" (tcpsessionroute.cpp),
// connecting to the upstream (tcpsessionconnect.cpp), and relaying (tcpsessionrelay.cpp,
// tcpsessionsplice.cpp, tcpsessionedge.cpp).
#include "tcpsession.h"

#include "tls/clienthello.h"

#include <errorlog.h>

TcpSession::TcpSession(Worker *worker, std::shared_ptr<const Listener> listener, Net::Socket client,
                       const Net::Endpoint &clientAddress, quint64 number)
    : m_worker(worker), m_listener(std::move(listener)), m_group(m_listener->group.get()), m_number(number),
      m_clientAddress(clientAddress)
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
    m_edge = choosesEdgeTriggered();
    m_startMs = m_lastActivityMs = m_worker->nowMs();
    m_worker->sessions().add(this, m_number, m_startMs);
    ErrorLog &log = m_worker->log();
    if (log.isEnabled(ErrorLog::Level::Info))
        log.write(ErrorLog::Level::Info, m_number, QStringLiteral("client %1 connected to %2").arg(clientAddress().toString(), acceptor.listenText()));

    if (m_listener->config.proxyProtocol.accept) {
        // nginx reads the header before anything else, under proxy_protocol_timeout.
        m_state = State::ReadingProxyHeader;
        m_proxyHeader = std::make_unique<ProxyHeaderReader>();
        setDeadline(m_startMs + m_listener->config.proxyProtocol.timeoutMs);
        watch(m_client, PollHandler::Readable);
        return;
    }
    begin();
}

void TcpSession::onEvents(Side side, quint32 events)
{
    switch (m_state) {
    case State::Closed:
        return;
    case State::ReadingProxyHeader:
        if (side == Side::Client)
            continueProxyHeader();
        return;
    case State::Handshaking:
        if (side == Side::Client)
            continueHandshake();
        return;
    case State::Prereading:
        if (side == Side::Client)
            continuePreread();
        return;
    case State::Connecting:
        if (side == Side::Upstream)
            onConnectReady(events);
        return;
    case State::UpstreamHandshaking:
        if (side == Side::Upstream)
            continueUpstreamHandshake();
        return;
    case State::Returning:
        if (side == Side::Client)
            continueReturn();
        return;
    case State::Relaying:
        break;
    }
    // TLS may have to write to read and read to write: on a TLS side any readiness retries
    // both directions (each call just reports "would block" when it cannot go on).
    if ((side == Side::Client ? m_client : m_upstream).tls)
        events |= PollHandler::Readable | PollHandler::Writable;
    Flow &incoming = side == Side::Client ? m_toClient : m_toUpstream; // written to this side
    Flow &outgoing = side == Side::Client ? m_toUpstream : m_toClient; // read from this side
    if (m_edge && outgoing.hasPending())
        events &= ~quint32(PollHandler::Readable); // its edges say nothing until the pending bytes go
    if ((events & PollHandler::Writable) && wantsToWrite(incoming) && !relay(incoming))
        return;
    if ((events & PollHandler::Readable) && !relay(outgoing))
        return;
    if (isFinished()) {
        const bool clientFirst = m_toUpstream.eof && (!m_toClient.eof || m_closedFirst == Side::Client);
        m_end = clientFirst ? SessionEnd::ClientClosed : SessionEnd::UpstreamClosed;
        finish(clientFirst ? QStringLiteral("client disconnected") : QStringLiteral("upstream disconnected"), int(ErrorLog::Level::Info));
        return;
    }
    updateInterest();
}

void TcpSession::watch(Handle &handle, quint32 interest)
{
    if (watchEdgeTriggered(handle, interest))
        return;
    if (interest == handle.interest)
        return;
    handle.interest = interest;
    m_worker->poller().watch(handle.socket, interest, &handle);
}

void TcpSession::closeSocket(Handle &handle)
{
    handle.interest = 0;
    handle.ready = 0;
    handle.registered = false;
    if (handle.socket == Net::invalidSocket)
        return;
    m_worker->poller().unwatchForClose(handle.socket);
    Net::close(handle.socket);
    handle.socket = Net::invalidSocket;
}

void TcpSession::setDeadline(qint64 deadlineMs)
{
    m_worker->arm(this, deadlineMs);
}

void TcpSession::expire()
{
    const qint64 now = m_worker->nowMs();
    const QString timedOut = Net::errorString(Net::timedOutError());
    switch (m_state) {
    case State::ReadingProxyHeader:
        m_failed = true;
        m_end = SessionEnd::Timeout;
        if (m_worker->log().isEnabled(ErrorLog::Level::Info))
            m_worker->log().write(ErrorLog::Level::Info, m_number, QStringLiteral("client timed out (%1) while reading PROXY protocol").arg(timedOut) + clientContext());
        close();
        break;
    case State::Handshaking:
        m_end = SessionEnd::Timeout;
        handshakeFailed(QStringLiteral("client timed out (%1) while SSL handshaking").arg(timedOut));
        break;
    case State::Prereading: {
        // nginx's preread_timeout: go on with what was read, to the default group.
        QString serverName;
        ClientHello::parse(m_preread->hello, &serverName);
        prereadDone(serverName);
        break;
    }
    case State::Connecting:
    case State::UpstreamHandshaking:
        if (now >= m_connecting->deadlineMs)
            upstreamFailed(QStringLiteral("upstream timed out (%1) while %2").arg(timedOut, m_state == State::Connecting
                                                                                               ? QStringLiteral("connecting to upstream")
                                                                                               : QStringLiteral("SSL handshaking to upstream")));
        else
            setDeadline(m_connecting->deadlineMs);
        break;
    case State::Relaying: {
        const qint64 due = m_lastActivityMs + m_listener->config.proxyTimeoutMs;
        if (now >= due) {
            m_failed = true;
            m_end = SessionEnd::Timeout;
            finish(QStringLiteral("Connection timed out (%1) while proxying connection").arg(timedOut), int(ErrorLog::Level::Info));
        } else {
            setDeadline(due); // there was activity since it was armed
        }
        break;
    }
    case State::Returning:
        // nginx gives a stalled return 5 s to drain (ngx_stream_return_write_handler).
        m_failed = true;
        m_end = SessionEnd::Timeout;
        finish(QStringLiteral("client timed out (%1) while returning text").arg(timedOut), int(ErrorLog::Level::Info));
        break;
    case State::Closed:
        break;
    }
}

void TcpSession::abort()
{
    m_failed = true;
    m_end = SessionEnd::Stopped;
    close();
}

void TcpSession::finish(const QString &reason, int level)
{
    m_endDetail = reason;
    ErrorLog &log = m_worker->log();
    if (log.isEnabled(ErrorLog::Level(level)))
        log.write(ErrorLog::Level(level), m_number, reason + context());
    close();
}

void TcpSession::close()
{
    if (m_state == State::Closed)
        return;
    // Listed until here, so the recently closed list has its TLS protocol and counters.
    m_worker->sessions().remove(this, m_end.value_or(m_failed ? SessionEnd::Error : SessionEnd::Completed), m_endDetail, m_worker->nowMs());
    const bool wasRelaying = m_state == State::Relaying || m_state == State::Returning;
    if (m_listener->accessLog)
        writeAccessLog(); // before the sockets close: a wildcard listener's $server_addr asks the socket
    m_state = State::Closed;
    m_worker->disarm(this);
    if (m_rates)
        m_worker->disarm(m_rates.get());
    m_limits.releaseAll(); // as soon as it closes, so the client's next connection counts afresh
    for (Handle *handle : {&m_client, &m_upstream}) {
        if (handle->tls) {
            // A parting close_notify, as nginx sends one, unless the connection failed.
            if (wasRelaying && !m_failed)
                handle->tls->shutdown();
            handle->tls.reset();
        }
        closeSocket(*handle);
    }
    m_toUpstream.pending.reset();
    m_toClient.pending.reset();
    m_worker->pipes().release(&m_toUpstream.pipe); // closed, not pooled, if bytes are left in it
    m_worker->pipes().release(&m_toClient.pipe);
    if (m_preread)
        m_preread->hello = QByteArray(); // the name stays, for the recently closed list
    m_connecting.reset();
    if (m_server) {
        UpstreamGroup &group = *m_group;
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
    const QString upstream = m_server ? m_server->config.address : m_group ? m_group->name() : QString();
    return QStringLiteral(", client: %1, server: %2, upstream: \"%3\", bytes from/to client:%4/%5, bytes from/to upstream:%6/%7")
        .arg(clientAddress().address.toString(), m_listener->acceptor->listenText(), upstream)
        .arg(m_toUpstream.bytesRead)
        .arg(m_toClient.bytesWritten)
        .arg(m_toClient.bytesRead)
        .arg(m_toUpstream.bytesWritten);
}

QString TcpSession::clientContext() const
{
    return QStringLiteral(", client: %1, server: %2").arg(clientAddress().address.toString(), m_listener->acceptor->listenText());
}
