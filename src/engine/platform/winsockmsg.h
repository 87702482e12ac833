#pragma once

#include <QtGlobal>

#if defined(Q_OS_WIN)
#include <winsock2.h>

class QHostAddress;

// The Winsock side of a wildcard UDP listener's IP_PKTINFO (netdatagram.cpp holds the POSIX one):
// WSARecvMsg tells each datagram's destination, WSASendMsg sends a reply from it, so the
// reply leaves from the address the client sent to. WSARecvMsg is reached through
// SIO_GET_EXTENSION_FUNCTION_POINTER; without it (or for IPv6) these fall back to
// recvfrom/sendto. Under Wine 8.0 the destination is reported but a reply still leaves from
// 127.0.0.1 (Wine ignores the source on sending; tests/windows/wine-known-failures.txt).
namespace WinsockMsg {

// As recvfrom(); also sets *to to the destination when the socket reports IP_PKTINFO.
int receive(SOCKET socket, char *data, int size, sockaddr_storage *peer, QHostAddress *to);

// As sendto(); from an IPv4 source address when from is one.
int send(SOCKET socket, const char *data, int size, const sockaddr *peer, int peerLength, const QHostAddress &from);

} // namespace WinsockMsg
#endif
