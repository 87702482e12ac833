// The access log side by side with a real nginx (Debian's 1.22, 1 worker): nginx runs a
// hand-written stream {} with log_format and access_log, Portier runs what it imports from the
// same text, and the same sessions go through both: one relayed, one denied (403), one whose
// only server refuses (502), one whose only server is down (502, "no live upstreams": the
// group's name), one over limit_conn (503, REJECTED, beside the PASSED one), a UDP one and a
// denied UDP one; then TLS ($ssl_*, a failed handshake: 500), SNI preread and a PROXY header
// (and a malformed one: 400).
// Their lines must be the same, field by field, once what legitimately differs is set aside:
// times and durations keep only their shape (digits become 9), the client's port, the
// connection number and the pid only that they are numbers, and each side's listening ports
// their names.
#include "nginxerrorlog.h"
#include "nginxprefix.h"
#include "nginxprocess.h"
#include "testbackend.h"
#include "testclient.h"
#include "testudpbackend.h"

#include <engine.h>
#include <nginxexporter.h>
#include <nginximporter.h>

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QNetworkDatagram>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QSslSocket>
#include <QUdpSocket>

namespace {

// Every variable the access log knows, one field each, separated by '|'.
const QByteArray fields = "$remote_addr|$remote_port|$server_addr|$server_port|$protocol|$status|$bytes_sent|$bytes_received|"
                          "$session_time|$upstream_addr|$upstream_bytes_sent|$upstream_bytes_received|$upstream_connect_time|"
                          "$upstream_first_byte_time|$upstream_session_time|$proxy_protocol_addr|$proxy_protocol_port|$ssl_protocol|"
                          "$ssl_cipher|$ssl_server_name|$ssl_session_reused|$ssl_preread_server_name|$limit_conn_status|$time_local|"
                          "$time_iso8601|$msec|$connection|$pid|$binary_remote_addr";
// Fields whose digits differ from run to run (times), and ones that only have to be numbers.
const QList<int> shapeFields{8, 12, 13, 14, 23, 24, 25};
const QList<int> numberFields{1, 26, 27};
constexpr int serverPortField = 3;

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList normalized(const QByteArray &log, const QHash<quint16, QString> &portNames)
{
    QStringList out;
    static const QRegularExpression digits(QStringLiteral("\\d+"));
    static const QRegularExpression number(QStringLiteral("^\\d+$"));
    for (const QByteArray &line : log.split('\n')) {
        if (line.isEmpty())
            continue;
        QStringList parts = QString::fromLatin1(line).split(u'|');
        for (int i : shapeFields)
            parts[i].replace(digits, QStringLiteral("9"));
        for (int i : numberFields)
            parts[i] = number.match(parts.at(i)).hasMatch() ? QStringLiteral("N") : QStringLiteral("not a number: ") + parts.at(i);
        parts[serverPortField] = portNames.value(parts.at(serverPortField).toUShort(), parts.at(serverPortField));
        out << parts.join(u'|');
    }
    return out;
}

struct Ports
{
    quint16 open = 0, denied = 0, refused = 0, noLive = 0, limited = 0, udp = 0, udpDenied = 0, dryRun = 0;
    QList<quint16> tcp() const { return {open, denied, refused, noLive, limited, dryRun}; }
    QHash<quint16, QString> names() const
    {
        return {{open, QStringLiteral("OPEN")}, {denied, QStringLiteral("DENIED")}, {refused, QStringLiteral("REFUSED")},
                {noLive, QStringLiteral("NOLIVE")}, {limited, QStringLiteral("LIMITED")}, {udp, QStringLiteral("UDP")},
                {udpDenied, QStringLiteral("UDPDENIED")}, {dryRun, QStringLiteral("DRYRUN")}};
    }
    static Ports pick()
    {
        const quint16 udp = freeUdpPort();
        quint16 udpDenied = freeUdpPort();
        for (int i = 0; i < 10 && udpDenied == udp; ++i)
            udpDenied = freeUdpPort();
        return {findFreePort(), findFreePort(), findFreePort(), findFreePort(), findFreePort(), udp, udpDenied, findFreePort()};
    }
};

QByteArray streamBody(const Ports &p, const QString &logPath, const QString &backend, quint16 nowhere, const QString &udpBackend)
{
    auto port = [](quint16 n) { return QByteArray::number(n); };
    return "    log_format all '" + fields + "';\n"
           "    access_log " + logPath.toUtf8() + " all;\n"
           "    limit_conn_zone $binary_remote_addr zone=perip:1m;\n"
           "    upstream backend { server " + backend.toUtf8() + "; }\n"
           "    upstream refusing { server 127.0.0.1:" + port(nowhere) + "; }\n"
           "    upstream nolive { server 127.0.0.1:" + port(nowhere) + " down; }\n"
           "    upstream udpbackend { server " + udpBackend.toUtf8() + "; }\n"
           "    server { listen 127.0.0.1:" + port(p.open) + "; proxy_pass backend; }\n"
           "    server { listen 127.0.0.1:" + port(p.denied) + "; proxy_pass backend; deny all; }\n"
           "    server { listen 127.0.0.1:" + port(p.refused) + "; proxy_pass refusing; }\n"
           "    server { listen 127.0.0.1:" + port(p.noLive) + "; proxy_pass nolive; }\n"
           "    server { listen 127.0.0.1:" + port(p.limited) + "; proxy_pass backend; limit_conn perip 1; }\n"
           "    server { listen 127.0.0.1:" + port(p.udp) + " udp; proxy_pass udpbackend; proxy_responses 1; }\n"
           "    server { listen 127.0.0.1:" + port(p.udpDenied) + " udp; proxy_pass udpbackend; deny all; }\n"
           "    server { listen 127.0.0.1:" + port(p.dryRun) + "; proxy_pass backend; limit_conn perip 1; limit_conn_dry_run on; }\n";
}

// The same sessions, in the same order, waiting for each line before the next session.
bool runSessions(const Ports &p, const QString &logPath, QString *error)
{
    int expected = 0;
    auto waitLines = [&](int lines) {
        expected = lines;
        const QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            if (readAll(logPath).count('\n') >= lines)
                return true;
            QTest::qWait(10);
        }
        *error = QStringLiteral("%1 holds %2 lines, expected %3").arg(logPath).arg(readAll(logPath).count('\n')).arg(lines);
        return false;
    };
    {
        TestClient client;
        if (!client.connectTo(p.open) || client.readLine().trimmed() != "a" || !client.sendAll("hello\n")
            || client.readLine().trimmed() != "hello") {
            *error = QStringLiteral("the relayed session did not echo");
            return false;
        }
    }
    if (!waitLines(1))
        return false;
    for (quint16 port : {p.denied, p.refused, p.noLive}) {
        TestClient client;
        bool closed = false;
        if (!client.connectTo(port) || (client.readUntilClosed(5000, &closed), !closed)) {
            *error = QStringLiteral("port %1 was not closed").arg(port);
            return false;
        }
        if (!waitLines(expected + 1))
            return false;
    }
    {
        TestClient first;
        if (!first.connectTo(p.limited) || first.readLine().trimmed() != "a") {
            *error = QStringLiteral("the first limited session did not get in");
            return false;
        }
        TestClient second;
        bool closed = false;
        if (!second.connectTo(p.limited) || (second.readUntilClosed(5000, &closed), !closed)) {
            *error = QStringLiteral("the second limited session was not refused");
            return false;
        }
        if (!waitLines(expected + 1))
            return false;
    }
    if (!waitLines(expected + 1))
        return false;
    QUdpSocket udp;
    udp.writeDatagram("ping", QHostAddress::LocalHost, p.udp);
    if (!udp.waitForReadyRead(5000) || udp.receiveDatagram().data() != "ping") {
        *error = QStringLiteral("no UDP reply");
        return false;
    }
    if (!waitLines(expected + 1))
        return false;
    udp.writeDatagram("denied?", QHostAddress::LocalHost, p.udpDenied); // nginx counts the datagram in $bytes_received
    if (!waitLines(expected + 1))
        return false;
    {
        // Dry run: both get in; the second is logged REJECTED_DRY_RUN (it closes first).
        TestClient first;
        TestClient second;
        if (!first.connectTo(p.dryRun) || first.readLine().trimmed() != "a" || !second.connectTo(p.dryRun)
            || second.readLine().trimmed() != "a") {
            *error = QStringLiteral("a dry-run session did not get in");
            return false;
        }
        second.shutdownWrite();
        bool closed = false;
        second.readUntilClosed(5000, &closed);
        if (!waitLines(expected + 1))
            return false;
    }
    return waitLines(expected + 1);
}

} // namespace

class SideBySideAccessLogTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sameLinesAsNginx();
    void tlsAndProxyProtocolLinesAsNginx();
    void exportedConfigPassesNginxTest();
};

void SideBySideAccessLogTest::initTestCase()
{
#if defined(Q_OS_WIN)
    QSKIP("needs Debian's nginx and its stream module (Linux only)");
#endif
    QString why;
    QVERIFY2(NginxProcess::isAvailable(&why), qPrintable(why)); // a missing nginx fails, never skips
}

void SideBySideAccessLogTest::sameLinesAsNginx()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("a"));
    TestUdpBackend udpBackend(TestUdpBackend::Mode::Echo);
    const quint16 nowhere = findFreePort(); // nothing listens there: connect() is refused
    const Ports nginxPorts = Ports::pick();
    const Ports portierPorts = Ports::pick();

    NginxProcess nginx;
    const QString nginxLog = nginx.prefix() + QStringLiteral("/access.log");
    QString error;
    QVERIFY2(nginx.start(streamBody(nginxPorts, nginxLog, backend.address(), nowhere, udpBackend.address()), nginxPorts.tcp(), &error),
             qPrintable(error));

    QTemporaryDir dir;
    const QString portierLog = dir.filePath(QStringLiteral("access.log"));
    const NginxImporter::Result imported = NginxImporter::importText(
        "stream {\n" + streamBody(portierPorts, portierLog, backend.address(), nowhere, udpBackend.address()) + "}\n",
        QStringLiteral("nginx.conf"), QDir::tempPath());
    QVERIFY2(!imported.hasErrors(), qPrintable(imported.issues.value(0).message));
    Config config = imported.config;
    config.workers = 1;
    Engine engine;
    engine.errorLog()->setStderrEnabled(false);
    const Engine::ApplyResult applied = engine.apply(config);
    QVERIFY2(applied.ok(), qPrintable(applied.issues.value(0).toString()));

    QVERIFY2(runSessions(nginxPorts, nginxLog, &error), qPrintable(QStringLiteral("nginx: ") + error));
    QVERIFY2(runSessions(portierPorts, portierLog, &error), qPrintable(QStringLiteral("Portier: ") + error));

    const QStringList nginxLines = normalized(readAll(nginxLog), nginxPorts.names());
    const QStringList portierLines = normalized(readAll(portierLog), portierPorts.names());
    if (qEnvironmentVariableIsSet("PORTIER_SHOW_LINES"))
        qInfo().noquote() << "nginx:\n" << readAll(nginxLog) << "Portier:\n" << readAll(portierLog);
    QCOMPARE(nginxLines.size(), 10); // else the comparison proves little
    for (qsizetype i = 0; i < nginxLines.size(); ++i) {
        const QStringList n = nginxLines.at(i).split(u'|');
        const QStringList p = portierLines.value(i).split(u'|');
        for (qsizetype f = 0; f < n.size(); ++f) {
            if (p.value(f) != n.at(f))
                QFAIL(qPrintable(QStringLiteral("line %1, %2: Portier \"%3\", nginx \"%4\"\n  Portier: %5\n  nginx:   %6")
                                     .arg(i + 1)
                                     .arg(QString::fromLatin1(fields.split('|').value(f)), p.value(f), n.at(f), portierLines.value(i),
                                          nginxLines.at(i))));
        }
    }
    QCOMPARE(portierLines, nginxLines);
}

