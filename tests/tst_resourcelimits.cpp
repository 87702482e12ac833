// Running short of descriptors, and the caps that keep it from happening: a local error is
// not an upstream failure, a UDP listener cannot take every descriptor, and UDP sessions end
// their least_time measurement and follow a re-apply (worker_connections: tst_connectioncap).
#include "logcapture.h"
#include "portierdprocess.h"
#include "procpipes.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"
#include "testudpbackend.h"

#include <engine.h>

#include <QDir>
#include <QFile>
#include <QNetworkDatagram>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>
#include <memory>
#include <vector>

#if !defined(_WIN32)
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace {

quint16 freeUdpPort()
{
    QUdpSocket probe;
    probe.bind(QHostAddress::LocalHost, 0);
    return probe.localPort();
}

QByteArray exchange(QUdpSocket &socket, quint16 port, const QByteArray &data, int timeoutMs = 3000)
{
    socket.writeDatagram(data, QHostAddress::LocalHost, port);
    if (!socket.hasPendingDatagrams() && !socket.waitForReadyRead(timeoutMs))
        return {};
    return socket.receiveDatagram().data();
}

#if !defined(_WIN32) // the setrlimit tests'
// Sessions whose end portierd has logged (error_log at info): the line that ends a session,
// "client disconnected" or a local failure alike, is the one that carries its byte counts.
int endedSessions(const QString &output)
{
    static const QRegularExpression ended(QStringLiteral("\\*(\\d+) [^\\n]*bytes from/to client:"));
    QSet<QString> numbers;
    for (QRegularExpressionMatchIterator it = ended.globalMatch(output); it.hasNext();)
        numbers.insert(it.next().captured(1));
    return int(numbers.size());
}
#endif

// portierd on a config of the test's own, with the open-files limit set in the child only.
struct LimitedPortierd : PortierdProcess
{
    QTemporaryDir dir;

    bool start(const QByteArray &json, int openFiles)
    {
        const QString path = dir.filePath(QStringLiteral("portier.json"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size())
            return false;
        file.close();
#if !defined(_WIN32)
        process().setChildProcessModifier([openFiles] {
            const rlimit limit{rlim_t(openFiles), rlim_t(openFiles)};
            setrlimit(RLIMIT_NOFILE, &limit);
        });
#else
        Q_UNUSED(openFiles);
#endif
        return PortierdProcess::start({QStringLiteral("--config"), path}) && waitForOutput(QStringLiteral("started with"));
    }

};

} // namespace

class ResourceLimitsTest : public QObject
{
    Q_OBJECT

private slots:
    void outOfDescriptorsFailsNoServer();
    void autoConnectionsLeaveRoomForPipes();
    void udpFloodLeavesRoomForTcp();
    void udpLeastTimeEndsMeasurement();
    void reapplyMovesUdpClientOffRemovedServer();
};

void ResourceLimitsTest::outOfDescriptorsFailsNoServer()
{
#if defined(_WIN32)
    QSKIP("setrlimit: POSIX only");
#else
    // 400 clients against 256 descriptors, with worker_connections out of the way: socket()
    // toward the upstream fails with EMFILE. Before, each failure counted against the server,
    // both servers were taken out and clients got "no live upstreams" for fail_timeout.
    // Whether socket() or accept() meets the limit first depends on how many descriptors
    // portierd holds before the flood (a session takes two): one of two neighbouring limits
    // makes the upstream's socket() fail.
    TestBackend a(TestBackend::Mode::Echo, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Echo, QStringLiteral("b"));
    constexpr int flood = 400;
    int socketFailures = 0;
    for (const int openFiles : {256, 257}) {
        const quint16 port = findFreePort();
        const QByteArray json = QStringLiteral(R"({ "version": 1, "workers": 1, "worker_connections": 100000,
            "error_log": { "level": "info" },
            "upstreams": [ { "name": "backend", "servers": [ { "address": "%1" }, { "address": "%2" } ] } ],
            "listeners": [ { "listen": "127.0.0.1:%3", "proxy_pass": "backend" } ] })")
                                    .arg(a.address(), b.address()).arg(port).toUtf8();
        LimitedPortierd portierd;
        QVERIFY2(portierd.start(json, openFiles), qPrintable(portierd.output()));

        std::vector<std::unique_ptr<TestClient>> clients;
        for (int i = 0; i < flood; ++i) {
            clients.push_back(std::make_unique<TestClient>());
            QVERIFY(clients.back()->connectTo(port));
        }
        QVERIFY2(portierd.waitForOutput(QStringLiteral("(24: Too many open files)")), qPrintable(portierd.output().right(3000)));
        clients.clear();

        // Descriptors are free again only once portierd has ended the flood's sessions: a
        // proxied one closes after its server's FIN, and clients still queued are accepted
        // (after a pause if accept() ran out) and fail or close in turn. A client arriving
        // earlier competes with them and may meet EMFILE itself, as in nginx. So wait for
        // portierd to report every flood session ended; then the next one is served at once,
        // by a server not held failed.
        QVERIFY2(portierd.waitForOutput([](const QString &output) { return endedSessions(output) >= flood; }, 30000),
                 qPrintable(QStringLiteral("%1 of %2 sessions ended: ").arg(endedSessions(portierd.output())).arg(flood)
                            + portierd.output().right(3000)));
        QCOMPARE(endedSessions(portierd.output()), flood);
        TestClient next;
        QVERIFY(next.connectTo(port));
        QVERIFY(next.sendAll("ping\n"));
        const QByteArray reply = next.readLine(10000);
        QVERIFY2(reply == "ping\n", qPrintable(QStringLiteral("reply \"%1\"; portierd said:\n%2")
                                                    .arg(QString::fromUtf8(reply), portierd.output().right(3000))));
        socketFailures += portierd.lineCount(QStringLiteral("socket() failed (24: Too many open files) while connecting to upstream"));
        QCOMPARE(portierd.lineCount(QStringLiteral("temporarily disabled")), 0);
        QCOMPARE(portierd.lineCount(QStringLiteral("no live upstreams")), 0);
        QVERIFY(portierd.terminate());
    }
    QVERIFY2(socketFailures > 0, "socket() never ran out of descriptors; the test did not test");
#endif
}

