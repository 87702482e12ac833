// A "listen ... proxy_protocol" listener in Portier alone: a header split over segments is
// read (where nginx 1.22 would call it broken), realip names the client for the balancer's
// hash and the counters, and a refused carried address is counted as nginx counts it.
#include "logcapture.h"
#include "opensslprocess.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"

#include <engine.h>

#include <QDeadlineTimer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

namespace {

Config proxyProtocolConfig(quint16 port, const QStringList &servers)
{
    Config config = proxyConfig(port, servers, 1); // one worker: a second client's round trip orders the first's events
    ListenerConfig &listener = config.listeners.first();
    listener.proxyProtocol.accept = true;
    listener.proxyProtocol.trustedSources = QStringList{QStringLiteral("127.0.0.1")};
    return config;
}

} // namespace

class ProxyProtocolAcceptTest : public QObject
{
    Q_OBJECT

private slots:
    void headerSplitOverSegmentsIsRead();
    void carriedAddressChoosesTheHashedServer();
    void refusedCarriedAddressIsCounted();
    void headerComesBeforeTls();
};

void ProxyProtocolAcceptTest::headerSplitOverSegmentsIsRead()
{
    TestBackend echo(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Config config = proxyProtocolConfig(port, {echo.address()});
    config.listeners.first().proxyProtocol.send = true;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    TestClient split;
    QVERIFY(split.connectTo(port, QStringLiteral("127.0.0.1")));
    QVERIFY(split.sendAll("PROXY TCP4 203.0.113.7 198.51.1"));
    // Another client's whole exchange through the same (single) worker: by its end the
    // worker has long seen the first client's partial header.
    TestClient other;
    QVERIFY(other.connectTo(port, QStringLiteral("127.0.0.1")));
    QVERIFY(other.sendAll("PROXY TCP4 192.0.2.1 198.51.100.1 1 2\r\nx\n"));
    QVERIFY(other.readLine().startsWith("PROXY TCP4 192.0.2.1 127.0.0.1 1 "));
    QCOMPARE(other.readLine(), QByteArray("x\n"));
    QCOMPARE(log.count(QStringLiteral("broken header")), 0);

    QVERIFY(split.sendAll("00.1 5555 80\r\nafter\n"));
    QCOMPARE(split.readLine(), QByteArray("PROXY TCP4 203.0.113.7 127.0.0.1 5555 ") + QByteArray::number(port) + "\r\n");
    QCOMPARE(split.readLine(), QByteArray("after\n"));
}

// hash $remote_addr hashes the carried address: the same header, from any source port, lands
// on the same server; nginx's hash of that address picks it (as tst_sidebyside proves for
// real clients), so here the pick must not follow the proxy's own address.
void ProxyProtocolAcceptTest::carriedAddressChoosesTheHashedServer()
{
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    TestBackend c(TestBackend::Mode::Name, QStringLiteral("c"));
    const quint16 port = findFreePort();
    Config config = proxyProtocolConfig(port, {a.address(), b.address(), c.address()});
    config.upstreams.first().method = UpstreamConfig::Method::Hash;
    config.upstreams.first().hashKey = QStringLiteral("$remote_addr");
    Engine engine;
    LogCapture log(engine.errorLog()); // and quiet
    QVERIFY(engine.apply(config).ok());

    QSet<QByteArray> servers;
    for (int i = 1; i <= 12; ++i) {
        QByteArray first;
        for (int round = 0; round < 2; ++round) {
            TestClient client;
            QVERIFY(client.connectTo(port, QStringLiteral("127.0.0.1")));
            QVERIFY(client.sendAll("PROXY TCP4 198.51.100." + QByteArray::number(i) + " 127.0.0.1 " + QByteArray::number(1000 + round) + " 80\r\n"));
            const QByteArray name = client.readLine().trimmed();
            QVERIFY(!name.isEmpty());
            if (round == 0)
                first = name;
            else
                QCOMPARE(name, first); // the carried address decides, not the connection
        }
        servers.insert(first);
    }
    // One connecting address but twelve carried ones: hashing the peer would use one server.
    QVERIFY2(servers.size() > 1, "every carried address went to one server: the peer's address was hashed");
}

void ProxyProtocolAcceptTest::refusedCarriedAddressIsCounted()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("a"));
    const quint16 port = findFreePort();
    Config config = proxyProtocolConfig(port, {backend.address()});
    AccessRuleConfig deny;
    deny.action = AccessRuleConfig::Action::Deny;
    deny.address = QStringLiteral("203.0.113.0/24");
    config.listeners.first().access << deny;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    for (const QByteArray &source : {QByteArray("203.0.113.9"), QByteArray("198.51.100.9"), QByteArray("203.0.113.10")}) {
        TestClient client;
        QVERIFY(client.connectTo(port, QStringLiteral("127.0.0.1")));
        QVERIFY(client.sendAll("PROXY TCP4 " + source + " 127.0.0.1 1 2\r\n"));
        const bool allowed = source.startsWith("198.");
        QCOMPARE(client.readLine().trimmed(), allowed ? QByteArray("a") : QByteArray());
    }
    QCOMPARE(backend.accepted(), 1);
    QTRY_COMPARE(engine.snapshot().listeners.value(0).denied, quint64(2));
    QCOMPARE(engine.snapshot().listeners.value(0).acceptedConnections, quint64(3)); // each once, as nginx counts
    QCOMPARE(log.count(QStringLiteral("access forbidden by rule while initializing session, client: 203.0.113.9, ")), 1);
    QCOMPARE(log.count(QStringLiteral("client 127.0.0.1:")), 3); // "connected" once per connection, with the peer
}

