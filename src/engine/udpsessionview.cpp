// UdpSession as the connections view and the API see it (livesession.h): read only when a
// worker's SessionRegistry looks, never on the data path.
#include "udpsession.h"

#include <errorlog.h>

void UdpSession::describe(SessionFacts *facts) const
{
    facts->number = m_number;
    facts->udp = true;
    facts->client = m_client;
    facts->listener = m_listener->acceptor->listenText();
    facts->group = m_group ? m_group->name() : QString();
    facts->server = m_server ? m_server->config.address : QString();
    facts->state = m_closed ? "closed" : m_server ? "relaying" : "connecting";
    facts->tlsProtocol = QString();
    facts->serverName = QString();
    facts->bytesFromClient = m_bytesFromClient;
    facts->bytesToClient = m_bytesToClient;
    facts->bytesFromUpstream = m_bytesFromUpstream;
    facts->bytesToUpstream = m_bytesToUpstream;
    facts->startedMs = m_startMs;
    facts->lastActivityMs = m_lastActivityMs;
}

void UdpSession::closeByOperator(const QString &who)
{
    if (m_closed)
        return;
    m_end = SessionEnd::ClosedByOperator;
    m_endDetail = who;
    m_worker->refreshNow();
    m_worker->log().write(ErrorLog::Level::Notice, m_number, QStringLiteral("udp session closed by operator %1").arg(who) + context());
    close(false);
}
