// Portier and a real nginx (Debian's, 1 worker) behind the same upstream group: every
// connection, made from its own 127.0.0.N source, must reach the same server; with access
// rules, the same sources must get through, and the denials be logged in the same words.
#include "logcapture.h"
#include "nginxerrorlog.h"
#include "nginxprocess.h"
#include "testbackend.h"
#include "testclient.h"
#include "testudpbackend.h"

#include <engine.h>
#include <nginxexporter.h>
#include <nginximporter.h>

#include <QDeadlineTimer>
#include <QDir>
#include <QNetworkDatagram>
#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QUdpSocket>
#include <functional>

namespace {

struct Server
{
    int weight = 1;
};

struct Setup
{
    QString method;            // nginx's directive inside upstream {}, e.g. "hash $remote_addr consistent;"
    UpstreamConfig::Method portierMethod = UpstreamConfig::Method::RoundRobin;
    QString hashKey;
    bool consistent = false;
    QList<int> weights;
    int connections = 0;
    bool distinctSources = true;
};

// One Name backend per server of the setup, named "a", "b", "c", ...
std::vector<std::unique_ptr<TestBackend>> namedBackends(const Setup &setup)
{
    std::vector<std::unique_ptr<TestBackend>> backends;
    for (int i = 0; i < setup.weights.size(); ++i)
        backends.push_back(std::make_unique<TestBackend>(TestBackend::Mode::Name, QString(QChar(u'a' + i))));
    return backends;
}

} // namespace

Q_DECLARE_METATYPE(Setup)

class SideBySideTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sameServerForEveryConnection_data();
    void sameServerForEveryConnection();
    void consistentHashWithAServerRemoved();
    // The proof for the exporter: nginx runs what Portier exported, not a hand-written file.
    void exportedConfigRoutesTheSame_data() { sameServerForEveryConnection_data(); }
    void exportedConfigRoutesTheSame();
    // nginx runs the hand-written stream {}, Portier runs what it imported from the same text.
    void accessRulesLetTheSameSourcesIn_data();
    void accessRulesLetTheSameSourcesIn();

private:
    // Runs the setup through nginx and Portier; returns each one's sequence of backend names.
    void run(const Setup &setup, const std::vector<std::unique_ptr<TestBackend>> &backends, QStringList *nginxNames,
             QStringList *portierNames, bool exported = false);
};

void SideBySideTest::initTestCase()
{
#if defined(Q_OS_WIN)
    // Its checks run Debian's nginx (nginx -t, or nginx serving side by side); the Windows
    // build has none to run.
    QSKIP("needs Debian's nginx and its stream module (Linux only)");
#endif
    QString why;
    QVERIFY2(NginxProcess::isAvailable(&why), qPrintable(why)); // a missing nginx fails, never skips
}

void SideBySideTest::sameServerForEveryConnection_data()
{
    QTest::addColumn<Setup>("setup");
    Setup s;
    s.method = QString();
    s.weights = {1, 1};
    s.connections = 20;
    QTest::newRow("round robin, 2 servers (the article)") << s;

    s.weights = {5, 1, 1};
    s.connections = 35;
    QTest::newRow("weighted round robin 5/1/1") << s;

    s.weights = {3, 1, 2, 1};
    s.connections = 40;
    QTest::newRow("weighted round robin 3/1/2/1") << s;

    s.method = QStringLiteral("hash $remote_addr;");
    s.portierMethod = UpstreamConfig::Method::Hash;
    s.hashKey = QStringLiteral("$remote_addr");
    s.weights = {1, 1, 1};
    s.connections = 60;
    QTest::newRow("hash $remote_addr, 3 servers, 60 sources") << s;

    s.weights = {2, 1, 3};
    QTest::newRow("hash $remote_addr, weights 2/1/3") << s;

    s.method = QStringLiteral("hash $remote_addr consistent;");
    s.consistent = true;
    s.weights = {1, 2, 1, 3};
    s.connections = 200;
    QTest::newRow("hash $remote_addr consistent, weights 1/2/1/3, 200 sources") << s;

    s.method = QStringLiteral("hash \"k$remote_addr-x\" consistent;");
    s.hashKey = QStringLiteral("k$remote_addr-x");
    s.weights = {1, 1, 1};
    s.connections = 60;
    QTest::newRow("hash with literal text around the variable, consistent") << s;
}

