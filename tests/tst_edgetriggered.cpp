// Edge-triggered registrations (Linux): the Poller registers a plain session's socket once
// (EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET) and lets close() remove it, so a registration
// that a fork()ed child's duplicate keeps alive must never reach a freed session: it names a
// token, which the Poller no longer knows. And every descriptor the engine opens is
// close-on-exec, so a program the process starts (QProcess) holds none of them.
#include "enginestats.h"
#include "nginxerrorlog.h"
#include "testbackend.h"
#include "testconfig.h"
#include "testclient.h"

#include <engine.h>
#include <platform/poller.h>

#include <QDir>
#include <QProcess>
#include <QSet>
#include <QTest>

#if defined(Q_OS_LINUX)
#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#endif

namespace {

#if defined(Q_OS_LINUX)
struct Recorder final : PollHandler
{
    QList<quint32> events;
    int drains = -1; // a level-triggered marker: reads what it is told of, so it is told once
    void handleEvents(quint32 ready) override
    {
        events << ready;
        char buffer[64];
        while (drains >= 0 && ::read(drains, buffer, sizeof buffer) > 0) {
        }
    }
};

// A connected, non-blocking, close-on-exec Unix socket pair.
bool socketPair(int fds[2])
{
    return ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0;
}

quint16 portOf(const sockaddr_storage &address)
{
    return address.ss_family == AF_INET ? ntohs(reinterpret_cast<const sockaddr_in &>(address).sin_port) : 0;
}

// A child that holds a duplicate of descriptors of this process (fork() without exec()) and
// sleeps until killed (at most 60 s). With a proxy port given it keeps only the proxy's
// session sockets (connected, local port = the proxy's, or peer port = the backend's) and
// closes the rest, so the test's own clients and backend still close for real. Only plain
// system calls after fork().
pid_t forkSleeper(quint16 proxyPort = 0, quint16 backendPort = 0)
{
    const pid_t pid = ::fork();
    if (pid == 0) {
        for (int fd = 3; proxyPort && fd < 4096; ++fd) {
            sockaddr_storage local{};
            sockaddr_storage peer{};
            socklen_t localLength = sizeof local;
            socklen_t peerLength = sizeof peer;
            const bool connected = ::getsockname(fd, reinterpret_cast<sockaddr *>(&local), &localLength) == 0
                                   && ::getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &peerLength) == 0;
            const bool session = connected && (portOf(local) == proxyPort || portOf(peer) == backendPort);
            if (!session)
                ::close(fd);
        }
        timespec wait{60, 0};
        nanosleep(&wait, nullptr);
        _exit(0);
    }
    return pid;
}

void endChild(pid_t pid)
{
    if (pid > 0) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
    }
}

// What each descriptor of a process refers to ("socket:[123]", "pipe:[45]", a path), 0-2 left out.
QSet<QString> descriptorTargets(qint64 pid)
{
    QSet<QString> targets;
    const QDir dir(QStringLiteral("/proc/%1/fd").arg(pid));
    for (const QString &name : dir.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)) {
        if (name.toInt() <= 2)
            continue;
        char target[512];
        const QByteArray path = dir.filePath(name).toLocal8Bit();
        const ssize_t n = ::readlink(path.constData(), target, sizeof target - 1);
        if (n > 0)
            targets.insert(QString::fromLocal8Bit(target, int(n)));
    }
    return targets;
}

// A blocking client socket connected to 127.0.0.1:port, or -1.
int connectClient(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0)
        return fd;
    if (fd >= 0)
        ::close(fd);
    return -1;
}

bool echoOnce(int fd, const QByteArray &data)
{
    if (::send(fd, data.constData(), size_t(data.size()), MSG_NOSIGNAL) != data.size())
        return false;
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    QByteArray got;
    char buffer[256];
    for (int reads = 0; got.size() < data.size() && reads < 100; ++reads) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            return false;
        got.append(buffer, int(n));
    }
    return got == data;
}

// Closes with a reset (SO_LINGER 0): the peer's socket sees EPOLLERR | EPOLLHUP.
void resetClose(int fd)
{
    linger abortive{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    ::close(fd);
}

#endif

} // namespace

class TestEdgeTriggered : public QObject
{
    Q_OBJECT

private slots:
    void edgeReportsOnceAndRearmReportsAgain();
    void closedSocketHeldByForkedChildReachesNoHandler();
    void plainSessionRegistersEachSocketOnce();
    void replyWithFinEndsCleanly();
    void bulkRelayPostsInsteadOfRearming();
    void sessionsCloseWhileForkedChildHoldsTheirSockets();
    void startedProgramHoldsNoEngineDescriptor();
};

