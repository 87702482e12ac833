// The balancing methods as sequences of picks, on UpstreamGroup directly: the order in
// which servers are chosen, not only how often, with time under the test's control.
#include <errorlog.h>
#include <upstreamgroup.h>

#include <QTest>

namespace {

// Servers are written "name:port"-free: the test names them a, b, c ... on 127.0.0.1.
UpstreamConfig group(UpstreamConfig::Method method, const QList<int> &weights, const QList<int> &backups = {})
{
    UpstreamConfig config;
    config.name = QStringLiteral("g");
    config.method = method;
    for (int i = 0; i < weights.size() + backups.size(); ++i) {
        ServerConfig server;
        server.address = QStringLiteral("127.0.0.1:%1").arg(7000 + i);
        server.weight = i < weights.size() ? weights[i] : backups[i - weights.size()];
        server.backup = i >= weights.size();
        config.servers << server;
    }
    return config;
}

QChar nameOf(const UpstreamServer *server)
{
    return server ? QChar(u'a' + (server->config.address.section(u':', 1).toInt() - 7000)) : QChar(u'-');
}

struct Harness
{
    explicit Harness(const UpstreamConfig &config) : log(std::make_shared<ErrorLog>()), group(config, log) {}

    // One new session per pick; the connection stays open unless released.
    UpstreamServer *pick(qint64 nowMs = 1000, const QString &client = QStringLiteral("127.0.0.1"))
    {
        PickState state;
        const Net::Endpoint address{QHostAddress(client), 40000};
        PickContext context;
        context.client = &address;
        context.nowMs = nowMs;
        return group.pick(context, &state);
    }

    // Picks and releases at once (a short connection) n times; returns the names.
    QString sequence(int n, qint64 nowMs = 1000)
    {
        QString names;
        for (int i = 0; i < n; ++i) {
            UpstreamServer *server = pick(nowMs);
            names += nameOf(server);
            if (server)
                group.release(server, false, nowMs, nullptr);
        }
        return names;
    }

    UpstreamServer *server(QChar name)
    {
        for (auto *list : {&group.primaries(), &group.backups()}) {
            for (const auto &s : *list) {
                if (nameOf(s.get()) == name)
                    return s.get();
            }
        }
        return nullptr;
    }

    void fail(QChar name, qint64 nowMs)
    {
        UpstreamServer *s = server(name);
        s->conns++; // as if picked
        group.release(s, true, nowMs, nullptr);
    }

    std::shared_ptr<ErrorLog> log;
    UpstreamGroup group;
};

} // namespace

class BalancerTest : public QObject
{
    Q_OBJECT

private slots:
    void roundRobin_data();
    void roundRobin();
    void roundRobinFailureLowersEffectiveWeight();
    void roundRobinFailedServerReturnsAfterFailTimeout();
    void singleServerIgnoresMaxFails();
    void backupOnlyWhenNoPrimaryQualifies();
    void sessionStaysOnBackupsOnceSwitched();
    void maxConnsSkipsFullServer();
    void triedServersAreNotPickedAgain();
    void leastConnPicksFewestPerWeight();
    void leastConnTiesGoByWeightedRoundRobin();
    void leastConnBackup();
    void hashIsStablePerKey();
    void hashRehashesPastDownServer();
    void hashFallsBackToRoundRobinWhenAllDown();
    void consistentHashMovesOnlyTheRemovedServersKeys();
    void consistentHashWeightsShareTheRing();
    void randomFollowsWeights();
    void randomTwoPrefersFewerConnections();
    void leastTimePrefersFasterServer();
    void leastTimeCountsConnections();
    void leastTimeInflightSeesStalledServer();
};

void BalancerTest::roundRobin_data()
{
    QTest::addColumn<QList<int>>("weights");
    QTest::addColumn<QString>("expected");
    QTest::newRow("equal 2") << QList<int>{1, 1} << QStringLiteral("ababab");
    QTest::newRow("equal 3") << QList<int>{1, 1, 1} << QStringLiteral("abcabc");
    QTest::newRow("5,1,1 (nginx's example)") << QList<int>{5, 1, 1} << QStringLiteral("aabacaaaabacaa");
    QTest::newRow("1,2") << QList<int>{1, 2} << QStringLiteral("babbab");
    QTest::newRow("3,2") << QList<int>{3, 2} << QStringLiteral("ababaababa");
}

