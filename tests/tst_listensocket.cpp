// A listener's socket options (listen ... backlog=, fastopen=, so_keepalive=, ipv6only=,
// reuseport) as
// the engine really sets them: the test finds the engine's own descriptors in /proc/self/fd
// (the engine runs in this process) and asks them with getsockopt(), asks the kernel for a
// listening socket's backlog through `ss`, and sends traffic where an option decides
// whether a connection is possible at all.
#include "listeningsocketprobe.h"
#include "logcapture.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"

#include <engine.h>

#include <QDir>
#include <QProcess>
#include <QTcpSocket>
#include <QTest>

class ListenSocketTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void backlogIsTheListenQueue();
    void keepAliveTimersReachAcceptedSockets();
    void keepAliveOffAndDefault();
    void ipv6OnlyOffTakesIpv4Clients();
    void reusePortSharesThePort();
    void reapplyChangesKeepAliveOnTheRunningSocket();
    void fastOpenQueueOnTheListeningSocket();
};

#if !defined(Q_OS_WIN)
#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

struct SocketNames
{
    int fd = -1;
    quint16 local = 0;
    quint16 peer = 0;
    bool listening = false;
};

quint16 portOf(const sockaddr_storage &storage)
{
    if (storage.ss_family == AF_INET)
        return ntohs(reinterpret_cast<const sockaddr_in *>(&storage)->sin_port);
    if (storage.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6 *>(&storage)->sin6_port);
    return 0;
}

// Every TCP socket this process holds whose local port is port.
QList<SocketNames> socketsOnPort(quint16 port)
{
    QList<SocketNames> found;
    const QStringList fds = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot);
    for (const QString &entry : fds) {
        const int fd = entry.toInt();
        sockaddr_storage local{};
        socklen_t length = sizeof(local);
        int type = 0;
        socklen_t typeLength = sizeof(type);
        if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &typeLength) != 0 || type != SOCK_STREAM)
            continue;
        if (getsockname(fd, reinterpret_cast<sockaddr *>(&local), &length) != 0 || portOf(local) != port)
            continue;
        SocketNames names;
        names.fd = fd;
        names.local = port;
        int accepting = 0;
        socklen_t acceptingLength = sizeof(accepting);
        getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &acceptingLength);
        names.listening = accepting != 0;
        sockaddr_storage peer{};
        length = sizeof(peer);
        if (!names.listening && getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &length) == 0)
            names.peer = portOf(peer);
        found << names;
    }
    return found;
}

int listeningFd(quint16 port)
{
    return ListeningSocketProbe::find(port, false);
}

using ListeningSocketProbe::intOption;

// The backlog of the listening socket on port, as the kernel reports it (ss's Send-Q of a
// LISTEN socket); -1 when ss cannot tell.
int kernelBacklog(quint16 port)
{
    QProcess ss;
    ss.start(QStringLiteral("ss"), {QStringLiteral("-Hltn"), QStringLiteral("sport = :%1").arg(port)});
    if (!ss.waitForFinished(10000))
        return -1;
    const QStringList fields = QString::fromLatin1(ss.readAllStandardOutput()).simplified().split(u' ');
    // State Recv-Q Send-Q Local Peer
    return fields.size() >= 3 && fields.first() == u"LISTEN" ? fields.at(2).toInt() : -1;
}

bool ipv6Loopback()
{
    const int s = socket(AF_INET6, SOCK_STREAM, 0);
    if (s < 0)
        return false;
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_addr = in6addr_loopback;
    const bool ok = bind(s, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0;
    ::close(s);
    return ok;
}

// A socket of the test's own with SO_REUSEPORT bound to 127.0.0.1:port: 0, or the errno.
int bindWithReusePort(quint16 port, int *fd)
{
    *fd = socket(AF_INET, SOCK_STREAM, 0);
    int on = 1;
    setsockopt(*fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on));
    setsockopt(*fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(*fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0)
        return errno;
    return listen(*fd, 8) == 0 ? 0 : errno;
}

} // namespace


void ListenSocketTest::backlogIsTheListenQueue()
{
    TestBackend echo(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    const quint16 defaultPort = findFreePort();
    Config config = proxyConfig(port, {echo.address()}, 1);
    config.listeners.first().socket.backlog = 37;
    ListenerConfig plain = config.listeners.first();
    plain.listen = QStringLiteral("127.0.0.1:%1").arg(defaultPort);
    plain.socket = ListenSocketConfig();
    config.listeners << plain;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());
    QCOMPARE(kernelBacklog(port), 37);
    QCOMPARE(kernelBacklog(defaultPort), 511); // NGX_LISTEN_BACKLOG (somaxconn is 4096 here)
}