void SideBySideAccessLogTest::exportedConfigPassesNginxTest()
{
    const QByteArray text = "stream {\n"
                            "    log_format basic '$remote_addr [$time_local] $protocol $status $bytes_sent $bytes_received $session_time';\n"
                            "    log_format j escape=json '{\"addr\":\"$remote_addr\",\"up\":\"$upstream_addr\"}';\n"
                            "    log_format n escape=none '$ssl_preread_server_name';\n"
                            "    server { listen 127.0.0.1:7001; proxy_pass 127.0.0.1:9001; access_log /tmp/portier-a.log basic; }\n"
                            "    server { listen 127.0.0.1:7002; proxy_pass 127.0.0.1:9001;\n"
                            "             access_log /tmp/portier-b.log j buffer=32k flush=1m30s if=$upstream_addr; }\n"
                            "    server { listen 127.0.0.1:7003; proxy_pass 127.0.0.1:9001; access_log /tmp/portier-c.log n; }\n"
                            "}\n";
    const NginxImporter::Result imported = NginxImporter::importText(text, QStringLiteral("nginx.conf"), QDir::tempPath());
    QVERIFY2(!imported.hasErrors(), qPrintable(imported.issues.value(0).message));
    const NginxExporter::Result exported = NginxExporter::exportConfig(imported.config);
    QVERIFY2(exported.ok(), qPrintable(exported.errors.value(0).message));
    NginxPrefix prefix;
    QVERIFY(prefix.isValid());
    QString output;
    QVERIFY2(prefix.checkSnippet(QStringLiteral("export"), exported.text.toUtf8(), &output), qPrintable(output + QStringLiteral("\n") + exported.text));
}

