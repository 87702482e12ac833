// Port ranges in listen ("127.0.0.1:12345-12350"), which stream's listen has taken since
// nginx 1.15.10: nginx 1.22 opens one socket per port. Checked against Debian's nginx 1.22:
// the addresses `nginx -t` accepts and refuses, a real nginx and Portier each serving the same
// range from the same text with traffic through every port, and the exporter's line back
// through nginx -t and the importer unchanged. Portier's own rules: overlapping ranges and a
// range beside a wildcard are refused naming both listeners and the port; a listener opens at
// most 1024 ports; the dashboard's one row adds the ports up.
#include "logcapture.h"
#include "nginxprefix.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"

#include <configvalidator.h>
#include <engine.h>
#include <listenaddress.h>
#include <nginxexporter.h>
#include <nginximporter.h>

#include <platform/net.h>
#include <QRandomGenerator>
#include <QTest>

namespace {

// count consecutive free ports on 127.0.0.1 (bounded tries); 0 when none were found.
quint16 freeRange(int count)
{
    // Below the kernel's ephemeral range (32768-60999 by default), where the thousands of
    // connections the suite has made (many still in TIME_WAIT) took no port: a run of free
    // ports there is easy to find, unlike beside a port bind(0) just handed out.
    for (int attempt = 0; attempt < 500; ++attempt) {
        const quint16 first = quint16(20000 + QRandomGenerator::global()->bounded(12000));
        bool free = true;
        for (int i = 0; i < count && free; ++i) {
            // With SO_REUSEADDR, as Portier and nginx bind.
            int error = 0;
            const Net::Socket probe = Net::listenTcp({QHostAddress(QHostAddress::LocalHost), quint16(first + i)}, 8, &error);
            free = probe != Net::invalidSocket && isFirstHandOut(quint16(first + i));
            if (probe != Net::invalidSocket)
                Net::close(probe);
        }
        if (free)
            return first;
    }
    return 0;
}

QByteArray rangeServer(const QString &listen, quint16 backend)
{
    return "    server {\n        listen " + listen.toUtf8() + ";\n        proxy_pass 127.0.0.1:" + QByteArray::number(backend) + ";\n    }\n";
}

} // namespace

class ListenRangeTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void parse_data();
    void parse();
    void overlapsAreRefused_data();
    void overlapsAreRefused();
    void sideBySideWithNginx();
    void exportedRangeImportsBack();
};

void ListenRangeTest::initTestCase()
{
#if defined(Q_OS_WIN)
    // Each row is judged by Debian's nginx as well; the Windows build has none to run.
    QSKIP("needs Debian's nginx and its stream module (Linux only)");
#endif
    QVERIFY2(NginxPrefix::missingNginx().isEmpty(), qPrintable(NginxPrefix::missingNginx()));
}

void ListenRangeTest::parse_data()
{
    QTest::addColumn<QString>("listen");
    QTest::addColumn<bool>("nginxAccepts"); // checked against nginx -t each run
    QTest::addColumn<int>("first");         // 0: Portier refuses it
    QTest::addColumn<int>("last");
    QTest::addColumn<QString>("error");     // a part of Portier's reason

    QTest::newRow("range") << "127.0.0.1:12345-12350" << true << 12345 << 12350 << "";
    QTest::newRow("bare range") << "12345-12347" << true << 12345 << 12347 << "";
    QTest::newRow("IPv6 range") << "[::1]:12345-12346" << true << 12345 << 12346 << "";
    QTest::newRow("wildcard range") << "*:12345-12346" << true << 12345 << 12346 << "";
    QTest::newRow("one-port range") << "127.0.0.1:12345-12345" << true << 12345 << 12345 << "";
    QTest::newRow("reversed") << "127.0.0.1:12350-12345" << false << 0 << 0 << "invalid port range";
    QTest::newRow("zero") << "127.0.0.1:0-5" << false << 0 << 0 << "out of range";
    QTest::newRow("past 65535") << "127.0.0.1:65530-70000" << false << 0 << 0 << "out of range";
    QTest::newRow("open end") << "127.0.0.1:12345-" << false << 0 << 0 << "not a port number";
    // nginx -t takes 2001 ports only with worker_connections above 2001 (the test's nginx has 512).
    QTest::newRow("too wide for Portier") << "127.0.0.1:10000-12000" << false << 0 << 0 << "spans 2001 ports";
}

void ListenRangeTest::parse()
{
    QFETCH(QString, listen);
    QFETCH(bool, nginxAccepts);
    QFETCH(int, first);
    QFETCH(int, last);
    QFETCH(QString, error);

    NginxPrefix prefix;
    QString output;
    const QByteArray stream = "stream {\n" + rangeServer(listen, 9) + "}\n";
    QCOMPARE(prefix.checkSnippet(QStringLiteral("range"), stream, &output), nginxAccepts);

    QString why;
    const std::optional<ListenAddress> address = ListenAddress::parse(listen, &why);
    QCOMPARE(address.has_value(), first != 0);
    if (address) {
        QCOMPARE(int(address->firstPort), first);
        QCOMPARE(int(address->lastPort), last);
    } else {
        QVERIFY2(why.contains(error), qPrintable(why));
    }
    // The importer calls nothing nginx accepts an error (a range too wide for Portier is a
    // warning from the validator), and what nginx refuses is one.
    const NginxImporter::Result imported = NginxImporter::importText(stream, QStringLiteral("nginx.conf"), prefix.path());
    if (!error.startsWith(QLatin1StringView("spans"))) // nginx refuses that one for its worker_connections, not the address
        QCOMPARE(imported.hasErrors(), !nginxAccepts);
}

