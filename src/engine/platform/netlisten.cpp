#include "netsystem.h"

#if defined(Q_OS_WIN)
#include <mstcpip.h>
#endif

// Listening sockets, TCP and UDP, with the options nginx's listen directive sets, and accept().

#if defined(Q_OS_WIN)
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
#endif

using namespace NetSystem;

namespace {

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

namespace {

// Reads the failed call's error, then closes s: invalidSocket.
Net::Socket closeFailed(Net::Socket s, int *error)
{
    *error = lastError();
    Net::close(s);
    return Net::invalidSocket;
}

// A listener's socket for endpoint, bound: the protocol's own options first (TCP's address
// reuse, UDP's IP_PKTINFO), then those both share (setBindOptions), bind() and the buffer
// sizes. invalidSocket on failure, with *error and *call naming the call that failed.
Net::Socket bindListening(const Net::Endpoint &endpoint, bool udp, const Net::ListenOptions &options, int *error, QString *call)
{
    sockaddr_storage storage;
    const SockLen length = toSockaddr(endpoint, &storage);
    const Net::Socket s = udp ? newUdpSocket(storage.ss_family) : newTcpSocket(storage.ss_family);
    if (s == Net::invalidSocket) {
        *error = lastError();
        *call = QStringLiteral("socket()");
        return Net::invalidSocket;
    }
    if (udp) {
#if defined(IP_PKTINFO)
        if (storage.ss_family == AF_INET)
            setInt(s, IPPROTO_IP, IP_PKTINFO, 1);
#endif
    } else {
#if defined(Q_OS_WIN)
        // Windows' SO_REUSEADDR lets a second program steal the port; exclusive use is nginx's
        // behaviour on POSIX.
        setInt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1);
#else
        // Lets a restarted proxy bind while old connections sit in TIME_WAIT, as nginx does.
        setInt(s, SOL_SOCKET, SO_REUSEADDR, 1);
#endif
    }
    bool ok = setBindOptions(s, storage.ss_family, options, call);
    if (ok && ::bind(s, reinterpret_cast<const sockaddr *>(&storage), length) != 0) {
        *call = QStringLiteral("bind()");
        ok = false;
    }
    ok = ok && setBuffers(s, options, call);
    if (!ok)
        return closeFailed(s, error);
    *error = 0;
    return s;
}

} // namespace

Net::Socket Net::listenTcp(const Endpoint &endpoint, const ListenOptions &options, int *error, QString *failedCall)
{
    QString call;
    Socket s = bindListening(endpoint, false, options, error, &call);
    if (s != invalidSocket) {
        bool ok = setKeepAlive(s, options, &call) && setFastOpen(s, options, &call);
#if defined(Q_OS_LINUX)
        // Linux's accepted sockets inherit TCP_NODELAY from the listening socket: set once
        // here, it saves a setsockopt() per connection (accept() sets it elsewhere).
        if (ok && !setInt(s, IPPROTO_TCP, TCP_NODELAY, 1)) {
            call = QStringLiteral("setsockopt(TCP_NODELAY)");
            ok = false;
        }
#endif
        if (ok && ::listen(s, options.backlog) != 0) {
            call = QStringLiteral("listen()");
            ok = false;
        }
        if (!ok)
            s = closeFailed(s, error);
    }
    if (s == invalidSocket && failedCall)
        *failedCall = call;
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
    if (s != invalidSocket) {
        setNonBlocking(s);
        setNoDelay(s); // not known to be inherited here, unlike on Linux (listenTcp)
    }
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

Net::Socket Net::bindUdp(const Endpoint &endpoint, const ListenOptions &options, int *error, QString *failedCall)
{
    QString call;
    const Socket s = bindListening(endpoint, true, options, error, &call);
    if (s == invalidSocket && failedCall)
        *failedCall = call;
    return s;
}
