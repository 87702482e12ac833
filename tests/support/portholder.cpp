// portholder: a child process that holds a port, so a test can check that Portier names the
// program in its way ("in use by another program (portholder, pid N)"). No Qt: plain sockets
// (testsocket.h).
//
// Usage: portholder tcp|udp TIMEOUT_SECONDS
// Binds 127.0.0.1 on a port the system picks (and listens, for tcp), writes "port N" on
// stdout, and holds it until stdin closes or the timeout passes, so a test that dies leaves
// no process behind. On a failure "failed REASON" and exit 1.
#include "testsocket.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace {

[[noreturn]] void fail(const char *reason)
{
    std::printf("failed %s\n", reason);
    std::fflush(stdout);
    std::_Exit(1);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 3 || (std::strcmp(argv[1], "tcp") != 0 && std::strcmp(argv[1], "udp") != 0))
        fail("usage: portholder tcp|udp TIMEOUT_SECONDS");
    const bool udp = std::strcmp(argv[1], "udp") == 0;
    const int timeoutSeconds = std::atoi(argv[2]);
#if defined(_WIN32)
    WSADATA data;
    if (WSAStartup(MAKEWORD(2, 2), &data) != 0)
        fail("WSAStartup");
#endif
    const TestSocketHandle s = udp ? testSocket(SOCK_DGRAM, IPPROTO_UDP) : testSocket(SOCK_STREAM, IPPROTO_TCP);
    if (s == testInvalidSocket)
        fail("socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(s, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) != 0)
        fail("bind");
    if (!udp && ::listen(s, 16) != 0)
        fail("listen");
    socklen_t length = sizeof(address);
    if (::getsockname(s, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        fail("getsockname");
    std::printf("port %u\n", unsigned(ntohs(address.sin_port)));
    std::fflush(stdout);

    // stdin's end (the test closed it or died) ends the hold; so does the timeout.
    std::thread([] {
        while (std::getchar() != EOF) {
        }
        std::_Exit(0);
    }).detach();
    std::this_thread::sleep_for(std::chrono::seconds(timeoutSeconds));
    return 0;
}
