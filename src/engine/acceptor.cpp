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
