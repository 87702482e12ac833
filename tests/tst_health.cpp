// Passive health (nginx's max_fails / fail_timeout) and Portier's active health checks,
// with real backends that the test stops and starts again on the same port.
#include "logcapture.h"
#include "testconfig.h"
#include "testbackend.h"
#include "testclient.h"

#include <engine.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

namespace {

QString nameVia(quint16 port)
{
    TestClient client;
    if (!client.connectTo(port))
        return QStringLiteral("(refused)");
    return QString::fromUtf8(client.readLine(3000).trimmed());
}

ServerStats::State stateOf(const Engine &engine, const QString &address)
{
    for (const ServerStats &server : engine.snapshot().servers) {
        if (server.address == address)
            return server.state;
    }
    return ServerStats::State::Down;
}

} // namespace

class HealthTest : public QObject
{
    Q_OBJECT

private slots:
    void passiveFailuresTakeServerOutForFailTimeout();
    void activeCheckMarksDownAndBack();
    void activeCheckSendExpect_data();
    void activeCheckSendExpect();
};

void HealthTest::passiveFailuresTakeServerOutForFailTimeout()
{
    const quint16 aPort = findFreePort();
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, QStringList{QStringLiteral("127.0.0.1:%1").arg(aPort), b.address()}, 1);
    config.upstreams[0].servers[0].maxFails = 2;
    config.upstreams[0].servers[0].failTimeoutMs = 1500;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    // a refuses: each attempt fails over to b, until a has failed max_fails times.
    for (int i = 0; i < 10 && log.count(QStringLiteral("upstream server temporarily disabled")) == 0; ++i)
        QCOMPARE(nameVia(port), QStringLiteral("b"));
    QCOMPARE(log.count(QStringLiteral("upstream server temporarily disabled")), 1);
    QCOMPARE(log.count(QStringLiteral("connect() failed")), 2);
    QElapsedTimer sinceDisabled;
    sinceDisabled.start();
    QCOMPARE(stateOf(engine, config.upstreams[0].servers[0].address), ServerStats::State::Failed);

    // For fail_timeout nobody tries a: no more refused connects.
    for (int i = 0; i < 10; ++i)
        QCOMPARE(nameVia(port), QStringLiteral("b"));
    QCOMPARE(log.count(QStringLiteral("connect() failed")), 2);

    // a comes back; once fail_timeout has passed it is tried again and gets traffic.
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"), aPort);
    QVERIFY(a.isListening());
    QTRY_VERIFY_WITH_TIMEOUT(nameVia(port) == QStringLiteral("a"), 5000);
    QVERIFY2(sinceDisabled.elapsed() >= 1400, qPrintable(QString::number(sinceDisabled.elapsed())));
    QCOMPARE(stateOf(engine, a.address()), ServerStats::State::Up);
}

void HealthTest::activeCheckMarksDownAndBack()
{
    auto a = std::make_unique<TestBackend>(TestBackend::Mode::Name, QStringLiteral("a"));
    const quint16 aPort = a->port();
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, QStringList{a->address(), b.address()}, 1);
    HealthCheckConfig &check = config.upstreams[0].healthCheck;
    check.enabled = true;
    check.intervalMs = 200;
    check.timeoutMs = 300;
    check.fails = 2;
    check.passes = 2;
    Engine engine;
    LogCapture log(engine.errorLog());
    QSignalSpy changes(&engine, &Engine::serverHealthChanged);
    QVERIFY(engine.apply(config).ok());
    QCOMPARE(nameVia(port), QStringLiteral("a"));
    QCOMPARE(nameVia(port), QStringLiteral("b"));

    a.reset(); // a stops answering
    // Counted, not timed: exactly `fails` failed checks mark it down (a stopwatch bound on
    // interval x fails breaks on a loaded machine or under a sanitizer).
    QTRY_COMPARE_WITH_TIMEOUT(log.count(QStringLiteral("is unhealthy after 2 failed check(s)")), 1, 10000);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.at(0).at(2).toBool(), false);
    QCOMPARE(stateOf(engine, config.upstreams[0].servers[0].address), ServerStats::State::Unhealthy);

    // Marked down: every connection goes to b without trying a.
    const int refusedBefore = log.count(QStringLiteral("connect() failed"));
    for (int i = 0; i < 6; ++i)
        QCOMPARE(nameVia(port), QStringLiteral("b"));
    QCOMPARE(log.count(QStringLiteral("connect() failed")), refusedBefore);

    TestBackend back(TestBackend::Mode::Name, QStringLiteral("a"), aPort);
    QVERIFY(back.isListening());
    QTRY_COMPARE_WITH_TIMEOUT(log.count(QStringLiteral("is healthy again after 2 good check(s)")), 1, 5000);
    QCOMPARE(stateOf(engine, back.address()), ServerStats::State::Up);
    QStringList names;
    for (int i = 0; i < 4; ++i)
        names << nameVia(port);
    QVERIFY2(names.contains(QStringLiteral("a")), qPrintable(names.join(u',')));
}

void HealthTest::activeCheckSendExpect_data()
{
    QTest::addColumn<QString>("send");
    QTest::addColumn<QString>("expect");
    QTest::addColumn<bool>("healthy");
    QTest::newRow("echoed text matches") << QStringLiteral("PING\n") << QStringLiteral("PING") << true;
    QTest::newRow("hex payload, regex reply") << QStringLiteral("hex:50494e470a") << QStringLiteral("~^PI.G$") << true;
    QTest::newRow("reply does not match") << QStringLiteral("PING\n") << QStringLiteral("PONG") << false;
    QTest::newRow("regex does not match") << QStringLiteral("PING\n") << QStringLiteral("~^PONG") << false;
}

void HealthTest::activeCheckSendExpect()
{
    QFETCH(QString, send);
    QFETCH(QString, expect);
    QFETCH(bool, healthy);
    TestBackend echo(TestBackend::Mode::Echo);
    TestBackend other(TestBackend::Mode::Echo);
    Config config = proxyConfig(findFreePort(), QStringList{echo.address(), other.address()}, 1);
    HealthCheckConfig &check = config.upstreams[0].healthCheck;
    check.enabled = true;
    check.intervalMs = 100;
    check.timeoutMs = 300;
    check.send = send;
    check.expect = expect;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());
    // Several rounds, so a healthy verdict is a steady one and an unhealthy one has happened.
    QTRY_VERIFY_WITH_TIMEOUT(echo.accepted() >= 3, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(engine, echo.address()) == ServerStats::State::Up, healthy, 3000);
    if (!healthy) {
        const QStringList lines = log.matching(QStringLiteral("is unhealthy"));
        QVERIFY(!lines.isEmpty());
        QVERIFY2(lines.first().contains(QStringLiteral("timed out")), qPrintable(lines.first()));
    }
}

QTEST_GUILESS_MAIN(HealthTest)
#include "tst_health.moc"
