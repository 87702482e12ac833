#include "tcpsession.h"

#include "proxyheader.h"
#include "tls/clienthello.h"
#include "tls/tlscontext.h"

#include <errorlog.h>
#include <hostport.h>

namespace {
// Reads per readiness report and direction, so one fast stream cannot starve the others.
constexpr int maxReadsPerEvent = 16;
} // namespace

TcpSession::TcpSession(Worker *worker, std::shared_ptr<const Listener> listener, Net::Socket client,
                       const Net::Endpoint &clientAddress, quint64 number)
    : m_worker(worker), m_listener(std::move(listener)), m_group(m_listener->group.get()), m_clientAddress(clientAddress),
      m_number(number), m_deadline(worker->noDeadline()), m_rateDeadline(worker->noDeadline())
{
    m_rateWake.session = this;
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
    m_edge = choosesEdgeTriggered();
    m_startMs = m_lastActivityMs = m_worker->nowMs();
    m_worker->sessions().add(this, m_number, m_startMs);
    ErrorLog &log = m_worker->log();
    if (log.isEnabled(ErrorLog::Level::Info))
        log.write(ErrorLog::Level::Info, m_number, QStringLiteral("client %1 connected to %2").arg(m_clientAddress.toString(), acceptor.listenText()));

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

void TcpSession::continueProxyHeader()
{
    int error = 0;
    ErrorLog &log = m_worker->log();
    switch (m_proxyHeader->read(m_client.socket, &error)) {
    case ProxyHeaderReader::Status::WouldBlock:
        return;
    case ProxyHeaderReader::Status::Failed:
        m_failed = true;
        if (log.isEnabled(ErrorLog::Level::Info))
            log.write(ErrorLog::Level::Info, m_number, QStringLiteral("recv() failed (%1) while reading PROXY protocol").arg(Net::errorString(error)) + clientContext());
        close();
        return;
    case ProxyHeaderReader::Status::Malformed:
        m_failed = true;
        log.write(ErrorLog::Level::Error, m_number, m_proxyHeader->error() + QStringLiteral(" while reading PROXY protocol") + clientContext());
        m_record.status = SessionRecord::BadRequest;
        close();
        return;
    case ProxyHeaderReader::Status::Done:
        break;
    }
    m_proxyProtocol = m_proxyHeader->result().addresses;
    m_proxyHeader.reset();
    watch(m_client, 0);
    // ngx_stream_realip_module, then the access phase with the client it named.
    if (m_proxyProtocol)
        m_clientAddress = ProxyHeader::realClient(m_listener->realIpFrom, m_clientAddress, *m_proxyProtocol);
    if (!m_worker->admit(*m_listener, m_clientAddress, m_number, false, m_listener->serverFor(m_client.socket), &m_limits, true,
                         &m_record.status)) {
        m_failed = true;
        close();
        return;
    }
    m_lastActivityMs = m_worker->nowMs();
    begin();
}

void TcpSession::begin()
{
    if (m_listener->tls) {
        // nginx's order: the client's handshake completes before any upstream is chosen.
        m_state = State::Handshaking;
        m_client.tls = std::make_unique<TlsConnection>(m_listener->tls, m_client.socket);
        if (!m_client.tls->isValid()) {
            handshakeFailed(QStringLiteral("SSL_new() failed (%1) while SSL handshaking").arg(m_client.tls->errorText()));
            return;
        }
        setDeadline(m_startMs + m_listener->config.ssl.handshakeTimeoutMs);
        continueHandshake();
        return;
    }
    if (!m_listener->sniRoutes.isEmpty()) {
        m_state = State::Prereading;
        setDeadline(m_startMs + prereadTimeoutMs);
        watch(m_client, PollHandler::Readable);
        return;
    }
    beginUpstream();
}

void TcpSession::continueHandshake()
{
    TlsConnection &tls = *m_client.tls;
    switch (tls.handshake()) {
    case TlsConnection::Status::WouldBlock:
        watch(m_client, tls.handshakeWaitsFor());
        return;
    case TlsConnection::Status::Failed:
        if (tls.errorText() == u"peer closed connection")
            handshakeFailed(QStringLiteral("peer closed connection in SSL handshake while SSL handshaking"));
        else if (const QString verifyError = tls.verifyError(); !verifyError.isEmpty())
            handshakeFailed(QStringLiteral("client SSL certificate verify error: (%1) while SSL handshaking").arg(verifyError));
        else
            handshakeFailed(QStringLiteral("SSL_do_handshake() failed (%1) while SSL handshaking").arg(tls.errorText()));
        return;
    case TlsConnection::Status::Done:
        break;
    }
    Acceptor &acceptor = *m_listener->acceptor;
    acceptor.tlsHandshakes.fetch_add(1, std::memory_order_relaxed);
    const bool reused = tls.isSessionReused();
    if (reused)
        acceptor.tlsSessionsReused.fetch_add(1, std::memory_order_relaxed);
    const QString serverName = tls.requestedServerName();
    ErrorLog &log = m_worker->log();
    if (log.isEnabled(ErrorLog::Level::Info))
        log.write(ErrorLog::Level::Info, m_number, QStringLiteral("SSL handshake done: %1, %2, %3%4%5")
                                                      .arg(tls.protocol(), tls.cipher(),
                                                           reused ? QStringLiteral("session reused") : QStringLiteral("new session"),
                                                           serverName.isEmpty() ? QString() : QStringLiteral(", server name \"%1\"").arg(serverName),
                                                           clientContext()));
    watch(m_client, 0); // quiet until the upstream is connected
    m_lastActivityMs = m_worker->nowMs();
    chooseGroup(serverName);
    beginUpstream();
}

void TcpSession::handshakeFailed(const QString &what)
{
    // nginx logs a client's failed handshake at info: clients probe, scan and give up all the
    // time. The stats count them so a bad certificate or protocol mismatch still shows.
    m_listener->acceptor->tlsHandshakeFailures.fetch_add(1, std::memory_order_relaxed);
    m_failed = true;
    m_record.status = SessionRecord::InternalServerError; // ngx_stream_ssl_handshake_handler
    ErrorLog &log = m_worker->log();
    if (log.isEnabled(ErrorLog::Level::Info))
        log.write(ErrorLog::Level::Info, m_number, what + clientContext());
    close();
}

void TcpSession::continuePreread()
{
    if (!m_preread.capacity())
        m_preread.reserve(prereadBufferSize);
    char *buffer = m_worker->scratch();
    int error = 0;
    const qint64 room = prereadBufferSize - m_preread.size();
    const qint64 n = Net::receive(m_client.socket, buffer, room, &error);
    if (n == Net::wouldBlock)
        return;
    if (n == Net::failed) {
        m_failed = true;
        finish(QStringLiteral("recv() failed (%1) while prereading client data").arg(Net::errorString(error)), int(ErrorLog::Level::Info));
        return;
    }
    if (n == 0) {
        // nginx goes on with what it has; the FIN is passed on after those bytes.
        m_toUpstream.eof = true;
        m_closedFirst = Side::Client;
        prereadDone(QString());
        return;
    }
    m_preread.append(buffer, n);
    m_toUpstream.bytesRead += quint64(n);
    m_listener->acceptor->bytesFromClients.fetch_add(quint64(n), std::memory_order_relaxed);
    m_lastActivityMs = m_worker->nowMs();
    QString serverName;
    const ClientHello::Result result = ClientHello::parse(m_preread, &serverName);
    if (result == ClientHello::Result::NeedMore && m_preread.size() < prereadBufferSize)
        return;
    prereadDone(serverName);
}

void TcpSession::prereadDone(const QString &serverName)
{
    watch(m_client, 0);
    m_prereadServerName = serverName.toUtf8();
    if (!m_preread.isEmpty())
        m_toUpstream.keep(m_preread.constData(), m_preread.size()); // first to whichever upstream is chosen, as if just read
    m_preread = QByteArray();
    chooseGroup(serverName);
    beginUpstream();
}

void TcpSession::chooseGroup(const QString &serverName)
{
    UpstreamGroup *routed = m_listener->sniRoutes.route(serverName);
    m_group = routed ? routed : m_listener->group.get();
    ErrorLog &log = m_worker->log();
    if (!m_listener->sniRoutes.isEmpty() && log.isEnabled(ErrorLog::Level::Info))
        log.write(ErrorLog::Level::Info, m_number, QStringLiteral("server name \"%1\" routed to %2%3")
                                                      .arg(serverName, m_group->name(), routed ? QString() : QStringLiteral(" (the default)")));
}

void TcpSession::beginUpstream()
{
    if (m_listener->returnText) {
        beginReturn();
        return;
    }
    if (m_listener->variableRoute && !routeByVariable())
        return;
    m_state = State::Connecting;
    // nginx starts the rate's clock here (u->start_sec, when proxying begins).
    m_toUpstream.rate.start(m_listener->config.limits.uploadRate, m_worker->nowMs());
    m_toClient.rate.start(m_listener->config.limits.downloadRate, m_worker->nowMs());
    m_tries = m_group->initialTries();
    const int limit = m_listener->config.proxyNextUpstreamTries;
    if (limit && m_tries > limit)
        m_tries = limit;
    connectNext();
}

void TcpSession::connectNext()
{
    UpstreamGroup &group = *m_group;
    PickContext context{m_clientAddress, {}, m_worker->nowMs()};
    if (group.keyNeedsServerAddress())
        context.server = Net::localEndpoint(m_client.socket);
    m_server = group.pick(context, &m_pick);
    m_record.beginTry(m_server ? m_server->endpoint.toString().toUtf8() : group.name().toUtf8(), context.nowMs, m_toUpstream.bytesWritten,
                      m_toClient.bytesRead);
    if (!m_server) {
        m_record.status = SessionRecord::BadGateway;
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
        if (Net::isLocalResourceError(error)) {
            localFailure(m_upstream.socket == Net::invalidSocket ? QStringLiteral("socket()") : QStringLiteral("connect()"), error);
            return;
        }
        upstreamFailed(QStringLiteral("connect() failed (%1) while connecting to upstream").arg(Net::errorString(error)));
        return;
    case Net::ConnectStatus::Connected:
        startUpstreamHandshake();
        return;
    case Net::ConnectStatus::InProgress:
        m_connectDeadlineMs = m_worker->nowMs() + m_listener->config.proxyConnectTimeoutMs;
        setDeadline(m_connectDeadlineMs);
        watch(m_upstream, PollHandler::Writable);
        return;
    }
}

void TcpSession::onConnectReady(quint32 events)
{
    // Edge-triggered, a connect that failed reports EPOLLERR: without it, no getsockopt().
    if (m_edge && !(events & (PollHandler::Writable | PollHandler::Error)))
        return;
    const int error = m_edge && !(events & PollHandler::Error) ? 0 : Net::pendingError(m_upstream.socket);
    if (error)
        upstreamFailed(QStringLiteral("connect() failed (%1) while connecting to upstream").arg(Net::errorString(error)));
    else
        startUpstreamHandshake();
}

void TcpSession::startUpstreamHandshake()
{
    if (m_listener->config.proxyProtocol.send && !sendProxyHeader())
        return;
    if (!m_listener->upstreamTls) {
        connected();
        return;
    }
    // nginx times the upstream handshake with proxy_connect_timeout too.
    m_state = State::UpstreamHandshaking;
    m_connectDeadlineMs = m_worker->nowMs() + m_listener->config.proxyConnectTimeoutMs;
    setDeadline(m_connectDeadlineMs);
    m_upstream.tls = std::make_unique<TlsConnection>(m_listener->upstreamTls, m_upstream.socket);
    if (!m_upstream.tls->isValid()) {
        upstreamFailed(QStringLiteral("SSL_new() failed (%1) while SSL handshaking to upstream").arg(m_upstream.tls->errorText()));
        return;
    }
    // proxy_ssl_name defaults to the host part of proxy_pass, as in nginx: the group's name,
    // or the host of a proxy_pass host:port.
    const ProxySslConfig &proxySsl = m_listener->upstreamTls->proxySsl();
    QString name = proxySsl.name;
    if (name.isEmpty()) {
        const QString &target = m_group->name();
        const auto address = target.contains(u':') ? HostPort::parse(target, false) : std::nullopt;
        name = address ? address->host : target;
    }
    if (proxySsl.serverName)
        m_upstream.tls->setServerName(name);
    if (proxySsl.verify)
        m_upstream.tls->setVerifyName(name);
    m_upstream.tls->setSessionPeer(m_server->endpoint.toString() + u'/' + name);
    continueUpstreamHandshake();
}

// "proxy_protocol on": the header goes first on every upstream connection (each retry too),
// before TLS to the upstream, and whole in one send as the PROXY protocol asks.
bool TcpSession::sendProxyHeader()
{
    const QByteArray header = ProxyHeader::v1For(m_clientAddress, Net::localEndpoint(m_client.socket));
    int error = 0;
    const qint64 n = Net::send(m_upstream.socket, header.constData(), header.size(), &error);
    if (n == header.size()) {
        m_toUpstream.bytesWritten += quint64(n);
        return true;
    }
    m_failed = true;
    if (n == Net::failed)
        finish(QStringLiteral("send() failed (%1) while proxying connection").arg(Net::errorString(error)), int(ErrorLog::Level::Error));
    else
        finish(QStringLiteral("could not send PROXY protocol header at once"), int(ErrorLog::Level::Error));
    return false;
}

void TcpSession::continueUpstreamHandshake()
{
    TlsConnection &tls = *m_upstream.tls;
    switch (tls.handshake()) {
    case TlsConnection::Status::WouldBlock:
        watch(m_upstream, tls.handshakeWaitsFor());
        return;
    case TlsConnection::Status::Failed: {
        const QString verifyError = tls.verifyError();
        if (!verifyError.isEmpty())
            upstreamFailed(QStringLiteral("upstream SSL certificate verify error: (%1) while SSL handshaking to upstream").arg(verifyError));
        else
            upstreamFailed(QStringLiteral("SSL_do_handshake() failed (%1) while SSL handshaking to upstream").arg(tls.errorText()));
        return;
    }
    case TlsConnection::Status::Done:
        break;
    }
    ErrorLog &log = m_worker->log();
    if (log.isEnabled(ErrorLog::Level::Info))
        log.write(ErrorLog::Level::Info, m_number, QStringLiteral("SSL handshake to upstream done: %1, %2, %3")
                                                      .arg(tls.protocol(), tls.cipher(),
                                                           tls.isSessionReused() ? QStringLiteral("session reused") : QStringLiteral("new session"))
                                                      + context());
    connected();
}

void TcpSession::connected()
{
    Net::setNoDelay(m_upstream.socket);
    m_state = State::Relaying;
    UpstreamGroup &group = *m_group;
    group.connected(m_server, m_worker->nowMs() - m_connectStartMs);
    m_record.connected(m_worker->nowMs());
    if (m_measuring && group.config().leastTimeMode == UpstreamConfig::LeastTimeMode::Connect)
        endMeasurement();
    ErrorLog &log = m_worker->log();
    if (log.isEnabled(ErrorLog::Level::Info))
        log.write(ErrorLog::Level::Info, m_number, QStringLiteral("proxy %1 connected to %2")
                                                      .arg(Net::localEndpoint(m_upstream.socket).toString(), m_server->config.address));
    m_lastActivityMs = m_worker->nowMs();
    setDeadline(m_lastActivityMs + m_listener->config.proxyTimeoutMs);
    if (m_toUpstream.eof && !m_toUpstream.hasPending()) {
        // The client closed while its ClientHello was being read: pass the FIN on now.
        if (!relay(m_toUpstream))
            return;
        if (isFinished()) {
            m_end = SessionEnd::ClientClosed;
            finish(QStringLiteral("client disconnected"), int(ErrorLog::Level::Info));
            return;
        }
    }
    updateInterest();
    // Bytes already inside OpenSSL (after a handshake) are not reported by the socket.
    if (m_client.tls && m_client.tls->hasBufferedData())
        onEvents(Side::Client, PollHandler::Readable);
    else if (m_state == State::Relaying && m_upstream.tls && m_upstream.tls->hasBufferedData())
        onEvents(Side::Upstream, PollHandler::Readable);
    // Edge-triggered: bytes the server sent with its accept came in the connect's edge.
    if (m_edge && m_state == State::Relaying && (m_upstream.ready & PollHandler::Readable))
        onEvents(Side::Upstream, PollHandler::Readable);
}

void TcpSession::localFailure(const QString &call, int error)
{
    // Out of descriptors, buffers or local ports: this machine's fault, not the server's. As
    // nginx (ngx_event_connect_peer returns NGX_ERROR), the client is closed, the server is
    // released as not failed and no other server is tried; they would fail the same way.
    m_worker->log().write(ErrorLog::Level::Alert, m_number,
                          QStringLiteral("%1 failed (%2) while connecting to upstream").arg(call, Net::errorString(error)) + context());
    m_listener->acceptor->connectFailures.fetch_add(1, std::memory_order_relaxed);
    m_failed = true;
    m_record.status = SessionRecord::InternalServerError;
    close();
}

void TcpSession::upstreamFailed(const QString &what)
{
    ErrorLog &log = m_worker->log();
    log.write(ErrorLog::Level::Error, m_number, what + context());
    m_listener->acceptor->connectFailures.fetch_add(1, std::memory_order_relaxed);
    m_server->connectFailures.fetch_add(1, std::memory_order_relaxed);

    m_upstream.tls.reset();
    closeSocket(m_upstream);
    m_state = State::Connecting;

    const qint64 now = m_worker->nowMs();
    endMeasurement();
    m_group->recordError(m_server, what, now);
    if (m_group->release(m_server, true, now, &m_tries))
        log.write(ErrorLog::Level::Warn, m_number, QStringLiteral("upstream server temporarily disabled while connecting to upstream") + context());
    m_server = nullptr;

    const ListenerConfig &config = m_listener->config;
    const qint64 timeout = config.proxyNextUpstreamTimeoutMs;
    if (m_tries == 0 || !config.proxyNextUpstream || (timeout && now - m_startMs >= timeout)) {
        m_failed = true;
        m_record.status = SessionRecord::BadGateway;
        m_endDetail = what;
        close(); // already logged; nginx answers the client with a close (502 for stream)
        return;
    }
    connectNext();
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

bool TcpSession::relay(Flow &flow)
{
    if (flow.hasPending() && !sendPending(flow))
        return false;
    if (flow.hasPending())
        return true;

    if (splices(flow)) {
        switch (spliceRelay(flow)) {
        case SpliceResult::Failed:
            return false;
        case SpliceResult::Done:
            return endOfStreamOnceDelivered(flow);
        case SpliceResult::Copy:
            break; // no pipe to be had: this pass copies
        }
    }

    // The plain path stays a direct socket call; only a TLS side goes through OpenSSL.
    auto receive = [](Handle *handle, char *data, qint64 size, int *error) {
        return handle->tls ? handle->tls->read(data, size) : Net::receive(handle->socket, data, size, error);
    };

    int error = 0;
    char *buffer = m_worker->scratch();
    TlsConnection *sourceTls = flow.from->tls.get();
    bool drained = false; // edge-triggered: nothing more until the source's next edge
    // A TLS source may hold decrypted bytes the socket will never report again: drain those
    // past the per-event limit (they are already in memory, at most one record).
    for (int reads = 0; !flow.eof && !flow.rate.isDelayed() && (reads < maxReadsPerEvent || (sourceTls && sourceTls->hasBufferedData()));
         ++reads) {
        const qint64 size = flow.rate.allowance(m_worker->nowMs(), flow.bytesRead, Worker::scratchSize);
        if (size == 0) {
            armRateWake();
            break;
        }
        const qint64 n = receive(flow.from, buffer, size, &error);
        if (n == Net::wouldBlock) {
            drained = true;
            break;
        }
        if (n == Net::failed)
            return relayFailed(true, flow.from, error);
        if (n == 0) {
            sawEndOfStream(flow);
            break;
        }
        countRead(flow, n);
        flow.rate.consumed(n, m_lastActivityMs);
        if (flow.rate.isDelayed())
            armRateWake(); // whichever way this read ends, the timer brings reading back

        qint64 sent = sendTo(flow.to, buffer, n, &error);
        if (sent == Net::failed)
            return relayFailed(false, flow.to, error);
        if (sent == Net::wouldBlock)
            sent = 0;
        if (sent > 0)
            countWritten(flow, sent);
        if (sent < n) {
            // Keep the rest and stop reading this direction until it is delivered. (A TLS
            // destination is retried with these same bytes, as OpenSSL requires.)
            flow.keep(buffer + sent, n - sent);
            break;
        }
        if (flow.rate.isDelayed())
            break;
        if (m_edge && n < size) {
            shortRead(flow);
            drained = true;
            break;
        }
        if (!m_edge && n < Worker::scratchSize && !sourceTls)
            break; // a short read drained the socket; level-triggered readiness reports more
        if (!sourceTls && canSplice(flow)) {
            flow.streaming = true;
            break; // the next pass splices
        }
    }
    if (!drained)
        readAgainLater(flow);

    return endOfStreamOnceDelivered(flow);
}

bool TcpSession::endOfStreamOnceDelivered(Flow &flow)
{
    // The source's FIN goes on (proxy_half_close) only once every byte before it did.
    if (flow.eof && !flow.hasPending() && !flow.shutdownSent && m_listener->config.proxyHalfClose)
        return passEndOfStream(flow);
    return true;
}

qint64 TcpSession::sendTo(Handle *handle, const char *data, qint64 size, int *error)
{
    return handle->tls ? handle->tls->write(data, size) : Net::send(handle->socket, data, size, error);
}

bool TcpSession::sendPending(Flow &flow)
{
    if (flow.pipe.bytes > 0) {
        if (!flushPipe(flow))
            return false;
        if (flow.pipe.bytes == 0)
            m_worker->pipes().release(&flow.pipe); // idle sessions hold no pipe
        return true;
    }
    int error = 0;
    const char *data = flow.pending.get() + flow.pendingBegin;
    const qint64 size = flow.pendingEnd - flow.pendingBegin;
    const qint64 n = sendTo(flow.to, data, size, &error);
    if (n == Net::failed)
        return relayFailed(false, flow.to, error);
    if (n > 0) {
        flow.pendingBegin += n;
        countWritten(flow, n);
    }
    if (!flow.hasPending()) {
        flow.pending.reset(); // idle sessions hold no buffer
        flow.pendingBegin = flow.pendingEnd = 0;
    }
    return true;
}

void TcpSession::sawEndOfStream(Flow &flow)
{
    flow.eof = true;
    if (!m_closedFirst)
        m_closedFirst = flow.from->side;
}

void TcpSession::countRead(Flow &flow, qint64 n)
{
    flow.bytesRead += quint64(n);
    m_lastActivityMs = m_worker->nowMs();
    if (&flow == &m_toUpstream) {
        m_listener->acceptor->bytesFromClients.fetch_add(quint64(n), std::memory_order_relaxed);
        return;
    }
    m_server->bytesReceived.fetch_add(quint64(n), std::memory_order_relaxed);
    if (!m_firstByteSeen) {
        m_firstByteSeen = true;
        m_record.firstByte(m_lastActivityMs);
        m_group->measured(m_server, UpstreamGroup::Timing::FirstByte, m_lastActivityMs - m_connectStartMs);
        if (m_measuring && m_group->config().leastTimeMode == UpstreamConfig::LeastTimeMode::FirstByte)
            endMeasurement();
    }
}

void TcpSession::countWritten(Flow &flow, qint64 n)
{
    flow.bytesWritten += quint64(n);
    m_lastActivityMs = m_worker->nowMs();
    if (&flow == &m_toUpstream)
        m_server->bytesSent.fetch_add(quint64(n), std::memory_order_relaxed);
    else
        m_listener->acceptor->bytesToClients.fetch_add(quint64(n), std::memory_order_relaxed);
}

bool TcpSession::relayFailed(bool reading, const Handle *handle, int error)
{
    // nginx logs a client's errors at info (clients vanish all the time) and an upstream's at
    // error.
    const bool upstream = handle->side == Side::Upstream;
    const QString call = handle->tls ? (reading ? QStringLiteral("SSL_read") : QStringLiteral("SSL_write"))
                                     : (reading ? QStringLiteral("recv") : QStringLiteral("send"));
    const QString why = handle->tls ? handle->tls->errorText() : Net::errorString(error);
    m_failed = true;
    finish(QStringLiteral("%1() failed (%2) while proxying connection").arg(call, why),
           int(upstream ? ErrorLog::Level::Error : ErrorLog::Level::Info));
    return false;
}

bool TcpSession::passEndOfStream(Flow &flow)
{
    if (TlsConnection *tls = flow.to->tls.get()) {
        // TLS's end of stream is close_notify; the FIN after it says the same to TCP.
        const TlsConnection::Status status = tls->shutdown();
        if (status == TlsConnection::Status::WouldBlock)
            return true; // wantsToWrite() keeps the poller asking
        if (status == TlsConnection::Status::Failed) {
            ErrorLog &log = m_worker->log();
            if (log.isEnabled(ErrorLog::Level::Info))
                log.write(ErrorLog::Level::Info, m_number, QStringLiteral("SSL_shutdown() failed (%1) while proxying connection").arg(tls->errorText()) + context());
        }
    }
    flow.shutdownSent = true;
    // When the other direction is done too, the session closes at once and close() sends the
    // same FIN: nothing is left unread on this socket (its own direction ended in a FIN), so
    // it goes out as a FIN, not a reset. A TLS side has had its close_notify above.
    if (flow.to->tls || !isFinished())
        Net::shutdownWrite(flow.to->socket);
    return true;
}

bool TcpSession::wantsToWrite(const Flow &flow) const
{
    // Pending bytes, or (TLS only) a close_notify that could not be sent at once.
    return flow.hasPending() || (flow.eof && !flow.shutdownSent && flow.to->tls && m_listener->config.proxyHalfClose);
}

bool TcpSession::isFinished() const
{
    auto done = [](const Flow &flow) { return flow.eof && !flow.hasPending(); };
    if (m_listener->config.proxyHalfClose)
        return done(m_toUpstream) && done(m_toClient) && !wantsToWrite(m_toUpstream) && !wantsToWrite(m_toClient);
    return done(m_toUpstream) || done(m_toClient); // nginx's default: either side's FIN ends it
}

void TcpSession::updateInterest()
{
    // A TLS side may need the opposite readiness to go on (see TlsConnection).
    auto wanted = [this](const Flow &readFrom, const Flow &writeTo, const Handle &handle) {
        quint32 interest = 0;
        if (!readFrom.eof && !readFrom.hasPending() && !readFrom.rate.isDelayed())
            interest |= handle.tls ? handle.tls->readWaitsFor() : quint32(PollHandler::Readable);
        if (wantsToWrite(writeTo))
            interest |= handle.tls ? handle.tls->writeWaitsFor() : quint32(PollHandler::Writable);
        return interest;
    };
    watch(m_client, wanted(m_toUpstream, m_toClient, m_client));
    watch(m_upstream, wanted(m_toClient, m_toUpstream, m_upstream));
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
    m_worker->disarm(m_deadline);
    m_deadline = m_worker->arm(this, deadlineMs);
}

void TcpSession::expire()
{
    m_deadline = m_worker->noDeadline(); // the worker already removed the entry
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
        ClientHello::parse(m_preread, &serverName);
        prereadDone(serverName);
        break;
    }
    case State::Connecting:
    case State::UpstreamHandshaking:
        if (now >= m_connectDeadlineMs)
            upstreamFailed(QStringLiteral("upstream timed out (%1) while %2").arg(timedOut, m_state == State::Connecting
                                                                                               ? QStringLiteral("connecting to upstream")
                                                                                               : QStringLiteral("SSL handshaking to upstream")));
        else
            setDeadline(m_connectDeadlineMs);
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
    m_worker->disarm(m_deadline);
    m_deadline = m_worker->noDeadline();
    m_worker->disarm(m_rateDeadline);
    m_rateDeadline = m_worker->noDeadline();
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
    m_preread = QByteArray();
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
        .arg(m_clientAddress.address.toString(), m_listener->acceptor->listenText(), upstream)
        .arg(m_toUpstream.bytesRead)
        .arg(m_toClient.bytesWritten)
        .arg(m_toClient.bytesRead)
        .arg(m_toUpstream.bytesWritten);
}

QString TcpSession::clientContext() const
{
    return QStringLiteral(", client: %1, server: %2").arg(m_clientAddress.address.toString(), m_listener->acceptor->listenText());
}

void TcpSession::endMeasurement()
{
    if (!m_measuring)
        return;
    m_measuring = false;
    m_group->finishMeasurement(m_server, m_connectStartMs);
}

void TcpSession::armRateWake()
{
    qint64 due = -1;
    for (const Flow *flow : {&m_toUpstream, &m_toClient}) {
        if (flow->rate.isDelayed() && (due < 0 || flow->rate.delayedUntilMs() < due))
            due = flow->rate.delayedUntilMs();
    }
    m_worker->disarm(m_rateDeadline);
    m_rateDeadline = due < 0 ? m_worker->noDeadline() : m_worker->arm(&m_rateWake, due);
}

void TcpSession::rateWake()
{
    m_rateDeadline = m_worker->noDeadline(); // the worker already removed the entry
    if (m_state != State::Relaying)
        return;
    const qint64 now = m_worker->nowMs();
    bool resumed[2] = {false, false};
    Flow *flows[2] = {&m_toUpstream, &m_toClient};
    for (int i = 0; i < 2; ++i) {
        if (flows[i]->rate.isDelayed() && flows[i]->rate.delayedUntilMs() <= now) {
            flows[i]->rate.resume();
            resumed[i] = true;
        }
    }
    armRateWake(); // a direction still waiting keeps its timer
    // Read on as if the source had reported readiness (level-triggered, so nothing is lost
    // if it has nothing yet: the poller watches it again).
    for (int i = 0; i < 2 && m_state == State::Relaying; ++i) {
        if (resumed[i])
            onEvents(flows[i]->from->side, PollHandler::Readable);
    }
}