// The order nginx reads a connection in: the PROXY header in plain text, then the TLS
// handshake on what follows it (a load balancer in front sends both so).
void ProxyProtocolAcceptTest::headerComesBeforeTls()
{
    QTemporaryDir dir;
    const QString certificate = dir.filePath(QStringLiteral("site.pem"));
    const QString key = dir.filePath(QStringLiteral("site.key"));
    const OpensslRun made = runOpenssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                                        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-noenc"),
                                        QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                                        QStringLiteral("-keyout"), key, QStringLiteral("-out"), certificate});
    QVERIFY2(made.exitCode == 0, qPrintable(made.output));

    TestBackend echo(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Config config = proxyProtocolConfig(port, {echo.address()});
    CertificateConfig site;
    site.name = QStringLiteral("site");
    site.certificateFile = certificate;
    site.keyFile = key;
    config.certificates << site;
    ListenerConfig &listener = config.listeners.first();
    listener.ssl.enabled = true;
    listener.ssl.certificate = QStringLiteral("site");
    listener.proxyProtocol.send = true;
    Engine engine;
    LogCapture log(engine.errorLog());
    const Engine::ApplyResult applied = engine.apply(config);
    QVERIFY2(applied.ok(), qPrintable(applied.issues.value(0).toString()));

    QSslSocket client;
    client.setPeerVerifyMode(QSslSocket::VerifyNone);
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));
    client.write("PROXY TCP4 203.0.113.7 127.0.0.1 4444 443\r\n"); // plain, before the handshake
    client.startClientEncryption();
    QVERIFY2(client.waitForEncrypted(10000), qPrintable(client.errorString() + u'\n' + log.lines().join(u'\n')));
    client.write("inside tls\n");
    // The upstream (plain) got Portier's own header naming the carried client, then the data.
    QByteArray received;
    QDeadlineTimer deadline(10000);
    while (!received.contains("inside tls\n") && !deadline.hasExpired() && client.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
        received += client.readAll();
    received += client.readAll();
    QCOMPARE(received, "PROXY TCP4 203.0.113.7 127.0.0.1 4444 " + QByteArray::number(port) + "\r\ninside tls\n");
}

QTEST_GUILESS_MAIN(ProxyProtocolAcceptTest)
#include "tst_proxyprotocolaccept.moc"
