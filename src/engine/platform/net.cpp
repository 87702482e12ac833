#include "net.h"

#include <climits>
#include <cstring>

#include <QFile>

#if defined(Q_OS_WIN)
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mstcpip.h>
#include <mswsock.h> // SIO_UDP_CONNRESET

#include "winsockmsg.h"

// Windows 10 1709's keepalive timers (ws2ipdef.h in the Windows SDK; mingw-w64 lacks them).
#if !defined(TCP_KEEPIDLE)
#define TCP_KEEPIDLE 3
#endif
#if !defined(TCP_KEEPCNT)
#define TCP_KEEPCNT 16
#endif
#if !defined(TCP_KEEPINTVL)
#define TCP_KEEPINTVL 17
#endif
#else
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace {

#if defined(Q_OS_WIN)
using SockLen = int;
int lastError() { return WSAGetLastError(); }
bool isWouldBlock(int error) { return error == WSAEWOULDBLOCK; }
#else
using SockLen = socklen_t;
int lastError() { return errno; }
bool isWouldBlock(int error) { return error == EAGAIN || error == EWOULDBLOCK; }
#endif

// What a socket call returned, in Net's terms: a byte count, wouldBlock, or failed with *error.
qint64 ioResult(qint64 n, int *error)
{
    if (n >= 0)
        return n;
    const int e = lastError();
    if (isWouldBlock(e))
        return Net::wouldBlock;
    *error = e;
    return Net::failed;
}

SockLen toSockaddr(const Net::Endpoint &endpoint, sockaddr_storage *storage)
{
    std::memset(storage, 0, sizeof(*storage));
    if (endpoint.address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(endpoint.port);
        const Q_IPV6ADDR bytes = endpoint.address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, &bytes, sizeof(bytes));
        return sizeof(sockaddr_in6);
    }
    auto *in4 = reinterpret_cast<sockaddr_in *>(storage);
    in4->sin_family = AF_INET;
    in4->sin_port = htons(endpoint.port);
    in4->sin_addr.s_addr = htonl(endpoint.address.isNull() ? INADDR_ANY : endpoint.address.toIPv4Address());
    return sizeof(sockaddr_in);
}

Net::Endpoint fromSockaddr(const sockaddr_storage &storage)
{
    Net::Endpoint endpoint;
    if (storage.ss_family == AF_INET6) {
        const auto *in6 = reinterpret_cast<const sockaddr_in6 *>(&storage);
        Q_IPV6ADDR bytes;
        std::memcpy(&bytes, &in6->sin6_addr, sizeof(bytes));
        endpoint.address.setAddress(bytes);
        endpoint.port = ntohs(in6->sin6_port);
    } else if (storage.ss_family == AF_INET) {
        const auto *in4 = reinterpret_cast<const sockaddr_in *>(&storage);
        endpoint.address.setAddress(quint32(ntohl(in4->sin_addr.s_addr)));
        endpoint.port = ntohs(in4->sin_port);
    }
    return endpoint;
}

[[maybe_unused]] bool setNonBlocking(Net::Socket socket)
{
#if defined(Q_OS_WIN)
    u_long on = 1;
    return ioctlsocket(socket, FIONBIO, &on) == 0;
#else
    const int flags = fcntl(socket, F_GETFL, 0);
    return flags >= 0 && fcntl(socket, F_SETFL, flags | O_NONBLOCK) == 0;
#endif
}

// A non-blocking, close-on-exec socket: SOCK_STREAM/IPPROTO_TCP or SOCK_DGRAM/IPPROTO_UDP.
Net::Socket newSocket(int family, int type, int protocol)
{
#if defined(Q_OS_WIN)
    const SOCKET s = WSASocketW(family, type, protocol, nullptr, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    if (s == INVALID_SOCKET)
        return Net::invalidSocket;
    setNonBlocking(s);
    return Net::Socket(s);
#elif defined(Q_OS_LINUX)
    return ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
#else
    const int s = ::socket(family, type, protocol);
    if (s >= 0) {
        setNonBlocking(s);
        fcntl(s, F_SETFD, FD_CLOEXEC);
    }
    return s;
#endif
}

Net::Socket newTcpSocket(int family)
{
    return newSocket(family, SOCK_STREAM, IPPROTO_TCP);
}

} // namespace

QString Net::Endpoint::toString() const
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return u'[' + address.toString() + QStringLiteral("]:") + QString::number(port);
    return (address.isNull() ? QStringLiteral("0.0.0.0") : address.toString()) + u':' + QString::number(port);
}

