// Steering upstream servers in a running engine (Engine::setServerState): drain, down and
// weight applied at once without an apply or a dropped connection, the per-server figures the
// dashboard and an nginx Plus-style API read, and what an apply does to steered state.
// Real engine, backends and clients on 127.0.0.1.
#include "errortext.h"
#include "logcapture.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"

#include <engine.h>

#include <QTest>
#include <memory>
#include <vector>

namespace {

ServerStats serverOf(const Engine &engine, int index, const QString &group = QStringLiteral("backend"))
{
    for (const ServerStats &server : engine.snapshot().servers) {
        if (server.upstream == group && server.index == index)
            return server;
    }
    return ServerStats();
}

// nginx's smooth weighted round robin (ngx_stream_upstream_get_peer), from zero current
// weights: the reference a pick sequence is checked against. Names are 'a', 'b', ...
QString smoothWeighted(const QList<int> &weights, int picks)
{
    QList<qint64> current(weights.size(), 0);
    QString sequence;
    for (int pick = 0; pick < picks; ++pick) {
        qint64 total = 0;
        int best = -1;
        for (int i = 0; i < weights.size(); ++i) {
            current[i] += weights[i];
            total += weights[i];
            if (best < 0 || current[i] > current[best])
                best = i;
        }
        current[best] -= total;
        sequence += QChar(u'a' + best);
    }
    return sequence;
}

QString pickSequence(quint16 port, int count)
{
    QString sequence;
    for (int i = 0; i < count; ++i) {
        TestClient client;
        if (!client.connectTo(port))
            return sequence + u'!';
        sequence += QString::fromUtf8(client.readLine().trimmed());
    }
    return sequence;
}

} // namespace

class RuntimeSteeringTest : public QObject
{
    Q_OBJECT

private slots:
    void unknownGroupOrServerIsRefusedInWords();
    void byteCountersAreExact();
    void failureIsDescribed();
    void drainKeepsEstablishedConnections();
    void disableAndEnable();
    void weightChangeTakesEffectOnNextPick_data();
    void weightChangeTakesEffectOnNextPick();
    void steeredStateSurvivesApply();
};

void RuntimeSteeringTest::unknownGroupOrServerIsRefusedInWords()
{
    TestBackend a(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {a.address()});
    UpstreamConfig randomGroup;
    randomGroup.name = QStringLiteral("spread");
    randomGroup.method = UpstreamConfig::Method::Random;
    randomGroup.servers << serverAt(a.address());
    config.upstreams << randomGroup;
    ListenerConfig second = config.listeners.first();
    second.listen = QStringLiteral("127.0.0.1:") + QString::number(findFreePort());
    second.proxyPass = QStringLiteral("spread");
    config.listeners << second;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    ServerChange down;
    down.down = true;
    const QString noGroup = engine.setServerState(QStringLiteral("nope"), 0, down);
    QVERIFY2(noGroup.contains(QStringLiteral("no upstream group \"nope\"")) && noGroup.contains(QStringLiteral("backend")), qPrintable(noGroup));
    const QString noServer = engine.setServerState(QStringLiteral("backend"), 3, down);
    QVERIFY2(noServer.contains(QStringLiteral("has no server 3")) && noServer.contains(QStringLiteral("it has 1")), qPrintable(noServer));
    ServerChange zero;
    zero.weight = 0;
    const QString badWeight = engine.setServerState(QStringLiteral("backend"), 0, zero);
    QVERIFY2(badWeight.contains(QStringLiteral("weight 0")) && badWeight.contains(QStringLiteral("1 or more")), qPrintable(badWeight));
    ServerChange two;
    two.weight = 2;
    const QString random = engine.setServerState(QStringLiteral("spread"), 0, two);
    QVERIFY2(random.contains(QStringLiteral("random")) && random.contains(QStringLiteral("apply")), qPrintable(random));
    QCOMPARE(serverOf(engine, 0).state, ServerStats::State::Up); // nothing changed by the refusals
    QCOMPARE(serverOf(engine, 0).weight, 1);
}

void RuntimeSteeringTest::byteCountersAreExact()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(proxyConfig(port, {backend.address()})).ok());

    constexpr qint64 size = 1000003;
    TestClient client;
    QVERIFY(client.connectTo(port));
    QVERIFY(client.sendAll(TestBackend::pattern(5, 0, size)));
    QVERIFY(client.shutdownWrite());
    bool closed = false;
    QCOMPARE(client.readUntilClosed(10000, &closed).size(), size);
    QVERIFY(closed);
    QTRY_COMPARE_WITH_TIMEOUT(serverOf(engine, 0).activeConnections, quint64(0), 10000);
    const ServerStats server = serverOf(engine, 0);
    QCOMPARE(server.bytesSent, quint64(size));
    QCOMPARE(server.bytesReceived, quint64(size));
    QCOMPARE(server.selectedTotal, quint64(1));
    QVERIFY(server.lastSelected.isValid());
    QVERIFY(server.lastConnectTimeMs >= 0);
    QVERIFY(server.connectTimeAverageMs >= 0);
    QCOMPARE(ServerStats::nginxState(server.state), QStringLiteral("up"));
}

