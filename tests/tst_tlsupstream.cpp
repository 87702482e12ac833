// TLS toward the upstream servers (proxy_ssl) and SNI routing (sni_routes), in process: a
// real Engine, real `openssl s_server` upstreams and real `openssl s_client` clients, with
// certificates made by `openssl req` into a temporary folder.
#include "issuetext.h"
#include "logcapture.h"
#include "opensslprocess.h"
#include "testbackend.h"
#include "testclient.h"

#include <engine.h>
#include <tls/clienthello.h>

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

constexpr int processTimeoutMs = opensslTimeoutMs;

struct Pair
{
    QString certificate;
    QString key;
};

Pair makeCertificate(const QString &dir, const QString &commonName, const QString &altNames)
{
    Pair pair{dir + u'/' + commonName + QStringLiteral(".crt"), dir + u'/' + commonName + QStringLiteral(".key")};
    const OpensslRun run = runOpenssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                             QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-noenc"), QStringLiteral("-days"), QStringLiteral("30"),
                             QStringLiteral("-subj"), QStringLiteral("/CN=") + commonName, QStringLiteral("-addext"),
                             QStringLiteral("subjectAltName=") + altNames, QStringLiteral("-keyout"), pair.key, QStringLiteral("-out"),
                             pair.certificate});
    if (run.exitCode != 0)
        qWarning("openssl req failed: %s", qPrintable(run.output));
    return pair;
}

// A real TLS server: `openssl s_server -rev` answers each line reversed.
class SServer
{
public:
    ~SServer()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    // Starts on a free port and returns it (0 on failure). findFreePort() only says what was
    // free a moment ago: when a concurrent test takes the port first, try another.
    quint16 startOnFreePort(const Pair &pair)
    {
        for (int attempt = 0; attempt < 5; ++attempt) {
            const quint16 port = findFreePort();
            if (start(port, pair))
                return port;
            m_process.kill();
            m_process.waitForFinished(5000);
            m_failures << QStringLiteral("port %1: %2").arg(port).arg(m_output.trimmed());
            m_output.clear();
        }
        return 0;
    }
    // Why startOnFreePort() gave up: what s_server said on each attempt.
    QString failures() const { return m_failures.join(u'\n'); }

    bool start(quint16 port, const Pair &pair)
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        // On 127.0.0.1, where findFreePort() looked: "-accept PORT" alone binds the wildcard
        // address, and a port free on 127.0.0.1 could be taken there (seen as bind() failing
        // with "Address already in use" now and then).
        m_process.start(QStringLiteral("openssl"), {QStringLiteral("s_server"), QStringLiteral("-accept"), QStringLiteral("127.0.0.1:%1").arg(port),
                                                    QStringLiteral("-cert"), pair.certificate, QStringLiteral("-key"), pair.key,
                                                    QStringLiteral("-rev")});
        if (!m_process.waitForStarted(processTimeoutMs))
            return false;
        QDeadlineTimer deadline(processTimeoutMs);
        while (!m_output.contains(QStringLiteral("ACCEPT")) && !deadline.hasExpired() && m_process.state() == QProcess::Running) {
            m_process.waitForReadyRead(200);
            m_output += QString::fromUtf8(m_process.readAll());
        }
        return m_output.contains(QStringLiteral("ACCEPT"));
    }

private:
    QProcess m_process;
    QString m_output;
    QStringList m_failures;
};

QString loopback(quint16 port)
{
    return QStringLiteral("127.0.0.1:") + QString::number(port);
}

Config proxyConfig(quint16 listenPort)
{
    Config config;
    config.workers = 2;
    config.errorLog.level = QStringLiteral("info");
    ListenerConfig listener;
    listener.listen = loopback(listenPort);
    listener.proxyPass = QStringLiteral("default");
    listener.proxyConnectTimeoutMs = 5000;
    config.listeners << listener;
    return config;
}

void addGroup(Config *config, const QString &name, const QString &address)
{
    UpstreamConfig upstream;
    upstream.name = name;
    ServerConfig server;
    server.address = address;
    upstream.servers << server;
    config->upstreams << upstream;
}

QByteArray bigEndian(quint32 value, int bytes)
{
    QByteArray out;
    for (int i = bytes - 1; i >= 0; --i)
        out += char((value >> (8 * i)) & 0xff);
    return out;
}

