// The PROXY protocol side by side with a real nginx (Debian's 1.22): nginx runs a hand-written
// stream {}, Portier runs what its importer read from the same text, and the same clients
// meet both. An echo backend sends back everything it received, so a client reads the exact
// header bytes the upstream got. Compared: the header nginx and Portier send (proxy_protocol
// on, also on a retry), what a proxy_protocol listener forwards for v1 and v2 headers (with
// set_real_ip_from and without), access rules judging the carried address, and a malformed
// header or a silent client closing the connection, logged in the same words.
#include "logcapture.h"
#include "nginxerrorlog.h"
#include "nginxprocess.h"
#include "testbackend.h"
#include "testclient.h"
#include "testudpbackend.h"

#include <engine.h>
#include <nginximporter.h>

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QNetworkDatagram>
#include <QUdpSocket>

namespace {

// nginx's error.log, read afresh on every question (nginx writes it unbuffered).
QStringList nginxLogLines(const NginxProcess &nginx)
{
    return NginxErrorLog(nginx.prefix() + QStringLiteral("/error.log")).lines();
}

// A header as an upstream received it, with the two numbers that differ between the two
// proxies made equal: the listener's port (LPORT) and, when the proxy's client is the test's
// own socket, its ephemeral source port (SPORT). A carried port (realip) is kept.
QByteArray normalizedHeader(QByteArray header, quint16 listenPort, bool ephemeralSource)
{
    static const QRegularExpression numbers(QStringLiteral("^(PROXY TCP[46] \\S+ \\S+) (\\d+) (\\d+)\r\n$"));
    const QRegularExpressionMatch match = numbers.match(QString::fromLatin1(header));
    if (!match.hasMatch())
        return header;
    const QString source = ephemeralSource ? QStringLiteral("SPORT") : match.captured(2);
    const QString local = match.captured(3) == QString::number(listenPort) ? QStringLiteral("LPORT") : match.captured(3);
    return (match.captured(1) + u' ' + source + u' ' + local + QStringLiteral("\r\n")).toLatin1();
}

QByteArray v2Header(quint8 command, const QByteArray &source, const QByteArray &destination, quint16 sourcePort, quint16 destinationPort)
{
    QByteArray body = source + destination;
    body += char(sourcePort >> 8);
    body += char(sourcePort & 0xff);
    body += char(destinationPort >> 8);
    body += char(destinationPort & 0xff);
    QByteArray header("\r\n\r\n\0\r\nQUIT\n", 12);
    header += char(command);
    header += char(source.size() == 4 ? 0x11 : 0x21);
    header += char(body.size() >> 8);
    header += char(body.size() & 0xff);
    return header + body;
}

QByteArray ip4(int a, int b, int c, int d)
{
    const char bytes[4] = {char(a), char(b), char(c), char(d)};
    return QByteArray(bytes, 4);
}

// nginx (started on the stream body for its ports) and Portier (on the importer's reading
// of the same body for its ports), both on 127.0.0.1.
class Pair
{
public:
    bool start(const std::function<QByteArray(quint16)> &streamBody, QString *error)
    {
        nginxPort = findFreePort();
        portierPort = findFreePort();
        if (!nginx.start(streamBody(nginxPort), {nginxPort}, error))
            return false;
        const NginxImporter::Result imported = NginxImporter::importText("stream {\n" + streamBody(portierPort) + "}\n",
                                                                         QStringLiteral("nginx.conf"), QDir::tempPath());
        if (imported.hasErrors()) {
            *error = QStringLiteral("the importer refused the text");
            return false;
        }
        Config config = imported.config;
        config.workers = 1;
        config.errorLog.level = QStringLiteral("info");
        log = std::make_unique<LogCapture>(engine.errorLog());
        const Engine::ApplyResult result = engine.apply(config);
        if (!result.ok()) {
            *error = result.issues.value(0).toString();
            return false;
        }
        return true;
    }
    QList<quint16> ports() const { return {nginxPort, portierPort}; }

