// The TCP proxy engine end to end, in process: a real Engine with its worker threads,
// real backends and clients on 127.0.0.1.
#include "errortext.h"
#include "logcapture.h"
#include "testconfig.h"
#include "testbackend.h"
#include "testclient.h"
#include "testsocket.h"

#include <engine.h>

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <atomic>
#include <thread>

#if !defined(_WIN32)
#include <fcntl.h>
#include <poll.h>
#endif

class TcpProxyTest : public QObject
{
    Q_OBJECT

private slots:
    void articleRoundRobinAlternates();
    void weightedRoundRobinSequence();
    void bulkExchangeIsByteExact();
    void parallelConnectionsAreByteExact();
    void halfCloseIsRelayed();
    void refusedBackendFallsThroughToNext();
    void allServersDownClosesClientPromptly();
    void proxyTimeoutClosesIdleSession();
    void proxyTimeoutCountsActivity();
    void connectTimeoutFires();
    void portInUseIsReportedOthersServe();
    void reapplyKeepsEstablishedConnections();
    void invalidConfigIsRefusedWhole();
    void statsCountConnectionsAndBytes();
};

void TcpProxyTest::articleRoundRobinAlternates()
{
    // The article: nc -l 7773, nc -l 7774, telnet to 30003: the first goes to 7773.
    TestBackend first(TestBackend::Mode::Name, QStringLiteral("7773"));
    TestBackend second(TestBackend::Mode::Name, QStringLiteral("7774"));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {serverAt(first.address()), serverAt(second.address())});
    config.listeners[0].proxyTimeoutMs = 20000;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    QStringList seen;
    for (int i = 0; i < 4; ++i) {
        TestClient client;
        QVERIFY(client.connectTo(port));
        seen << QString::fromUtf8(client.readLine().trimmed());
    }
    QCOMPARE(seen, (QStringList{QStringLiteral("7773"), QStringLiteral("7774"), QStringLiteral("7773"), QStringLiteral("7774")}));
}

void TcpProxyTest::weightedRoundRobinSequence()
{
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    TestBackend c(TestBackend::Mode::Name, QStringLiteral("c"));
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(proxyConfig(port, {serverAt(a.address(), 5), serverAt(b.address(), 1), serverAt(c.address(), 1)})).ok());

    QString sequence;
    for (int i = 0; i < 14; ++i) {
        TestClient client;
        QVERIFY(client.connectTo(port));
        sequence += QString::fromUtf8(client.readLine().trimmed());
    }
    // nginx's smooth weighted round robin, twice round.
    QCOMPARE(sequence, QStringLiteral("aabacaaaabacaa"));
}

void TcpProxyTest::bulkExchangeIsByteExact()
{
    constexpr qint64 size = 64 * 1024 * 1024;
    TestBackend backend(TestBackend::Mode::Exchange);
    backend.exchangeBytes = size;
    backend.exchangeSeed = 7;
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    Config config = proxyConfig(port, {serverAt(backend.address())});
    config.errorLog.level = QStringLiteral("info"); // the session's end line carries its byte counts
    QVERIFY(engine.apply(config).ok());

    TestClient client;
    QVERIFY(client.connectTo(port));
    std::atomic<bool> uploaded{true};
    std::thread sender([&client, &uploaded] {
        uploaded = client.sendPattern(11, size);
        client.shutdownWrite();
    });
    QCryptographicHash received(QCryptographicHash::Sha256);
    const qint64 total = client.readAllHashed(&received);
    sender.join();
    QVERIFY2(uploaded, "the client's upload failed");
    // On a short read, what the proxy counted tells where the bytes stopped: short "to client"
    // means the proxy ended early, full "to client" means bytes were lost after send().
    if (total != size)
        (void)QTest::qWaitFor([&] { return !log.matching(QStringLiteral("bytes from/to client")).isEmpty(); }, 5000);
    QVERIFY2(total == size, qPrintable(QStringLiteral("%1 of %2 bytes; the proxy said: %3")
                                           .arg(total).arg(size).arg(log.matching(QStringLiteral("bytes from/to")).join(u'\n'))));
    QCOMPARE(received.result().toHex(), TestBackend::patternDigest(7, size).toHex());
    QTRY_COMPARE_WITH_TIMEOUT(backend.receivedBytes(), size, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(backend.receivedDigest().toHex(), TestBackend::patternDigest(11, size).toHex(), 30000);
}

void TcpProxyTest::parallelConnectionsAreByteExact()
{
    constexpr int connections = 200;
    constexpr qint64 size = 48 * 1024;
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(proxyConfig(port, {serverAt(backend.address())})).ok());

    std::vector<TestClient> clients(connections);
    for (int i = 0; i < connections; ++i)
        QVERIFY2(clients[i].connectTo(port), qPrintable(QString::number(i)));
    for (int i = 0; i < connections; ++i)
        QVERIFY(clients[i].sendAll(TestBackend::pattern(quint32(i + 100), 0, size)));
    QTRY_COMPARE(engine.snapshot().listeners.value(0).activeConnections, quint64(connections));
    for (int i = 0; i < connections; ++i) {
        QByteArray echoed;
        while (echoed.size() < size) {
            const QByteArray part = clients[i].readSome(size - echoed.size(), 10000);
            QVERIFY2(!part.isEmpty(), qPrintable(QStringLiteral("connection %1 stalled at %2 bytes").arg(i).arg(echoed.size())));
            echoed += part;
        }
        QVERIFY2(echoed == TestBackend::pattern(quint32(i + 100), 0, size), qPrintable(QString::number(i)));
    }
    QCOMPARE(backend.accepted(), connections);
}