// A minimal ClientHello handshake message (type, length, body), with an SNI extension when
// serverName is given, preceded by another extension so the parser has to skip one.
QByteArray clientHelloMessage(const QByteArray &serverName)
{
    QByteArray extensions;
    extensions += bigEndian(0x000a, 2) + bigEndian(4, 2) + bigEndian(2, 2) + bigEndian(0x001d, 2); // supported_groups: x25519
    if (!serverName.isEmpty()) {
        const QByteArray entry = bigEndian(0, 1) + bigEndian(quint32(serverName.size()), 2) + serverName;
        const QByteArray list = bigEndian(quint32(entry.size()), 2) + entry;
        extensions += bigEndian(0x0000, 2) + bigEndian(quint32(list.size()), 2) + list;
    }
    QByteArray body;
    body += bigEndian(0x0303, 2) + QByteArray(32, 'r');       // version, random
    body += bigEndian(32, 1) + QByteArray(32, 's');           // session id
    body += bigEndian(4, 2) + bigEndian(0x1301, 2) + bigEndian(0xc02f, 2); // cipher suites
    body += bigEndian(1, 1) + bigEndian(0, 1);                // compression: null
    body += bigEndian(quint32(extensions.size()), 2) + extensions;
    return bigEndian(1, 1) + bigEndian(quint32(body.size()), 3) + body;
}

QByteArray records(const QByteArray &message, qsizetype split)
{
    auto record = [](const QByteArray &fragment) -> QByteArray { return bigEndian(0x16, 1) + bigEndian(0x0301, 2) + bigEndian(quint32(fragment.size()), 2) + fragment; };
    if (split <= 0 || split >= message.size())
        return record(message);
    return record(message.left(split)) + record(message.mid(split));
}

} // namespace

class TlsUpstreamTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void proxySslVerifies_data();
    void proxySslVerifies();
    void proxySslReusesSessions();
    void proxySslBehindTermination();

    void clientHelloParser_data();
    void clientHelloParser();
    void sniRoutesWithoutTermination_data();
    void sniRoutesWithoutTermination();
    void sniRoutesNonTlsToDefault();
    void sniRoutesWithTermination();

private:
    QTemporaryDir m_dir;
    Pair m_backend;   // CN backend.test, the upstream's certificate
    Pair m_stranger;  // another self-signed certificate: the wrong CA
    Pair m_site;      // the listener's own certificate when it terminates
};

void TlsUpstreamTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(runOpenssl({QStringLiteral("version")}).exitCode == 0, "the openssl command is missing: scripts/test.sh installs it"); // fails, never skips
    m_backend = makeCertificate(m_dir.path(), QStringLiteral("backend.test"), QStringLiteral("DNS:backend.test"));
    m_stranger = makeCertificate(m_dir.path(), QStringLiteral("stranger.test"), QStringLiteral("DNS:backend.test"));
    m_site = makeCertificate(m_dir.path(), QStringLiteral("localhost"), QStringLiteral("DNS:localhost,DNS:a.test,DNS:b.test"));
}

void TlsUpstreamTest::proxySslVerifies_data()
{
    QTest::addColumn<bool>("verify");
    QTest::addColumn<bool>("rightCa");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("failure"); // empty: the request goes through
    QTest::newRow("right CA") << true << true << QStringLiteral("backend.test") << QString();
    QTest::newRow("wrong CA") << true << false << QStringLiteral("backend.test")
                              << QStringLiteral("upstream SSL certificate verify error: (18:self-signed certificate) while SSL handshaking to upstream");
    QTest::newRow("right CA, wrong name") << true << true << QStringLiteral("other.test")
                                          << QStringLiteral("upstream SSL certificate verify error: (62:hostname mismatch) while SSL handshaking to upstream");
    QTest::newRow("no verification") << false << false << QStringLiteral("backend.test") << QString();
    // Without proxy_ssl name, nginx's default: the host part of proxy_pass, here the group "backend.test".
    QTest::newRow("default name: the group's") << true << true << QString() << QString();
}

