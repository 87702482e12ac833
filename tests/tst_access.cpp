// Access rules in the engine, with real sockets: clients bound to 127.0.0.x sources get in
// or are closed as the rules say, a refused one never reaches a server (TCP) and starts no
// session (UDP), the stats count it and the log says it as nginx does.
#include "logcapture.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"
#include "testudpbackend.h"

#include <engine.h>

#include <QNetworkDatagram>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <QUdpSocket>

namespace {

QList<AccessRuleConfig> rules(const QStringList &lines)
{
    QList<AccessRuleConfig> list;
    for (const QString &line : lines) {
        const QStringList words = line.split(u' ');
        list << AccessRuleConfig{words.at(0) == u"deny" ? AccessRuleConfig::Action::Deny : AccessRuleConfig::Action::Allow, words.at(1)};
    }
    return list;
}

// allow 127.0.0.1; deny 127.0.0.2; allow 127.0.0.0/30; deny all: .1 and .3 in, .2 and .4 out.
const QStringList mixedRules{QStringLiteral("allow 127.0.0.1"), QStringLiteral("deny 127.0.0.2"), QStringLiteral("allow 127.0.0.0/30"),
                             QStringLiteral("deny all")};

quint16 freeUdpPort()
{
    QUdpSocket probe;
    probe.bind(QHostAddress::LocalHost, 0);
    return probe.localPort();
}

QByteArray exchange(QUdpSocket &socket, quint16 port, const QByteArray &data)
{
    socket.writeDatagram(data, QHostAddress::LocalHost, port);
    if (!socket.hasPendingDatagrams() && !socket.waitForReadyRead(3000))
        return {};
    return socket.receiveDatagram().data();
}

// nginx's line, time and pid aside: "[error] P#T: *N access forbidden by rule while initializing session, ..."
QRegularExpression denialLine(const QString &context)
{
    return QRegularExpression(QStringLiteral("^\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\[error\\] \\d+#\\d+: \\*\\d+ "
                                             "access forbidden by rule while initializing session, ")
                              + QRegularExpression::escape(context) + u'$');
}

int countMatching(const LogCapture &log, const QRegularExpression &re)
{
    const QStringList lines = log.lines();
    return int(std::count_if(lines.begin(), lines.end(), [&](const QString &line) { return re.match(line.trimmed()).hasMatch(); }));
}

} // namespace

class AccessTest : public QObject
{
    Q_OBJECT

private slots:
    void tcpSourcesAsTheRulesSay();
    void tcpIpv6();
    void udpSourcesAsTheRulesSay();
    void udpReapplyJudgesTheNextDatagram();
    void noRulesLetEveryoneIn();
};

void AccessTest::tcpSourcesAsTheRulesSay()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("backend"));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {backend.address()});
    config.listeners[0].access = rules(mixedRules);
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    const QList<std::pair<QString, bool>> sources{{QStringLiteral("127.0.0.1"), true}, {QStringLiteral("127.0.0.2"), false},
                                                  {QStringLiteral("127.0.0.3"), true}, {QStringLiteral("127.0.0.4"), false},
                                                  {QStringLiteral("127.0.0.2"), false}};
    for (const auto &[source, allowed] : sources) {
        TestClient client;
        QVERIFY2(client.connectTo(port, source), qPrintable(source));
        if (allowed) {
            QCOMPARE(client.readLine().trimmed(), QByteArray("backend"));
        } else {
            bool closed = false;
            QCOMPARE(client.readUntilClosed(5000, &closed), QByteArray()); // not a byte from any server
            QVERIFY2(closed, qPrintable(source));
        }
    }
    QCOMPARE(backend.accepted(), 2); // the refused never reached it
    const ListenerStats stats = engine.snapshot().listeners.value(0);
    QCOMPARE(stats.denied, quint64(3));
    QCOMPARE(stats.acceptedConnections, quint64(5)); // as nginx counts: accepted, then refused
    const QString server = QStringLiteral("server: 127.0.0.1:%1").arg(port);
    QTRY_COMPARE(countMatching(log, denialLine(QStringLiteral("client: 127.0.0.2, ") + server)), 2);
    QCOMPARE(countMatching(log, denialLine(QStringLiteral("client: 127.0.0.4, ") + server)), 1);
    QCOMPARE(log.count(QStringLiteral("access forbidden")), 3);
    // Before it, the info line nginx writes for every accepted client.
    QCOMPARE(log.matching(QStringLiteral("[info]")).filter(QStringLiteral("client 127.0.0.4:")).size(), 1);
}