void SideBySideTest::run(const Setup &setup, const std::vector<std::unique_ptr<TestBackend>> &backends, QStringList *nginxNames,
                         QStringList *portierNames, bool exported)
{
    const quint16 nginxPort = findFreePort();
    const quint16 portierPort = findFreePort();

    QByteArray upstream = "upstream backend {\n";
    if (!setup.method.isEmpty())
        upstream += "    " + setup.method.toUtf8() + "\n";
    UpstreamConfig group;
    group.name = QStringLiteral("backend");
    group.method = setup.portierMethod;
    group.hashKey = setup.hashKey;
    group.consistent = setup.consistent;
    for (std::size_t i = 0; i < backends.size(); ++i) {
        upstream += "    server " + backends[i]->address().toUtf8() + " weight=" + QByteArray::number(setup.weights[int(i)]) + ";\n";
        ServerConfig server;
        server.address = backends[i]->address();
        server.weight = setup.weights[int(i)];
        group.servers << server;
    }
    upstream += "}\nserver {\n    listen 127.0.0.1:" + QByteArray::number(nginxPort) + ";\n    proxy_pass backend;\n}\n";

    Config config;
    config.workers = 1;
    config.upstreams << group;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:%1").arg(portierPort);
    listener.proxyPass = QStringLiteral("backend");
    config.listeners << listener;

    NginxProcess nginx;
    QString error;
    if (exported) {
        Config forNginx = config;
        forNginx.listeners[0].listen = QStringLiteral("127.0.0.1:%1").arg(nginxPort);
        NginxExporter::Options options;
        options.form = NginxExporter::Form::Standalone;
        options.pid = QStringLiteral("nginx.pid");
        options.errorLog = QStringLiteral("error.log");
        options.events = {QStringLiteral("worker_connections 1024")};
        const NginxExporter::Result text = NginxExporter::exportConfig(forNginx, options);
        QVERIFY2(text.ok(), qPrintable(text.errors.value(0).toString()));
        QVERIFY2(nginx.startConfig(text.text.toUtf8(), {nginxPort}, &error), qPrintable(error + u'\n' + text.text));
    } else {
        QVERIFY2(nginx.start(upstream, {nginxPort}, &error), qPrintable(error));
    }
    Engine engine;
    LogCapture log(engine.errorLog());
    const Engine::ApplyResult result = engine.apply(config);
    QVERIFY2(result.ok(), qPrintable(result.issues.value(0).toString()));

    for (int i = 0; i < setup.connections; ++i) {
        const QString source = QStringLiteral("127.0.%1.%2").arg(i / 250).arg(i % 250 + 1);
        for (auto [port, names] : {std::pair{nginxPort, nginxNames}, std::pair{portierPort, portierNames}}) {
            TestClient client;
            QVERIFY2(client.connectTo(port, source), qPrintable(source));
            const QByteArray name = client.readLine().trimmed();
            QVERIFY2(!name.isEmpty(), qPrintable(QStringLiteral("no answer via port %1 from %2").arg(port).arg(source)));
            *names << QString::fromUtf8(name);
        }
    }
}

void SideBySideTest::sameServerForEveryConnection()
{
    QFETCH(Setup, setup);
    const std::vector<std::unique_ptr<TestBackend>> backends = namedBackends(setup);

    QStringList nginxNames;
    QStringList portierNames;
    run(setup, backends, &nginxNames, &portierNames);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(portierNames.size(), setup.connections);
    QCOMPARE(portierNames.join(QString()), nginxNames.join(QString()));
    QVERIFY2(QSet<QString>(nginxNames.begin(), nginxNames.end()).size() == setup.weights.size(),
             "every server should be used at least once, or the comparison proves little");
}