void TlsUpstreamTest::proxySslVerifies()
{
    QFETCH(bool, verify);
    QFETCH(bool, rightCa);
    QFETCH(QString, name);
    QFETCH(QString, failure);

    SServer server;
    const quint16 upstreamPort = server.startOnFreePort(m_backend);
    QVERIFY2(upstreamPort, qPrintable(server.failures()));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port);
    config.listeners[0].proxyPass = name.isEmpty() ? QStringLiteral("backend.test") : QStringLiteral("default");
    addGroup(&config, config.listeners[0].proxyPass, loopback(upstreamPort));
    ProxySslConfig &proxySsl = config.listeners[0].proxySsl;
    proxySsl.enabled = true;
    proxySsl.serverName = true;
    proxySsl.name = name;
    proxySsl.verify = verify;
    proxySsl.trustedCertificate = rightCa ? m_backend.certificate : m_stranger.certificate;
    Engine engine;
    LogCapture log(engine.errorLog());
    const Engine::ApplyResult applied = engine.apply(config);
    QVERIFY2(applied.ok(), qPrintable(describe(applied.issues)));

    TestClient client;
    QVERIFY(client.connectTo(port));
    QVERIFY(client.sendAll("hello upstream\n"));
    if (failure.isEmpty()) {
        QCOMPARE(client.readLine(10000), QByteArray("maertspu olleh\n"));
        QTRY_COMPARE(log.count(QStringLiteral("SSL handshake to upstream done: TLSv1.3")), 1);
        return;
    }
    QVERIFY(client.waitForClose(10000));
    QTRY_COMPARE(log.count(failure), 1);
    QVERIFY2(log.matching(failure).first().contains(QStringLiteral("[error]")), qPrintable(log.matching(failure).first()));
    QVERIFY(log.matching(failure).first().contains(QStringLiteral("upstream: \"%1\"").arg(loopback(upstreamPort))));
    QTRY_COMPARE(engine.snapshot().listeners.first().connectFailures, quint64(1)); // counted just after the log line
}

void TlsUpstreamTest::proxySslReusesSessions()
{
    SServer server;
    const quint16 upstreamPort = server.startOnFreePort(m_backend);
    QVERIFY2(upstreamPort, qPrintable(server.failures()));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port);
    config.workers = 1; // one worker, so the two connections surely share everything but the context
    addGroup(&config, QStringLiteral("default"), loopback(upstreamPort));
    config.listeners[0].proxySsl.enabled = true;
    config.listeners[0].proxySsl.serverName = true;
    config.listeners[0].proxySsl.name = QStringLiteral("backend.test");
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    for (int i = 0; i < 2; ++i) {
        TestClient client;
        QVERIFY(client.connectTo(port));
        QVERIFY(client.sendAll("abc\n"));
        QCOMPARE(client.readLine(10000), QByteArray("cba\n"));
    }
    QTRY_COMPARE(log.count(QStringLiteral("SSL handshake to upstream done")), 2);
    QCOMPARE(log.count(QStringLiteral("SSL handshake to upstream done: TLSv1.3, TLS_AES_256_GCM_SHA384, new session")), 1);
    QCOMPARE(log.count(QStringLiteral("SSL handshake to upstream done: TLSv1.3, TLS_AES_256_GCM_SHA384, session reused")), 1);

    // session_reuse off: every connection starts afresh.
    config.listeners[0].proxySsl.sessionReuse = false;
    QVERIFY(engine.apply(config).ok());
    TestClient client;
    QVERIFY(client.connectTo(port));
    QVERIFY(client.sendAll("abc\n"));
    QCOMPARE(client.readLine(10000), QByteArray("cba\n"));
    QTRY_COMPARE(log.count(QStringLiteral("new session")), 2);
}

void TlsUpstreamTest::proxySslBehindTermination()
{
    // TLS on both sides: s_client -> Portier (terminates) -> Portier (TLS again) -> s_server.
    SServer server;
    const quint16 upstreamPort = server.startOnFreePort(m_backend);
    QVERIFY2(upstreamPort, qPrintable(server.failures()));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port);
    addGroup(&config, QStringLiteral("default"), loopback(upstreamPort));
    CertificateConfig site{QStringLiteral("site"), m_site.certificate, m_site.key, QString(), false};
    config.certificates << site;
    config.listeners[0].ssl.enabled = true;
    config.listeners[0].ssl.certificate = QStringLiteral("site");
    config.listeners[0].proxySsl.enabled = true;
    config.listeners[0].proxySsl.verify = true;
    config.listeners[0].proxySsl.name = QStringLiteral("backend.test");
    config.listeners[0].proxySsl.trustedCertificate = m_backend.certificate;
    Engine engine;
    QVERIFY(engine.apply(config).ok());

    const QByteArray line = QByteArray(5000, 'a') + QByteArray(5000, 'b') + '\n';
    const OpensslStdout client = readOpensslLine({QStringLiteral("s_client"), QStringLiteral("-connect"), loopback(port), QStringLiteral("-quiet")}, line);
    QVERIFY(client.started);
    QCOMPARE(client.data, QByteArray(5000, 'b') + QByteArray(5000, 'a') + '\n');
}