void BalancerTest::roundRobin()
{
    QFETCH(QList<int>, weights);
    QFETCH(QString, expected);
    Harness h(group(UpstreamConfig::Method::RoundRobin, weights));
    QCOMPARE(h.sequence(int(expected.size())), expected);
}

void BalancerTest::roundRobinFailureLowersEffectiveWeight()
{
    UpstreamConfig config = group(UpstreamConfig::Method::RoundRobin, {4, 4});
    config.servers[0].maxFails = 2; // one failure: effective_weight 4 - 4/2 = 2, still usable
    config.servers[1].maxFails = 2;
    Harness h(config);
    h.fail(u'a', 1000);
    QCOMPARE(h.server(u'a')->effectiveWeight, 2);
    // Without the failure a would win the first pick (ties go to the earlier server); with
    // its effective_weight halved b does, and a climbs back by one per pick.
    QCOMPARE(h.sequence(6), QStringLiteral("bababa"));
    QCOMPARE(h.server(u'a')->effectiveWeight, 4);
}

void BalancerTest::roundRobinFailedServerReturnsAfterFailTimeout()
{
    Harness h(group(UpstreamConfig::Method::RoundRobin, {1, 1})); // max_fails 1, fail_timeout 10s
    h.fail(u'a', 1000);
    QCOMPARE(h.sequence(3, 5000), QStringLiteral("bbb"));   // within fail_timeout
    QCOMPARE(h.sequence(3, 11001), QStringLiteral("bab")); // tried again after it (effective_weight 0 -> 1)
    QCOMPARE(h.server(u'a')->fails, 0); // and it worked: fails reset
}

void BalancerTest::singleServerIgnoresMaxFails()
{
    Harness h(group(UpstreamConfig::Method::RoundRobin, {1}));
    h.fail(u'a', 1000);
    h.fail(u'a', 1000);
    QCOMPARE(h.sequence(2, 1500), QStringLiteral("aa"));
}

void BalancerTest::backupOnlyWhenNoPrimaryQualifies()
{
    Harness h(group(UpstreamConfig::Method::RoundRobin, {1, 1}, {1}));
    QCOMPARE(h.sequence(4), QStringLiteral("abab"));
    h.fail(u'a', 1000);
    QCOMPARE(h.sequence(2), QStringLiteral("bb"));
    h.fail(u'b', 1000);
    QCOMPARE(h.sequence(2), QStringLiteral("cc")); // both primaries failed: the backup
    const QString after = h.sequence(4, 20000); // back after fail_timeout
    QVERIFY2(after.contains(u'a') && after.contains(u'b') && !after.contains(u'c'), qPrintable(after));
}

void BalancerTest::sessionStaysOnBackupsOnceSwitched()
{
    Harness h(group(UpstreamConfig::Method::RoundRobin, {1}, {1, 1}));
    PickState state;
    PickContext context;
    context.nowMs = 1000;
    h.server(u'a')->down = true;
    UpstreamServer *first = h.group.pick(context, &state);
    QCOMPARE(nameOf(first), u'b');
    QVERIFY(state.backups);
    h.server(u'a')->down = false; // the primary is back, but this session is on backups
    h.group.release(first, true, 1000, nullptr);
    QCOMPARE(nameOf(h.group.pick(context, &state)), u'c');
}

void BalancerTest::maxConnsSkipsFullServer()
{
    UpstreamConfig config = group(UpstreamConfig::Method::RoundRobin, {1, 1});
    config.servers[0].maxConns = 1;
    Harness h(config);
    UpstreamServer *held = h.pick(); // a, kept open
    QCOMPARE(nameOf(held), u'a');
    QCOMPARE(h.sequence(3), QStringLiteral("bbb"));
    h.group.release(held, false, 1000, nullptr);
    QCOMPARE(h.sequence(2), QStringLiteral("ba")); // a paid its current_weight for the held pick

}

void BalancerTest::triedServersAreNotPickedAgain()
{
    Harness h(group(UpstreamConfig::Method::RoundRobin, {1, 1, 1}));
    PickState state;
    PickContext context;
    context.nowMs = 1000;
    QString names;
    int tries = h.group.initialTries();
    QCOMPARE(tries, 3);
    while (UpstreamServer *server = h.group.pick(context, &state)) {
        names += nameOf(server);
        h.group.release(server, true, 1000, &tries);
    }
    QCOMPARE(names, QStringLiteral("abc"));
    QCOMPARE(tries, 0);
}

