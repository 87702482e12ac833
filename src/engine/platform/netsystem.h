#pragma once

// The system's socket headers and the small helpers the net*.cpp files share. Private to
// src/engine/platform: the rest of the engine sees only net.h.

#include "net.h"

#if defined(Q_OS_WIN)
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace NetSystem {

#if defined(Q_OS_WIN)
using SockLen = int;
inline int lastError() { return WSAGetLastError(); }
inline bool isWouldBlock(int error) { return error == WSAEWOULDBLOCK; }
#else
using SockLen = socklen_t;
inline int lastError() { return errno; }
inline bool isWouldBlock(int error) { return error == EAGAIN || error == EWOULDBLOCK; }
#endif

// What a socket call returned, in Net's terms: a byte count, wouldBlock, or failed with *error.
inline qint64 ioResult(qint64 n, int *error)
{
    if (n >= 0)
        return n;
    const int e = lastError();
    if (isWouldBlock(e))
        return Net::wouldBlock;
    *error = e;
    return Net::failed;
}

inline bool setInt(Net::Socket s, int level, int name, int value)
{
    return setsockopt(s, level, name, reinterpret_cast<const char *>(&value), sizeof(value)) == 0;
}

SockLen toSockaddr(const Net::Endpoint &endpoint, sockaddr_storage *storage);
Net::Endpoint fromSockaddr(const sockaddr_storage &storage);

bool setNonBlocking(Net::Socket socket);
// A non-blocking, close-on-exec socket: SOCK_STREAM/IPPROTO_TCP or SOCK_DGRAM/IPPROTO_UDP.
Net::Socket newSocket(int family, int type, int protocol);
inline Net::Socket newTcpSocket(int family) { return newSocket(family, SOCK_STREAM, IPPROTO_TCP); }
// A UDP socket; on Windows with ICMP "port unreachable" reports off (see netdatagram.cpp).
Net::Socket newUdpSocket(int family);

} // namespace NetSystem
