// StatsJson: a snapshot with every field set to a value of its own goes to JSON and back
// unchanged, through the bytes GET /portier/v1/stats sends; documents it cannot read are
// refused with the field named.
#include "statsjson.h"

#include <QJsonDocument>
#include <QtTest>

namespace {

ListenerStats listener(int seed)
{
    ListenerStats l;
    l.index = seed;
    l.listen = QStringLiteral("127.0.0.1:%1").arg(30000 + seed);
    l.protocol = seed % 2 ? QStringLiteral("udp") : QStringLiteral("tcp");
    l.enabled = seed % 3 != 0;
    l.listening = seed % 2 == 0;
    l.error = seed % 2 ? QStringLiteral("bind() to 127.0.0.1:%1 failed (98: Address already in use)").arg(seed) : QString();
    quint64 *counters[] = {&l.activeConnections, &l.acceptedConnections, &l.bytesFromClients, &l.bytesToClients, &l.connectFailures,
                           &l.noLiveUpstreams, &l.denied, &l.refusedFull, &l.limited, &l.datagramsFromClients, &l.datagramsToClients,
                           &l.datagramsDropped, &l.tlsHandshakes, &l.tlsSessionsReused, &l.tlsHandshakeFailures};
    quint64 value = quint64(seed) * 1000;
    for (quint64 *c : counters)
        *c = ++value;
    l.bytesFromClients = (quint64(1) << 53) + 7 + quint64(seed); // beyond a double's exact integers
    return l;
}

ServerStats server(int seed, ServerStats::State state)
{
    ServerStats s;
    s.upstream = QStringLiteral("group %1").arg(seed);
    s.index = seed;
    s.address = QStringLiteral("10.0.0.%1:80").arg(seed);
    s.state = state;
    s.backup = seed % 2;
    s.backupInUse = seed % 3 == 0;
    s.weight = 3 + seed;
    s.configWeight = 2;
    s.steered = true;
    s.activeConnections = 11 + seed;
    s.selectedTotal = 12 + seed;
    s.connectFailures = 13 + seed;
    s.bytesSent = (quint64(1) << 60) + quint64(seed);
    s.bytesReceived = 15 + seed;
    s.fails = 16 + seed;
    s.failing = true;
    s.unavailable = 17 + seed;
    s.failedForMs = 18000 + seed;
    s.lastCheck = QStringLiteral("connection refused");
    s.lastError = QStringLiteral("connect() failed (111: Connection refused)");
    s.lastErrorTime = QDateTime(QDate(2026, 12, 5), QTime(8, 1, 2, 345), Qt::UTC);
    s.connectTimeAverageMs = 1.25 + seed;
    s.lastConnectTimeMs = 19 + seed;
    s.lastSelected = QDateTime(QDate(2026, 12, 5), QTime(8, 3, 4, 567), Qt::UTC);
    s.stateSince = QDateTime(QDate(2026, 12, 4), QTime(23, 59, 59, 1), Qt::UTC);
    s.downtimeMs = 20000 + seed;
    s.healthChecks = 21 + seed;
    s.healthCheckFails = 22 + seed;
    s.healthUnhealthy = 23 + seed;
    s.lastCheckPassed = seed % 2;
    for (qint64 ms : {1, 7, 30, 30, 20000})
        s.connectTimes.add(ms + seed);
    return s;
}

void compareListener(const ListenerStats &a, const ListenerStats &b)
{
    QCOMPARE(a.index, b.index);
    QCOMPARE(a.listen, b.listen);
    QCOMPARE(a.protocol, b.protocol);
    QCOMPARE(a.enabled, b.enabled);
    QCOMPARE(a.listening, b.listening);
    QCOMPARE(a.error, b.error);
    QCOMPARE(a.activeConnections, b.activeConnections);
    QCOMPARE(a.acceptedConnections, b.acceptedConnections);
    QCOMPARE(a.bytesFromClients, b.bytesFromClients);
    QCOMPARE(a.bytesToClients, b.bytesToClients);
    QCOMPARE(a.connectFailures, b.connectFailures);
    QCOMPARE(a.noLiveUpstreams, b.noLiveUpstreams);
    QCOMPARE(a.denied, b.denied);
    QCOMPARE(a.refusedFull, b.refusedFull);
    QCOMPARE(a.limited, b.limited);
    QCOMPARE(a.datagramsFromClients, b.datagramsFromClients);
    QCOMPARE(a.datagramsToClients, b.datagramsToClients);
    QCOMPARE(a.datagramsDropped, b.datagramsDropped);
    QCOMPARE(a.tlsHandshakes, b.tlsHandshakes);
    QCOMPARE(a.tlsSessionsReused, b.tlsSessionsReused);
    QCOMPARE(a.tlsHandshakeFailures, b.tlsHandshakeFailures);
}

void compareServer(const ServerStats &a, const ServerStats &b)
{
    QCOMPARE(a.upstream, b.upstream);
    QCOMPARE(a.index, b.index);
    QCOMPARE(a.address, b.address);
    QCOMPARE(a.state, b.state);
    QCOMPARE(a.backup, b.backup);
    QCOMPARE(a.backupInUse, b.backupInUse);
    QCOMPARE(a.weight, b.weight);
    QCOMPARE(a.configWeight, b.configWeight);
    QCOMPARE(a.steered, b.steered);
    QCOMPARE(a.activeConnections, b.activeConnections);
    QCOMPARE(a.selectedTotal, b.selectedTotal);
    QCOMPARE(a.connectFailures, b.connectFailures);
    QCOMPARE(a.bytesSent, b.bytesSent);
    QCOMPARE(a.bytesReceived, b.bytesReceived);
    QCOMPARE(a.fails, b.fails);
    QCOMPARE(a.failing, b.failing);
    QCOMPARE(a.unavailable, b.unavailable);
    QCOMPARE(a.failedForMs, b.failedForMs);
    QCOMPARE(a.lastCheck, b.lastCheck);
    QCOMPARE(a.lastError, b.lastError);
    QCOMPARE(a.lastErrorTime, b.lastErrorTime);
    QCOMPARE(a.connectTimeAverageMs, b.connectTimeAverageMs);
    QCOMPARE(a.lastConnectTimeMs, b.lastConnectTimeMs);
    QCOMPARE(a.lastSelected, b.lastSelected);
    QCOMPARE(a.stateSince, b.stateSince);
    QCOMPARE(a.downtimeMs, b.downtimeMs);
    QCOMPARE(a.healthChecks, b.healthChecks);
    QCOMPARE(a.healthCheckFails, b.healthCheckFails);
    QCOMPARE(a.healthUnhealthy, b.healthUnhealthy);
    QCOMPARE(a.lastCheckPassed, b.lastCheckPassed);
    QVERIFY(a.connectTimes.counts == b.connectTimes.counts);
    QCOMPARE(a.connectTimes.count, b.connectTimes.count);
    QCOMPARE(a.connectTimes.sumMs, b.connectTimes.sumMs);
}

} // namespace