void RuntimeSteeringTest::failureIsDescribed()
{
    TestBackend good(TestBackend::Mode::Echo);
    const quint16 closedPort = findFreePort();
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(proxyConfig(port, {QStringLiteral("127.0.0.1:") + QString::number(closedPort), good.address()})).ok());

    TestClient client; // the first pick is the refused server; the session moves on to the good one
    QVERIFY(client.connectTo(port));
    QVERIFY(client.sendAll("x"));
    QCOMPARE(client.readSome(1, 5000), QByteArray("x"));
    const ServerStats failed = serverOf(engine, 0);
    QCOMPARE(failed.state, ServerStats::State::Failed);
    QCOMPARE(ServerStats::nginxState(failed.state), QStringLiteral("unavail"));
    QCOMPARE(failed.connectFailures, quint64(1));
    QCOMPARE(failed.unavailable, quint64(1));
    QVERIFY2(failed.lastError.contains(ErrorText::connectionRefused()), qPrintable(failed.lastError));
    QVERIFY(failed.lastErrorTime.isValid());
    QVERIFY(failed.stateSince.isValid() && failed.stateSince <= QDateTime::currentDateTime());
    QVERIFY(failed.failedForMs > 0);
    QCOMPARE(serverOf(engine, 1).state, ServerStats::State::Up);
    QVERIFY(serverOf(engine, 1).lastError.isEmpty());
}

void RuntimeSteeringTest::drainKeepsEstablishedConnections()
{
    constexpr int established = 20;
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(proxyConfig(port, {a.address(), b.address()})).ok());

    ServerChange down;
    down.down = true;
    QCOMPARE(engine.setServerState(QStringLiteral("backend"), 1, down), QString()); // so the 20 all go to a
    std::vector<std::unique_ptr<TestClient>> clients;
    for (int i = 0; i < established; ++i) {
        clients.push_back(std::make_unique<TestClient>());
        QVERIFY(clients.back()->connectTo(port));
        QCOMPARE(clients.back()->readLine(), QByteArray("a\n"));
    }
    QCOMPARE(serverOf(engine, 0).activeConnections, quint64(established));

    ServerChange drain;
    drain.drain = true;
    QCOMPARE(engine.setServerState(QStringLiteral("backend"), 0, drain), QString());
    ServerChange enable;
    enable.down = false;
    QCOMPARE(engine.setServerState(QStringLiteral("backend"), 1, enable), QString());
    ServerStats draining = serverOf(engine, 0);
    QCOMPARE(draining.state, ServerStats::State::Draining);
    QCOMPARE(ServerStats::nginxState(draining.state), QStringLiteral("draining"));
    QVERIFY(draining.steered);

    QCOMPARE(pickSequence(port, 6), QStringLiteral("bbbbbb")); // new connections go elsewhere at once

    for (int i = 0; i < established; ++i) { // the established ones keep working
        const QByteArray line = "still here " + QByteArray::number(i) + '\n';
        QVERIFY(clients[i]->sendAll(line));
        QCOMPARE(clients[i]->readLine(), line);
    }
    for (int i = 0; i < established; ++i) {
        clients[i]->close();
        const quint64 left = quint64(established - i - 1);
        QTRY_COMPARE_WITH_TIMEOUT(serverOf(engine, 0).activeConnections, left, 10000);
        QCOMPARE(serverOf(engine, 0).state, left > 0 ? ServerStats::State::Draining : ServerStats::State::Drained);
    }
    QCOMPARE(ServerStats::nginxState(serverOf(engine, 0).state), QStringLiteral("draining")); // as nginx Plus says at zero
    QCOMPARE(a.accepted(), established);
    QCOMPARE(b.accepted(), 6);

    QCOMPARE(engine.setServerState(QStringLiteral("backend"), 0, ServerChange{{}, false, false}), QString());
    QCOMPARE(serverOf(engine, 0).state, ServerStats::State::Up);
    QVERIFY(!serverOf(engine, 0).steered);
    const QString sequence = pickSequence(port, 4);
    QCOMPARE(sequence.count(u'a'), 2);
    QCOMPARE(sequence.count(u'b'), 2);
}