void ListenRangeTest::overlapsAreRefused_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::addColumn<QString>("message"); // empty: both may listen

    QTest::newRow("overlapping ranges") << "127.0.0.1:1000-1010" << "127.0.0.1:1010-1020"
                                        << "127.0.0.1:1010-1020 overlaps listeners[0] (127.0.0.1:1000-1010) at port 1010";
    QTest::newRow("port inside a range") << "127.0.0.1:1000-1010" << "127.0.0.1:1005"
                                         << "127.0.0.1:1005 overlaps listeners[0] (127.0.0.1:1000-1010) at port 1005";
    QTest::newRow("bare range is 0.0.0.0") << "1000-1002" << "0.0.0.0:1002" << "overlaps listeners[0] (1000-1002) at port 1002";
    QTest::newRow("range beside a wildcard") << "0.0.0.0:1005" << "127.0.0.1:1000-1010"
                                             << "127.0.0.1:1000-1010 conflicts with listeners[0] (0.0.0.0:1005)";
    QTest::newRow("adjacent ranges") << "127.0.0.1:1000-1010" << "127.0.0.1:1011-1020" << "";
    QTest::newRow("other address") << "127.0.0.1:1000-1010" << "127.0.0.2:1000-1010" << "";
}

void ListenRangeTest::overlapsAreRefused()
{
    QFETCH(QString, first);
    QFETCH(QString, second);
    QFETCH(QString, message);
    Config config = proxyConfig(1, {QStringLiteral("127.0.0.1:9")});
    config.listeners.first().listen = first;
    ListenerConfig other = config.listeners.first();
    other.listen = second;
    config.listeners << other;
    const ConfigIssues issues = ConfigValidator::validate(config);
    if (message.isEmpty()) {
        QVERIFY2(issues.isEmpty(), qPrintable(issues.isEmpty() ? QString() : issues.first().toString()));
        return;
    }
    QCOMPARE(issues.size(), 1); // one message for the listener, not one per port
    QCOMPARE(issues.first().path, QStringLiteral("listeners[1].listen"));
    QVERIFY2(issues.first().message.contains(message), qPrintable(issues.first().message));
}

void ListenRangeTest::sideBySideWithNginx()
{
    constexpr int ports = 3;
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("b"));
    const quint16 nginxFirst = freeRange(ports);
    const quint16 portierFirst = freeRange(ports);
    QVERIFY(nginxFirst && portierFirst);
    const auto listen = [](quint16 first) { return QStringLiteral("127.0.0.1:%1-%2").arg(first).arg(first + ports - 1); };

    NginxProcess nginx;
    QString error;
    QList<quint16> nginxPorts;
    for (int i = 0; i < ports; ++i)
        nginxPorts << quint16(nginxFirst + i);
    QVERIFY2(nginx.start(rangeServer(listen(nginxFirst), backend.port()), nginxPorts, &error), qPrintable(error));

    const NginxImporter::Result imported = NginxImporter::importText("stream {\n" + rangeServer(listen(portierFirst), backend.port()) + "}\n",
                                                                     QStringLiteral("nginx.conf"), QDir::tempPath());
    QVERIFY(!imported.hasErrors());
    QCOMPARE(imported.config.listeners.size(), 1); // one listener holds the range
    QCOMPARE(imported.config.listeners.first().listen, listen(portierFirst));
    Engine engine;
    LogCapture log(engine.errorLog());
    const Engine::ApplyResult result = engine.apply(imported.config);
    QVERIFY2(result.ok(), qPrintable(result.issues.isEmpty() ? QString() : result.issues.first().toString()));

    for (int i = 0; i < ports; ++i) {
        TestClient viaNginx;
        QVERIFY(viaNginx.connectTo(quint16(nginxFirst + i)));
        QCOMPARE(viaNginx.readLine(), QByteArray("b\n"));
        TestClient viaPortier;
        QVERIFY(viaPortier.connectTo(quint16(portierFirst + i)));
        QCOMPARE(viaPortier.readLine(), QByteArray("b\n"));
    }
    // Neither listens one port past the range.
    QVERIFY(!isListening(quint16(nginxFirst + ports)));
    QVERIFY(!isListening(quint16(portierFirst + ports)));

    // The dashboard's one row for the listener counts every port's connections.
    const StatsSnapshot stats = engine.snapshot();
    QCOMPARE(stats.listeners.size(), 1);
    QVERIFY(stats.listeners.first().listening);
    QCOMPARE(stats.listeners.first().acceptedConnections, quint64(ports));
}

void ListenRangeTest::exportedRangeImportsBack()
{
    Config config = proxyConfig(1, {QStringLiteral("127.0.0.1:9")});
    config.listeners.first().listen = QStringLiteral("127.0.0.1:12345-12350");
    config.listeners.first().socket.backlog = 128;
    const NginxExporter::Result exported = NginxExporter::exportConfig(config);
    QVERIFY(exported.ok());
    QVERIFY2(exported.text.contains(QStringLiteral("listen 127.0.0.1:12345-12350 backlog=128;")), qPrintable(exported.text));
    NginxPrefix prefix;
    QString output;
    QVERIFY2(prefix.checkSnippet(QStringLiteral("export"), exported.text.toUtf8(), &output), qPrintable(output));
    const NginxImporter::Result again = NginxImporter::importText(exported.text.toUtf8(), QStringLiteral("nginx.conf"), prefix.path());
    QVERIFY(!again.hasErrors());
    QCOMPARE(again.config.listeners.first().listen, config.listeners.first().listen);
    QCOMPARE(again.config.listeners.first().socket, config.listeners.first().socket);
}

QTEST_GUILESS_MAIN(ListenRangeTest)
#include "tst_listenrange.moc"
