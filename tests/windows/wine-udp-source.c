/* Evidence for the 127.0.0.N lines of wine-known-failures.txt: under Wine 8.0 a UDP socket
   bound to 127.0.0.N sends from 127.0.0.1 (getsockname still says 127.0.0.N).
   Sends one datagram from each of 127.0.0.2..4 (bound, port 0) to 127.0.0.1:PORT, with sendto,
   or with connect+send when a second argument is given, and prints the bound address.
     x86_64-w64-mingw32-gcc -o wine-udp-source.exe wine-udp-source.c -lws2_32
     python3 -c 'import socket; s=socket.socket(2,2); s.bind(("127.0.0.1",20951)); s.settimeout(20)
     [print(s.recvfrom(64)) for _ in range(3)]' & wine wine-udp-source.exe 20951
   Measured: the receiver sees every datagram from 127.0.0.1. The other way round (a Linux
   sender bound to 127.0.0.N, a Winsock recvfrom under Wine) the source arrives as 127.0.0.N. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
    WSADATA w; WSAStartup(MAKEWORD(2, 2), &w);
    for (int n = 2; n <= 4; ++n) {
        SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
        struct sockaddr_in a = {0}; a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(0x7f000000 | n);
        if (bind(s, (struct sockaddr *)&a, sizeof a) != 0) { printf("bind %d\n", WSAGetLastError()); return 1; }
        struct sockaddr_in self; int len = sizeof self; getsockname(s, (struct sockaddr *)&self, &len);
        char text[64]; inet_ntop(AF_INET, &self.sin_addr, text, sizeof text);
        struct sockaddr_in to = {0}; to.sin_family = AF_INET; to.sin_port = htons(atoi(argv[1]));
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        char msg[32]; int m = snprintf(msg, sizeof msg, "from-127.0.0.%d", n);
        if (argc > 2) { /* connected, as QUdpSocket::connectToHost would */
            if (connect(s, (struct sockaddr *)&to, sizeof to) != 0) { printf("connect %d\n", WSAGetLastError()); return 1; }
            send(s, msg, m, 0);
        } else
            sendto(s, msg, m, 0, (struct sockaddr *)&to, sizeof to);
        printf("sent from %s:%d%s\n", text, ntohs(self.sin_port), argc > 2 ? " (connected)" : "");
        closesocket(s);
    }
    return 0;
}