void TlsUpstreamTest::clientHelloParser_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("result");
    QTest::addColumn<QString>("serverName");
    const QByteArray hello = clientHelloMessage("a.example.test");
    const int complete = int(ClientHello::Result::Complete);
    const int needMore = int(ClientHello::Result::NeedMore);
    const int notTls = int(ClientHello::Result::NotTls);
    QTest::newRow("one record") << records(hello, 0) << complete << QStringLiteral("a.example.test");
    QTest::newRow("two records") << records(hello, 20) << complete << QStringLiteral("a.example.test");
    QTest::newRow("split in the name") << records(hello, hello.size() - 5) << complete << QStringLiteral("a.example.test");
    QTest::newRow("upper case name") << records(clientHelloMessage("A.Example.TEST"), 0) << complete << QStringLiteral("a.example.test");
    QTest::newRow("no SNI") << records(clientHelloMessage(QByteArray()), 0) << complete << QString();
    QTest::newRow("truncated") << records(hello, 0).left(60) << needMore << QString();
    QTest::newRow("first record only") << records(hello, 20).left(25 + 5) << needMore << QString();
    QTest::newRow("one byte") << QByteArray(1, char(0x16)) << needMore << QString();
    QTest::newRow("HTTP") << QByteArray("GET / HTTP/1.1\r\n") << notTls << QString();
    QTest::newRow("TLS alert record") << (bigEndian(0x15, 1) + bigEndian(0x0303, 2) + bigEndian(2, 2) + bigEndian(0x0228, 2)) << notTls << QString();
}

void TlsUpstreamTest::clientHelloParser()
{
    QFETCH(QByteArray, data);
    QFETCH(int, result);
    QFETCH(QString, serverName);
    QString parsed;
    QCOMPARE(int(ClientHello::parse(data, &parsed)), result);
    QCOMPARE(parsed, serverName);
}

void TlsUpstreamTest::sniRoutesWithoutTermination_data()
{
    QTest::addColumn<QStringList>("clientArguments");
    QTest::addColumn<QString>("expected");
    QTest::newRow("a.test") << QStringList{QStringLiteral("-servername"), QStringLiteral("a.test")} << QStringLiteral("group-a");
    QTest::newRow("b.test") << QStringList{QStringLiteral("-servername"), QStringLiteral("b.test")} << QStringLiteral("group-b");
    QTest::newRow("x.b.test by *.b.test") << QStringList{QStringLiteral("-servername"), QStringLiteral("x.b.test")} << QStringLiteral("group-wild");
    QTest::newRow("upper case A.TEST") << QStringList{QStringLiteral("-servername"), QStringLiteral("A.TEST")} << QStringLiteral("group-a");
    QTest::newRow("unknown name") << QStringList{QStringLiteral("-servername"), QStringLiteral("unknown.test")} << QStringLiteral("default");
    QTest::newRow("no server name") << QStringList{QStringLiteral("-noservername")} << QStringLiteral("default");
    QTest::newRow("TLSv1.2 a.test") << QStringList{QStringLiteral("-servername"), QStringLiteral("a.test"), QStringLiteral("-tls1_2")}
                                    << QStringLiteral("group-a");
}