class StatsJsonTest : public QObject
{
    Q_OBJECT

private slots:
    void roundTripsEveryField();
    void emptyAndUnsetValuesRoundTrip();
    void refusesWhatItCannotRead_data();
    void refusesWhatItCannotRead();
};

void StatsJsonTest::roundTripsEveryField()
{
    StatsSnapshot snapshot;
    snapshot.time = QDateTime(QDate(2026, 12, 5), QTime(8, 40, 0, 123), Qt::UTC);
    snapshot.monotonicMs = 987654321012;
    for (int i = 0; i < 3; ++i)
        snapshot.listeners << listener(i);
    const ServerStats::State states[] = {ServerStats::State::Up, ServerStats::State::Down, ServerStats::State::Failed,
                                         ServerStats::State::Unhealthy, ServerStats::State::Draining, ServerStats::State::Drained};
    for (int i = 0; i < int(std::size(states)); ++i)
        snapshot.servers << server(i, states[i]);
    snapshot.limitZones << LimitZoneStats{QStringLiteral("perclient"), 5, 6, 7} << LimitZoneStats{QStringLiteral("other"), 8, 0, 9};

    // Through the bytes a client receives, as the API sends them.
    const QByteArray bytes = QJsonDocument(StatsJson::toJson(snapshot)).toJson(QJsonDocument::Compact);
    QString error;
    const std::optional<StatsSnapshot> back = StatsJson::fromJson(QJsonDocument::fromJson(bytes).object(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->time, snapshot.time);
    QCOMPARE(back->monotonicMs, snapshot.monotonicMs);
    QCOMPARE(back->listeners.size(), snapshot.listeners.size());
    for (int i = 0; i < snapshot.listeners.size(); ++i)
        compareListener(back->listeners.at(i), snapshot.listeners.at(i));
    QCOMPARE(back->servers.size(), snapshot.servers.size());
    for (int i = 0; i < snapshot.servers.size(); ++i)
        compareServer(back->servers.at(i), snapshot.servers.at(i));
    QCOMPARE(back->limitZones.size(), 2);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(back->limitZones.at(i).name, snapshot.limitZones.at(i).name);
        QCOMPARE(back->limitZones.at(i).passed, snapshot.limitZones.at(i).passed);
        QCOMPARE(back->limitZones.at(i).rejected, snapshot.limitZones.at(i).rejected);
        QCOMPARE(back->limitZones.at(i).rejectedDryRun, snapshot.limitZones.at(i).rejectedDryRun);
    }
}

void StatsJsonTest::emptyAndUnsetValuesRoundTrip()
{
    StatsSnapshot snapshot;
    snapshot.servers << ServerStats(); // never chosen, no connect time, no error: invalid times, -1
    QString error;
    const std::optional<StatsSnapshot> back = StatsJson::fromJson(StatsJson::toJson(snapshot), &error);
    QVERIFY2(back, qPrintable(error));
    QVERIFY(!back->time.isValid());
    QVERIFY(back->listeners.isEmpty());
    compareServer(back->servers.at(0), snapshot.servers.at(0));
}

void StatsJsonTest::refusesWhatItCannotRead_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("error");
    QTest::newRow("newer version") << QByteArray(R"({"version": 2, "listeners": [], "servers": []})")
                                   << QStringLiteral("version: 2 is not a stats document this Portier reads");
    QTest::newRow("no version") << QByteArray(R"({"listeners": [], "servers": []})") << QStringLiteral("version:");
    QTest::newRow("no servers") << QByteArray(R"({"version": 1, "listeners": []})") << QStringLiteral("listeners, servers:");
    QTest::newRow("unknown state") << QByteArray(R"({"version": 1, "listeners": [], "servers": [{}, {"state": "sleeping"}]})")
                                   << QStringLiteral("servers[0].state: \"\" is not a server state");
}

void StatsJsonTest::refusesWhatItCannotRead()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!StatsJson::fromJson(QJsonDocument::fromJson(document).object(), &why));
    QVERIFY2(why.startsWith(error), qPrintable(why));
}

QTEST_GUILESS_MAIN(StatsJsonTest)
#include "tst_statsjson.moc"