void SideBySideTest::consistentHashWithAServerRemoved()
{
    Setup setup;
    setup.method = QStringLiteral("hash $remote_addr consistent;");
    setup.portierMethod = UpstreamConfig::Method::Hash;
    setup.hashKey = QStringLiteral("$remote_addr");
    setup.consistent = true;
    setup.weights = {1, 2, 3};
    setup.connections = 200;
    std::vector<std::unique_ptr<TestBackend>> backends;
    backends.push_back(std::make_unique<TestBackend>(TestBackend::Mode::Name, QStringLiteral("a")));
    backends.push_back(std::make_unique<TestBackend>(TestBackend::Mode::Name, QStringLiteral("b")));
    backends.push_back(std::make_unique<TestBackend>(TestBackend::Mode::Name, QStringLiteral("d")));
    QStringList nginxNames;
    QStringList portierNames;
    run(setup, backends, &nginxNames, &portierNames);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(portierNames.join(QString()), nginxNames.join(QString()));
    // Against the four-server row above: the removed server's sources moved, the rest stayed
    // (checked by the balancer tests); here both proxies must agree on where they moved.
    QVERIFY(QSet<QString>(nginxNames.begin(), nginxNames.end()).size() == 3);
}

void SideBySideTest::exportedConfigRoutesTheSame()
{
    QFETCH(Setup, setup);
    const std::vector<std::unique_ptr<TestBackend>> backends = namedBackends(setup);
    QStringList nginxNames;
    QStringList portierNames;
    run(setup, backends, &nginxNames, &portierNames, true);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(portierNames.join(QString()), nginxNames.join(QString()));
}

namespace {

constexpr int accessSources = 14; // 127.0.0.1 .. 127.0.0.14

// Waits for a reply to a datagram or for the proxy to log refusing it; "in", "out" or "nothing".
QString udpOutcome(QUdpSocket &socket, const std::function<bool()> &refused)
{
    const QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired()) {
        if (socket.hasPendingDatagrams() || socket.waitForReadyRead(20))
            return socket.receiveDatagram().data() == "u:ping" ? QStringLiteral("in") : QStringLiteral("garbled");
        if (refused())
            return QStringLiteral("out");
    }
    return QStringLiteral("nothing");
}

} // namespace

void SideBySideTest::accessRulesLetTheSameSourcesIn_data()
{
    QTest::addColumn<QByteArray>("streamRules"); // at stream level
    QTest::addColumn<QByteArray>("serverRules"); // in each server

    QTest::newRow("first match wins") << QByteArray() << QByteArray("allow 127.0.0.1; deny 127.0.0.2; allow 127.0.0.0/29; deny all;");
    QTest::newRow("stream-level rules inherited") << QByteArray("deny 127.0.0.3; deny 127.0.0.8/30; allow all;") << QByteArray();
    QTest::newRow("server rules replace stream rules") << QByteArray("deny all;") << QByteArray("allow 127.0.0.5; deny 127.0.0.6;");
    QTest::newRow("host bits and CIDR edges") << QByteArray() << QByteArray("deny 127.0.0.9/30; allow 127.0.0.0/28; deny all;");
    QTest::newRow("IPv6 rules do not meet IPv4 clients") << QByteArray() << QByteArray("deny ::1; deny ::/0; allow 127.0.0.4; deny 127.0.0.0/30;");
}

