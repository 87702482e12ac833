#include "netsystem.h"

#include <climits>

// A TCP connection's calls: connect, receive, send, half-close.

using namespace NetSystem;

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

namespace {

// recv() with flags (0, or MSG_PEEK), retried when a signal interrupts it.
qint64 receiveWith(Net::Socket socket, char *data, qint64 size, int flags, int *error)
{
#if defined(Q_OS_WIN)
    const int n = ::recv(socket, data, int(qMin<qint64>(size, INT_MAX)), flags);
#else
    ssize_t n;
    do {
        n = ::recv(socket, data, size_t(size), flags);
    } while (n < 0 && errno == EINTR);
#endif
    return ioResult(qint64(n), error);
}

} // namespace

qint64 Net::receive(Socket socket, char *data, qint64 size, int *error)
{
    return receiveWith(socket, data, size, 0, error);
}

qint64 Net::peek(Socket socket, char *data, qint64 size, int *error)
{
    return receiveWith(socket, data, size, MSG_PEEK, error);
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

void Net::setNoDelay(Socket socket)
{
    int on = 1;
    setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char *>(&on), sizeof(on));
}