void ListenSocketTest::keepAliveTimersReachAcceptedSockets()
{
    TestBackend echo(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {echo.address()}, 1);
    QString error;
    QVERIFY2(config.listeners.first().socket.setKeepAliveText(QStringLiteral("2m:15:4"), &error), qPrintable(error));
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    const int listener = listeningFd(port);
    QVERIFY(listener >= 0);
    QCOMPARE(intOption(listener, SOL_SOCKET, SO_KEEPALIVE), 1);
    QCOMPARE(intOption(listener, IPPROTO_TCP, TCP_KEEPIDLE), 120);
    QCOMPARE(intOption(listener, IPPROTO_TCP, TCP_KEEPINTVL), 15);
    QCOMPARE(intOption(listener, IPPROTO_TCP, TCP_KEEPCNT), 4);

    QTcpSocket client;
    client.connectToHost(QStringLiteral("127.0.0.1"), port);
    QVERIFY(client.waitForConnected(5000));
    client.write("ping\n");
    QVERIFY(client.waitForReadyRead(5000)); // proxied: the engine has accepted it
    int accepted = -1;
    for (const SocketNames &names : socketsOnPort(port)) {
        if (!names.listening && names.peer == client.localPort())
            accepted = names.fd;
    }
    QVERIFY2(accepted >= 0, "the engine's side of the client's connection was not found");
    QCOMPARE(intOption(accepted, SOL_SOCKET, SO_KEEPALIVE), 1);
    QCOMPARE(intOption(accepted, IPPROTO_TCP, TCP_KEEPIDLE), 120);
    QCOMPARE(intOption(accepted, IPPROTO_TCP, TCP_KEEPINTVL), 15);
    QCOMPARE(intOption(accepted, IPPROTO_TCP, TCP_KEEPCNT), 4);
}

void ListenSocketTest::keepAliveOffAndDefault()
{
    TestBackend echo(TestBackend::Mode::Echo);
    const quint16 on = findFreePort();
    const quint16 off = findFreePort();
    const quint16 unset = findFreePort();
    Config config = proxyConfig(on, {echo.address()}, 1);
    config.listeners.first().socket.keepAlive = ListenSocketConfig::KeepAlive::On;
    ListenerConfig second = config.listeners.first();
    second.listen = QStringLiteral("127.0.0.1:%1").arg(off);
    second.socket.keepAlive = ListenSocketConfig::KeepAlive::Off;
    ListenerConfig third = second;
    third.listen = QStringLiteral("127.0.0.1:%1").arg(unset);
    third.socket = ListenSocketConfig();
    config.listeners << second << third;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());
    QCOMPARE(intOption(listeningFd(on), SOL_SOCKET, SO_KEEPALIVE), 1);
    QCOMPARE(intOption(listeningFd(off), SOL_SOCKET, SO_KEEPALIVE), 0);
    QCOMPARE(intOption(listeningFd(unset), SOL_SOCKET, SO_KEEPALIVE), 0);
}

void ListenSocketTest::ipv6OnlyOffTakesIpv4Clients()
{
    if (!ipv6Loopback())
        QSKIP("no IPv6 on this machine: [::] listeners cannot be tested");
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("b"));
    // A [::] port must be free on every address of both families; findFreePort() probes
    // 127.0.0.1 only, so a port some other program's connection holds is tried again.
    quint16 dual = 0;
    quint16 only = 0;
    Engine engine;
    LogCapture log(engine.errorLog());
    Engine::ApplyResult result;
    for (int attempt = 0; attempt < 10 && !result.ok(); ++attempt) {
        dual = findFreePort();
        only = findFreePort();
        Config config = proxyConfig(dual, {backend.address()}, 1, ListenerConfig::Protocol::Tcp, QStringLiteral("[::]"));
        config.listeners.first().socket.ipv6Only = false;
        ListenerConfig second = config.listeners.first();
        second.listen = QStringLiteral("[::]:%1").arg(only);
        second.socket.ipv6Only = true;
        config.listeners << second;
        result = engine.apply(config);
        if (!result.ok())
            engine.stop();
    }
    QVERIFY2(result.ok(), qPrintable(result.issues.isEmpty() ? QString() : result.issues.first().toString()));
    QCOMPARE(intOption(listeningFd(dual), IPPROTO_IPV6, IPV6_V6ONLY), 0);
    QCOMPARE(intOption(listeningFd(only), IPPROTO_IPV6, IPV6_V6ONLY), 1);

    TestClient viaIpv4; // 127.0.0.1 reaches [::]:dual only with ipv6only=off
    QVERIFY(viaIpv4.connectTo(dual));
    QCOMPARE(viaIpv4.readLine(), QByteArray("b\n"));
    TestClient refused;
    QVERIFY(!refused.connectTo(only));
}