void SideBySideTest::accessRulesLetTheSameSourcesIn()
{
    QFETCH(QByteArray, streamRules);
    QFETCH(QByteArray, serverRules);
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("a"));
    TestUdpBackend udpBackend(TestUdpBackend::Mode::Named, QStringLiteral("u"));
    const quint16 nginxTcp = findFreePort(), nginxUdp = freeUdpPort(), portierTcp = findFreePort(), portierUdp = freeUdpPort();
    auto streamBody = [&](quint16 tcp, quint16 udp) -> QByteArray { // not a QStringBuilder of temporaries
        return "    " + streamRules + "\n    upstream backend { server " + backend.address().toUtf8() + "; }\n"
               "    server { listen 127.0.0.1:" + QByteArray::number(tcp) + "; proxy_pass backend; " + serverRules + " }\n"
               "    server { listen 127.0.0.1:" + QByteArray::number(udp) + " udp; proxy_pass " + udpBackend.address().toUtf8() + "; "
               + serverRules + " }\n";
    };

    NginxProcess nginx;
    QString error;
    QVERIFY2(nginx.start(streamBody(nginxTcp, nginxUdp), {nginxTcp}, &error), qPrintable(error));
    const NginxErrorLog nginxLog(nginx.prefix() + QStringLiteral("/error.log"));

    // Portier's config is the importer's reading of the same text.
    const QByteArray text = "stream {\n" + streamBody(portierTcp, portierUdp) + "}\n";
    const NginxImporter::Result imported = NginxImporter::importText(text, QStringLiteral("nginx.conf"), QDir::tempPath());
    QVERIFY(!imported.hasErrors());
    Config config = imported.config;
    config.workers = 1;
    Engine engine;
    LogCapture log(engine.errorLog());
    const Engine::ApplyResult result = engine.apply(config);
    QVERIFY2(result.ok(), qPrintable(result.issues.value(0).toString()));

    QStringList nginxOutcomes, portierOutcomes;
    for (int i = 1; i <= accessSources; ++i) {
        const QString source = QStringLiteral("127.0.0.%1").arg(i);
        for (auto [port, outcomes] : {std::pair{nginxTcp, &nginxOutcomes}, std::pair{portierTcp, &portierOutcomes}}) {
            TestClient client;
            QVERIFY2(client.connectTo(port, source), qPrintable(source));
            // A refused client is closed at once: readLine ends on EOF with nothing.
            *outcomes << source + QStringLiteral(" tcp ") + (client.readLine().trimmed() == "a" ? QStringLiteral("in") : QStringLiteral("out"));
        }
        const QString udpDenial = QStringLiteral("udp client: %1,").arg(source);
        QUdpSocket toNginx, toPortier;
        QVERIFY(toNginx.bind(QHostAddress(source), 0) && toPortier.bind(QHostAddress(source), 0));
        toNginx.writeDatagram("ping", QHostAddress::LocalHost, nginxUdp);
        nginxOutcomes << source + QStringLiteral(" udp ") + udpOutcome(toNginx, [&] { return nginxLog.contains(udpDenial); });
        toPortier.writeDatagram("ping", QHostAddress::LocalHost, portierUdp);
        portierOutcomes << source + QStringLiteral(" udp ") + udpOutcome(toPortier, [&] { return log.count(udpDenial) > 0; });
    }
    QCOMPARE(portierOutcomes, nginxOutcomes);
    QVERIFY2(nginxOutcomes.filter(QStringLiteral(" in")).size() > 0, "some source should get through, or the comparison proves little");
    QVERIFY2(nginxOutcomes.filter(QStringLiteral(" out")).size() > 0, "some source should be refused, or the comparison proves little");

    // The denials in nginx's words, time, pid, connection number and ports aside.
    const QList<quint16> ports{nginxTcp, nginxUdp, portierTcp, portierUdp};
    QStringList nginxDenials, portierDenials;
    for (const QString &line : nginxLog.lines().filter(QStringLiteral("access forbidden")))
        nginxDenials << normalizedErrorLogLine(line, ports);
    for (const QString &line : log.matching(QStringLiteral("access forbidden")))
        portierDenials << normalizedErrorLogLine(line, ports);
    QCOMPARE(portierDenials, nginxDenials);
    QCOMPARE(nginxDenials.size(), int(nginxOutcomes.filter(QStringLiteral(" out")).size()));
}

QTEST_GUILESS_MAIN(SideBySideTest)
#include "tst_sidebyside.moc"
