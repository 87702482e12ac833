#pragma once

// Finds the engine's sockets in this process, listening (by protocol and local port) or
// connected (by local or peer port), and reads an int option from one: the tests' platform
// corner for checking what the engine set on a socket it does not hand out. Linux lists the
// process's descriptors in /proc/self/fd; on Windows a socket is a kernel handle, whose
// values are multiples of 4, so a bounded scan of handle values finds it (getsockopt()
// refuses a handle that is no socket).
#include <QDir>
#include <QFile>
#include <QStringList>

#include <cerrno>
#include <limits>

#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace ListeningSocketProbe {

#if defined(_WIN32)
using Handle = SOCKET;
using Length = int;
#else
using Handle = int;
using Length = socklen_t;
#endif
inline constexpr Handle none = Handle(~Handle(0));

// The option's value; -1000 less the error code when getsockopt() fails. Zeroed first:
// Windows writes a boolean such as TCP_NODELAY as one byte (Wine too), leaving the rest.
inline int intOption(Handle s, int level, int name)
{
    int value = 0;
    Length length = sizeof(value);
    if (getsockopt(s, level, name, reinterpret_cast<char *>(&value), &length) != 0) {
#if defined(_WIN32)
        return -1000 - WSAGetLastError();
#else
        return -1000 - errno;
#endif
    }
    return value;
}

// The socket's own port, or with peer its peer's; 0 when it has none.
inline quint16 localPort(Handle s, bool peer = false)
{
    sockaddr_storage address{};
    Length length = sizeof(address);
    const int status = peer ? getpeername(s, reinterpret_cast<sockaddr *>(&address), &length)
                            : getsockname(s, reinterpret_cast<sockaddr *>(&address), &length);
    if (status != 0)
        return 0;
    if (address.ss_family == AF_INET)
        return ntohs(reinterpret_cast<const sockaddr_in *>(&address)->sin_port);
    if (address.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6 *>(&address)->sin6_port);
    return 0;
}

inline QList<Handle> candidates()
{
    QList<Handle> all;
#if defined(_WIN32)
    constexpr Handle lastHandle = 1 << 16; // far more handles than a test process holds
    for (Handle h = 4; h <= lastHandle; h += 4)
        all << h;
#else
    const QStringList fds = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot);
    for (const QString &fd : fds)
        all << fd.toInt();
#endif
    return all;
}

// The listening TCP socket (SO_ACCEPTCONN), or the UDP socket, bound to port; none if absent.
inline Handle find(quint16 port, bool udp)
{
    for (const Handle s : candidates()) {
        if (intOption(s, SOL_SOCKET, SO_TYPE) != (udp ? SOCK_DGRAM : SOCK_STREAM) || localPort(s) != port)
            continue;
        if (udp || intOption(s, SOL_SOCKET, SO_ACCEPTCONN) == 1)
            return s;
    }
    return none;
}

// A connected TCP socket whose own port is port (what a listener on port accepted), or with
// toPeer whose peer's port is (a connection to a server on port); none if absent.
inline Handle findConnected(quint16 port, bool toPeer)
{
    for (const Handle s : candidates()) {
        if (intOption(s, SOL_SOCKET, SO_TYPE) == SOCK_STREAM && intOption(s, SOL_SOCKET, SO_ACCEPTCONN) == 0
            && localPort(s, toPeer) == port)
            return s;
    }
    return none;
}

// What the system grants at most for SO_RCVBUF (net.core.rmem_max) or SO_SNDBUF
// (net.core.wmem_max); INT_MAX where it has no such cap to read.
inline int systemCap(bool receive)
{
    QFile file(receive ? QStringLiteral("/proc/sys/net/core/rmem_max") : QStringLiteral("/proc/sys/net/core/wmem_max"));
    bool ok = false;
    const int cap = file.open(QIODevice::ReadOnly) ? file.readAll().trimmed().toInt(&ok) : 0;
    return ok && cap > 0 ? cap : std::numeric_limits<int>::max();
}

} // namespace ListeningSocketProbe
