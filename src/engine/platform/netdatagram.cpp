#include "netsystem.h"

#include <climits>
#include <cstring>

#if defined(Q_OS_WIN)
#include <mswsock.h> // SIO_UDP_CONNRESET

#include "winsockmsg.h"
#endif

// UDP: the sockets toward servers and one datagram at a time (DatagramBatch sends and
// receives many at once where the system can).

Net::Socket NetSystem::newUdpSocket(int family)
{
    const Net::Socket s = newSocket(family, SOCK_DGRAM, IPPROTO_UDP);
#if defined(Q_OS_WIN)
    // Windows reports an ICMP port unreachable on the next recvfrom as WSAECONNRESET; on a
    // listening socket that would look like an error of the listener, so turn it off there
    // (connected upstream sockets turn it back on, where it is the failure we want).
    if (s != Net::invalidSocket) {
        BOOL off = FALSE;
        DWORD returned = 0;
        WSAIoctl(s, SIO_UDP_CONNRESET, &off, sizeof(off), nullptr, 0, &returned, nullptr, nullptr);
    }
#endif
    return s;
}

using namespace NetSystem;

Net::Socket Net::connectUdp(const Endpoint &endpoint, int *error)
{
    sockaddr_storage storage;
    const SockLen length = toSockaddr(endpoint, &storage);
    const Socket s = newUdpSocket(storage.ss_family);
    if (s == invalidSocket) {
        *error = lastError();
        return invalidSocket;
    }
#if defined(Q_OS_WIN)
    BOOL on = TRUE;
    DWORD returned = 0;
    WSAIoctl(s, SIO_UDP_CONNRESET, &on, sizeof(on), nullptr, 0, &returned, nullptr, nullptr);
#endif
    if (::connect(s, reinterpret_cast<const sockaddr *>(&storage), length) != 0) {
        *error = lastError();
        close(s);
        return invalidSocket;
    }
    *error = 0;
    return s;
}

qint64 Net::receiveDatagram(Socket socket, char *data, qint64 size, Endpoint *from, QHostAddress *to, qint64 *fullSize, int *error)
{
    sockaddr_storage peer;
    std::memset(&peer, 0, sizeof(peer));
#if defined(Q_OS_WIN)
    int length = sizeof(peer);
    const int capped = int(qMin<qint64>(size, INT_MAX));
    const int n = to ? WinsockMsg::receive(socket, data, capped, &peer, to)
                     : ::recvfrom(socket, data, capped, 0, reinterpret_cast<sockaddr *>(&peer), &length);
    if (n < 0)
        return ioResult(n, error);
    *fullSize = n;
#else
    iovec vector{data, size_t(size)};
    alignas(cmsghdr) char control[256];
    msghdr message{};
    message.msg_name = &peer;
    message.msg_namelen = sizeof(peer);
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof(control);
#if defined(MSG_TRUNC) && defined(Q_OS_LINUX)
    constexpr int flags = MSG_TRUNC; // returns the datagram's real length
#else
    constexpr int flags = 0;
#endif
    ssize_t n;
    do {
        n = ::recvmsg(socket, &message, flags);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return ioResult(qint64(n), error);
    *fullSize = n;
    if (to) {
        *to = QHostAddress();
#if defined(IP_PKTINFO)
        for (cmsghdr *header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header)) {
            if (header->cmsg_level == IPPROTO_IP && header->cmsg_type == IP_PKTINFO) {
                in_pktinfo info;
                std::memcpy(&info, CMSG_DATA(header), sizeof(info));
                to->setAddress(quint32(ntohl(info.ipi_addr.s_addr)));
            }
        }
#endif
    }
    if (n > size)
        n = size;
#endif
    if (from)
        *from = fromSockaddr(peer);
    return n;
}

qint64 Net::sendDatagram(Socket socket, const char *data, qint64 size, const Endpoint *to, const QHostAddress *from, int *error)
{
    sockaddr_storage peer;
    SockLen length = 0;
    if (to)
        length = toSockaddr(*to, &peer);
#if defined(Q_OS_WIN)
    const int n = !to    ? ::send(socket, data, int(size), 0)
                  : from ? WinsockMsg::send(socket, data, int(size), reinterpret_cast<const sockaddr *>(&peer), length, *from)
                         : ::sendto(socket, data, int(size), 0, reinterpret_cast<const sockaddr *>(&peer), length);
#else
    iovec vector{const_cast<char *>(data), size_t(size)};
    msghdr message{};
    message.msg_name = to ? &peer : nullptr;
    message.msg_namelen = to ? length : 0;
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
#if defined(IP_PKTINFO)
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in_pktinfo))];
    if (from && !from->isNull() && from->protocol() == QAbstractSocket::IPv4Protocol) {
        std::memset(control, 0, sizeof(control));
        message.msg_control = control;
        message.msg_controllen = sizeof(control);
        cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = IPPROTO_IP;
        header->cmsg_type = IP_PKTINFO;
        header->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
        in_pktinfo info{};
        info.ipi_spec_dst.s_addr = htonl(from->toIPv4Address());
        std::memcpy(CMSG_DATA(header), &info, sizeof(info));
    }
#else
    Q_UNUSED(from);
#endif
    ssize_t n;
    do {
#if defined(MSG_NOSIGNAL)
        n = ::sendmsg(socket, &message, MSG_NOSIGNAL);
#else
        n = ::sendmsg(socket, &message, 0);
#endif
    } while (n < 0 && errno == EINTR);
#endif
    return ioResult(qint64(n), error);
}