void ResourceLimitsTest::autoConnectionsLeaveRoomForPipes()
{
#if !defined(Q_OS_LINUX)
    QSKIP("splice() pipes and /proc: Linux only");
#else
    // worker_connections "auto" under a 512 open-files limit, one worker. Slow readers make
    // the worker's pipe pool hold pipes (two descriptors each, up to 128), then more clients
    // arrive, past the cap. The cap must leave room for the pipes: the clients beyond it are
    // refused as "worker_connections are not enough", and accept() or socket() never meets
    // EMFILE. Before the pipes were counted, the cap was 448 connections (224 sessions), and
    // the 214 sessions below with the pipes held needed more descriptors than the limit.
    constexpr int openFiles = 512;
    constexpr int stalled = 64;
    constexpr int arriving = 150;
    TestBackend source(TestBackend::Mode::Source);
    source.sourceBytes = 64LL * 1024 * 1024;
    const quint16 port = findFreePort();
    const QByteArray json = QStringLiteral(R"({ "version": 1, "workers": 1, "worker_connections": "auto",
        "error_log": { "level": "notice" },
        "upstreams": [ { "name": "backend", "servers": [ { "address": "%1" } ] } ],
        "listeners": [ { "listen": "127.0.0.1:%2", "proxy_pass": "backend" } ] })")
                                .arg(source.address()).arg(port).toUtf8();
    LimitedPortierd portierd;
    QVERIFY2(portierd.start(json, openFiles), qPrintable(portierd.output()));

    std::vector<std::unique_ptr<TestClient>> clients;
    auto connectClients = [&](int count) {
        for (int i = 0; i < count; ++i) {
            clients.push_back(std::make_unique<TestClient>());
            clients.back()->setReceiveBuffer(4096);
            if (!clients.back()->connectTo(port))
                return false;
        }
        return true;
    };
    QVERIFY(connectClients(stalled));
    QTRY_COMPARE_WITH_TIMEOUT(source.accepted(), stalled, 10000);
    source.waitUntilSendingStalls();
    int pipes = 0;
    QVERIFY(bytesInPipes(portierd.pid(), &pipes) >= 0);
    const int held = int(QDir(QStringLiteral("/proc/%1/fd").arg(portierd.pid())).entryList(QDir::System | QDir::NoDotAndDotDot).size());
    QVERIFY2(held + 2 * arriving > openFiles,
             qPrintable(QStringLiteral("portierd holds %1 descriptors (%2 pipes) after the stall; the arrivals would not run it out, "
                                       "so the test would not test").arg(held).arg(pipes)));

    QVERIFY(connectClients(arriving));
    QVERIFY2(portierd.waitForOutput(QStringLiteral("worker_connections are not enough"), 20000), qPrintable(portierd.output().right(3000)));
    qInfo("%d pipes and %d descriptors held by %d stalled sessions; then %d clients arrived", pipes, held, stalled, arriving);
    QCOMPARE(portierd.lineCount(QStringLiteral("Too many open files")), 0);
    clients.clear();
    QVERIFY(portierd.terminate());
#endif
}

