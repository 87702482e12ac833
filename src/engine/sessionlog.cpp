// The access log line of a TCP or UDP session, written as it closes (nginx's log phase runs
// when a session is finalized). Kept apart from the sessions' relaying code: it only reads
// what the session knows.
#include "tcpsession.h"
#include "udpsession.h"

void TcpSession::writeAccessLog()
{
    const qint64 now = m_worker->nowMs();
    m_record.endTry(now, m_toUpstream.bytesWritten, m_toClient.bytesRead);
    const Net::Endpoint server = m_listener->serverFor(m_client.socket);
    const Net::Endpoint client = clientAddress();
    StreamFacts facts = AccessLogFacts::base(client.address, client.port, server.address, server.port, false, m_number);
    facts.status = m_record.status;
    facts.bytesSent = m_toClient.bytesWritten;
    facts.bytesReceived = m_toUpstream.bytesRead;
    facts.sessionMs = now - m_startMs;
    facts.upstreams = m_record.tries();
    if (m_proxyProtocol) {
        facts.hasProxyProtocol = true;
        facts.proxyProtocolAddress = m_proxyProtocol->sourceAddress;
        facts.proxyProtocolPort = m_proxyProtocol->sourcePort;
    }
    if (m_client.tls) {
        facts.tls = true;
        facts.sslProtocol = m_client.tls->protocol().toUtf8();
        facts.sslCipher = m_client.tls->cipher().toUtf8();
        facts.sslServerName = m_client.tls->requestedServerName().toUtf8();
        facts.sslSessionReused = m_client.tls->isSessionReused();
    }
    if (m_preread)
        facts.prereadServerName = m_preread->serverName;
    facts.limitConnStatus = m_limits.status();
    m_listener->accessLog->write(facts);
}

void UdpSession::writeAccessLog()
{
    const qint64 now = m_worker->nowMs();
    m_record.endTry(now, m_bytesToUpstream, m_bytesFromUpstream);
    const Net::Endpoint &listening = m_listener->acceptor->endpoint();
    StreamFacts facts = AccessLogFacts::base(m_client.address, m_client.port, m_localAddress.isNull() ? listening.address : m_localAddress,
                                             listening.port, true, m_number);
    facts.status = m_record.status;
    facts.bytesSent = m_bytesToClient;
    facts.bytesReceived = m_bytesFromClient;
    facts.sessionMs = now - m_startMs;
    facts.upstreams = m_record.tries();
    facts.limitConnStatus = m_limits.status();
    m_listener->accessLog->write(facts);
}