    NginxProcess nginx;
    Engine engine;
    std::unique_ptr<LogCapture> log;
    quint16 nginxPort = 0;
    quint16 portierPort = 0;
};

// Connects from source, sends what is given, and reads the first line the echo backend
// returns: the header the proxy wrote (or what the client sent, without proxy_protocol on).
QByteArray firstLineThrough(quint16 port, const QString &source, const QByteArray &send)
{
    TestClient client;
    if (!client.connectTo(port, source))
        return "no connection";
    if (!send.isEmpty() && !client.sendAll(send))
        return "send failed";
    return client.readLine();
}

} // namespace

class SideBySideProxyProtocolTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void upstreamGetsTheSameHeader_data();
    void upstreamGetsTheSameHeader();
    void udpSessionsFirstDatagramCarriesIt();
    void listenerForwardsTheSame_data();
    void listenerForwardsTheSame();
    void carriedAddressMeetsAccessRules();
    void malformedOrMissingHeaderCloses_data();
    void malformedOrMissingHeaderCloses();
};

void SideBySideProxyProtocolTest::initTestCase()
{
#if defined(Q_OS_WIN)
    QSKIP("needs Debian's nginx and its stream module (Linux only)");
#endif
    QString why;
    QVERIFY2(NginxProcess::isAvailable(&why), qPrintable(why)); // a missing nginx fails, never skips
}

void SideBySideProxyProtocolTest::upstreamGetsTheSameHeader_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("deadFirstServer");
    QTest::newRow("client 127.0.0.5") << QStringLiteral("127.0.0.5") << false;
    QTest::newRow("client 127.0.0.1") << QStringLiteral("127.0.0.1") << false;
    QTest::newRow("sent again on the retry after a refused server") << QStringLiteral("127.0.0.9") << true;
}

// proxy_protocol on: "PROXY TCP4 client local cport lport\r\n", byte for byte.
void SideBySideProxyProtocolTest::upstreamGetsTheSameHeader()
{
    QFETCH(QString, source);
    QFETCH(bool, deadFirstServer);
    TestBackend echo(TestBackend::Mode::Echo);
    const quint16 dead = findFreePort();
    Pair pair;
    QString error;
    QVERIFY2(pair.start([&](quint16 port) -> QByteArray {
        QByteArray servers = deadFirstServer ? "server 127.0.0.1:" + QByteArray::number(dead) + "; " : QByteArray();
        servers += "server " + echo.address().toUtf8() + ";";
        return "    upstream backend { " + servers + " }\n"
               "    server { listen 127.0.0.1:" + QByteArray::number(port) + "; proxy_protocol on; proxy_pass backend; }\n";
    }, &error), qPrintable(error));

    const QByteArray fromNginx = firstLineThrough(pair.nginxPort, source, "hello\n");
    const QByteArray fromPortier = firstLineThrough(pair.portierPort, source, "hello\n");
    const QByteArray expectedStart = "PROXY TCP4 " + source.toLatin1() + " 127.0.0.1 ";
    QVERIFY2(fromNginx.startsWith(expectedStart), fromNginx.constData());
    QCOMPARE(normalizedHeader(fromPortier, pair.portierPort, true), normalizedHeader(fromNginx, pair.nginxPort, true));
    QVERIFY(normalizedHeader(fromNginx, pair.nginxPort, true).endsWith(" SPORT LPORT\r\n"));
    if (deadFirstServer) // the first try really failed, in both
        QTRY_COMPARE(pair.log->count(QStringLiteral("connect() failed")), 1);
}