void RuntimeSteeringTest::disableAndEnable()
{
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(proxyConfig(port, {a.address(), b.address()})).ok());

    TestClient held;
    QVERIFY(held.connectTo(port));
    QCOMPARE(held.readLine(), QByteArray("a\n"));
    ServerChange down;
    down.down = true;
    QCOMPARE(engine.setServerState(QStringLiteral("backend"), 0, down), QString());
    QCOMPARE(serverOf(engine, 0).state, ServerStats::State::Down);
    QCOMPARE(pickSequence(port, 3), QStringLiteral("bbb"));
    QVERIFY(held.sendAll("on\n")); // down takes no connection away either
    QCOMPARE(held.readLine(), QByteArray("on\n"));
    ServerChange up;
    up.down = false;
    QCOMPARE(engine.setServerState(QStringLiteral("backend"), 0, up), QString());
    QCOMPARE(serverOf(engine, 0).state, ServerStats::State::Up);
    QVERIFY(pickSequence(port, 2).contains(u'a'));
}

void RuntimeSteeringTest::weightChangeTakesEffectOnNextPick_data()
{
    QTest::addColumn<int>("server");
    QTest::addColumn<int>("weight");
    QTest::addColumn<int>("picksBefore");
    QTest::addColumn<QList<int>>("weightsAfter");
    QTest::newRow("a to 5 after 2 picks") << 0 << 5 << 2 << QList<int>{5, 1, 1};
    QTest::newRow("c to 4 after 1 pick") << 2 << 4 << 1 << QList<int>{1, 1, 4};
    QTest::newRow("b to 3 after 4 picks") << 1 << 3 << 4 << QList<int>{1, 3, 1};
}

void RuntimeSteeringTest::weightChangeTakesEffectOnNextPick()
{
    QFETCH(int, server);
    QFETCH(int, weight);
    QFETCH(int, picksBefore);
    QFETCH(QList<int>, weightsAfter);
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    TestBackend c(TestBackend::Mode::Name, QStringLiteral("c"));
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(proxyConfig(port, {a.address(), b.address(), c.address()})).ok());

    QCOMPARE(pickSequence(port, picksBefore), smoothWeighted({1, 1, 1}, picksBefore));
    ServerChange change;
    change.weight = weight;
    QCOMPARE(engine.setServerState(QStringLiteral("backend"), server, change), QString());
    QCOMPARE(serverOf(engine, server).weight, weight);
    QVERIFY(serverOf(engine, server).steered);
    // From the next pick on, nginx's sequence for the new weights (from a fresh round).
    const int picks = 2 * (weightsAfter[0] + weightsAfter[1] + weightsAfter[2]);
    QCOMPARE(pickSequence(port, picks), smoothWeighted(weightsAfter, picks));
}

void RuntimeSteeringTest::steeredStateSurvivesApply()
{
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    TestBackend c(TestBackend::Mode::Name, QStringLiteral("c"));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {a.address(), b.address(), c.address()});
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());
    ServerChange weight;
    weight.weight = 3;
    QCOMPARE(engine.setServerState(QStringLiteral("backend"), 0, weight), QString());
    ServerChange down;
    down.down = true;
    QCOMPARE(engine.setServerState(QStringLiteral("backend"), 1, down), QString());

    // The same config: the group is kept as it is.
    QVERIFY(engine.apply(config).ok());
    QCOMPARE(serverOf(engine, 0).weight, 3);
    QCOMPARE(serverOf(engine, 1).state, ServerStats::State::Down);

    // Another setting of the group changes (it is rebuilt): what was steered stays.
    config.upstreams[0].servers[2].maxFails = 3;
    QVERIFY(engine.apply(config).ok());
    QCOMPARE(serverOf(engine, 0).weight, 3);
    QVERIFY(serverOf(engine, 0).steered);
    QCOMPARE(serverOf(engine, 1).state, ServerStats::State::Down);
    QCOMPARE(pickSequence(port, 8), smoothWeighted({3, 0, 1}, 8).remove(u'b')); // b is down, a weighs 3

    // The config changes a's weight itself: the config wins; b's down stays.
    config.upstreams[0].servers[0].weight = 2;
    QVERIFY(engine.apply(config).ok());
    QCOMPARE(serverOf(engine, 0).weight, 2);
    QVERIFY(!serverOf(engine, 0).steered);
    QCOMPARE(serverOf(engine, 1).state, ServerStats::State::Down);
    QVERIFY(serverOf(engine, 1).steered);
}

QTEST_GUILESS_MAIN(RuntimeSteeringTest)
#include "tst_runtimesteering.moc"
