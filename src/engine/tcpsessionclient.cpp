// TcpSession's client side before any upstream: the PROXY protocol header it may read
// (proxy_protocol_timeout, then realip and the access phase), the TLS handshake of a
// terminating listener (nginx's ssl phase, under ssl_handshake_timeout) and the SNI preread
// of a plain one (nginx's ssl_preread phase), each ending in the choice of the upstream group.
// Apart from tcpsession.cpp, which holds the session's life: events, deadlines and closing.
#include "tcpsession.h"

#include "proxyheader.h"
#include "tls/clienthello.h"

#include <errorlog.h>

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
    if (const std::optional<ProxyProtocol::Addresses> &addresses = m_proxyHeader->result().addresses)
        m_proxyProtocol = std::make_unique<const ProxyProtocol::Addresses>(*addresses);
    m_proxyHeader.reset();
    watch(m_client, 0);
    // ngx_stream_realip_module, then the access phase with the client it named.
    if (m_proxyProtocol)
        m_clientAddress = Net::PackedEndpoint(ProxyHeader::realClient(m_listener->realIpFrom, clientAddress(), *m_proxyProtocol));
    if (!m_worker->admit(*m_listener, clientAddress(), m_number, false, m_listener->serverFor(m_client.socket), &m_limits, true,
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
        m_preread = std::make_unique<Preread>();
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
    QByteArray &hello = m_preread->hello;
    if (!hello.capacity())
        hello.reserve(prereadBufferSize);
    char *buffer = m_worker->scratch();
    int error = 0;
    const qint64 room = prereadBufferSize - hello.size();
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
    hello.append(buffer, n);
    m_toUpstream.bytesRead += quint64(n);
    m_listener->acceptor->bytesFromClients.fetch_add(quint64(n), std::memory_order_relaxed);
    m_lastActivityMs = m_worker->nowMs();
    QString serverName;
    const ClientHello::Result result = ClientHello::parse(hello, &serverName);
    if (result == ClientHello::Result::NeedMore && hello.size() < prereadBufferSize)
        return;
    prereadDone(serverName);
}

void TcpSession::prereadDone(const QString &serverName)
{
    watch(m_client, 0);
    m_preread->serverName = serverName.toUtf8();
    const QByteArray hello = std::exchange(m_preread->hello, QByteArray());
    if (!hello.isEmpty())
        m_toUpstream.keep(hello.constData(), hello.size()); // first to whichever upstream is chosen, as if just read
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
