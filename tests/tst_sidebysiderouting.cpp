// Routing by variables side by side with a real nginx (Debian's 1.22, 1 worker): nginx runs a
// hand-written stream {}, Portier runs what it imports from the same text. Forty sources,
// 127.0.0.1 to 127.0.0.40, must reach the same upstream through split_clients and map (with
// hostnames wildcards, regexes, chained variables, IP:port values), and a return server must
// send the same bytes over TCP and UDP.
#include "nginxerrorlog.h"
#include "nginxprocess.h"
#include "testbackend.h"
#include "testclient.h"
#include "testudpbackend.h"

#include <engine.h>
#include <nginximporter.h>

#include <QDir>
#include <QNetworkDatagram>
#include <QTest>
#include <QUdpSocket>
#include <functional>

namespace {

constexpr int sourceCount = 40;

// Both proxies on one text: nginx runs it, Portier runs the importer's reading of it.
class Pair
{
public:
    bool start(const std::function<QByteArray(quint16 tcp, quint16 udp)> &streamBody, QString *error)
    {
        nginxTcp = findFreePort();
        nginxUdp = freeUdpPort();
        portierTcp = findFreePort();
        portierUdp = freeUdpPort();
        if (!nginx.start(streamBody(nginxTcp, nginxUdp), {nginxTcp}, error))
            return false;
        const NginxImporter::Result imported = NginxImporter::importText("stream {\n" + streamBody(portierTcp, portierUdp) + "}\n",
                                                                         QStringLiteral("nginx.conf"), QDir::tempPath());
        if (imported.hasErrors()) {
            *error = QStringLiteral("import: ") + imported.issues.value(0).message;
            return false;
        }
        Config config = imported.config;
        config.workers = 1;
        const Engine::ApplyResult result = engine.apply(config);
        if (!result.ok())
            *error = result.issues.value(0).toString();
        return result.ok();
    }

    NginxProcess nginx;
    Engine engine;
    quint16 nginxTcp = 0, nginxUdp = 0, portierTcp = 0, portierUdp = 0;
};

QString source(int n)
{
    return QStringLiteral("127.0.0.%1").arg(n);
}

// What each source reads from the proxy at `port`: the backend's first line (its name; the
// backend keeps the connection open), or all a return server sends before closing, or
// "(closed)".
QStringList firstLines(quint16 port, bool untilClosed)
{
    QStringList lines;
    for (int n = 1; n <= sourceCount; ++n) {
        TestClient client;
        if (!client.connectTo(port, source(n))) {
            lines << source(n) + QStringLiteral(" no connect");
            continue;
        }
        bool closed = false;
        const QByteArray data = untilClosed ? client.readUntilClosed(5000, &closed) : client.readLine();
        if (untilClosed && !closed)
            lines << source(n) + QStringLiteral(" not closed");
        lines << source(n) + QStringLiteral(" -> ") + QString::fromLatin1(data.isEmpty() ? QByteArray("(closed)") : data);
    }
    return lines;
}

// What each source gets back for one datagram to the UDP proxy at `port` (twice, since a
// return server answers every datagram).
QStringList udpReplies(quint16 port, int sources = 10)
{
    QStringList replies;
    for (int n = 1; n <= sources; ++n) {
        QUdpSocket socket;
        if (!socket.bind(QHostAddress(source(n)), 0)) {
            replies << source(n) + QStringLiteral(" no bind");
            continue;
        }
        for (int i = 0; i < 2; ++i) {
            socket.writeDatagram(QByteArray("ping"), QHostAddress::LocalHost, port);
            QByteArray reply = "(nothing)";
            if (socket.hasPendingDatagrams() || socket.waitForReadyRead(5000))
                reply = socket.receiveDatagram().data();
            replies << source(n) + QStringLiteral(" -> ") + QString::fromLatin1(reply);
        }
    }
    return replies;
}

} // namespace

class SideBySideRoutingTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sourcesReachTheSameUpstream_data();
    void sourcesReachTheSameUpstream();
    void udpSourcesReachTheSameUpstream();
    void returnSendsTheSameText_data();
    void returnSendsTheSameText();
};

void SideBySideRoutingTest::initTestCase()
{
#if defined(Q_OS_WIN)
    QSKIP("needs Debian's nginx and its stream module (Linux only)");
#endif
    QString why;
    QVERIFY2(NginxProcess::isAvailable(&why), qPrintable(why)); // a missing nginx fails, never skips
}

void SideBySideRoutingTest::sourcesReachTheSameUpstream_data()
{
    // %C is replaced by the direct address of backend c (an IP:port value, no upstream {}).
    QTest::addColumn<QByteArray>("variables");
    QTest::newRow("split_clients thirds") << QByteArray(R"(split_clients "${remote_addr}AAA" $pool { 33.3% a; 33.3% b; * c; })");
    QTest::newRow("split_clients uneven, IP:port value") << QByteArray(R"(split_clients "$remote_addr" $pool { 10% a; 20.5% b; 0.5% d; * %C; })");
    QTest::newRow("split_clients without the rest") << QByteArray(R"(split_clients "x$remote_addr" $pool { 45% a; 45% b; })");
    QTest::newRow("map exact and regexes in order") << QByteArray(R"(map $remote_addr $pool {
            default a; 127.0.0.5 b; ~^127\.0\.0\.1[0-9]$ c; ~^127\.0\.0\.1 d; ~*^127\.0\.0\.[23] b; 127.0.0.12 d; })");
    QTest::newRow("map hostnames wildcards") << QByteArray(R"(map "$remote_addr.example.com" $pool {
            hostnames; default a; .5.example.com b; *.1.example.com c; 127.0.0.3.example.* d; 127.0.* %C;
            127.0.0.20.example.com b; 127.0.0.2.EXAMPLE.com d; })");
    QTest::newRow("map of a split_clients, value with text") << QByteArray(R"(split_clients "$remote_addr" $half { 50% x; * y; }
        map "$half-$remote_addr" $pool { default a; ~^x-127\.0\.0\.([0-9])$ b; ~^y-.*[13579]$ c; })");
}