void TcpProxyTest::halfCloseIsRelayed()
{
    TestBackend backend(TestBackend::Mode::ReplyAfterEof);
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(proxyConfig(port, {serverAt(backend.address())})).ok());

    TestClient client;
    QVERIFY(client.connectTo(port));
    QVERIFY(client.sendAll(QByteArray(1000, 'q')));
    QVERIFY(client.shutdownWrite()); // the backend answers only after it sees our FIN
    QCOMPARE(client.readLine(), QByteArray("got 1000 bytes\n"));
    QVERIFY(client.waitForClose(5000));
    QTRY_VERIFY(log.count(QStringLiteral("client disconnected")) == 1);
}

void TcpProxyTest::refusedBackendFallsThroughToNext()
{
    const quint16 deadPort = findFreePort();
    TestBackend live(TestBackend::Mode::Name, QStringLiteral("live"));
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(proxyConfig(port, {serverAt(QStringLiteral("127.0.0.1:%1").arg(deadPort)), serverAt(live.address())})).ok());

    TestClient client;
    QVERIFY(client.connectTo(port));
    QCOMPARE(client.readLine(), QByteArray("live\n"));

    QTRY_COMPARE(log.count(QStringLiteral("connect() failed")), 1);
    const QString line = log.matching(QStringLiteral("connect() failed")).constFirst();
    const QRegularExpression nginxFormat(
        QStringLiteral("^\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\[error\\] \\d+#\\d+: \\*\\d+ connect\\(\\) failed \\(%3\\) "
                       "while connecting to upstream, client: 127\\.0\\.0\\.1, server: 127\\.0\\.0\\.1:%1, upstream: \"127\\.0\\.0\\.1:%2\", "
                       "bytes from/to client:0/0, bytes from/to upstream:0/0$")
            .arg(port)
            .arg(deadPort)
            .arg(ErrorText::connectionRefused()));
    QVERIFY2(nginxFormat.match(line).hasMatch(), qPrintable(line));
    QCOMPARE(log.count(QStringLiteral("upstream server temporarily disabled")), 1);

    // max_fails=1 took the dead server out for fail_timeout: the next client goes straight
    // to the live one without another refused connect.
    TestClient second;
    QVERIFY(second.connectTo(port));
    QCOMPARE(second.readLine(), QByteArray("live\n"));
    QCOMPARE(log.count(QStringLiteral("connect() failed")), 1);
}

void TcpProxyTest::allServersDownClosesClientPromptly()
{
    const quint16 dead1 = findFreePort();
    const quint16 dead2 = findFreePort();
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {serverAt(QStringLiteral("127.0.0.1:%1").arg(dead1)),
                                       serverAt(QStringLiteral("127.0.0.1:%1").arg(dead2))});
    // "Promptly" without a stopwatch: no timer of the session can end it before the wait
    // below gives up, so a close within it can only come from the refused connects.
    config.listeners[0].proxyConnectTimeoutMs = 60 * 60 * 1000;
    config.listeners[0].proxyTimeoutMs = 60 * 60 * 1000;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    TestClient client;
    QVERIFY(client.connectTo(port));
    QVERIFY(client.waitForClose(30000));
    QTRY_COMPARE(log.count(QStringLiteral("connect() failed (%1)").arg(ErrorText::connectionRefused())), 2);

    // Both are now failed for fail_timeout: nginx's "no live upstreams".
    TestClient again;
    QVERIFY(again.connectTo(port));
    QVERIFY(again.waitForClose(5000));
    QTRY_COMPARE(log.count(QStringLiteral("no live upstreams while connecting to upstream")), 1);
    QVERIFY(log.matching(QStringLiteral("no live upstreams")).constFirst().contains(QStringLiteral("upstream: \"backend\"")));
    QTRY_COMPARE(engine.snapshot().listeners.value(0).noLiveUpstreams, quint64(1));
}

