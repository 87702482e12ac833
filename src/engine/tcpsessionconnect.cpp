// TcpSession's upstream side until relaying starts: picking a server, the non-blocking
// connect under proxy_connect_timeout, the PROXY header and the TLS handshake to it
// ("proxy_protocol", "proxy_ssl"), and on failure releasing the server as failed and trying
// the next one (proxy_next_upstream, _tries, _timeout); also least_time's measurement of it.
// Apart from tcpsession.cpp, which holds the session's life: events, deadlines and closing.
#include "tcpsession.h"

#include "proxyheader.h"
#include "tls/tlscontext.h"

#include <errorlog.h>
#include <hostport.h>

void TcpSession::beginUpstream()
{
    if (m_listener->returnText) {
        beginReturn();
        return;
    }
    if (m_listener->variableRoute && !routeByVariable())
        return;
    m_state = State::Connecting;
    startRateLimits();
    m_connecting = std::make_unique<Connecting>();
    m_connecting->tries = m_group->initialTries();
    const int limit = m_listener->config.proxyNextUpstreamTries;
    if (limit && m_connecting->tries > limit)
        m_connecting->tries = limit;
    connectNext();
}

void TcpSession::connectNext()
{
    UpstreamGroup &group = *m_group;
    PickContext context{nullptr, nullptr, m_worker->nowMs()};
    std::optional<Net::Endpoint> client, server; // made only for a hash key that reads them
    if (group.hashKey())
        context.client = &client.emplace(clientAddress());
    if (group.keyNeedsServerAddress())
        context.server = &server.emplace(Net::localEndpoint(m_client.socket));
    m_server = group.pick(context, &m_connecting->pick);
    m_record.beginTry(m_server ? m_server->endpointText : group.name().toUtf8(), context.nowMs, m_toUpstream.bytesWritten,
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
        m_connecting->deadlineMs = m_worker->nowMs() + m_listener->config.proxyConnectTimeoutMs;
        setDeadline(m_connecting->deadlineMs);
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
    m_connecting->deadlineMs = m_worker->nowMs() + m_listener->config.proxyConnectTimeoutMs;
    setDeadline(m_connecting->deadlineMs);
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
    const QByteArray header = ProxyHeader::v1For(clientAddress(), Net::localEndpoint(m_client.socket));
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
    m_connecting.reset();
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
    // Bytes already inside OpenSSL (after a handshake) are not reported by the socket; nor,
    // edge-triggered, are bytes whose edge came (and was not acted on) while connecting.
    if (m_client.tls && (m_edge || m_client.tls->hasBufferedData()))
        onEvents(Side::Client, PollHandler::Readable);
    if (m_state == State::Relaying && m_upstream.tls && m_upstream.tls->hasBufferedData())
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
    if (m_group->release(m_server, true, now, &m_connecting->tries))
        log.write(ErrorLog::Level::Warn, m_number, QStringLiteral("upstream server temporarily disabled while connecting to upstream") + context());
    m_server = nullptr;

    const ListenerConfig &config = m_listener->config;
    const qint64 timeout = config.proxyNextUpstreamTimeoutMs;
    if (m_connecting->tries == 0 || !config.proxyNextUpstream || (timeout && now - m_startMs >= timeout)) {
        m_failed = true;
        m_record.status = SessionRecord::BadGateway;
        m_endDetail = what;
        close(); // already logged; nginx answers the client with a close (502 for stream)
        return;
    }
    connectNext();
}

void TcpSession::endMeasurement()
{
    if (!m_measuring)
        return;
    m_measuring = false;
    m_group->finishMeasurement(m_server, m_connectStartMs);
}
