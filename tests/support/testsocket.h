#pragma once

// Blocking sockets for test clients and backends, so a test can play a real peer with
// exact control over half-closes and read pacing (QTcpSocket cannot half-close). The
// tests' own small platform corner; Winsock has the same calls, spelled as below.
#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>
using TestSocketHandle = SOCKET;
inline constexpr TestSocketHandle testInvalidSocket = INVALID_SOCKET;
inline void testCloseSocket(TestSocketHandle s) { closesocket(s); }
inline constexpr int testShutWrite = SD_SEND;
inline constexpr int testShutBoth = SD_BOTH;
inline constexpr int testSendFlags = 0;
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
#endif