void TcpProxyTest::proxyTimeoutClosesIdleSession()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("idle"));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {serverAt(backend.address())});
    config.listeners[0].proxyTimeoutMs = 300;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    TestClient client;
    QVERIFY(client.connectTo(port));
    QCOMPARE(client.readLine(), QByteArray("idle\n"));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(client.waitForClose(5000));
    QVERIFY2(timer.elapsed() >= 250, qPrintable(QString::number(timer.elapsed()))); // never early
    QTRY_COMPARE(log.count(QStringLiteral("Connection timed out (%1) while proxying connection").arg(ErrorText::timedOut())), 1);
    QTRY_COMPARE(engine.snapshot().listeners.value(0).activeConnections, quint64(0));
}

void TcpProxyTest::proxyTimeoutCountsActivity()
{
    // proxy_timeout is idle time between reads/writes, not the session's length.
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {serverAt(backend.address())});
    config.listeners[0].proxyTimeoutMs = 400;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    TestClient client;
    QVERIFY(client.connectTo(port));
    for (int i = 0; i < 12; ++i) { // at least 1.2 s in all, three times the timeout
        QVERIFY(client.sendAll("ping\n"));
        QCOMPARE(client.readLine(), QByteArray("ping\n"));
        QTest::qWait(100); // never returns early: the session outlives its timeout
    }
    QCOMPARE(log.count(QStringLiteral("timed out")), 0);
    QVERIFY(client.waitForClose(5000)); // and once idle, it goes
}

void TcpProxyTest::connectTimeoutFires()
{
#if defined(_WIN32)
    QSKIP("relies on Linux dropping SYNs to a full accept queue");
#else
    // A listener that never accepts, with its accept queue filled: the kernel drops further
    // SYNs, so a connect to it never completes.
    const int blackhole = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::bind(blackhole, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
    QCOMPARE(::listen(blackhole, 0), 0);
    socklen_t length = sizeof(address);
    getsockname(blackhole, reinterpret_cast<sockaddr *>(&address), &length);
    const quint16 blackholePort = ntohs(address.sin_port);
    std::vector<int> fillers;
    for (int i = 0; i < 8; ++i) {
        const int s = ::socket(AF_INET, SOCK_STREAM, 0);
        fcntl(s, F_SETFL, O_NONBLOCK);
        ::connect(s, reinterpret_cast<sockaddr *>(&address), sizeof(address));
        fillers.push_back(s);
        pollfd p{s, POLLOUT, 0};
        if (::poll(&p, 1, 300) == 0)
            break; // this one hangs: the queue is full
    }

    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {serverAt(QStringLiteral("127.0.0.1:%1").arg(blackholePort))});
    config.listeners[0].proxyConnectTimeoutMs = 500;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    QElapsedTimer timer;
    timer.start();
    TestClient client;
    QVERIFY(client.connectTo(port));
    QVERIFY(client.waitForClose(30000)); // the timer under test is the only thing that can end it
    // A lower bound only: a timer never fires early, however loaded the machine.
    QVERIFY2(timer.elapsed() >= 450, qPrintable(QString::number(timer.elapsed())));
    QTRY_COMPARE(log.count(QStringLiteral("upstream timed out (%1) while connecting to upstream").arg(ErrorText::timedOut())), 1);
    QCOMPARE(engine.snapshot().listeners.value(0).connectFailures, quint64(1));
    for (int s : fillers)
        ::close(s);
    ::close(blackhole);
#endif
}

void TcpProxyTest::portInUseIsReportedOthersServe()
{
    TestBackend occupier(TestBackend::Mode::Hold);
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("served"));
    const quint16 freePort = findFreePort();
    Config config = proxyConfig(occupier.port(), {serverAt(backend.address())});
    ListenerConfig second = config.listeners[0];
    second.listen = QStringLiteral("127.0.0.1:%1").arg(freePort);
    config.listeners << second;
    Engine engine;
    LogCapture log(engine.errorLog());
    const Engine::ApplyResult result = engine.apply(config);
    QVERIFY(result.applied);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues[0].path, QStringLiteral("listeners[0].listen"));
    QVERIFY2(result.issues[0].message.contains(QStringLiteral("127.0.0.1:%1").arg(occupier.port())), qPrintable(result.issues[0].message));
    QVERIFY2(result.issues[0].message.contains(ErrorText::addressInUse()), qPrintable(result.issues[0].message));
    QVERIFY2(result.issues[0].message.contains(QStringLiteral("choose another port")), qPrintable(result.issues[0].message));

    const StatsSnapshot snapshot = engine.snapshot();
    QCOMPARE(snapshot.listeners.size(), 2);
    QVERIFY(!snapshot.listeners[0].listening);
    QVERIFY(snapshot.listeners[0].error.contains(ErrorText::addressInUse()));
    QVERIFY(snapshot.listeners[1].listening);

    TestClient client;
    QVERIFY(client.connectTo(freePort));
    QCOMPARE(client.readLine(), QByteArray("served\n"));
}

