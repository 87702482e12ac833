// Connection limits and rates in the engine, with real sockets: max_connections and
// limit_conn refuse before any upstream is chosen and give the place back when a session
// ends (failed ones too), a re-apply keeps what a zone counts, and a throttled transfer
// waits on a timer instead of spinning.
#include "logcapture.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"

#include <engine.h>

#include <QElapsedTimer>
#include <QTest>

#if !defined(Q_OS_WIN)
#include <sys/resource.h>
#endif

namespace {

Config limitedConfig(quint16 port, const QString &backend, int perAddress, int maxConnections)
{
    Config config = proxyConfig(port, QStringList{backend});
    if (perAddress > 0) {
        config.connectionZones << ConnectionZoneConfig{QStringLiteral("perip"), QStringLiteral("$binary_remote_addr"), 1024 * 1024};
        config.listeners[0].limits.connections << ConnectionLimitConfig{QStringLiteral("perip"), perAddress};
    }
    config.listeners[0].limits.maxConnections = maxConnections;
    return config;
}

bool getsIn(quint16 port, const QString &source, std::vector<std::unique_ptr<TestClient>> *keep = nullptr)
{
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(port, source))
        return false;
    const bool in = client->readLine().trimmed() == "a";
    if (keep && in)
        keep->push_back(std::move(client));
    return in;
}

double processCpuSeconds()
{
#if defined(Q_OS_WIN)
    return 0;
#else
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
#endif
}

} // namespace

class LimitsEngineTest : public QObject
{
    Q_OBJECT

private slots:
    void maxConnectionsCapsTheListener();
    void failedSessionsGiveTheirPlaceBack();
    void reapplyKeepsTheCounts();
    void throttledTransferSleeps();
    void throttledToASlowReader();
};

void LimitsEngineTest::maxConnectionsCapsTheListener()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("a"));
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(limitedConfig(port, backend.address(), 0, 2)).ok());
    std::vector<std::unique_ptr<TestClient>> open;
    QVERIFY(getsIn(port, QStringLiteral("127.0.0.2"), &open));
    QVERIFY(getsIn(port, QStringLiteral("127.0.0.3"), &open));
    QVERIFY(!getsIn(port, QStringLiteral("127.0.0.4"))); // any address: the listener is full
    QCOMPARE(backend.accepted(), 2);                     // refused before an upstream was chosen
    QCOMPARE(engine.snapshot().listeners.value(0).limited, quint64(1)); // counted, and as accepted (nginx counts it so)
    QCOMPARE(engine.snapshot().listeners.value(0).acceptedConnections, quint64(3));
    QTRY_COMPARE(log.count(QStringLiteral("limiting connections by max_connections (2) while initializing session, client: 127.0.0.4, server: 127.0.0.1:%1")
                               .arg(port)), 1);
    open.pop_back();
    // The proxy notices the close in its own time: bounded retries (QTRY would ask once more).
    bool in = false;
    for (int attempt = 0; attempt < 100 && !in; ++attempt) {
        in = getsIn(port, QStringLiteral("127.0.0.4"), &open);
        if (!in)
            QTest::qWait(20);
    }
    QVERIFY(in);
}

void LimitsEngineTest::failedSessionsGiveTheirPlaceBack()
{
    // No server listens there: every session fails while connecting, and must let go.
    const quint16 dead = findFreePort();
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(limitedConfig(port, QStringLiteral("127.0.0.1:%1").arg(dead), 1, 0)).ok());
    for (int i = 0; i < 5; ++i) {
        TestClient client;
        QVERIFY(client.connectTo(port, QStringLiteral("127.0.0.2")));
        QVERIFY(client.waitForClose(5000));
        QTRY_COMPARE(log.count(QStringLiteral("connect() failed")), i + 1); // failed at the upstream, not refused by the zone
    }
    QCOMPARE(log.count(QStringLiteral("limiting connections")), 0);
}

void LimitsEngineTest::reapplyKeepsTheCounts()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("a"));
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    Config config = limitedConfig(port, backend.address(), 1, 0);
    QVERIFY(engine.apply(config).ok());
    std::vector<std::unique_ptr<TestClient>> open;
    QVERIFY(getsIn(port, QStringLiteral("127.0.0.2"), &open));
    // Another setting changes: the zone (same key and size) keeps counting the open one.
    config.listeners[0].proxyTimeoutMs = 30000;
    QVERIFY(engine.apply(config).ok());
    QVERIFY(!getsIn(port, QStringLiteral("127.0.0.2")));
    QVERIFY(getsIn(port, QStringLiteral("127.0.0.3"), &open));
    // A new key makes a new zone that starts empty.
    config.connectionZones[0].key = QStringLiteral("$remote_addr");
    QVERIFY(engine.apply(config).ok());
    QVERIFY(getsIn(port, QStringLiteral("127.0.0.2"), &open));
}

void LimitsEngineTest::throttledTransferSleeps()
{
#if defined(Q_OS_WIN)
    QSKIP("reads the process's CPU time with getrusage");
#endif
    constexpr qint64 bytes = 256 * 1024;
    TestBackend backend(TestBackend::Mode::Source);
    backend.sourceBytes = bytes;
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, QStringList{backend.address()});
    config.listeners[0].limits.downloadRate = 128 * 1024; // about 2 s for 256 KiB
    Engine engine;
    QVERIFY(engine.apply(config).ok());
    const double cpuBefore = processCpuSeconds();
    QElapsedTimer timer;
    timer.start();
    TestClient client;
    QVERIFY(client.connectTo(port));
    bool closed = false;
    QCOMPARE(client.readUntilClosed(20000, &closed).size(), bytes);
    QVERIFY(closed);
    const double wall = double(timer.elapsed()) / 1000;
    const double cpu = processCpuSeconds() - cpuBefore;
    qInfo("256 KiB at 128k/s: %.2f s, %.3f s of CPU", wall, cpu);
    // The rate held (a second's worth may come at once, so at least a second), and waiting
    // cost next to no CPU: a reader polling the socket would burn the whole time.
    QVERIFY2(wall >= 1.0, qPrintable(QString::number(wall)));
    QVERIFY2(cpu < wall / 4, qPrintable(QStringLiteral("%1 s of CPU over %2 s").arg(cpu).arg(wall)));
}

void LimitsEngineTest::throttledToASlowReader()
{
    // A client that stops reading fills the proxy's buffers: a rate-limited read then leaves
    // bytes pending and the direction delayed at once. Once the client reads again, both
    // must clear and the transfer finish.
    constexpr qint64 bytes = 16 * 1024 * 1024;
    TestBackend backend(TestBackend::Mode::Source);
    backend.sourceBytes = bytes;
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, QStringList{backend.address()});
    config.listeners[0].limits.downloadRate = 8 * 1024 * 1024; // about 2 s in all
    Engine engine;
    QVERIFY(engine.apply(config).ok());
    TestClient client;
    client.setReceiveBuffer(4096);
    QVERIFY(client.connectTo(port));
    QVERIFY(backend.waitUntilSendingStalls() < bytes); // the proxy holds what it read and waits
    bool closed = false;
    QCOMPARE(client.readUntilClosed(30000, &closed).size(), bytes);
    QVERIFY(closed);
}

QTEST_GUILESS_MAIN(LimitsEngineTest)
#include "tst_limitsengine.moc"
