// sessionholder: a child process for tests that need many idle sessions through the proxy
// (tst_guiconnections' 10,000). It holds both outer ends of each session, the clients and
// the servers, so the test process holds only the proxy's own descriptors: two per TCP
// session, one per UDP session. No Qt: plain sockets (testsocket.h), one thread accepting.
//
// Usage: sessionholder TCP_COUNT UDP_COUNT TIMEOUT_SECONDS
// Lines on stdout and stdin, in this order:
//   out "backends TCP_PORT UDP_PORT"  a TCP server that accepts and holds, a UDP server
//   in  "proxies TCP_PORT UDP_PORT"   the proxy's listeners (TCP to the TCP server, UDP to
//                                     the UDP one, with proxy_responses 1)
//   out "ready TCP UDP"               every TCP client connected and its server end
//                                     accepted; every UDP client's datagram reached the server
//   in  "leave"
//   out "left"                        every TCP end closed, every UDP session answered
// On a failure "failed REASON" and exit 1. Exits when stdin closes or the timeout passes,
// whatever it was doing, so a test that dies leaves no process behind.
#include "testsocket.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#if defined(_WIN32)
using PollEntry = WSAPOLLFD;
static int pollSockets(PollEntry *entries, unsigned long count, int timeoutMs) { return WSAPoll(entries, count, timeoutMs); }
#else
#include <poll.h>
#include <sys/resource.h>
using PollEntry = pollfd;
static int pollSockets(PollEntry *entries, unsigned long count, int timeoutMs) { return ::poll(entries, nfds_t(count), timeoutMs); }
#endif