namespace {

struct TlsPorts
{
    quint16 tls = 0, preread = 0, proxied = 0;
    QList<quint16> all() const { return {tls, preread, proxied}; }
};

QByteArray tlsStreamBody(const TlsPorts &p, const QString &logPath, const QString &backend, const NginxPrefix &keys)
{
    auto port = [](quint16 n) { return QByteArray::number(n); };
    return "    log_format tls '$status|$protocol|$ssl_protocol|$ssl_cipher|$ssl_server_name|$ssl_session_reused|$bytes_sent|"
           "$bytes_received|$upstream_addr|$proxy_protocol_addr|$proxy_protocol_port|$ssl_preread_server_name|$remote_addr';\n"
           "    log_format pre '$status|$ssl_preread_server_name|$upstream_addr|$ssl_protocol|$proxy_protocol_addr';\n"
           "    upstream backend { server " + backend.toUtf8() + "; }\n"
           "    map $ssl_preread_server_name $target { pre.example backend; default backend; }\n"
           "    server { listen 127.0.0.1:" + port(p.tls) + " ssl; ssl_certificate " + keys.filePath(QStringLiteral("site.pem")).toUtf8() +
           "; ssl_certificate_key " + keys.filePath(QStringLiteral("site.key")).toUtf8() + "; ssl_protocols TLSv1.2 TLSv1.3; proxy_pass backend; access_log " +
           logPath.toUtf8() + " tls; }\n"
           "    server { listen 127.0.0.1:" + port(p.preread) + "; ssl_preread on; proxy_pass $target; access_log " + logPath.toUtf8() + " pre; }\n"
           "    server { listen 127.0.0.1:" + port(p.proxied) + " proxy_protocol; proxy_pass backend; access_log " + logPath.toUtf8() + " tls; }\n";
}

bool tlsSession(quint16 port, const QString &serverName, QString *error)
{
    QSslSocket client;
    client.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (serverName.isEmpty())
        client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port); // an address: no SNI is sent
    else
        client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port, serverName);
    if (!client.waitForEncrypted(10000)) {
        *error = QStringLiteral("TLS to %1: %2").arg(port).arg(client.errorString());
        return false;
    }
    QByteArray received;
    const QDeadlineTimer deadline(10000);
    client.write("hi\n");
    while (!received.contains("hi\n") && !deadline.hasExpired() && client.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
        received += client.readAll();
    if (received != "a\nhi\n") {
        *error = QStringLiteral("TLS to %1 received \"%2\"").arg(port).arg(QString::fromLatin1(received));
        return false;
    }
    client.disconnectFromHost();
    return true;
}

