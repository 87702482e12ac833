// TcpSession as the connections view and the API see it (livesession.h): read only when a
// worker's SessionRegistry looks, never on the data path.
#include "tcpsession.h"

#include <errorlog.h>

namespace {

const char *stateKey(int state)
{
    // The order of TcpSession::State.
    static const char *const keys[] = {"proxy-protocol", "handshake", "preread", "connecting", "upstream-handshake", "relaying", "returning", "closed"};
    return keys[state];
}

} // namespace

void TcpSession::describe(SessionFacts *facts) const
{
    facts->number = m_number;
    facts->udp = false;
    facts->client = clientAddress();
    facts->listener = m_listener->acceptor->listenText();
    facts->group = m_listener->returnText ? QString() : m_group ? m_group->name() : QString();
    facts->server = m_server ? m_server->config.address : QString();
    facts->state = stateKey(int(m_state));
    facts->tlsProtocol = m_client.tls && m_state != State::Handshaking ? m_client.tls->protocol() : QString();
    if (m_client.tls && m_state != State::Handshaking)
        facts->serverName = m_client.tls->requestedServerName();
    else
        facts->serverName = m_preread && m_preread->serverName ? QString::fromUtf8(*m_preread->serverName) : QString();
    facts->bytesFromClient = m_toUpstream.bytesRead;
    facts->bytesToClient = m_toClient.bytesWritten;
    facts->bytesFromUpstream = m_toClient.bytesRead;
    facts->bytesToUpstream = m_toUpstream.bytesWritten;
    facts->startedMs = m_startMs;
    facts->lastActivityMs = m_lastActivityMs;
}

void TcpSession::closeByOperator(const QString &who)
{
    if (m_state == State::Closed)
        return;
    m_end = SessionEnd::ClosedByOperator;
    m_endDetail = who;
    m_worker->refreshNow();
    m_worker->log().write(ErrorLog::Level::Notice, m_number, QStringLiteral("closed by operator %1").arg(who) + context());
    close();
}