void TcpProxyTest::reapplyKeepsEstablishedConnections()
{
    TestBackend backend(TestBackend::Mode::Echo);
    TestBackend other(TestBackend::Mode::Name, QStringLiteral("other"));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {serverAt(backend.address())});
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    TestClient established;
    QVERIFY(established.connectTo(port));
    QVERIFY(established.sendAll("before\n"));
    QCOMPARE(established.readLine(), QByteArray("before\n"));

    // Change the listener's settings and its group, and add a listener.
    Config changed = config;
    changed.listeners[0].proxyTimeoutMs = 30000;
    changed.upstreams[0].servers = {serverAt(other.address())};
    const quint16 addedPort = findFreePort();
    ListenerConfig added = changed.listeners[0];
    added.listen = QStringLiteral("127.0.0.1:%1").arg(addedPort);
    changed.listeners << added;
    QVERIFY(engine.apply(changed).ok());

    QVERIFY(established.sendAll("after\n"));
    QCOMPARE(established.readLine(), QByteArray("after\n")); // still on the old backend
    TestClient fresh;
    QVERIFY(fresh.connectTo(port));
    QCOMPARE(fresh.readLine(), QByteArray("other\n")); // new connections use the new group
    TestClient viaAdded;
    QVERIFY(viaAdded.connectTo(addedPort));
    QCOMPARE(viaAdded.readLine(), QByteArray("other\n"));

    // Removing the listener stops new connections; established ones drain on their own.
    Config removed = changed;
    removed.listeners.removeFirst();
    QVERIFY(engine.apply(removed).ok());
    QVERIFY(established.sendAll("still\n"));
    QCOMPARE(established.readLine(), QByteArray("still\n"));
    TestClient refused;
    QVERIFY(!refused.connectTo(port));
}

void TcpProxyTest::invalidConfigIsRefusedWhole()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("kept"));
    const quint16 port = findFreePort();
    const Config config = proxyConfig(port, {serverAt(backend.address())});
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    Config broken = config;
    broken.listeners[0].listen = QStringLiteral("127.0.0.1:70000");
    const Engine::ApplyResult result = engine.apply(broken);
    QVERIFY(!result.applied);
    QCOMPARE(result.issues.value(0).path, QStringLiteral("listeners[0].listen"));
    QVERIFY(result.issues.value(0).message.contains(QStringLiteral("70000")));
    QCOMPARE(engine.config(), config);

    TestClient client; // the running listener never stopped
    QVERIFY(client.connectTo(port));
    QCOMPARE(client.readLine(), QByteArray("kept\n"));
}

void TcpProxyTest::statsCountConnectionsAndBytes()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    engine.setStatsInterval(50);
    QVERIFY(engine.apply(proxyConfig(port, {serverAt(backend.address())})).ok());

    {
        TestClient client;
        QVERIFY(client.connectTo(port));
        QVERIFY(client.sendAll(QByteArray(1000, 'x')));
        QCOMPARE(client.readSome(1000, 5000).size() + client.readSome(1000, 200).size(), 1000);
        QTRY_COMPARE(engine.snapshot().listeners.value(0).activeConnections, quint64(1));
    }
    QTRY_COMPARE(engine.snapshot().listeners.value(0).activeConnections, quint64(0));
    QSignalSpy spy(&engine, &Engine::statsUpdated);
    QVERIFY(spy.wait(2000));
    const StatsSnapshot snapshot = spy.last().at(0).value<StatsSnapshot>();
    QCOMPARE(snapshot.listeners.value(0).acceptedConnections, quint64(1));
    QCOMPARE(snapshot.listeners.value(0).bytesFromClients, quint64(1000));
    QCOMPARE(snapshot.listeners.value(0).bytesToClients, quint64(1000));
    QCOMPARE(snapshot.servers.value(0).address, backend.address());
    QCOMPARE(snapshot.servers.value(0).selectedTotal, quint64(1));
    QCOMPARE(snapshot.servers.value(0).bytesSent, quint64(1000));
    QCOMPARE(snapshot.servers.value(0).bytesReceived, quint64(1000));
}

QTEST_GUILESS_MAIN(TcpProxyTest)
#include "tst_tcpproxy.moc"
