// UDP routing by variables: proxy_pass $x for a UdpSession and return for a UdpRelay.
// Apart from udpsession.cpp, which is the relay.
#include "udpsession.h"

#include "variableroute.h"

#include <errorlog.h>

bool UdpSession::routeByVariable()
{
    const Acceptor &acceptor = *m_listener->acceptor;
    const StreamTemplate &proxyPass = m_listener->variableRoute->proxyPass();
    const Net::Endpoint server{m_localAddress.isNull() ? acceptor.endpoint().address : m_localAddress, acceptor.endpoint().port};
    const QByteArray value = proxyPass.evaluate(streamFacts(m_client.address, m_client.port, server.address, server.port, true, m_number));
    QString error;
    m_group = m_listener->variableRoute->route(value, &error);
    if (m_group)
        return true;
    finish(error, int(ErrorLog::Level::Error), true);
    return false;
}

void UdpRelay::returnText(const Net::Endpoint &client, const QHostAddress &local, quint64 number)
{
    Acceptor &acceptor = *m_listener->acceptor;
    acceptor.accepted.fetch_add(1, std::memory_order_relaxed);
    const Net::Endpoint server{local.isNull() ? acceptor.endpoint().address : local, acceptor.endpoint().port};
    const QByteArray text = m_listener->returnText->evaluate(streamFacts(client.address, client.port, server.address, server.port, true, number));
    if (!text.isEmpty())
        sendToClient(client, local, text.constData(), text.size());
}
