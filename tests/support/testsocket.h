#pragma once

// Blocking sockets for test clients and backends, so a test can play a real peer with
// exact control over half-closes and read pacing (QTcpSocket cannot half-close). The
// tests' own small platform corner; Winsock has the same calls, spelled as below. Create
// them with testSocket() and testAccept(), which keep them out of child processes.
#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>
using TestSocketHandle = SOCKET;
inline constexpr TestSocketHandle testInvalidSocket = INVALID_SOCKET;
inline void testCloseSocket(TestSocketHandle s) { closesocket(s); }
inline constexpr int testShutWrite = SD_SEND;
inline constexpr int testShutBoth = SD_BOTH;
inline constexpr int testSendFlags = 0;
inline int testSetIntOption(TestSocketHandle s, int level, int name, int value)
{
    return setsockopt(s, level, name, reinterpret_cast<const char *>(&value), sizeof(value));
}
// Winsock takes SO_RCVTIMEO as a DWORD of milliseconds.
inline int testSetReceiveTimeout(TestSocketHandle s, int seconds)
{
    const DWORD ms = DWORD(seconds) * 1000;
    return setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, reinterpret_cast<const char *>(&ms), sizeof(ms));
}
inline int testSetSendTimeout(TestSocketHandle s, int seconds)
{
    const DWORD ms = DWORD(seconds) * 1000;
    return setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, reinterpret_cast<const char *>(&ms), sizeof(ms));
}
inline TestSocketHandle testSocket(int type, int protocol)
{
    const TestSocketHandle s = ::socket(AF_INET, type, protocol);
    if (s != INVALID_SOCKET)
        SetHandleInformation(reinterpret_cast<HANDLE>(s), HANDLE_FLAG_INHERIT, 0);
    return s;
}
inline TestSocketHandle testAccept(TestSocketHandle listening)
{
    const TestSocketHandle s = ::accept(listening, nullptr, nullptr);
    if (s != INVALID_SOCKET)
        SetHandleInformation(reinterpret_cast<HANDLE>(s), HANDLE_FLAG_INHERIT, 0);
    return s;
}
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
using TestSocketHandle = int;
inline constexpr TestSocketHandle testInvalidSocket = -1;
inline void testCloseSocket(TestSocketHandle s) { ::close(s); }
inline constexpr int testShutWrite = SHUT_WR;
inline constexpr int testShutBoth = SHUT_RDWR;
inline constexpr int testSendFlags = MSG_NOSIGNAL;
inline int testSetIntOption(TestSocketHandle s, int level, int name, int value) { return setsockopt(s, level, name, &value, sizeof(value)); }
inline int testSetReceiveTimeout(TestSocketHandle s, int seconds)
{
    const timeval timeout{seconds, 0};
    return setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
}
// A blocking send() (and on Linux a blocking connect()) gives up after this long: a peer that
// stopped reading fails the test instead of hanging it until ctest's timeout.
inline int testSetSendTimeout(TestSocketHandle s, int seconds)
{
    const timeval timeout{seconds, 0};
    return setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
}
// Close-on-exec: a program the test starts later (nginx, an exporter, portierd) must not
// inherit a test peer's socket, or the peer's close would never reach the proxy.
inline TestSocketHandle testSocket(int type, int protocol) { return ::socket(AF_INET, type | SOCK_CLOEXEC, protocol); }
inline TestSocketHandle testAccept(TestSocketHandle listening) { return ::accept4(listening, nullptr, nullptr, SOCK_CLOEXEC); }
#endif

// Sends all of data on a blocking socket (the peer's window decides the pace); false when the
// connection failed. Wine 8.0's blocking send() now and then returns 0 with no error for a
// non-empty buffer, which Winsock never does (seen in tst_tcpproxy's bulk exchange, with
// another thread blocked in recv() on the same socket, at 11-48 MB of 64 MB in most runs):
// that is not the peer going away, so it is tried again, a bounded number of times in a row.
// `sent` (optional) is called with each piece the kernel took.
template <typename Counter = void (*)(long long)>
bool testSendAll(TestSocketHandle s, const char *data, long long size, Counter sent = [](long long) {})
{
    int zeroSends = 0;
    while (size > 0) {
        const auto n = ::send(s, data, static_cast<int>(size < (1 << 30) ? size : (1 << 30)), testSendFlags);
        if (n == 0 && ++zeroSends < 1000)
            continue;
        if (n <= 0)
            return false;
        zeroSends = 0;
        sent(static_cast<long long>(n));
        data += n;
        size -= n;
    }
    return true;
}
