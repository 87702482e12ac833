#include "netsystem.h"

#include <climits>
#include <cstring>

#include <QFile>

#if !defined(Q_OS_WIN)
#include <fcntl.h>
#include <unistd.h>
#endif

// What every socket shares: addresses, creating and closing a socket, error texts. Listening
// sockets are in netlisten.cpp, TCP connections in netstream.cpp, UDP in netdatagram.cpp.

namespace NetSystem {

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

bool setNonBlocking(Net::Socket socket)
{
#if defined(Q_OS_WIN)
    u_long on = 1;
    return ioctlsocket(socket, FIONBIO, &on) == 0;
#else
    const int flags = fcntl(socket, F_GETFL, 0);
    return flags >= 0 && fcntl(socket, F_SETFL, flags | O_NONBLOCK) == 0;
#endif
}

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

} // namespace NetSystem

using namespace NetSystem;

QString Net::Endpoint::toString() const
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return u'[' + address.toString() + QStringLiteral("]:") + QString::number(port);
    return (address.isNull() ? QStringLiteral("0.0.0.0") : address.toString()) + u':' + QString::number(port);
}

Net::PackedEndpoint::PackedEndpoint(const Endpoint &endpoint) : m_port(endpoint.port)
{
    switch (endpoint.address.protocol()) {
    case QAbstractSocket::IPv4Protocol: {
        const quint32 ip = endpoint.address.toIPv4Address();
        for (int i = 0; i < 4; ++i)
            m_bytes[i] = quint8(ip >> (24 - 8 * i));
        m_family = 4;
        break;
    }
    case QAbstractSocket::IPv6Protocol: {
        const Q_IPV6ADDR ip = endpoint.address.toIPv6Address();
        std::memcpy(m_bytes, ip.c, sizeof m_bytes);
        m_family = 6;
        break;
    }
    default:
        break;
    }
}

Net::Endpoint Net::PackedEndpoint::unpack() const
{
    Endpoint endpoint;
    endpoint.port = m_port;
    if (m_family == 4)
        endpoint.address.setAddress(quint32(m_bytes[0]) << 24 | quint32(m_bytes[1]) << 16 | quint32(m_bytes[2]) << 8 | m_bytes[3]);
    else if (m_family == 6)
        endpoint.address.setAddress(m_bytes);
    return endpoint;
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

