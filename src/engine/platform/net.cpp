#include "net.h"

#include <climits>
#include <cstring>

#if defined(Q_OS_WIN)
#include <winsock2.h>
#include <ws2tcpip.h>
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

Net::Socket newSocket(int family)
{
#if defined(Q_OS_WIN)
    const SOCKET s = WSASocketW(family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    if (s == INVALID_SOCKET)
        return Net::invalidSocket;
    setNonBlocking(s);
    return Net::Socket(s);
#elif defined(Q_OS_LINUX)
    return ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
#else
    const int s = ::socket(family, SOCK_STREAM, IPPROTO_TCP);
    if (s >= 0) {
        setNonBlocking(s);
        fcntl(s, F_SETFD, FD_CLOEXEC);
    }
    return s;
#endif
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

Net::Socket Net::listenTcp(const Endpoint &endpoint, int backlog, int *error)
{
    sockaddr_storage storage;
    const SockLen length = toSockaddr(endpoint, &storage);
    const Socket s = newSocket(storage.ss_family);
    if (s == invalidSocket) {
        *error = lastError();
        return invalidSocket;
    }
    int on = 1;
#if defined(Q_OS_WIN)
    // Windows' SO_REUSEADDR lets a second program steal the port; exclusive use is nginx's
    // behaviour on POSIX.
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char *>(&on), sizeof(on));
#else
    // Lets a restarted proxy bind while old connections sit in TIME_WAIT, as nginx does.
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
#endif
    if (storage.ss_family == AF_INET6)
        setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, reinterpret_cast<const char *>(&on), sizeof(on));
    if (::bind(s, reinterpret_cast<const sockaddr *>(&storage), length) != 0 || ::listen(s, backlog) != 0) {
        *error = lastError();
        close(s);
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
#if !defined(Q_OS_WIN)
        // The client gave up before we took it, or a signal interrupted: nothing to report.
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

Net::ConnectStatus Net::connectTcp(const Endpoint &endpoint, Socket *socket, int *error)
{
    sockaddr_storage storage;
    const SockLen length = toSockaddr(endpoint, &storage);
    const Socket s = newSocket(storage.ss_family);
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
    if (n >= 0)
        return n;
    const int e = lastError();
    if (isWouldBlock(e))
        return wouldBlock;
    *error = e;
    return failed;
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
    if (n >= 0)
        return n;
    const int e = lastError();
    if (isWouldBlock(e))
        return wouldBlock;
    *error = e;
    return failed;
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

QString Net::errorString(int error)
{
#if defined(Q_OS_WIN)
    wchar_t *text = nullptr;
    FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                   DWORD(error), 0, reinterpret_cast<LPWSTR>(&text), 0, nullptr);
    const QString message = text ? QString::fromWCharArray(text).trimmed() : QStringLiteral("unknown error");
    LocalFree(text);
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

bool Net::isAddressInUse(int error)
{
#if defined(Q_OS_WIN)
    return error == WSAEADDRINUSE;
#else
    return error == EADDRINUSE;
#endif
}