void TlsUpstreamTest::sniRoutesWithoutTermination()
{
    // Four TLS upstreams, each with its own certificate: the certificate a client is shown
    // says which group its connection went to. Portier never terminates here.
    QFETCH(QStringList, clientArguments);
    QFETCH(QString, expected);
    const QStringList groups{QStringLiteral("group-a"), QStringLiteral("group-b"), QStringLiteral("group-wild"), QStringLiteral("default")};
    std::vector<std::unique_ptr<SServer>> servers;
    QList<quint16> upstreamPorts;
    for (const QString &group : groups) {
        if (!QFile::exists(m_dir.filePath(group + QStringLiteral(".crt"))))
            makeCertificate(m_dir.path(), group, QStringLiteral("DNS:") + group);
        const Pair pair{m_dir.filePath(group + QStringLiteral(".crt")), m_dir.filePath(group + QStringLiteral(".key"))};
        servers.push_back(std::make_unique<SServer>());
        upstreamPorts << servers.back()->startOnFreePort(pair);
        QVERIFY2(upstreamPorts.last(), qPrintable(servers.back()->failures()));
    }
    const quint16 port = findFreePort(); // after the servers took theirs
    Config config = proxyConfig(port);
    for (qsizetype i = 0; i < groups.size(); ++i)
        addGroup(&config, groups.at(i), loopback(upstreamPorts.at(i)));
    config.listeners[0].sniRoutes.insert(QStringLiteral("a.test"), QStringLiteral("group-a"));
    config.listeners[0].sniRoutes.insert(QStringLiteral("b.test"), QStringLiteral("group-b"));
    config.listeners[0].sniRoutes.insert(QStringLiteral("*.b.test"), QStringLiteral("group-wild"));
    Engine engine;
    LogCapture log(engine.errorLog());
    const Engine::ApplyResult applied = engine.apply(config);
    QVERIFY2(applied.ok(), qPrintable(describe(applied.issues)));

    const OpensslRun run = runOpenssl(QStringList{QStringLiteral("s_client"), QStringLiteral("-connect"), loopback(port)} + clientArguments, "hello\n");
    QVERIFY2(run.output.contains(QStringLiteral("subject=CN = ") + expected), qPrintable(run.output));
    QTRY_COMPARE(log.count(QStringLiteral("routed to %1").arg(expected)), 1);
}

void TlsUpstreamTest::sniRoutesNonTlsToDefault()
{
    // What is not a ClientHello goes to the default group, unchanged.
    TestBackend routed(TestBackend::Mode::Echo);
    TestBackend fallback(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Config config = proxyConfig(port);
    addGroup(&config, QStringLiteral("default"), fallback.address());
    addGroup(&config, QStringLiteral("group-a"), routed.address());
    config.listeners[0].sniRoutes.insert(QStringLiteral("a.test"), QStringLiteral("group-a"));
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    TestClient client;
    QVERIFY(client.connectTo(port));
    QVERIFY(client.sendAll("plain text, not TLS\n"));
    QCOMPARE(client.readLine(), QByteArray("plain text, not TLS\n"));
    QCOMPARE(fallback.accepted(), 1);
    QCOMPARE(routed.accepted(), 0);

    // A client that connects and closes at once still reaches the default, FIN passed on.
    TestClient quiet;
    QVERIFY(quiet.connectTo(port));
    QVERIFY(quiet.shutdownWrite());
    QVERIFY(quiet.waitForClose(10000));
    QTRY_COMPARE(fallback.accepted(), 2);
}

void TlsUpstreamTest::sniRoutesWithTermination()
{
    // With "ssl" too, the name comes from the completed handshake and the relay is plain.
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("backend a"));
    TestBackend fallback(TestBackend::Mode::Name, QStringLiteral("backend default"));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port);
    addGroup(&config, QStringLiteral("default"), fallback.address());
    addGroup(&config, QStringLiteral("group-a"), a.address());
    config.certificates << CertificateConfig{QStringLiteral("site"), m_site.certificate, m_site.key, QString(), false};
    config.listeners[0].ssl.enabled = true;
    config.listeners[0].ssl.certificate = QStringLiteral("site");
    config.listeners[0].sniRoutes.insert(QStringLiteral("a.test"), QStringLiteral("group-a"));
    Engine engine;
    QVERIFY(engine.apply(config).ok());

    auto firstLine = [&](const QString &serverName) {
        return readOpensslLine({QStringLiteral("s_client"), QStringLiteral("-connect"), loopback(port), QStringLiteral("-quiet"),
                                QStringLiteral("-servername"), serverName})
            .data;
    };
    QCOMPARE(firstLine(QStringLiteral("a.test")), QByteArray("backend a\n"));
    QCOMPARE(firstLine(QStringLiteral("b.test")), QByteArray("backend default\n"));
}

QTEST_GUILESS_MAIN(TlsUpstreamTest)
#include "tst_tlsupstream.moc"