bool Net::startup()
{
#if defined(Q_OS_WIN)
    WSADATA data;
    return WSAStartup(MAKEWORD(2, 2), &data) == 0;
#else
    return true;
#endif
}

namespace {

bool setInt(Net::Socket s, int level, int name, int value)
{
    return setsockopt(s, level, name, reinterpret_cast<const char *>(&value), sizeof(value)) == 0;
}

// The options both protocols share, before bind() (ngx_open_listening_sockets' order).
bool setBindOptions(Net::Socket s, int family, const Net::ListenOptions &options, QString *failedCall)
{
    if (family == AF_INET6 && !setInt(s, IPPROTO_IPV6, IPV6_V6ONLY, options.ipv6Only ? 1 : 0)) {
        *failedCall = QStringLiteral("setsockopt(IPV6_V6ONLY)");
        return false;
    }
#if defined(SO_REUSEPORT)
    if (options.reusePort && !setInt(s, SOL_SOCKET, SO_REUSEPORT, 1)) {
        *failedCall = QStringLiteral("setsockopt(SO_REUSEPORT)");
        return false;
    }
#else
    if (options.reusePort) { // the validator refuses it here; never silently dropped
        *failedCall = QStringLiteral("setsockopt(SO_REUSEPORT)");
        WSASetLastError(WSAENOPROTOOPT);
        return false;
    }
#endif
    return true;
}

// SO_KEEPALIVE and its timers (ngx_configure_listening_sockets). Winsock has the three
// timers as IPPROTO_TCP options since Windows 10 1709, under the same names.
bool setKeepAlive(Net::Socket s, const Net::ListenOptions &options, QString *failedCall)
{
    struct Option
    {
        int level;
        int name;
        int value;
        const char *text;
    };
    const Option all[] = {
        {SOL_SOCKET, SO_KEEPALIVE, options.keepAlive, "SO_KEEPALIVE"},
        {IPPROTO_TCP, TCP_KEEPIDLE, options.keepIdleS, "TCP_KEEPIDLE"},
        {IPPROTO_TCP, TCP_KEEPINTVL, options.keepIntervalS, "TCP_KEEPINTVL"},
        {IPPROTO_TCP, TCP_KEEPCNT, options.keepCount, "TCP_KEEPCNT"},
    };
    for (const Option &option : all) {
        const bool wanted = option.level == SOL_SOCKET ? option.value >= 0 : option.value > 0; // SO_KEEPALIVE: 0 is "off"
        if (wanted && !setInt(s, option.level, option.name, option.value)) {
            *failedCall = QStringLiteral("setsockopt(%1, %2)").arg(QLatin1StringView(option.text)).arg(option.value);
            return false;
        }
    }
    return true;
}

// SO_RCVBUF and SO_SNDBUF (ngx_configure_listening_sockets). The system rounds or caps
// the value (Linux doubles it, up to net.core.rmem_max / wmem_max) rather than refusing it.
bool setBuffers(Net::Socket s, const Net::ListenOptions &options, QString *failedCall)
{
    if (options.rcvbuf >= 0 && !setInt(s, SOL_SOCKET, SO_RCVBUF, options.rcvbuf)) {
        *failedCall = QStringLiteral("setsockopt(SO_RCVBUF, %1)").arg(options.rcvbuf);
        return false;
    }
    if (options.sndbuf >= 0 && !setInt(s, SOL_SOCKET, SO_SNDBUF, options.sndbuf)) {
        *failedCall = QStringLiteral("setsockopt(SO_SNDBUF, %1)").arg(options.sndbuf);
        return false;
    }
    return true;
}

// TCP_FASTOPEN's queue length (ngx_configure_listening_sockets). Linux only: elsewhere the
// option is an on/off switch without nginx's number, and the validator refuses it.
bool setFastOpen(Net::Socket s, const Net::ListenOptions &options, QString *failedCall)
{
    if (options.fastOpen < 0)
        return true;
#if defined(Q_OS_LINUX)
    if (setInt(s, IPPROTO_TCP, TCP_FASTOPEN, options.fastOpen))
        return true;
#else
    Q_UNUSED(s);
#if defined(Q_OS_WIN)
    WSASetLastError(WSAENOPROTOOPT); // never silently dropped
#else
    errno = ENOPROTOOPT;
#endif
#endif
    *failedCall = QStringLiteral("setsockopt(TCP_FASTOPEN, %1)").arg(options.fastOpen);
    return false;
}

} // namespace

bool Net::setBufferSizes(Socket socket, const ListenOptions &options, int *error, QString *failedCall)
{
    QString call;
    const bool ok = setBuffers(socket, options, &call);
    *error = ok ? 0 : lastError();
    if (!ok && failedCall)
        *failedCall = call;
    return ok;
}

