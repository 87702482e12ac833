#include "acceptor.h"

Acceptor::Acceptor(Net::Socket socket, const Net::Endpoint &endpoint, const QString &listen)
    : m_socket(socket), m_endpoint(endpoint), m_listen(listen)
{
}

Acceptor::~Acceptor()
{
    closeSocket();
}

void Acceptor::closeSocket()
{
    Net::close(m_socket);
    m_socket = Net::invalidSocket;
}

void Acceptor::inheritCounters(const Acceptor &previous)
{
    std::atomic<quint64> Acceptor::*const totals[] = {
        &Acceptor::accepted,           &Acceptor::bytesFromClients, &Acceptor::bytesToClients,    &Acceptor::connectFailures,
        &Acceptor::noLiveUpstreams,    &Acceptor::datagramsFromClients, &Acceptor::datagramsToClients, &Acceptor::datagramsDropped,
        &Acceptor::tlsHandshakes,      &Acceptor::tlsSessionsReused, &Acceptor::tlsHandshakeFailures, &Acceptor::denied,
        &Acceptor::refusedFull,        &Acceptor::bytesSpliced};
    for (const auto &total : totals)
        (this->*total).fetch_add((previous.*total).load(std::memory_order_relaxed), std::memory_order_relaxed);
}