void TestEdgeTriggered::edgeReportsOnceAndRearmReportsAgain()
{
#if !defined(Q_OS_LINUX)
    QSKIP("edge-triggered registrations are epoll's (Linux)");
#else
    Poller poller;
    QVERIFY(poller.supportsEdgeTriggered());
    int watched[2];
    int marker[2];
    QVERIFY(socketPair(watched));
    QVERIFY(socketPair(marker));
    Recorder handler;
    Recorder markerHandler;
    poller.watchEdgeTriggered(watched[0], &handler);
    markerHandler.drains = marker[0];
    poller.watch(marker[0], PollHandler::Readable, &markerHandler); // level-triggered
    // The ADD reports what is ready already: writable.
    QTRY_VERIFY(!handler.events.isEmpty());
    QVERIFY(handler.events.constFirst() & PollHandler::Writable);
    handler.events.clear();

    QCOMPARE(::write(watched[1], "ab", 2), 2);
    QTRY_COMPARE(handler.events.size(), 1);
    QVERIFY(handler.events.constFirst() & PollHandler::Readable);
    QVERIFY(!(handler.events.constFirst() & PollHandler::PeerClosed));

    // Left unread: no further report. The marker's event comes from the same epoll_wait a
    // level-triggered registration would have been reported in again.
    QCOMPARE(::write(marker[1], "m", 1), 1);
    QTRY_COMPARE(markerHandler.events.size(), 1);
    QCOMPARE(handler.events.size(), 1);
    char drain[16];

    // rearm(): still readable, so reported once more.
    poller.rearm(watched[0]);
    QTRY_COMPARE(handler.events.size(), 2);
    QVERIFY(handler.events.at(1) & PollHandler::Readable);
    QCOMPARE(::read(watched[0], drain, sizeof drain), 2);

    // The peer's FIN: Readable with PeerClosed.
    QCOMPARE(::shutdown(watched[1], SHUT_WR), 0);
    QTRY_COMPARE(handler.events.size(), 3);
    QVERIFY(handler.events.at(2) & PollHandler::Readable);
    QVERIFY(handler.events.at(2) & PollHandler::PeerClosed);

    poller.unwatchForClose(watched[0]);
    ::close(watched[0]);
    poller.unwatch(marker[0]);
    for (int fd : {watched[1], marker[0], marker[1]})
        ::close(fd);
#endif
}

void TestEdgeTriggered::closedSocketHeldByForkedChildReachesNoHandler()
{
#if !defined(Q_OS_LINUX)
    QSKIP("edge-triggered registrations are epoll's (Linux)");
#else
    Poller poller;
    int closing[2];
    QVERIFY(socketPair(closing));
    Recorder closed;
    poller.watchEdgeTriggered(closing[0], &closed);
    QTRY_VERIFY(!closed.events.isEmpty()); // the ADD's first report: writable
    closed.events.clear();

    const pid_t child = forkSleeper();
    QVERIFY(child > 0);
    // The child's duplicate keeps the registration in the set past close().
    poller.unwatchForClose(closing[0]);
    const int reused = closing[0];
    ::close(closing[0]);
    const quint64 staleBefore = Poller::staleEvents();
    QCOMPARE(::write(closing[1], "late", 4), 4); // the closed socket becomes readable
    QTRY_VERIFY_WITH_TIMEOUT(Poller::staleEvents() > staleBefore, 10000);
    QCOMPARE(closed.events.size(), 0);

    // A new socket on the same descriptor number registers afresh beside the stale entry and
    // gets only its own events.
    int next[2];
    QVERIFY(socketPair(next));
    if (next[0] != reused) { // put it on that number
        QCOMPARE(::dup3(next[0], reused, O_CLOEXEC), reused);
        ::close(next[0]);
        next[0] = reused;
    }
    Recorder fresh;
    poller.watchEdgeTriggered(next[0], &fresh);
    QTRY_VERIFY(!fresh.events.isEmpty());
    fresh.events.clear();
    const quint64 staleMiddle = Poller::staleEvents();
    QCOMPARE(::write(closing[1], "more", 4), 4);
    QTRY_VERIFY_WITH_TIMEOUT(Poller::staleEvents() > staleMiddle, 10000);
    QCOMPARE(fresh.events.size(), 0);
    QCOMPARE(::write(next[1], "x", 1), 1);
    QTRY_COMPARE(fresh.events.size(), 1);
    QCOMPARE(closed.events.size(), 0);

    endChild(child);
    poller.unwatchForClose(next[0]);
    for (int fd : {next[0], next[1], closing[1]})
        ::close(fd);
#endif
}

