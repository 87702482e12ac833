#include "testudpbackend.h"

#include "testsocket.h"

#include <vector>

#if !defined(_WIN32)
#include <poll.h>
#endif

TestUdpBackend::TestUdpBackend(Mode mode, const QString &name, int replies)
    : m_mode(mode), m_prefix(name.toUtf8() + ':'), m_replies(replies)
{
    const TestSocketHandle s = testSocket(SOCK_DGRAM, IPPROTO_UDP);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(s, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
        testCloseSocket(s);
        return;
    }
    int size = 4 * 1024 * 1024;
    setsockopt(s, SOL_SOCKET, SO_RCVBUF, reinterpret_cast<const char *>(&size), sizeof(size));
    socklen_t length = sizeof(address);
    getsockname(s, reinterpret_cast<sockaddr *>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_socket = std::uintptr_t(s);
    m_thread = std::thread([this] { serve(); });
}

TestUdpBackend::~TestUdpBackend()
{
    m_stopping = true;
    if (m_thread.joinable())
        m_thread.join();
    if (m_socket)
        testCloseSocket(TestSocketHandle(m_socket));
}

void TestUdpBackend::serve()
{
    const TestSocketHandle s = TestSocketHandle(m_socket);
    std::vector<char> buffer(70000);
    while (!m_stopping) {
#if defined(_WIN32)
        WSAPOLLFD p{s, POLLIN, 0};
        if (WSAPoll(&p, 1, 50) <= 0)
            continue;
#else
        pollfd p{s, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) // wakes to notice m_stopping
            continue;
#endif
        sockaddr_in from{};
        socklen_t length = sizeof(from);
        const auto n = ::recvfrom(s, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr *>(&from), &length);
        if (n < 0)
            continue;
        ++m_received;
        if (m_mode == Mode::Silent)
            continue;
        QByteArray reply = QByteArray(buffer.data(), n);
        if (m_mode == Mode::Named)
            reply.prepend(m_prefix);
        for (int i = 0; i < m_replies; ++i)
            ::sendto(s, reply.constData(), size_t(reply.size()), 0, reinterpret_cast<sockaddr *>(&from), length);
    }
}
