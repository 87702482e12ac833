// worker_connections at work: a full worker leaves new connections to a worker with room,
// and once every worker is full a new connection is closed at once with nginx's line
// ("N worker_connections are not enough"), written at most once a second however many come.

#include "logcapture.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"

#include <engine.h>

#include <QElapsedTimer>
#include <QTest>

#include <memory>
#include <vector>

namespace {
const QString notEnough = QStringLiteral("worker_connections are not enough");

// A client the engine refused: connected by the kernel, then closed without a byte.
bool refused(quint16 port)
{
    TestClient client;
    return client.connectTo(port) && client.waitForClose(5000);
}

// Connects until one is served (a closed session frees its slot a moment after the client
// sees the close); bounded in attempts.
bool servedWithin(quint16 port, int attempts, const QByteArray &expected)
{
    for (int i = 0; i < attempts; ++i) {
        TestClient client;
        if (client.connectTo(port) && client.readLine(5000) == expected)
            return true;
    }
    return false;
}
} // namespace

class ConnectionCapTest : public QObject
{
    Q_OBJECT

private slots:
    void fullWorkerRefusesAtOnce();
    void fullWorkerLeavesConnectionsToOneWithRoom();
    void refusalFloodIsLoggedOncePerSecond();
};

void ConnectionCapTest::fullWorkerRefusesAtOnce()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("named"));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {backend.address()}, 1);
    config.workerConnections = 4; // two proxied sessions
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    auto first = std::make_unique<TestClient>();
    TestClient second;
    for (TestClient *client : {first.get(), &second}) {
        QVERIFY(client->connectTo(port));
        QCOMPARE(client->readLine(), QByteArray("named\n"));
    }
    // Before, the third waited in the listen backlog until a session ended.
    QVERIFY(refused(port));
    QTRY_COMPARE(log.count(QStringLiteral("4 ") + notEnough), 1);
    QVERIFY(log.matching(notEnough).constFirst().contains(QStringLiteral("closed a new connection from 127.0.0.1:")));
    QCOMPARE(backend.accepted(), 2);
    QCOMPARE(engine.snapshot().listeners.value(0).refusedFull, quint64(1));
    QCOMPARE(engine.snapshot().listeners.value(0).acceptedConnections, quint64(3)); // nginx's "accepts", not "handled"

    first.reset(); // a slot frees once the session has ended both ways: served again
    // Waited for on the engine's count, not on a number of attempts: under load the ending
    // (the FIN relayed to the backend, its FIN back) outlasted 50 quick refusals.
    QTRY_COMPARE_WITH_TIMEOUT(engine.snapshot().listeners.value(0).activeConnections, quint64(1), 10000);
    QVERIFY(servedWithin(port, 50, "named\n"));
    QCOMPARE(second.readLine(100), QByteArray()); // the held session is untouched
}

void ConnectionCapTest::fullWorkerLeavesConnectionsToOneWithRoom()
{
    // Two workers of two sessions each: four clients are served before any is refused.
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("named"));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {backend.address()}, 2);
    config.workerConnections = 4;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    std::vector<std::unique_ptr<TestClient>> held;
    for (int i = 0; i < 4; ++i) {
        held.push_back(std::make_unique<TestClient>());
        QVERIFY(held.back()->connectTo(port));
        QVERIFY2(held.back()->readLine() == "named\n", qPrintable(QStringLiteral("client %1 of 4 not served: %2")
                                                                    .arg(i + 1).arg(log.lines().join(QLatin1Char('\n')))));
    }
    QCOMPARE(log.count(notEnough), 0);
    QVERIFY(refused(port));
    QTRY_COMPARE(log.count(notEnough), 1);
    QCOMPARE(backend.accepted(), 4);
}

void ConnectionCapTest::refusalFloodIsLoggedOncePerSecond()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("named"));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {backend.address()}, 1);
    config.workerConnections = 2; // one session
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    TestClient holder;
    QVERIFY(holder.connectTo(port));
    QCOMPARE(holder.readLine(), QByteArray("named\n"));

    constexpr int flood = 300;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < flood; ++i)
        QVERIFY2(refused(port), qPrintable(QStringLiteral("client %1 was not refused").arg(i)));
    const qint64 seconds = clock.elapsed() / 1000;
    QTRY_VERIFY(log.count(notEnough) >= 1);
    // One line a second at most, whatever the machine's speed: the bound follows the time taken.
    const int lines = log.count(notEnough);
    QVERIFY2(lines <= seconds + 2, qPrintable(QStringLiteral("%1 lines for %2 refusals in %3 s").arg(lines).arg(flood).arg(seconds)));
    if (lines > 1)
        QVERIFY(log.matching(notEnough).constLast().contains(QStringLiteral("more since the last such line")));
    QCOMPARE(backend.accepted(), 1);
    QCOMPARE(engine.snapshot().listeners.value(0).refusedFull, quint64(flood));
}

QTEST_GUILESS_MAIN(ConnectionCapTest)
#include "tst_connectioncap.moc"