bool Net::reconfigureListening(Socket socket, const ListenOptions &options, int *error, QString *failedCall)
{
    QString call;
    bool ok = setKeepAlive(socket, options, &call) && setFastOpen(socket, options, &call);
    if (ok && ::listen(socket, options.backlog) != 0) {
        call = QStringLiteral("listen()");
        ok = false;
    }
    *error = ok ? 0 : lastError();
    if (!ok && failedCall)
        *failedCall = call;
    return ok;
}

Net::Socket Net::listenTcp(const Endpoint &endpoint, const ListenOptions &options, int *error, QString *failedCall)
{
    QString call;
    sockaddr_storage storage;
    const SockLen length = toSockaddr(endpoint, &storage);
    const Socket s = newTcpSocket(storage.ss_family);
    if (s == invalidSocket) {
        *error = lastError();
        if (failedCall)
            *failedCall = QStringLiteral("socket()");
        return invalidSocket;
    }
#if defined(Q_OS_WIN)
    // Windows' SO_REUSEADDR lets a second program steal the port; exclusive use is nginx's
    // behaviour on POSIX.
    setInt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1);
#else
    // Lets a restarted proxy bind while old connections sit in TIME_WAIT, as nginx does.
    setInt(s, SOL_SOCKET, SO_REUSEADDR, 1);
#endif
    bool ok = setBindOptions(s, storage.ss_family, options, &call);
    if (ok && ::bind(s, reinterpret_cast<const sockaddr *>(&storage), length) != 0) {
        call = QStringLiteral("bind()");
        ok = false;
    }
    ok = ok && setBuffers(s, options, &call);
    ok = ok && setKeepAlive(s, options, &call);
    ok = ok && setFastOpen(s, options, &call);
    if (ok && ::listen(s, options.backlog) != 0) {
        call = QStringLiteral("listen()");
        ok = false;
    }
    if (!ok) {
        *error = lastError();
        close(s);
        if (failedCall)
            *failedCall = call;
        return invalidSocket;
    }
    *error = 0;
    return s;
}

