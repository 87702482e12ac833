// TcpSession's routing by variables: proxy_pass $x and return (ngx_stream_return_module).
// Apart from tcpsessionrelay.cpp, which is the relay.
#include "tcpsession.h"

#include "variableroute.h"

#include <errorlog.h>

namespace {
// ngx_stream_return_write_handler: a client that stops reading gets 5 s to take the text.
constexpr qint64 returnSendTimeoutMs = 5000;
} // namespace

StreamFacts TcpSession::facts() const
{
    const bool needsServer = (m_listener->variableRoute && m_listener->variableRoute->proxyPass().needsServerAddress())
                             || (m_listener->returnText && m_listener->returnText->needsServerAddress());
    const Net::Endpoint server = needsServer ? Net::localEndpoint(m_client.socket) : m_listener->acceptor->endpoint();
    const Net::Endpoint client = clientAddress();
    return streamFacts(client.address, client.port, server.address, server.port, false, m_number);
}

bool TcpSession::routeByVariable()
{
    VariableRoute &route = *m_listener->variableRoute;
    const QByteArray value = route.proxyPass().evaluate(facts());
    QString error;
    m_group = route.route(value, &error);
    if (m_group)
        return true;
    // nginx logs this at error and finalizes with 502 (500 for a malformed value).
    m_failed = true;
    finish(error, int(ErrorLog::Level::Error));
    return false;
}

void TcpSession::beginReturn()
{
    const QByteArray text = m_listener->returnText->evaluate(facts());
    if (text.isEmpty()) {
        close(); // nginx finalizes at once: nothing to send
        return;
    }
    m_state = State::Returning;
    m_toClient.keep(text.constData(), text.size());
    continueReturn();
}

void TcpSession::continueReturn()
{
    Flow &flow = m_toClient;
    while (flow.hasPending()) {
        int error = 0;
        const char *data = flow.pending.get() + flow.pendingBegin;
        const qint64 size = flow.pendingEnd - flow.pendingBegin;
        const qint64 n = m_client.tls ? m_client.tls->write(data, size) : Net::send(m_client.socket, data, size, &error);
        if (n == Net::failed) {
            m_failed = true;
            finish(QStringLiteral("%1() failed (%2) while returning text")
                       .arg(m_client.tls ? QStringLiteral("SSL_write") : QStringLiteral("send"),
                            m_client.tls ? m_client.tls->errorText() : Net::errorString(error)),
                   int(ErrorLog::Level::Info));
            return;
        }
        if (n == Net::wouldBlock || n == 0) {
            watch(m_client, m_client.tls ? m_client.tls->writeWaitsFor() : quint32(PollHandler::Writable));
            setDeadline(m_worker->nowMs() + returnSendTimeoutMs); // from the last write on, as nginx re-adds its timer
            return;
        }
        flow.pendingBegin += quint32(n);
        flow.bytesWritten += quint64(n);
        m_listener->acceptor->bytesToClients.fetch_add(quint64(n), std::memory_order_relaxed);
    }
    close();
}