// nginx 1.22 on UDP: the header goes in front of a session's first datagram, in that datagram
// (so a backend must expect it there); later datagrams of the session go as they are.
void SideBySideProxyProtocolTest::udpSessionsFirstDatagramCarriesIt()
{
    TestUdpBackend echo(TestUdpBackend::Mode::Echo);
    Pair pair;
    QString error;
    // nginx's readiness is polled on its TCP ports; a UDP listener beside a TCP one is up when that is.
    QByteArray udpPorts[2];
    QList<quint16> udpPortList;
    for (int i = 0; i < 2; ++i) {
        QUdpSocket probe;
        QVERIFY(probe.bind(QHostAddress::LocalHost, 0));
        udpPortList << probe.localPort();
        udpPorts[i] = QByteArray::number(probe.localPort());
    }
    int started = 0;
    QVERIFY2(pair.start([&](quint16 port) -> QByteArray {
        return "    server { listen 127.0.0.1:" + QByteArray::number(port) + "; proxy_pass " + echo.address().toUtf8() + "; }\n"
               "    server { listen 127.0.0.1:" + udpPorts[started++] + " udp; proxy_protocol on; proxy_responses 2; proxy_pass "
               + echo.address().toUtf8() + "; }\n";
    }, &error), qPrintable(error));

    QList<QByteArray> replies[2];
    for (int i = 0; i < 2; ++i) {
        QUdpSocket client;
        QVERIFY(client.bind(QHostAddress(QStringLiteral("127.0.0.7")), 0));
        for (const QByteArray &payload : {QByteArray("first"), QByteArray("second")}) {
            client.writeDatagram(payload, QHostAddress::LocalHost, udpPortList[i]);
            QVERIFY(client.hasPendingDatagrams() || client.waitForReadyRead(5000));
            const QByteArray reply = client.receiveDatagram().data();
            const qsizetype end = reply.indexOf("\r\n");
            replies[i] << (end < 0 ? reply : normalizedHeader(reply.left(end + 2), udpPortList[i], true) + reply.mid(end + 2));
        }
    }
    QCOMPARE(replies[1], replies[0]); // Portier's, nginx's
    QCOMPARE(replies[0], QList<QByteArray>({"PROXY TCP4 127.0.0.7 127.0.0.1 SPORT LPORT\r\nfirst", "second"}));
}

void SideBySideProxyProtocolTest::listenerForwardsTheSame_data()
{
    QTest::addColumn<QByteArray>("trusted");  // set_real_ip_from lines
    QTest::addColumn<QByteArray>("header");   // what the client sends first
    QTest::addColumn<bool>("ephemeralSource"); // the header names the test's own socket

    const QByteArray v1 = "PROXY TCP4 203.0.113.7 198.51.100.1 5555 80\r\n";
    QTest::newRow("v1, trusted peer: its address is the client") << QByteArray("set_real_ip_from 127.0.0.1;") << v1 << false;
    QTest::newRow("v1, untrusted peer") << QByteArray("set_real_ip_from 10.0.0.0/8;") << v1 << true;
    QTest::newRow("v1, no set_real_ip_from") << QByteArray() << v1 << true;
    QTest::newRow("v1 TCP6, trusted CIDR") << QByteArray("set_real_ip_from 127.0.0.0/8;")
                                           << QByteArray("PROXY TCP6 2001:db8::7 ::1 1234 443\r\n") << false;
    QTest::newRow("v1 UNKNOWN: the peer stays") << QByteArray("set_real_ip_from 127.0.0.1;") << QByteArray("PROXY UNKNOWN\r\n") << true;
    QTest::newRow("v2 inet, trusted") << QByteArray("set_real_ip_from 127.0.0.1;")
                                      << v2Header(0x21, ip4(192, 0, 2, 44), ip4(10, 0, 0, 1), 40000, 8443) << false;
    QByteArray v6(16, '\0');
    v6[0] = char(0x20);
    v6[1] = char(0x01);
    v6[2] = char(0x0d);
    v6[3] = char(0xb8);
    v6[15] = char(0x99);
    QTest::newRow("v2 inet6, trusted") << QByteArray("set_real_ip_from 127.0.0.1;") << v2Header(0x21, v6, v6, 1, 2) << false;
    QTest::newRow("v2 LOCAL: the peer stays") << QByteArray("set_real_ip_from 127.0.0.1;")
                                              << v2Header(0x20, ip4(192, 0, 2, 44), ip4(10, 0, 0, 1), 40000, 8443) << true;
}