void BalancerTest::leastConnPicksFewestPerWeight()
{
    Harness h(group(UpstreamConfig::Method::LeastConn, {1, 2}));
    // Held connections: b takes two for each of a's, by conns/weight.
    QString names;
    for (int i = 0; i < 6; ++i)
        names += nameOf(h.pick());
    QCOMPARE(names, QStringLiteral("bababb"));
    QCOMPARE(h.server(u'a')->conns, 2);
    QCOMPARE(h.server(u'b')->conns, 4);
}

void BalancerTest::leastConnTiesGoByWeightedRoundRobin()
{
    Harness h(group(UpstreamConfig::Method::LeastConn, {5, 1, 1}));
    // Short connections: always all tied at 0, so the sequence is smooth WRR's.
    QCOMPARE(h.sequence(7), QStringLiteral("aabacaa"));
}

void BalancerTest::leastConnBackup()
{
    Harness h(group(UpstreamConfig::Method::LeastConn, {1, 1}, {1}));
    h.fail(u'a', 1000);
    h.fail(u'b', 1000);
    QCOMPARE(h.sequence(2), QStringLiteral("cc"));
}

void BalancerTest::hashIsStablePerKey()
{
    UpstreamConfig config = group(UpstreamConfig::Method::Hash, {1, 1, 1});
    config.hashKey = QStringLiteral("$remote_addr");
    Harness h(config);
    QMap<QString, QChar> first;
    QSet<QChar> used;
    for (int i = 1; i <= 60; ++i) {
        const QString client = QStringLiteral("127.0.0.%1").arg(i);
        UpstreamServer *server = h.pick(1000, client);
        h.group.release(server, false, 1000, nullptr);
        first.insert(client, nameOf(server));
        used.insert(nameOf(server));
    }
    QCOMPARE(used.size(), 3); // the key spreads
    for (auto it = first.begin(); it != first.end(); ++it) {
        UpstreamServer *again = h.pick(2000, it.key());
        QCOMPARE(nameOf(again), it.value()); // and sticks
        h.group.release(again, false, 2000, nullptr);
    }
}

void BalancerTest::hashRehashesPastDownServer()
{
    UpstreamConfig config = group(UpstreamConfig::Method::Hash, {1, 1, 1});
    config.hashKey = QStringLiteral("$remote_addr");
    Harness h(config);
    QMap<QString, QChar> before;
    for (int i = 1; i <= 40; ++i) {
        const QString client = QStringLiteral("127.0.0.%1").arg(i);
        UpstreamServer *server = h.pick(1000, client);
        h.group.release(server, false, 1000, nullptr);
        before.insert(client, nameOf(server));
    }
    h.server(u'b')->down = true;
    for (auto it = before.begin(); it != before.end(); ++it) {
        UpstreamServer *server = h.pick(1000, it.key());
        h.group.release(server, false, 1000, nullptr);
        if (it.value() != u'b')
            QCOMPARE(nameOf(server), it.value()); // keys elsewhere stay
        else
            QVERIFY(nameOf(server) != u'b');
    }
}

void BalancerTest::hashFallsBackToRoundRobinWhenAllDown()
{
    UpstreamConfig config = group(UpstreamConfig::Method::Hash, {1, 1});
    config.hashKey = QStringLiteral("$remote_addr");
    config.servers[0].down = true;
    config.servers[1].down = true;
    Harness h(config);
    QCOMPARE(nameOf(h.pick()), u'-'); // 20 misses, then round robin finds none either
}

void BalancerTest::consistentHashMovesOnlyTheRemovedServersKeys()
{
    UpstreamConfig config = group(UpstreamConfig::Method::Hash, {1, 2, 1, 3});
    config.hashKey = QStringLiteral("$remote_addr");
    config.consistent = true;
    Harness all(config);
    UpstreamConfig without = config;
    without.servers.removeAt(2); // c
    Harness fewer(without);
    int moved = 0;
    for (int i = 1; i <= 200; ++i) {
        const QString client = QStringLiteral("127.0.%1.%2").arg(i / 250).arg(i % 250 + 1);
        const QString a = all.pick(1000, client)->config.address;
        const QString b = fewer.pick(1000, client)->config.address;
        if (a != config.servers[2].address)
            QCOMPARE(b, a); // only c's keys move
        else
            ++moved;
    }
    QVERIFY(moved > 0);
}