void SideBySideRoutingTest::sourcesReachTheSameUpstream()
{
    QFETCH(QByteArray, variables);
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    TestBackend c(TestBackend::Mode::Name, QStringLiteral("c"));
    TestBackend d(TestBackend::Mode::Name, QStringLiteral("d"));
    variables.replace("%C", c.address().toUtf8());
    Pair pair;
    QString error;
    QVERIFY2(pair.start([&](quint16 tcp, quint16) -> QByteArray {
        QByteArray body;
        for (const TestBackend *backend : {&a, &b, &c, &d})
            body += "    upstream " + backend->name().toUtf8() + " { server " + backend->address().toUtf8() + "; }\n";
        return body + "    " + variables + "\n    server { listen 127.0.0.1:" + QByteArray::number(tcp) + "; proxy_pass $pool; }\n";
    }, &error), qPrintable(error));

    const QStringList nginxLines = firstLines(pair.nginxTcp, false);
    const QStringList portierLines = firstLines(pair.portierTcp, false);
    QCOMPARE(portierLines, nginxLines);
    // The comparison proves something only when the sources spread over several upstreams.
    QSet<QString> reached;
    for (const QString &line : nginxLines)
        reached.insert(line.section(QStringLiteral(" -> "), 1));
    QVERIFY2(reached.size() >= 2, qPrintable(nginxLines.join(u'\n')));
}

void SideBySideRoutingTest::udpSourcesReachTheSameUpstream()
{
    TestUdpBackend a(TestUdpBackend::Mode::Named, QStringLiteral("a"));
    TestUdpBackend b(TestUdpBackend::Mode::Named, QStringLiteral("b"));
    TestUdpBackend c(TestUdpBackend::Mode::Named, QStringLiteral("c"));
    Pair pair;
    QString error;
    QVERIFY2(pair.start([&](quint16 tcp, quint16 udp) -> QByteArray {
        return "    server { listen 127.0.0.1:" + QByteArray::number(tcp) + "; return unused; }\n" // Pair waits for a TCP port
               "    upstream a { server " + a.address().toUtf8() + "; }\n    upstream b { server " + b.address().toUtf8() + "; }\n"
               "    split_clients \"${remote_addr}x\" $pool { 40% a; 30% b; * " + c.address().toUtf8() + "; }\n"
               "    server { listen 127.0.0.1:" + QByteArray::number(udp) + " udp; proxy_pass $pool; proxy_responses 1; proxy_timeout 2s; }\n";
    }, &error), qPrintable(error));
    const QStringList nginxReplies = udpReplies(pair.nginxUdp, sourceCount);
    QCOMPARE(udpReplies(pair.portierUdp, sourceCount), nginxReplies);
    QSet<QString> reached;
    for (const QString &reply : nginxReplies)
        reached.insert(reply.section(QStringLiteral(" -> "), 1));
    QVERIFY2(reached.size() == 3, qPrintable(nginxReplies.join(u'\n')));
}

void SideBySideRoutingTest::returnSendsTheSameText_data()
{
    QTest::addColumn<QByteArray>("variables");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("fixed text") << QByteArray() << QByteArray(R"("hello\n")");
    QTest::newRow("variables") << QByteArray(R"(split_clients "$remote_addr" $variant { 50% one; * two; })")
                               << QByteArray(R"("$remote_addr over $protocol is ${variant}!\n")");
    QTest::newRow("map value") << QByteArray(R"(map $remote_addr $who { default someone; ~\.([0-9])$ digit-$1; })") << QByteArray("$who");
    QTest::newRow("empty: closed at once") << QByteArray() << QByteArray(R"("")");
}

void SideBySideRoutingTest::returnSendsTheSameText()
{
    QFETCH(QByteArray, variables);
    QFETCH(QByteArray, text);
    Pair pair;
    QString error;
    QVERIFY2(pair.start([&](quint16 tcp, quint16 udp) -> QByteArray {
        return "    " + variables + "\n    server { listen 127.0.0.1:" + QByteArray::number(tcp) + "; return " + text + "; }\n"
               "    server { listen 127.0.0.1:" + QByteArray::number(udp) + " udp; return " + text + "; }\n";
    }, &error), qPrintable(error));

    const QStringList nginxLines = firstLines(pair.nginxTcp, true);
    QCOMPARE(firstLines(pair.portierTcp, true), nginxLines);
    QCOMPARE(nginxLines.size(), sourceCount); // and each closed
    if (text != R"("")") {
        const QStringList nginxReplies = udpReplies(pair.nginxUdp);
        QCOMPARE(udpReplies(pair.portierUdp), nginxReplies);
        QVERIFY2(nginxReplies.filter(QStringLiteral("(nothing)")).isEmpty(), qPrintable(nginxReplies.join(u'\n')));
    }
}

QTEST_GUILESS_MAIN(SideBySideRoutingTest)
#include "tst_sidebysiderouting.moc"