// listen ... proxy_protocol with proxy_protocol on: the header a proxy forwards names the
// client realip chose, so what the upstream reads shows both steps at once.
void SideBySideProxyProtocolTest::listenerForwardsTheSame()
{
    QFETCH(QByteArray, trusted);
    QFETCH(QByteArray, header);
    QFETCH(bool, ephemeralSource);
    TestBackend echo(TestBackend::Mode::Echo);
    Pair pair;
    QString error;
    QVERIFY2(pair.start([&](quint16 port) -> QByteArray {
        return "    upstream backend { server " + echo.address().toUtf8() + "; }\n"
               "    server { listen 127.0.0.1:" + QByteArray::number(port) + " proxy_protocol; " + trusted
               + " proxy_protocol on; proxy_pass backend; }\n";
    }, &error), qPrintable(error));

    TestClient toNginx, toPortier;
    QVERIFY(toNginx.connectTo(pair.nginxPort, QStringLiteral("127.0.0.1")));
    QVERIFY(toPortier.connectTo(pair.portierPort, QStringLiteral("127.0.0.1")));
    QVERIFY(toNginx.sendAll(header + "after the header\n"));
    QVERIFY(toPortier.sendAll(header + "after the header\n"));
    const QByteArray nginxHeader = toNginx.readLine();
    const QByteArray portierHeader = toPortier.readLine();
    QVERIFY2(nginxHeader.startsWith("PROXY TCP"), nginxHeader.constData());
    QCOMPARE(normalizedHeader(portierHeader, pair.portierPort, ephemeralSource), normalizedHeader(nginxHeader, pair.nginxPort, ephemeralSource));
    // The client's own bytes follow, untouched: the received header was taken, no more.
    QCOMPARE(toPortier.readLine(), QByteArray("after the header\n"));
    QCOMPARE(toNginx.readLine(), QByteArray("after the header\n"));
}

// realip feeds the access phase: the carried address is denied or let in, in both.
void SideBySideProxyProtocolTest::carriedAddressMeetsAccessRules()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("a"));
    Pair pair;
    QString error;
    QVERIFY2(pair.start([&](quint16 port) -> QByteArray {
        return "    upstream backend { server " + backend.address().toUtf8() + "; }\n"
               "    server { listen 127.0.0.1:" + QByteArray::number(port) + " proxy_protocol; set_real_ip_from 127.0.0.1; "
               "deny 203.0.113.7; deny 2001:db8::/32; allow all; proxy_pass backend; }\n";
    }, &error), qPrintable(error));

    const QList<QByteArray> headers{
        "PROXY TCP4 203.0.113.7 127.0.0.1 1000 80\r\n",
        "PROXY TCP4 203.0.113.8 127.0.0.1 1000 80\r\n",
        "PROXY TCP6 2001:db8::5 ::1 1000 80\r\n",
        "PROXY TCP6 2001:db9::5 ::1 1000 80\r\n",
        v2Header(0x21, ip4(203, 0, 113, 7), ip4(127, 0, 0, 1), 1, 2),
        v2Header(0x20, ip4(203, 0, 113, 7), ip4(127, 0, 0, 1), 1, 2), // LOCAL: the peer 127.0.0.1 is judged
    };
    QStringList nginxOutcomes, portierOutcomes;
    for (const QByteArray &header : headers) {
        for (auto [port, outcomes] : {std::pair{pair.nginxPort, &nginxOutcomes}, std::pair{pair.portierPort, &portierOutcomes}}) {
            TestClient client;
            QVERIFY(client.connectTo(port, QStringLiteral("127.0.0.1")));
            QVERIFY(client.sendAll(header));
            *outcomes << (client.readLine().trimmed() == "a" ? QStringLiteral("in") : QStringLiteral("out"));
        }
    }
    QCOMPARE(portierOutcomes, nginxOutcomes);
    QCOMPARE(nginxOutcomes, QString(QStringLiteral("out in out in out in")).split(u' '));

    QStringList nginxDenials, portierDenials;
    for (const QString &line : nginxLogLines(pair.nginx).filter(QStringLiteral("access forbidden")))
        nginxDenials << normalizedErrorLogLine(line, pair.ports());
    for (const QString &line : pair.log->matching(QStringLiteral("access forbidden")))
        portierDenials << normalizedErrorLogLine(line, pair.ports());
    QCOMPARE(portierDenials, nginxDenials);
    QCOMPARE(nginxDenials.value(0), QStringLiteral("[error] access forbidden by rule while initializing session, client: 203.0.113.7, "
                                                   "server: 127.0.0.1:PORT"));
}

