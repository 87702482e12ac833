/* Evidence for tst_udpproxy::replyComesFromAddressClientSentTo in wine-known-failures.txt:
   a UDP socket on 0.0.0.0:PORT with IP_PKTINFO receives two datagrams with WSARecvMsg, prints
   each one's destination, and echoes it with WSASendMsg from that destination (IN_PKTINFO),
   as Portier's winsockmsg.cpp does.
     x86_64-w64-mingw32-gcc -o wine-udp-pktinfo.exe wine-udp-pktinfo.c -lws2_32
     wine wine-udp-pktinfo.exe 20960 &
     python3 -c 'import socket
     for d in ("127.0.0.1", "127.0.0.2"):
         s = socket.socket(2, 2); s.settimeout(5); s.sendto(b"x", (d, 20960)); print(d, s.recvfrom(64))'
   Measured under Wine 8.0: WSARecvMsg reports 127.0.0.2 as the destination, and the reply to
   it still comes from 127.0.0.1: Wine does not use the IN_PKTINFO source when sending. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
    WSADATA w; WSAStartup(MAKEWORD(2, 2), &w);
    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    DWORD on = 1; if (setsockopt(s, IPPROTO_IP, IP_PKTINFO, (char *)&on, sizeof on)) printf("IP_PKTINFO %d\n", WSAGetLastError());
    struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_port = htons(atoi(argv[1]));
    if (bind(s, (struct sockaddr *)&a, sizeof a)) { printf("bind %d\n", WSAGetLastError()); return 1; }
    GUID rg = WSAID_WSARECVMSG, sg = WSAID_WSASENDMSG; LPFN_WSARECVMSG recvmsg_; LPFN_WSASENDMSG sendmsg_; DWORD got;
    WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &rg, sizeof rg, &recvmsg_, sizeof recvmsg_, &got, 0, 0);
    WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &sg, sizeof sg, &sendmsg_, sizeof sendmsg_, &got, 0, 0);
    DWORD t = 10000; setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char *)&t, sizeof t);
    printf("ready\n"); fflush(stdout);
    for (int i = 0; i < 2; ++i) {
        char buf[64], control[256]; struct sockaddr_in from; WSABUF b = {sizeof buf, buf};
        WSAMSG m = {0}; m.name = (struct sockaddr *)&from; m.namelen = sizeof from; m.lpBuffers = &b; m.dwBufferCount = 1;
        m.Control.buf = control; m.Control.len = sizeof control;
        DWORD n = 0;
        if (recvmsg_(s, &m, &n, 0, 0)) { printf("WSARecvMsg %d\n", WSAGetLastError()); return 1; }
        IN_ADDR dst = {0}; int found = 0;
        for (WSACMSGHDR *c = WSA_CMSG_FIRSTHDR(&m); c; c = WSA_CMSG_NXTHDR(&m, c))
            if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) { dst = ((IN_PKTINFO *)WSA_CMSG_DATA(c))->ipi_addr; found = 1; }
        char ft[32], dt[32]; inet_ntop(AF_INET, &from.sin_addr, ft, sizeof ft); inet_ntop(AF_INET, &dst, dt, sizeof dt);
        printf("got %.*s from %s:%d to %s (pktinfo %s)\n", (int)n, buf, ft, ntohs(from.sin_port), dt, found ? "yes" : "no"); fflush(stdout);
        /* reply from the address it was sent to */
        char control2[WSA_CMSG_SPACE(sizeof(IN_PKTINFO))] = {0}; WSABUF rb = {n, buf};
        WSAMSG r = {0}; r.name = (struct sockaddr *)&from; r.namelen = sizeof from; r.lpBuffers = &rb; r.dwBufferCount = 1;
        r.Control.buf = control2; r.Control.len = sizeof control2;
        WSACMSGHDR *c = WSA_CMSG_FIRSTHDR(&r); c->cmsg_level = IPPROTO_IP; c->cmsg_type = IP_PKTINFO; c->cmsg_len = WSA_CMSG_LEN(sizeof(IN_PKTINFO));
        ((IN_PKTINFO *)WSA_CMSG_DATA(c))->ipi_addr = dst;
        DWORD sent = 0;
        if (sendmsg_(s, &r, 0, &sent, 0, 0)) printf("WSASendMsg %d\n", WSAGetLastError());
    }
    return 0;
}