void ListenSocketTest::reusePortSharesThePort()
{
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    const quint16 shared = findFreePort();
    const quint16 exclusive = findFreePort();
    Config config = proxyConfig(shared, {a.address()}, 1);
    config.listeners.first().socket.reusePort = true;
    ListenerConfig second = config.listeners.first();
    second.listen = QStringLiteral("127.0.0.1:%1").arg(exclusive);
    second.socket.reusePort = false;
    config.listeners << second;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());
    QCOMPARE(intOption(listeningFd(shared), SOL_SOCKET, SO_REUSEPORT), 1);
    QCOMPARE(intOption(listeningFd(exclusive), SOL_SOCKET, SO_REUSEPORT), 0);

    // What nginx allows with reuseport: a second socket (another nginx, a second worker's
    // socket) on the same address and port, when it asks for SO_REUSEPORT too.
    int fd = -1;
    QCOMPARE(bindWithReusePort(exclusive, &fd), EADDRINUSE);
    ::close(fd);
    QCOMPARE(bindWithReusePort(shared, &fd), 0);
    ::close(fd);

    // A second Portier engine with the same reuseport listener binds it too and serves it.
    Engine other;
    LogCapture otherLog(other.errorLog());
    Config one = config;
    one.listeners.removeLast();
    const Engine::ApplyResult result = other.apply(one);
    QVERIFY2(result.ok(), qPrintable(result.issues.isEmpty() ? QString() : result.issues.first().toString()));
    engine.stop(); // now only the second engine listens: clients still get through
    TestClient client;
    QVERIFY(client.connectTo(shared));
    QCOMPARE(client.readLine(), QByteArray("a\n"));
}

// An nginx reload keeps the socket of an unchanged address and sets the new options on it;
// so does a re-apply.
void ListenSocketTest::reapplyChangesKeepAliveOnTheRunningSocket()
{
    TestBackend echo(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {echo.address()}, 1);
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());
    const int before = listeningFd(port);
    QCOMPARE(intOption(before, SOL_SOCKET, SO_KEEPALIVE), 0);
    QString error;
    QVERIFY(config.listeners.first().socket.setKeepAliveText(QStringLiteral("45::"), &error));
    config.listeners.first().socket.backlog = 64;
    QVERIFY(engine.apply(config).ok());
    QCOMPARE(listeningFd(port), before); // the same socket
    QCOMPARE(intOption(before, SOL_SOCKET, SO_KEEPALIVE), 1);
    QCOMPARE(intOption(before, IPPROTO_TCP, TCP_KEEPIDLE), 45);
    QCOMPARE(kernelBacklog(port), 64);
}

// fastopen=N is TCP_FASTOPEN's queue length on the listening socket (Linux reads it back as
// set); a re-apply changes it on the kept socket, and one without it turns it off again.
void ListenSocketTest::fastOpenQueueOnTheListeningSocket()
{
    TestBackend echo(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    const quint16 plainPort = findFreePort();
    Config config = proxyConfig(port, {echo.address()}, 1);
    config.listeners.first().socket.fastOpen = 32;
    ListenerConfig plain = config.listeners.first();
    plain.listen = QStringLiteral("127.0.0.1:%1").arg(plainPort);
    plain.socket = ListenSocketConfig();
    config.listeners << plain;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());
    const int socket = listeningFd(port);
    QCOMPARE(intOption(socket, IPPROTO_TCP, TCP_FASTOPEN), 32);
    QCOMPARE(intOption(listeningFd(plainPort), IPPROTO_TCP, TCP_FASTOPEN), 0);

    config.listeners.first().socket.fastOpen = 5;
    QVERIFY(engine.apply(config).ok());
    QCOMPARE(listeningFd(port), socket);
    QCOMPARE(intOption(socket, IPPROTO_TCP, TCP_FASTOPEN), 5);
    config.listeners.first().socket.fastOpen = -1;
    QVERIFY(engine.apply(config).ok());
    QCOMPARE(listeningFd(port), socket);
    QCOMPARE(intOption(socket, IPPROTO_TCP, TCP_FASTOPEN), 0);
}

void ListenSocketTest::initTestCase() {}

#else
// The descriptors are found through /proc and asked with POSIX calls; the Windows branch of
// the options (Winsock's keepalive timers) is compiled, and checked by hand under Windows.
void ListenSocketTest::initTestCase() { QSKIP("these tests read /proc/self/fd"); }
void ListenSocketTest::backlogIsTheListenQueue() {}
void ListenSocketTest::keepAliveTimersReachAcceptedSockets() {}
void ListenSocketTest::keepAliveOffAndDefault() {}
void ListenSocketTest::ipv6OnlyOffTakesIpv4Clients() {}
void ListenSocketTest::reusePortSharesThePort() {}
void ListenSocketTest::reapplyChangesKeepAliveOnTheRunningSocket() {}
void ListenSocketTest::fastOpenQueueOnTheListeningSocket() {}
#endif

QTEST_GUILESS_MAIN(ListenSocketTest)
#include "tst_listensocket.moc"