void SideBySideProxyProtocolTest::malformedOrMissingHeaderCloses_data()
{
    QTest::addColumn<QByteArray>("send");
    QTest::addColumn<QString>("logged"); // the words both write

    // Without a line end: nginx logs what it peeked, which a CRLF would split over lines.
    QTest::newRow("garbage") << QByteArray("GET / HTTP/1.0") << QStringLiteral("broken header");
    QTest::newRow("bad family") << QByteArray("PROXY TCP5 1.2.3.4 5.6.7.8 1 2") << QStringLiteral("broken header");
    QTest::newRow("v2 version 3") << v2Header(0x31, ip4(1, 2, 3, 4), ip4(5, 6, 7, 8), 1, 2) << QStringLiteral("unknown PROXY protocol version");
    QTest::newRow("v2 longer than 107 bytes") << v2Header(0x21, QByteArray(48, 'x'), QByteArray(48, 'y'), 1, 2)
                                              << QStringLiteral("header is too large");
    QTest::newRow("nothing: proxy_protocol_timeout") << QByteArray() << QStringLiteral("client timed out");
}

void SideBySideProxyProtocolTest::malformedOrMissingHeaderCloses()
{
    QFETCH(QByteArray, send);
    QFETCH(QString, logged);
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("a"));
    Pair pair;
    QString error;
    QVERIFY2(pair.start([&](quint16 port) -> QByteArray {
        return "    upstream backend { server " + backend.address().toUtf8() + "; }\n"
               "    server { listen 127.0.0.1:" + QByteArray::number(port) + " proxy_protocol; proxy_protocol_timeout 1s; "
               "proxy_pass backend; }\n";
    }, &error), qPrintable(error));

    for (quint16 port : pair.ports()) {
        TestClient client;
        QVERIFY(client.connectTo(port, QStringLiteral("127.0.0.1")));
        if (!send.isEmpty())
            QVERIFY(client.sendAll(send));
        QVERIFY2(client.waitForClose(10000), qPrintable(QStringLiteral("port %1 kept the connection open").arg(port)));
    }
    QCOMPARE(backend.accepted(), 0); // no upstream was chosen or connected

    QString nginxLine, portierLine;
    QTRY_VERIFY((nginxLine = nginxLogLines(pair.nginx).filter(logged).value(0)).size() > 0);
    QTRY_VERIFY((portierLine = pair.log->matching(logged).value(0)).size() > 0);
    QCOMPARE(normalizedErrorLogLine(portierLine, pair.ports()), normalizedErrorLogLine(nginxLine, pair.ports()));
    QVERIFY(normalizedErrorLogLine(nginxLine, pair.ports()).endsWith(QStringLiteral(" while reading PROXY protocol, client: 127.0.0.1, server: 127.0.0.1:PORT")));
}

QTEST_GUILESS_MAIN(SideBySideProxyProtocolTest)
#include "tst_sidebysideproxyprotocol.moc"