namespace {

using Clock = std::chrono::steady_clock;

// How many UDP clients may wait for their datagram to reach the server at once: the proxy's
// listening socket and the server's socket each have one receive buffer, and a burst of
// thousands would overflow them (loopback drops what does not fit).
constexpr int udpWindow = 64;
constexpr int udpResendMs = 200;

[[noreturn]] void fail(const std::string &reason)
{
    std::printf("failed %s\n", reason.c_str());
    std::fflush(stdout);
    std::_Exit(1);
}

void say(const std::string &line)
{
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

sockaddr_in loopback(unsigned short port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    return address;
}

unsigned short boundPort(TestSocketHandle s)
{
    sockaddr_in address{};
    socklen_t length = sizeof(address);
    getsockname(s, reinterpret_cast<sockaddr *>(&address), &length);
    return ntohs(address.sin_port);
}

// stdin, line by line, on a thread of its own so the main thread can wait with a deadline.
// When stdin closes (the test ended or died) the process exits at once.
class Commands
{
public:
    void start()
    {
        std::thread([this] {
            std::string line;
            while (std::getline(std::cin, line)) {
                const std::lock_guard lock(m_mutex);
                m_lines.push_back(line);
                m_ready.notify_one();
            }
            std::_Exit(0);
        }).detach();
    }
    // The next line, or "" when the deadline passed first.
    std::string next(Clock::time_point deadline)
    {
        std::unique_lock lock(m_mutex);
        if (!m_ready.wait_until(lock, deadline, [this] { return !m_lines.empty(); }))
            return std::string();
        std::string line = m_lines.front();
        m_lines.pop_front();
        return line;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<std::string> m_lines;
};

class Holder
{
public:
    Holder(int tcpCount, int udpCount, Clock::time_point deadline) : m_tcpCount(tcpCount), m_udpCount(udpCount), m_deadline(deadline) {}

    void openServers();
    unsigned short tcpServerPort() const { return boundPort(m_tcpServer); }
    unsigned short udpServerPort() const { return boundPort(m_udpServer); }
    void connectTcp(unsigned short proxyPort);
    void startUdp(unsigned short proxyPort);
    void leave();

private:
    bool expired() const { return Clock::now() >= m_deadline; }
    void acceptAll();
    void sendProbe(int index);
    bool receiveProbe();

    int m_tcpCount;
    int m_udpCount;
    Clock::time_point m_deadline;
    TestSocketHandle m_tcpServer = testInvalidSocket;
    TestSocketHandle m_udpServer = testInvalidSocket;
    std::vector<TestSocketHandle> m_tcpClients;
    std::vector<TestSocketHandle> m_tcpAccepted; // written by the accepting thread until joined
    std::vector<TestSocketHandle> m_udpClients;  // kept open until exit: the answers land there
    std::vector<sockaddr_in> m_udpPeers;         // the proxy's socket of each UDP session
    std::vector<int> m_udpSent;                  // datagrams sent per UDP client (resends count)
    std::vector<char> m_udpArrived;
    int m_udpArrivedCount = 0;
};

void Holder::openServers()
{
    m_tcpServer = testSocket(SOCK_STREAM, IPPROTO_TCP);
    sockaddr_in address = loopback(0);
    if (m_tcpServer == testInvalidSocket || ::bind(m_tcpServer, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0
        || ::listen(m_tcpServer, 4096) != 0)
        fail("cannot listen on 127.0.0.1 (TCP)");
    m_udpServer = testSocket(SOCK_DGRAM, IPPROTO_UDP);
    if (m_udpServer == testInvalidSocket || ::bind(m_udpServer, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0)
        fail("cannot bind 127.0.0.1 (UDP)");
}

// The TCP server's side: accepts until it holds one end per client (bounded by the deadline).
void Holder::acceptAll()
{
    while (int(m_tcpAccepted.size()) < m_tcpCount && !expired()) {
        PollEntry entry{};
        entry.fd = m_tcpServer;
        entry.events = POLLIN;
        if (pollSockets(&entry, 1, 100) <= 0)
            continue;
        const TestSocketHandle s = testAccept(m_tcpServer);
        if (s != testInvalidSocket)
            m_tcpAccepted.push_back(s);
    }
}

void Holder::connectTcp(unsigned short proxyPort)
{
    std::thread server([this] { acceptAll(); });
    const sockaddr_in proxy = loopback(proxyPort);
    m_tcpClients.reserve(size_t(m_tcpCount));
    for (int i = 0; i < m_tcpCount && !expired(); ++i) {
        const TestSocketHandle s = testSocket(SOCK_STREAM, IPPROTO_TCP);
        if (s == testInvalidSocket || ::connect(s, reinterpret_cast<const sockaddr *>(&proxy), sizeof(proxy)) != 0) {
            fail("TCP client " + std::to_string(i + 1) + " of " + std::to_string(m_tcpCount) + " could not connect to the proxy");
        }
        m_tcpClients.push_back(s);
    }
    server.join();
    if (int(m_tcpClients.size()) != m_tcpCount || int(m_tcpAccepted.size()) != m_tcpCount)
        fail("timed out with " + std::to_string(m_tcpClients.size()) + " TCP clients connected and " + std::to_string(m_tcpAccepted.size())
             + " accepted of " + std::to_string(m_tcpCount));
}

void Holder::sendProbe(int index)
{
    const std::string text = "u" + std::to_string(index);
    ::send(m_udpClients[size_t(index)], text.data(), int(text.size()), testSendFlags);
    ++m_udpSent[size_t(index)];
}

// One datagram at the UDP server: notes which client's it is and where the proxy sent it
// from. False when none came within udpResendMs.
bool Holder::receiveProbe()
{
    PollEntry entry{};
    entry.fd = m_udpServer;
    entry.events = POLLIN;
    if (pollSockets(&entry, 1, udpResendMs) <= 0)
        return false;
    char buffer[64];
    sockaddr_in from{};
    socklen_t length = sizeof(from);
    const int n = int(::recvfrom(m_udpServer, buffer, sizeof(buffer) - 1, 0, reinterpret_cast<sockaddr *>(&from), &length));
    if (n <= 1 || buffer[0] != 'u')
        return true;
    buffer[n] = '\0';
    const int index = std::atoi(buffer + 1);
    if (index >= 0 && index < m_udpCount && !m_udpArrived[size_t(index)]) {
        m_udpArrived[size_t(index)] = 1;
        m_udpPeers[size_t(index)] = from;
        ++m_udpArrivedCount;
    }
    return true;
}

// Each UDP client sends one datagram, a window at a time; one that has not reached the server
// within udpResendMs is sent again (a resend to a session that exists is one more request of
// it, which is why the answers at leave() are counted per datagram sent).
void Holder::startUdp(unsigned short proxyPort)
{
    const sockaddr_in proxy = loopback(proxyPort);
    m_udpClients.reserve(size_t(m_udpCount));
    for (int i = 0; i < m_udpCount; ++i) {
        const TestSocketHandle s = testSocket(SOCK_DGRAM, IPPROTO_UDP);
        if (s == testInvalidSocket || ::connect(s, reinterpret_cast<const sockaddr *>(&proxy), sizeof(proxy)) != 0)
            fail("UDP client " + std::to_string(i + 1) + " of " + std::to_string(m_udpCount) + " could not be made");
        m_udpClients.push_back(s);
    }
    m_udpPeers.resize(size_t(m_udpCount));
    m_udpSent.assign(size_t(m_udpCount), 0);
    m_udpArrived.assign(size_t(m_udpCount), 0);
    int next = 0;
    while (m_udpArrivedCount < m_udpCount) {
        if (expired())
            fail("timed out with " + std::to_string(m_udpArrivedCount) + " of " + std::to_string(m_udpCount) + " UDP sessions at the server");
        while (next < m_udpCount && next - m_udpArrivedCount < udpWindow)
            sendProbe(next++);
        if (receiveProbe())
            continue;
        for (int i = 0; i < next; ++i) {
            if (!m_udpArrived[size_t(i)])
                sendProbe(i);
        }
    }
}

// The sessions end as clients and servers end them: the TCP clients and server ends close
// (the proxy relays each half-close; both make the end), and the UDP server answers each
// datagram it was sent, which completes a session with proxy_responses 1.
void Holder::leave()
{
    for (int i = 0; i < m_udpCount; ++i) {
        for (int k = 0; k < m_udpSent[size_t(i)]; ++k)
            ::sendto(m_udpServer, "a", 1, 0, reinterpret_cast<const sockaddr *>(&m_udpPeers[size_t(i)]), sizeof(sockaddr_in));
    }
    for (const TestSocketHandle s : m_tcpClients)
        testCloseSocket(s);
    m_tcpClients.clear();
    for (const TestSocketHandle s : m_tcpAccepted)
        testCloseSocket(s);
    m_tcpAccepted.clear();
}

// The descriptor limit: the soft one up to what this many sessions need, if the hard one allows.
void raiseDescriptorLimit(int needed)
{
#if !defined(_WIN32)
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < rlim_t(needed)) {
        limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? rlim_t(needed) : std::min(limit.rlim_max, rlim_t(needed));
        setrlimit(RLIMIT_NOFILE, &limit);
    }
#else
    (void)needed;
#endif
}

std::vector<std::string> words(const std::string &line)
{
    std::istringstream stream(line);
    std::vector<std::string> result;
    for (std::string word; stream >> word;)
        result.push_back(word);
    return result;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 4)
        fail("usage: sessionholder TCP_COUNT UDP_COUNT TIMEOUT_SECONDS");
    const int tcpCount = std::atoi(argv[1]);
    const int udpCount = std::atoi(argv[2]);
    const int timeoutSeconds = std::atoi(argv[3]);
    if (tcpCount < 0 || udpCount < 0 || timeoutSeconds <= 0)
        fail("counts must be 0 or more and the timeout more than 0 seconds");
#if defined(_WIN32)
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        fail("WSAStartup failed");
#endif
    raiseDescriptorLimit(tcpCount * 2 + udpCount + 64);
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(timeoutSeconds);
    Commands commands;
    commands.start();
    Holder holder(tcpCount, udpCount, deadline);
    holder.openServers();
    say("backends " + std::to_string(holder.tcpServerPort()) + ' ' + std::to_string(holder.udpServerPort()));

    const std::vector<std::string> proxies = words(commands.next(deadline));
    if (proxies.size() != 3 || proxies[0] != "proxies")
        fail("expected \"proxies TCP_PORT UDP_PORT\" on stdin");
    holder.connectTcp((unsigned short)std::atoi(proxies[1].c_str()));
    holder.startUdp((unsigned short)std::atoi(proxies[2].c_str()));
    say("ready " + std::to_string(tcpCount) + ' ' + std::to_string(udpCount));

    if (words(commands.next(deadline)) != std::vector<std::string>{"leave"})
        fail("expected \"leave\" on stdin before the timeout");
    holder.leave();
    say("left");
    // Until stdin closes (Commands exits then) or the timeout.
    commands.next(deadline);
    std::_Exit(0);
}