void BalancerTest::consistentHashWeightsShareTheRing()
{
    UpstreamConfig config = group(UpstreamConfig::Method::Hash, {1, 3});
    config.hashKey = QStringLiteral("$remote_addr$remote_port");
    config.consistent = true;
    Harness h(config);
    QMap<QChar, int> counts;
    for (int i = 0; i < 2000; ++i) {
        PickState state;
        const Net::Endpoint address{QHostAddress(QStringLiteral("127.0.0.1")), quint16(20000 + i)};
        PickContext context;
        context.client = &address;
        context.nowMs = 1000;
        UpstreamServer *server = h.group.pick(context, &state);
        counts[nameOf(server)]++;
        h.group.release(server, false, 1000, nullptr);
    }
    // 160 vs 480 points: b gets about three quarters.
    QVERIFY2(counts[u'b'] > 1300 && counts[u'b'] < 1700, qPrintable(QString::number(counts[u'b'])));
}

void BalancerTest::randomFollowsWeights()
{
    Harness h(group(UpstreamConfig::Method::Random, {1, 4}));
    QMap<QChar, int> counts;
    const QString names = h.sequence(5000);
    for (QChar c : names)
        counts[c]++;
    QVERIFY2(counts[u'b'] > 3700 && counts[u'b'] < 4300, qPrintable(QString::number(counts[u'b'])));
}

void BalancerTest::randomTwoPrefersFewerConnections()
{
    UpstreamConfig config = group(UpstreamConfig::Method::Random, {1, 1});
    config.randomTwo = true;
    Harness h(config);
    for (int i = 0; i < 5; ++i)
        h.server(u'a')->conns++; // a is busy
    QCOMPARE(h.sequence(20), QString(20, u'b')); // two distinct draws: always a and b; b wins
}

void BalancerTest::leastTimePrefersFasterServer()
{
    Harness h(group(UpstreamConfig::Method::LeastTime, {1, 1}));
    h.group.connected(h.server(u'a'), 50);
    h.group.connected(h.server(u'b'), 5);
    QCOMPARE(h.sequence(4), QStringLiteral("bbbb"));
    QCOMPARE(h.server(u'b')->timeAverageMs, 5.0);
    // The moving average: 0.05 * 200 + 0.95 * 5 = 14.75, now slower than... still below 50.
    h.group.connected(h.server(u'b'), 200);
    QCOMPARE(h.server(u'b')->timeAverageMs, 14.75);
    QCOMPARE(h.sequence(1), QStringLiteral("b"));
}

void BalancerTest::leastTimeCountsConnections()
{
    Harness h(group(UpstreamConfig::Method::LeastTime, {1, 1}));
    h.group.connected(h.server(u'a'), 10);
    h.group.connected(h.server(u'b'), 25);
    // estimate = avg * (1 + conns): a at 10, 20, 30 (held), b at 25 -> a a b a ...
    QString names;
    for (int i = 0; i < 4; ++i)
        names += nameOf(h.pick());
    QCOMPARE(names, QStringLiteral("aaba"));
}

void BalancerTest::leastTimeInflightSeesStalledServer()
{
    UpstreamConfig config = group(UpstreamConfig::Method::LeastTime, {1, 1});
    config.leastTimeMode = UpstreamConfig::LeastTimeMode::LastByte;
    config.inflight = true;
    Harness h(config);
    h.group.measured(h.server(u'a'), UpstreamGroup::Timing::LastByte, 10);
    h.group.measured(h.server(u'b'), UpstreamGroup::Timing::LastByte, 40);
    // A session on a started at t=0 and has been running for 10 s: inflight counts that.
    PickState state;
    PickContext context;
    context.nowMs = 0;
    UpstreamServer *stalled = h.group.pick(context, &state);
    QCOMPARE(nameOf(stalled), u'a');
    QCOMPARE(nameOf(h.pick(10000)), u'b');
    // Without inflight, a would still look faster: 10 * 2 = 20 < 40.
    UpstreamConfig plain = config;
    plain.inflight = false;
    Harness p(plain);
    p.group.measured(p.server(u'a'), UpstreamGroup::Timing::LastByte, 10);
    p.group.measured(p.server(u'b'), UpstreamGroup::Timing::LastByte, 40);
    PickState other;
    QCOMPARE(nameOf(p.group.pick(context, &other)), u'a');
    QCOMPARE(nameOf(p.pick(10000)), u'a');
}

QTEST_GUILESS_MAIN(BalancerTest)
#include "tst_balancer.moc"