Net::Socket Net::accept(Socket listener, Endpoint *peer, int *error)
{
    sockaddr_storage storage;
    SockLen length = sizeof(storage);
#if defined(Q_OS_LINUX)
    const Socket s = ::accept4(listener, reinterpret_cast<sockaddr *>(&storage), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
#else
    const Socket s = Socket(::accept(listener, reinterpret_cast<sockaddr *>(&storage), &length));
    if (s != invalidSocket)
        setNonBlocking(s);
#endif
    if (s == invalidSocket) {
        const int e = lastError();
        *error = isWouldBlock(e) ? 0 : e;
        // The client gave up before we took it, or a signal interrupted: nothing to report.
#if defined(Q_OS_WIN)
        if (e == WSAECONNRESET || e == WSAEINTR)
            *error = 0;
#else
        if (e == ECONNABORTED || e == EINTR)
            *error = 0;
#endif
        return invalidSocket;
    }
    *error = 0;
    if (peer)
        *peer = fromSockaddr(storage);
    return s;
}

namespace {

Net::Socket newUdpSocket(int family)
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

} // namespace

Net::Socket Net::bindUdp(const Endpoint &endpoint, const ListenOptions &options, int *error, QString *failedCall)
{
    sockaddr_storage storage;
    const SockLen length = toSockaddr(endpoint, &storage);
    const Socket s = newUdpSocket(storage.ss_family);
    if (s == invalidSocket) {
        *error = lastError();
        if (failedCall)
            *failedCall = QStringLiteral("socket()");
        return invalidSocket;
    }
    int on = 1;
#if defined(IP_PKTINFO)
    if (storage.ss_family == AF_INET)
        setsockopt(s, IPPROTO_IP, IP_PKTINFO, reinterpret_cast<const char *>(&on), sizeof(on));
#endif
    QString call;
    bool ok = setBindOptions(s, storage.ss_family, options, &call);
    if (ok && ::bind(s, reinterpret_cast<const sockaddr *>(&storage), length) != 0) {
        call = QStringLiteral("bind()");
        ok = false;
    }
    ok = ok && setBuffers(s, options, &call);
    if (!ok) {
        *error = lastError();
        close(s);
        if (failedCall)
            *failedCall = call;
        return invalidSocket;
    }
    *error = 0;
    return s;
}

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

Net::ConnectStatus Net::connectTcp(const Endpoint &endpoint, Socket *socket, int *error)
{
    sockaddr_storage storage;
    const SockLen length = toSockaddr(endpoint, &storage);
    const Socket s = newTcpSocket(storage.ss_family);
    if (s == invalidSocket) {
        *error = lastError();
        *socket = invalidSocket;
        return ConnectStatus::Failed;
    }
    *socket = s;
    if (::connect(s, reinterpret_cast<const sockaddr *>(&storage), length) == 0) {
        *error = 0;
        return ConnectStatus::Connected;
    }
    const int e = lastError();
#if defined(Q_OS_WIN)
    if (e == WSAEWOULDBLOCK || e == WSAEINPROGRESS) {
#else
    if (e == EINPROGRESS || e == EINTR) {
#endif
        *error = 0;
        return ConnectStatus::InProgress;
    }
    *error = e;
    return ConnectStatus::Failed;
}

int Net::pendingError(Socket socket)
{
    int value = 0;
    SockLen length = sizeof(value);
    if (getsockopt(socket, SOL_SOCKET, SO_ERROR, reinterpret_cast<char *>(&value), &length) != 0)
        return lastError();
    return value;
}

qint64 Net::receive(Socket socket, char *data, qint64 size, int *error)
{
#if defined(Q_OS_WIN)
    const int n = ::recv(socket, data, int(qMin<qint64>(size, INT_MAX)), 0);
#else
    ssize_t n;
    do {
        n = ::recv(socket, data, size_t(size), 0);
    } while (n < 0 && errno == EINTR);
#endif
    return ioResult(qint64(n), error);
}

qint64 Net::peek(Socket socket, char *data, qint64 size, int *error)
{
#if defined(Q_OS_WIN)
    const int n = ::recv(socket, data, int(qMin<qint64>(size, INT_MAX)), MSG_PEEK);
#else
    ssize_t n;
    do {
        n = ::recv(socket, data, size_t(size), MSG_PEEK);
    } while (n < 0 && errno == EINTR);
#endif
    return ioResult(qint64(n), error);
}

qint64 Net::send(Socket socket, const char *data, qint64 size, int *error)
{
#if defined(Q_OS_WIN)
    const int n = ::send(socket, data, int(qMin<qint64>(size, INT_MAX)), 0);
#else
#if defined(MSG_NOSIGNAL)
    constexpr int flags = MSG_NOSIGNAL; // a peer that went away must not raise SIGPIPE
#else
    constexpr int flags = 0;
#endif
    ssize_t n;
    do {
        n = ::send(socket, data, size_t(size), flags);
    } while (n < 0 && errno == EINTR);
#endif
    return ioResult(qint64(n), error);
}

bool Net::shutdownWrite(Socket socket)
{
#if defined(Q_OS_WIN)
    return ::shutdown(socket, SD_SEND) == 0;
#else
    return ::shutdown(socket, SHUT_WR) == 0;
#endif
}

void Net::close(Socket socket)
{
    if (socket == invalidSocket)
        return;
#if defined(Q_OS_WIN)
    ::closesocket(socket);
#else
    ::close(socket);
#endif
}

void Net::setNoDelay(Socket socket)
{
    int on = 1;
    setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char *>(&on), sizeof(on));
}

Net::Endpoint Net::localEndpoint(Socket socket)
{
    sockaddr_storage storage;
    SockLen length = sizeof(storage);
    std::memset(&storage, 0, sizeof(storage));
    if (getsockname(socket, reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return {};
    return fromSockaddr(storage);
}

#if defined(Q_OS_WIN)
namespace {

// Winsock's codes are BSD's errno values plus 10000; their texts here are the POSIX ones
// (glibc's strerror), so a log line reads "connect() failed (10061: Connection refused)" as
// it reads "(111: Connection refused)" on Linux and operators can search for one text.
// FormatMessage's texts are long sentences in the system's language (and "unknown error"
// under Wine).
const char *winsockText(int error)
{
    switch (error) {
    case WSAEINTR: return "Interrupted system call";
    case WSAEBADF: return "Bad file descriptor";
    case WSAEACCES: return "Permission denied";
    case WSAEFAULT: return "Bad address";
    case WSAEINVAL: return "Invalid argument";
    case WSAEMFILE: return "Too many open files";
    case WSAEWOULDBLOCK: return "Resource temporarily unavailable";
    case WSAEINPROGRESS: return "Operation now in progress";
    case WSAEALREADY: return "Operation already in progress";
    case WSAENOTSOCK: return "Socket operation on non-socket";
    case WSAEDESTADDRREQ: return "Destination address required";
    case WSAEMSGSIZE: return "Message too long";
    case WSAEPROTOTYPE: return "Protocol wrong type for socket";
    case WSAENOPROTOOPT: return "Protocol not available";
    case WSAEPROTONOSUPPORT: return "Protocol not supported";
    case WSAESOCKTNOSUPPORT: return "Socket type not supported";
    case WSAEOPNOTSUPP: return "Operation not supported";
    case WSAEPFNOSUPPORT: return "Protocol family not supported";
    case WSAEAFNOSUPPORT: return "Address family not supported by protocol";
    case WSAEADDRINUSE: return "Address already in use";
    case WSAEADDRNOTAVAIL: return "Cannot assign requested address";
    case WSAENETDOWN: return "Network is down";
    case WSAENETUNREACH: return "Network is unreachable";
    case WSAENETRESET: return "Network dropped connection on reset";
    case WSAECONNABORTED: return "Software caused connection abort";
    case WSAECONNRESET: return "Connection reset by peer";
    case WSAENOBUFS: return "No buffer space available";
    case WSAEISCONN: return "Transport endpoint is already connected";
    case WSAENOTCONN: return "Transport endpoint is not connected";
    case WSAESHUTDOWN: return "Cannot send after transport endpoint shutdown";
    case WSAETIMEDOUT: return "Connection timed out";
    case WSAECONNREFUSED: return "Connection refused";
    case WSAEHOSTDOWN: return "Host is down";
    case WSAEHOSTUNREACH: return "No route to host";
    case WSAEPROCLIM: return "Too many processes";
    case WSANOTINITIALISED: return "Winsock is not initialised";
    default: return nullptr;
    }
}

} // namespace
#endif

QString Net::errorString(int error)
{
#if defined(Q_OS_WIN)
    if (const char *text = winsockText(error))
        return QString::number(error) + QStringLiteral(": ") + QString::fromLatin1(text);
    wchar_t *text = nullptr;
    FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                   DWORD(error), MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), reinterpret_cast<LPWSTR>(&text), 0, nullptr);
    QString message = text ? QString::fromWCharArray(text).trimmed() : QStringLiteral("unknown error");
    LocalFree(text);
    if (message.endsWith(u'.'))
        message.chop(1);
    return QString::number(error) + QStringLiteral(": ") + message;
#else
    return QString::number(error) + QStringLiteral(": ") + QString::fromLocal8Bit(std::strerror(error));
#endif
}

int Net::timedOutError()
{
#if defined(Q_OS_WIN)
    return WSAETIMEDOUT;
#else
    return ETIMEDOUT;
#endif
}

bool Net::isTooManyFiles(int error)
{
#if defined(Q_OS_WIN)
    return error == WSAEMFILE || error == WSAENOBUFS;
#else
    return error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM;
#endif
}

bool Net::isLocalResourceError(int error)
{
#if defined(Q_OS_WIN)
    return isTooManyFiles(error) || error == WSAEADDRNOTAVAIL;
#else
    return isTooManyFiles(error) || error == EADDRNOTAVAIL;
#endif
}

bool Net::isAddressInUse(int error)
{
#if defined(Q_OS_WIN)
    return error == WSAEADDRINUSE;
#else
    return error == EADDRINUSE;
#endif
}

bool Net::isPermissionDenied(int error)
{
#if defined(Q_OS_WIN)
    return error == WSAEACCES;
#else
    return error == EACCES || error == EPERM;
#endif
}

bool Net::isAddressNotAvailable(int error)
{
#if defined(Q_OS_WIN)
    return error == WSAEADDRNOTAVAIL;
#else
    return error == EADDRNOTAVAIL;
#endif
}

int Net::unprivilegedPortStart()
{
#if defined(Q_OS_WIN)
    return 0;
#else
    constexpr int classicStart = 1024; // IPPORT_RESERVED
#if defined(Q_OS_LINUX)
    QFile sysctl(QStringLiteral("/proc/sys/net/ipv4/ip_unprivileged_port_start"));
    if (sysctl.open(QIODevice::ReadOnly)) {
        bool ok = false;
        const int start = sysctl.read(16).trimmed().toInt(&ok);
        if (ok && start >= 0 && start <= 65536)
            return start;
    }
#endif
    return classicStart;
#endif
}

int Net::sockaddrOf(const Endpoint &endpoint, void *storage)
{
    return int(toSockaddr(endpoint, static_cast<sockaddr_storage *>(storage)));
}

Net::Endpoint Net::endpointOf(const void *storage)
{
    return fromSockaddr(*static_cast<const sockaddr_storage *>(storage));
}
