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
// Close-on-exec: a program the test starts later (nginx, an exporter, portierd) must not
// inherit a test peer's socket, or the peer's close would never reach the proxy.
inline TestSocketHandle testSocket(int type, int protocol) { return ::socket(AF_INET, type | SOCK_CLOEXEC, protocol); }
inline TestSocketHandle testAccept(TestSocketHandle listening) { return ::accept4(listening, nullptr, nullptr, SOCK_CLOEXEC); }
#endif