void TestEdgeTriggered::plainSessionRegistersEachSocketOnce()
{
#if !defined(Q_OS_LINUX)
    QSKIP("edge-triggered registrations are epoll's (Linux)");
#else
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    QVERIFY(engine.apply(proxyConfig(port, {serverAt(backend.address())}, 1)).ok());
    // apply() returns once the worker has registered its listening socket
    // (Engine::publishListeners waits for it): what is counted from here is the session's.

    const quint64 before = Poller::controlCalls();
    TestClient client;
    QVERIFY(client.connectTo(port));
    QVERIFY(client.sendAll("hello\n"));
    QCOMPARE(client.readLine(), QByteArray("hello\n"));
    QVERIFY(client.shutdownWrite());
    QVERIFY(client.waitForClose(10000));
    QTRY_COMPARE(activeConnections(engine), quint64(0));
    // One EPOLL_CTL_ADD per socket, no MOD, no DEL (level-triggered it took five: the upstream
    // for the connect, the client, the upstream again for reading, both removed).
    QCOMPARE(Poller::controlCalls() - before, quint64(2));
#endif
}

void TestEdgeTriggered::bulkRelayPostsInsteadOfRearming()
{
#if !defined(Q_OS_LINUX)
    QSKIP("edge-triggered registrations are epoll's (Linux)");
#else
    // A direction that stops at its per-event limit (16 reads: 1 MiB spliced) with bytes
    // still waiting gets no further edge. It is posted for the worker's next batch, without
    // a system call, as nginx posts its events; it used to be re-registered with an
    // EPOLL_CTL_MOD, some 800 a GB. The bytes must still all arrive, in order.
    TestBackend backend(TestBackend::Mode::Exchange);
    const quint16 port = findFreePort();
    Engine engine;
    QVERIFY(engine.apply(proxyConfig(port, {serverAt(backend.address())}, 1)).ok());
    // apply() returns once the worker has registered its listening socket
    // (Engine::publishListeners waits for it): what is counted from here is the session's.

    const quint64 before = Poller::controlCalls();
    constexpr qint64 size = qint64(256) << 20;
    TestClient client;
    QVERIFY(client.connectTo(port));
    QVERIFY(client.sendPattern(7, size));
    QVERIFY(client.shutdownWrite());
    QTRY_COMPARE_WITH_TIMEOUT(backend.receivedBytes(), size, 60000);
    QCOMPARE(backend.receivedDigest(), TestBackend::patternDigest(7, size));
    const quint64 calls = Poller::controlCalls() - before;
    // The two sockets' EPOLL_CTL_ADDs; nothing for the 256 MiB.
    QVERIFY2(calls == 2, qPrintable(QStringLiteral("%1 epoll_ctl calls for one connection moving 256 MiB").arg(calls)));
#endif
}