void AccessTest::tcpIpv6()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("backend"));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {backend.address()}, 2, ListenerConfig::Protocol::Tcp, QStringLiteral("[::1]"));
    config.listeners[0].access = rules({QStringLiteral("allow 127.0.0.1"), QStringLiteral("deny ::1/128"), QStringLiteral("allow all")});
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());
    QTcpSocket denied;
    denied.connectToHost(QHostAddress::LocalHostIPv6, port);
    QVERIFY(denied.waitForConnected(5000));
    QVERIFY(denied.state() == QAbstractSocket::UnconnectedState || denied.waitForDisconnected(5000));
    QCOMPARE(denied.readAll(), QByteArray());
    QTRY_COMPARE(countMatching(log, denialLine(QStringLiteral("client: ::1, server: [::1]:%1").arg(port))), 1);

    // The same listener without the IPv6 rule: ::1 meets "allow all".
    config.listeners[0].access = rules({QStringLiteral("allow 127.0.0.1"), QStringLiteral("allow all")});
    QVERIFY(engine.apply(config).ok());
    QTcpSocket allowed;
    allowed.connectToHost(QHostAddress::LocalHostIPv6, port);
    QVERIFY(allowed.waitForConnected(5000));
    QTRY_VERIFY(allowed.canReadLine() || (allowed.waitForReadyRead(100) && allowed.canReadLine()));
    QCOMPARE(allowed.readLine().trimmed(), QByteArray("backend"));
    QCOMPARE(backend.accepted(), 1);
    QCOMPARE(engine.snapshot().listeners.value(0).denied, quint64(1));
}

void AccessTest::udpSourcesAsTheRulesSay()
{
    TestUdpBackend backend(TestUdpBackend::Mode::Echo);
    const quint16 port = freeUdpPort();
    Config config = proxyConfig(port, {backend.address()}, 2, ListenerConfig::Protocol::Udp);
    config.listeners[0].access = rules(mixedRules);
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    // Refused first: each of its datagrams is judged on its own, as nginx makes a session per datagram.
    QUdpSocket refused;
    QVERIFY(refused.bind(QHostAddress(QStringLiteral("127.0.0.2")), 0));
    refused.writeDatagram("no 1", QHostAddress::LocalHost, port);
    refused.writeDatagram("no 2", QHostAddress::LocalHost, port);
    QUdpSocket other;
    QVERIFY(other.bind(QHostAddress(QStringLiteral("127.0.0.4")), 0));
    other.writeDatagram("no 3", QHostAddress::LocalHost, port);
    QTRY_COMPARE(engine.snapshot().listeners.value(0).denied, quint64(3));

    QUdpSocket allowed;
    QVERIFY(allowed.bind(QHostAddress(QStringLiteral("127.0.0.3")), 0));
    QCOMPARE(exchange(allowed, port, "yes 1"), QByteArray("yes 1"));
    QCOMPARE(exchange(allowed, port, "yes 2"), QByteArray("yes 2"));

    QCOMPARE(backend.received(), 2); // only the allowed client's
    const ListenerStats stats = engine.snapshot().listeners.value(0);
    QCOMPARE(stats.activeConnections, quint64(1)); // one session: the refused made none
    QCOMPARE(stats.denied, quint64(3));
    QVERIFY(!refused.hasPendingDatagrams() && !other.hasPendingDatagrams());
    const QString server = QStringLiteral("server: 127.0.0.1:%1").arg(port);
    QTRY_COMPARE(countMatching(log, denialLine(QStringLiteral("udp client: 127.0.0.2, ") + server)), 2);
    QCOMPARE(countMatching(log, denialLine(QStringLiteral("udp client: 127.0.0.4, ") + server)), 1);
}

void AccessTest::udpReapplyJudgesTheNextDatagram()
{
    TestUdpBackend backend(TestUdpBackend::Mode::Echo);
    const quint16 port = freeUdpPort();
    Config config = proxyConfig(port, {backend.address()}, 2, ListenerConfig::Protocol::Udp);
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());
    QUdpSocket client;
    QVERIFY(client.bind(QHostAddress::LocalHost, 0));
    QCOMPARE(exchange(client, port, "before"), QByteArray("before"));

    // The client's session is live; new rules refuse it, so its next datagram goes nowhere.
    config.listeners[0].access = rules({QStringLiteral("deny 127.0.0.1")});
    QVERIFY(engine.apply(config).ok());
    client.writeDatagram("after", QHostAddress::LocalHost, port);
    QTRY_COMPARE(engine.snapshot().listeners.value(0).denied, quint64(1));
    QCOMPARE(backend.received(), 1);
    QTRY_COMPARE(log.count(QStringLiteral("access forbidden by rule")), 1);
}

void AccessTest::noRulesLetEveryoneIn()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("backend"));
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(proxyConfig(port, {backend.address()})).ok());
    for (const QString &source : {QStringLiteral("127.0.0.2"), QStringLiteral("127.0.0.200")}) {
        TestClient client;
        QVERIFY(client.connectTo(port, source));
        QCOMPARE(client.readLine().trimmed(), QByteArray("backend"));
    }
    QCOMPARE(engine.snapshot().listeners.value(0).denied, quint64(0));
    QCOMPARE(log.count(QStringLiteral("access forbidden")), 0);
}

QTEST_GUILESS_MAIN(AccessTest)
#include "tst_access.moc"