bool tlsSessions(const TlsPorts &p, const QString &logPath, QString *error)
{
    auto waitLines = [&](int lines) {
        const QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            if (readAll(logPath).count('\n') >= lines)
                return true;
            QTest::qWait(10);
        }
        *error = QStringLiteral("%1 holds %2 lines, expected %3").arg(logPath).arg(readAll(logPath).count('\n')).arg(lines);
        return false;
    };
    if (!tlsSession(p.tls, QStringLiteral("tls.example"), error) || !waitLines(1))
        return false;
    if (!tlsSession(p.tls, QString(), error) || !waitLines(2))
        return false;
    {
        // A ClientHello naming pre.example, read (not terminated) and relayed to the plain
        // backend, whose "a\n" ends the client's handshake.
        QSslSocket client;
        client.setPeerVerifyMode(QSslSocket::VerifyNone);
        client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), p.preread, QStringLiteral("pre.example"));
        client.waitForEncrypted(5000);
        client.abort();
    }
    if (!waitLines(3))
        return false;
    TestClient client;
    if (!client.connectTo(p.proxied) || !client.sendAll("PROXY TCP4 203.0.113.7 127.0.0.1 4444 443\r\nhello\n")
        || client.readLine().trimmed() != "a" || client.readLine().trimmed() != "hello") {
        *error = QStringLiteral("the PROXY protocol session did not echo");
        return false;
    }
    client.shutdownWrite();
    bool closed = false;
    client.readUntilClosed(5000, &closed);
    if (!waitLines(4))
        return false;
    // Failures: a client that speaks no TLS to the TLS port (500), a malformed PROXY header (400).
    const std::pair<quint16, QByteArray> failures[] = {{p.tls, "hello, this is not TLS\r\n\r\n"}, {p.proxied, "PROXY GARBAGE\r\n"}};
    int lines = 4;
    for (const auto &[port, bytes] : failures) {
        TestClient bad;
        if (!bad.connectTo(port) || !bad.sendAll(bytes)) {
            *error = QStringLiteral("could not send to %1").arg(port);
            return false;
        }
        bad.readUntilClosed(5000, &closed);
        if (!waitLines(++lines))
            return false;
    }
    return true;
}

} // namespace

void SideBySideAccessLogTest::tlsAndProxyProtocolLinesAsNginx()
{
    QVERIFY2(QSslSocket::supportsSsl(), "Qt's TLS backend is missing: install Qt's OpenSSL plugin");
    NginxPrefix keys;
    QString error;
    QVERIFY2(keys.makeCertificate(QStringLiteral("site.pem"), QStringLiteral("site.key"), &error), qPrintable(error));
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("a"));
    const TlsPorts nginxPorts{findFreePort(), findFreePort(), findFreePort()};
    const TlsPorts portierPorts{findFreePort(), findFreePort(), findFreePort()};

    NginxProcess nginx;
    const QString nginxLog = nginx.prefix() + QStringLiteral("/access.log");
    QVERIFY2(nginx.start(tlsStreamBody(nginxPorts, nginxLog, backend.address(), keys), nginxPorts.all(), &error), qPrintable(error));
    QTemporaryDir dir;
    const QString portierLog = dir.filePath(QStringLiteral("access.log"));
    const NginxImporter::Result imported = NginxImporter::importText("stream {\n" + tlsStreamBody(portierPorts, portierLog, backend.address(), keys)
                                                                         + "}\n",
                                                                     QStringLiteral("nginx.conf"), QDir::tempPath());
    QVERIFY2(!imported.hasErrors(), qPrintable(imported.issues.value(0).message));
    Config config = imported.config;
    config.workers = 1;
    Engine engine;
    engine.errorLog()->setStderrEnabled(false);
    const Engine::ApplyResult applied = engine.apply(config);
    QVERIFY2(applied.ok(), qPrintable(applied.issues.value(0).toString()));

    QVERIFY2(tlsSessions(nginxPorts, nginxLog, &error), qPrintable(QStringLiteral("nginx: ") + error));
    QVERIFY2(tlsSessions(portierPorts, portierLog, &error), qPrintable(QStringLiteral("Portier: ") + error));
    if (qEnvironmentVariableIsSet("PORTIER_SHOW_LINES"))
        qInfo().noquote() << "nginx:\n" << readAll(nginxLog) << "Portier:\n" << readAll(portierLog);
    const QList<QByteArray> nginxLines = readAll(nginxLog).trimmed().split('\n');
    QCOMPARE(nginxLines.size(), 6);
    QCOMPARE(readAll(portierLog).trimmed().split('\n'), nginxLines);
}

QTEST_GUILESS_MAIN(SideBySideAccessLogTest)
#include "tst_sidebysideaccesslog.moc"