void TestEdgeTriggered::replyWithFinEndsCleanly()
{
#if !defined(Q_OS_LINUX)
    QSKIP("edge-triggered registrations are epoll's (Linux)");
#else
    // The backend answers after the client's FIN and closes at once, so its reply and its FIN
    // usually arrive together: the short read after EPOLLRDHUP ends the stream (no recv() for
    // the 0), and the client's FIN having been passed on already, the reply's FIN is left to
    // close(). The client must get every byte and then an orderly end, not a reset.
    TestBackend backend(TestBackend::Mode::ReplyAfterEof);
    const quint16 port = findFreePort();
    Engine engine;
    QVERIFY(engine.apply(proxyConfig(port, {serverAt(backend.address())}, 1)).ok());
    for (int round = 0; round < 20; ++round) {
        const int fd = connectClient(port);
        QVERIFY(fd >= 0);
        const QByteArray request(100 + round, 'r');
        QCOMPARE(::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL), ssize_t(request.size()));
        QCOMPARE(::shutdown(fd, SHUT_WR), 0);
        timeval timeout{10, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        QByteArray reply;
        char buffer[256];
        ssize_t n = 0;
        for (int reads = 0; reads < 100 && (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0; ++reads)
            reply.append(buffer, int(n));
        const int error = n < 0 ? errno : 0;
        ::close(fd);
        QCOMPARE(reply, "got " + QByteArray::number(request.size()) + " bytes\n");
        QCOMPARE(n, ssize_t(0)); // an orderly end: not ECONNRESET, not a timeout
        QCOMPARE(error, 0);
    }
    QTRY_COMPARE(activeConnections(engine), quint64(0));
#endif
}

void TestEdgeTriggered::sessionsCloseWhileForkedChildHoldsTheirSockets()
{
#if !defined(Q_OS_LINUX)
    QSKIP("fork()");
#else
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    QVERIFY(engine.apply(proxyConfig(port, {serverAt(backend.address())}, 1)).ok());

    constexpr int sessions = 8;
    QList<int> clients;
    for (int i = 0; i < sessions; ++i) {
        const int fd = connectClient(port);
        QVERIFY(fd >= 0);
        clients << fd;
        QVERIFY(echoOnce(fd, QByteArray("session ") + QByteArray::number(i)));
    }
    QTRY_COMPARE(activeConnections(engine), quint64(sessions));

    // Every session's two sockets now have a duplicate in the child.
    const pid_t child = forkSleeper(port, backend.port());
    QVERIFY(child > 0);
    for (int fd : std::as_const(clients))
        QCOMPARE(::shutdown(fd, SHUT_WR), 0); // the FIN is relayed, the backend closes, the session ends
    QTRY_COMPARE_WITH_TIMEOUT(activeConnections(engine), quint64(0), 10000);
    const quint64 staleBefore = Poller::staleEvents();
    // The sessions are freed; their client sockets live on in the child, registered. A reset
    // reaches each: the worker must drop those events.
    for (int fd : std::as_const(clients))
        resetClose(fd);
    QTRY_VERIFY_WITH_TIMEOUT(Poller::staleEvents() >= staleBefore + sessions, 10000);

    // The worker goes on: new sessions, on reused descriptor numbers, beside the stale entries.
    for (int i = 0; i < sessions; ++i) {
        const int fd = connectClient(port);
        QVERIFY(fd >= 0);
        QVERIFY(echoOnce(fd, QByteArray("again ") + QByteArray::number(i)));
        ::close(fd);
    }
    endChild(child);
    QTRY_COMPARE_WITH_TIMEOUT(activeConnections(engine), quint64(0), 10000);
#endif
}

void TestEdgeTriggered::startedProgramHoldsNoEngineDescriptor()
{
#if !defined(Q_OS_LINUX)
    QSKIP("/proc");
#else
    // Everything the engine opens: workers (epoll sets, eventfds), listening sockets (TCP and
    // UDP), sessions (client and upstream sockets). What this process held before (perhaps
    // inherited from whoever started it) is not the engine's.
    const QSet<QString> before = descriptorTargets(QCoreApplication::applicationPid());
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    const quint16 udpPort = freeUdpPort(); // free for UDP: a TCP-free port may be another test's UDP socket
    Config config = proxyConfig(port, {serverAt(backend.address())}, 2);
    ListenerConfig udp = config.listeners.constFirst();
    udp.listen = QStringLiteral("127.0.0.1:") + QString::number(udpPort);
    udp.protocol = ListenerConfig::Protocol::Udp;
    config.listeners << udp;
    Engine engine;
    QVERIFY(engine.apply(config).ok());
    QList<int> clients;
    for (int i = 0; i < 4; ++i) {
        const int fd = connectClient(port);
        QVERIFY(fd >= 0);
        clients << fd;
        QVERIFY(echoOnce(fd, QByteArray("open ") + QByteArray::number(i)));
    }
    QTRY_COMPARE(activeConnections(engine), quint64(clients.size()));

    QProcess sleeper;
    sleeper.start(QStringLiteral("sleep"), {QStringLiteral("60")});
    QVERIFY(sleeper.waitForStarted(10000));
    const QSet<QString> ours = descriptorTargets(QCoreApplication::applicationPid()) - before;
    QVERIFY(ours.size() >= 2 * clients.size());
    const QSet<QString> inherited = descriptorTargets(sleeper.processId()) & ours;
    QVERIFY2(inherited.isEmpty(), qPrintable(QStringList(inherited.values()).join(u", ")));

    // Sessions closed while it runs end for real: the FIN left to close() reaches each client
    // (a duplicate in the child would hold it back until the child exits).
    for (int fd : std::as_const(clients)) {
        QCOMPARE(::shutdown(fd, SHUT_WR), 0);
        char byte;
        QCOMPARE(::recv(fd, &byte, 1, 0), ssize_t(0)); // SO_RCVTIMEO (echoOnce): 10 s at most
        ::close(fd);
    }
    QTRY_COMPARE(activeConnections(engine), quint64(0));
    QCOMPARE(sleeper.state(), QProcess::Running);
    sleeper.kill();
    sleeper.waitForFinished(10000);
#endif
}

QTEST_GUILESS_MAIN(TestEdgeTriggered)
#include "tst_edgetriggered.moc"