void ResourceLimitsTest::udpFloodLeavesRoomForTcp()
{
#if defined(_WIN32)
    QSKIP("setrlimit and 127.0.x.y sources: Linux only");
#else
    // Datagrams from 1,000 source addresses (127.0.x.y, as easily spoofed) to a UDP listener
    // whose server never ends a session, one worker, 512 descriptors. Before, every session
    // took a descriptor until none was left, and the TCP listener's accept() failed.
    TestUdpBackend udpBackend(TestUdpBackend::Mode::Echo);
    TestBackend tcpBackend(TestBackend::Mode::Echo);
    const quint16 udpPort = freeUdpPort();
    const quint16 tcpPort = findFreePort();
    const QByteArray json = QStringLiteral(R"({ "version": 1, "workers": 1, "error_log": { "level": "notice" },
        "upstreams": [ { "name": "udp", "servers": [ { "address": "%1" } ] }, { "name": "tcp", "servers": [ { "address": "%2" } ] } ],
        "listeners": [ { "listen": "127.0.0.1:%3", "protocol": "udp", "proxy_pass": "udp" },
                       { "listen": "127.0.0.1:%4", "proxy_pass": "tcp" } ] })")
                                .arg(udpBackend.address(), tcpBackend.address()).arg(udpPort).arg(tcpPort).toUtf8();
    LimitedPortierd portierd;
    QVERIFY2(portierd.start(json, 512), qPrintable(portierd.output()));

    int answered = 0;
    bool refused = false;
    for (int i = 0; i < 1000; ++i) {
        QUdpSocket client;
        const QHostAddress source(QStringLiteral("127.0.%1.%2").arg(1 + i / 250).arg(1 + i % 250));
        QVERIFY2(client.bind(source, 0), qPrintable(client.errorString()));
        if (refused) { // past the cap nothing answers; just send
            client.writeDatagram("flood", QHostAddress::LocalHost, udpPort);
            continue;
        }
        if (exchange(client, udpPort, "flood", 2000) == "flood")
            ++answered;
        else
            refused = true;
    }
    qInfo("udp flood: %d of 1000 spoofed clients got a session", answered);
    QVERIFY(refused);

    TestClient client;
    QVERIFY(client.connectTo(tcpPort));
    QVERIFY(client.sendAll("still here\n"));
    QCOMPARE(client.readLine(10000), QByteArray("still here\n"));
    QVERIFY2(portierd.waitForOutput(QStringLiteral("udp sessions on 127.0.0.1:%1 are the most a listener may hold").arg(udpPort)),
             qPrintable(portierd.output().right(3000)));
    QCOMPARE(portierd.lineCount(QStringLiteral("Too many open files")), 0);
    QVERIFY(portierd.terminate());
#endif
}

void ResourceLimitsTest::udpLeastTimeEndsMeasurement()
{
    // Each session ends after its one reply. Before, a UDP session never ended its least_time
    // measurement: the in-flight count of the first server only grew, and it got 1 of 300.
    TestUdpBackend a(TestUdpBackend::Mode::Named, QStringLiteral("a"));
    TestUdpBackend b(TestUdpBackend::Mode::Named, QStringLiteral("b"));
    const quint16 port = freeUdpPort();
    Config config = proxyConfig(port, {a.address(), b.address()}, 2, ListenerConfig::Protocol::Udp);
    config.upstreams[0].method = UpstreamConfig::Method::LeastTime;
    config.upstreams[0].inflight = true;
    config.listeners[0].proxyResponses = 1;
    config.errorLog.level = QStringLiteral("notice");
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());
    int toA = 0;
    int toB = 0;
    for (int i = 0; i < 300; ++i) {
        QUdpSocket client;
        QVERIFY(client.bind(QHostAddress::LocalHost, 0));
        const QByteArray reply = exchange(client, port, "x");
        QVERIFY2(!reply.isEmpty(), "no reply");
        (reply.startsWith("a:") ? toA : toB)++;
        QTRY_COMPARE(engine.snapshot().listeners.value(0).activeConnections, quint64(0)); // the session ended
    }
    qInfo("least_time over udp: a %d, b %d", toA, toB);
    QVERIFY2(toA >= 100 && toB >= 100, qPrintable(QStringLiteral("a %1, b %2").arg(toA).arg(toB)));
}

void ResourceLimitsTest::reapplyMovesUdpClientOffRemovedServer()
{
    TestUdpBackend a(TestUdpBackend::Mode::Named, QStringLiteral("a"));
    TestUdpBackend b(TestUdpBackend::Mode::Named, QStringLiteral("b"));
    const quint16 port = freeUdpPort();
    Config config = proxyConfig(port, {a.address(), b.address()}, 2, ListenerConfig::Protocol::Udp);
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());
    QUdpSocket client;
    QVERIFY(client.bind(QHostAddress::LocalHost, 0));
    QCOMPARE(exchange(client, port, "1"), QByteArray("a:1"));
    QCOMPARE(exchange(client, port, "2"), QByteArray("a:2")); // one session, one server

    config.upstreams[0].servers.removeFirst(); // a leaves the group
    QVERIFY(engine.apply(config).ok());
    QCOMPARE(exchange(client, port, "3"), QByteArray("b:3"));
    QCOMPARE(a.received(), 2);
}

QTEST_GUILESS_MAIN(ResourceLimitsTest)
#include "tst_resourcelimits.moc"
