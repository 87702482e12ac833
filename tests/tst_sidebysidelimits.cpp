// limit_conn and the proxy rates side by side with a real nginx (Debian's 1.22, 1 worker):
// nginx runs a hand-written stream {}, Portier runs what it imports from the same text. The
// same sources must get through limit_conn (and be logged in the same words), and a 1 MB
// transfer under proxy_upload_rate / proxy_download_rate must take as long through Portier
// as through nginx, within 20%.
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
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkDatagram>
#include <QRegularExpression>
#include <QTest>
#include <QUdpSocket>
#include <functional>

namespace {

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
        nginxLog = std::make_unique<NginxErrorLog>(nginx.prefix() + QStringLiteral("/error.log"));
        const NginxImporter::Result imported = NginxImporter::importText("stream {\n" + streamBody(portierTcp, portierUdp) + "}\n",
                                                                         QStringLiteral("nginx.conf"), QDir::tempPath());
        if (imported.hasErrors()) {
            *error = QStringLiteral("import: ") + imported.issues.value(0).message;
            return false;
        }
        Config config = imported.config;
        config.workers = 1;
        config.errorLog.level = QStringLiteral("info");
        log = std::make_unique<LogCapture>(engine.errorLog());
        const Engine::ApplyResult result = engine.apply(config);
        if (!result.ok())
            *error = result.issues.value(0).toString();
        return result.ok();
    }

    QList<quint16> ports() const { return {nginxTcp, nginxUdp, portierTcp, portierUdp}; }

    NginxProcess nginx;
    Engine engine;
    std::unique_ptr<NginxErrorLog> nginxLog;
    std::unique_ptr<LogCapture> log;
    quint16 nginxTcp = 0, nginxUdp = 0, portierTcp = 0, portierUdp = 0;
};

// Opens connections from the given sources in order, keeping each open; "in" when the
// backend's name arrives, "out" when the proxy closes it first.
QStringList connectInTurn(quint16 port, const QList<int> &sources, std::vector<std::unique_ptr<TestClient>> *open)
{
    QStringList outcomes;
    for (int source : sources) {
        const QString address = QStringLiteral("127.0.0.%1").arg(source);
        auto client = std::make_unique<TestClient>();
        if (!client->connectTo(port, address)) {
            outcomes << address + QStringLiteral(" no connect");
            continue;
        }
        outcomes << address + (client->readLine().trimmed() == "a" ? QStringLiteral(" in") : QStringLiteral(" out"));
        open->push_back(std::move(client));
    }
    return outcomes;
}

// Seconds a 1 MB upload takes to reach the backend through the proxy at `port`.
double uploadSeconds(quint16 port, qint64 bytes, QString *error)
{
    TestClient client;
    QElapsedTimer timer;
    timer.start();
    if (!client.connectTo(port) || !client.sendAll(QByteArray(bytes, 'u')) || !client.shutdownWrite()) {
        *error = QStringLiteral("could not send");
        return 0;
    }
    const QByteArray reply = client.readLine(30000);
    if (reply.trimmed() != "got " + QByteArray::number(bytes) + " bytes")
        *error = QStringLiteral("the backend said \"%1\"").arg(QString::fromLatin1(reply.trimmed()));
    return double(timer.nsecsElapsed()) / 1e9;
}

// Seconds a 1 MB download from the backend takes to reach the client.
double downloadSeconds(quint16 port, qint64 bytes, QString *error)
{
    TestClient client;
    QElapsedTimer timer;
    timer.start();
    if (!client.connectTo(port)) {
        *error = QStringLiteral("could not connect");
        return 0;
    }
    bool closed = false;
    const QByteArray data = client.readUntilClosed(30000, &closed);
    if (data.size() != bytes || !closed)
        *error = QStringLiteral("received %1 bytes, closed: %2").arg(data.size()).arg(closed);
    return double(timer.nsecsElapsed()) / 1e9;
}

} // namespace

class SideBySideLimitsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void limitConnLetsTheSameSourcesIn_data();
    void limitConnLetsTheSameSourcesIn();
    void limitConnCountsUdpSessions();
    void rateTakesAsLongAsNginx_data();
    void rateTakesAsLongAsNginx();
    void udpDownloadRateTakesAsLongAsNginx();
    void udpUploadRateDropsTheSameDatagrams();
};

void SideBySideLimitsTest::initTestCase()
{
#if defined(Q_OS_WIN)
    QSKIP("needs Debian's nginx and its stream module (Linux only)");
#endif
    QString why;
    QVERIFY2(NginxProcess::isAvailable(&why), qPrintable(why)); // a missing nginx fails, never skips
}

void SideBySideLimitsTest::limitConnLetsTheSameSourcesIn_data()
{
    QTest::addColumn<QByteArray>("stream"); // at stream level
    QTest::addColumn<QByteArray>("server"); // in the server
    QTest::addColumn<QList<int>>("sources");
    const QByteArray perip = "limit_conn_zone $binary_remote_addr zone=perip:1m;";
    const QList<int> sources{2, 2, 2, 3, 4, 4, 3, 2, 5, 4};
    QTest::newRow("2 per address") << perip << QByteArray("limit_conn perip 2;") << sources;
    QTest::newRow("per address and per server") << perip + " limit_conn_zone $server_addr$server_port zone=all:64k;"
                                                << QByteArray("limit_conn perip 2; limit_conn all 5; limit_conn_log_level warn;") << sources;
    QTest::newRow("text key, inherited from stream") << QByteArray("limit_conn_zone \"$remote_addr-$protocol\" zone=mix:64k; limit_conn mix 1;")
                                                     << QByteArray() << sources;
    QTest::newRow("dry run lets all in, logs the same") << perip << QByteArray("limit_conn perip 1; limit_conn_dry_run on;") << sources;
}

void SideBySideLimitsTest::limitConnLetsTheSameSourcesIn()
{
    QFETCH(QByteArray, stream);
    QFETCH(QByteArray, server);
    QFETCH(QList<int>, sources);
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("a"));
    Pair pair;
    QString error;
    QVERIFY2(pair.start([&](quint16 tcp, quint16) -> QByteArray {
        return "    " + stream + "\n    upstream backend { server " + backend.address().toUtf8() + "; }\n"
               "    server { listen 127.0.0.1:" + QByteArray::number(tcp) + "; proxy_pass backend; " + server + " }\n";
    }, &error), qPrintable(error));

    std::vector<std::unique_ptr<TestClient>> nginxOpen, portierOpen;
    const QStringList nginxOutcomes = connectInTurn(pair.nginxTcp, sources, &nginxOpen);
    const QStringList portierOutcomes = connectInTurn(pair.portierTcp, sources, &portierOpen);
    QCOMPARE(portierOutcomes, nginxOutcomes);
    QVERIFY2(nginxOutcomes.filter(QStringLiteral(" in")).size() > 0, "some source should get through, or the comparison proves little");
    const bool dryRun = server.contains("dry_run");
    QVERIFY2(dryRun || nginxOutcomes.filter(QStringLiteral(" out")).size() > 0, "some source should be refused, or the comparison proves little");

    // The refusals in nginx's words, time, pid, connection number and ports aside.
    QStringList nginxLines, portierLines;
    QTRY_VERIFY(pair.nginxLog->lines().filter(QStringLiteral("limiting connections")).size()
                == pair.log->matching(QStringLiteral("limiting connections")).size());
    for (const QString &line : pair.nginxLog->lines().filter(QStringLiteral("limiting connections")))
        nginxLines << normalizedErrorLogLine(line, pair.ports());
    for (const QString &line : pair.log->matching(QStringLiteral("limiting connections")))
        portierLines << normalizedErrorLogLine(line, pair.ports());
    QCOMPARE(portierLines, nginxLines);
    QVERIFY(!nginxLines.isEmpty());

    // A connection that ends gives its place back: after closing every client, 127.0.0.2
    // gets in again on both (each proxy notices the close in its own time: bounded retries).
    nginxOpen.clear();
    portierOpen.clear();
    for (quint16 port : {pair.nginxTcp, pair.portierTcp}) {
        bool in = false;
        for (int attempt = 0; attempt < 100 && !in; ++attempt) {
            TestClient client;
            QVERIFY(client.connectTo(port, QStringLiteral("127.0.0.2")));
            in = client.readLine().trimmed() == "a";
            if (!in)
                QTest::qWait(20); // let the proxy see the earlier closes
        }
        QVERIFY2(in, qPrintable(QStringLiteral("127.0.0.2 stays refused on port %1 after its connections closed").arg(port)));
    }
}

void SideBySideLimitsTest::limitConnCountsUdpSessions()
{
    // A UDP session is one client address and port; nginx runs limit_conn for each new one.
    TestUdpBackend backend(TestUdpBackend::Mode::Named, QStringLiteral("u"));
    Pair pair;
    QString error;
    QVERIFY2(pair.start([&](quint16 tcp, quint16 udp) -> QByteArray {
        // The TCP server only tells when nginx is up (its start waits for a listening TCP port).
        return "    limit_conn_zone $binary_remote_addr zone=perip:1m;\n"
               "    server { listen 127.0.0.1:" + QByteArray::number(tcp) + "; proxy_pass " + backend.address().toUtf8() + "; }\n"
               "    server { listen 127.0.0.1:" + QByteArray::number(udp) + " udp; proxy_pass " + backend.address().toUtf8()
               + "; limit_conn perip 2; }\n";
    }, &error), qPrintable(error));

    auto outcome = [](QUdpSocket &socket, quint16 port, const std::function<int()> &refusals, int before) {
        socket.writeDatagram("ping", QHostAddress::LocalHost, port);
        const QDeadlineTimer deadline(5000);
        while (!deadline.hasExpired()) {
            if (socket.hasPendingDatagrams() || socket.waitForReadyRead(20))
                return socket.receiveDatagram().data() == "u:ping" ? QStringLiteral("in") : QStringLiteral("garbled");
            if (refusals() > before)
                return QStringLiteral("out");
        }
        return QStringLiteral("nothing");
    };
    const QList<int> sources{2, 2, 2, 3, 2};
    QStringList nginxOutcomes, portierOutcomes;
    std::vector<std::unique_ptr<QUdpSocket>> sockets;
    auto nginxRefusals = [&] { return int(pair.nginxLog->lines().filter(QStringLiteral("limiting connections")).size()); };
    auto portierRefusals = [&] { return pair.log->count(QStringLiteral("limiting connections")); };
    for (int source : sources) {
        for (auto [port, outcomes, refusals] : {std::tuple{pair.nginxUdp, &nginxOutcomes, std::function<int()>(nginxRefusals)},
                                                std::tuple{pair.portierUdp, &portierOutcomes, std::function<int()>(portierRefusals)}}) {
            auto socket = std::make_unique<QUdpSocket>();
            QVERIFY(socket->bind(QHostAddress(QStringLiteral("127.0.0.%1").arg(source)), 0));
            *outcomes << QStringLiteral("127.0.0.%1 %2").arg(source).arg(outcome(*socket, port, refusals, refusals()));
            sockets.push_back(std::move(socket));
        }
    }
    QCOMPARE(portierOutcomes, nginxOutcomes);
    QVERIFY(nginxOutcomes.filter(QStringLiteral(" out")).size() > 0);
    QStringList nginxLines, portierLines;
    for (const QString &line : pair.nginxLog->lines().filter(QStringLiteral("limiting connections")))
        nginxLines << normalizedErrorLogLine(line, pair.ports());
    for (const QString &line : pair.log->matching(QStringLiteral("limiting connections")))
        portierLines << normalizedErrorLogLine(line, pair.ports());
    QCOMPARE(portierLines, nginxLines);
}

void SideBySideLimitsTest::rateTakesAsLongAsNginx_data()
{
    QTest::addColumn<QByteArray>("directive");
    QTest::newRow("proxy_upload_rate 512k") << QByteArray("proxy_upload_rate");
    QTest::newRow("proxy_download_rate 512k") << QByteArray("proxy_download_rate");
}

void SideBySideLimitsTest::rateTakesAsLongAsNginx()
{
    QFETCH(QByteArray, directive);
    const bool upload = directive == "proxy_upload_rate";
    constexpr qint64 megabyte = 1024 * 1024;
    TestBackend backend(upload ? TestBackend::Mode::ReplyAfterEof : TestBackend::Mode::Source);
    backend.sourceBytes = megabyte;
    Pair pair;
    QString error;
    QVERIFY2(pair.start([&](quint16 tcp, quint16) -> QByteArray {
        return "    upstream backend { server " + backend.address().toUtf8() + "; }\n"
               "    server { listen 127.0.0.1:" + QByteArray::number(tcp) + "; proxy_pass backend; proxy_half_close on; " + directive
               + " 512k; }\n"; // half-close: the backend answers after the upload's FIN
    }, &error), qPrintable(error));

    auto measure = upload ? uploadSeconds : downloadSeconds;
    const double nginxSeconds = measure(pair.nginxTcp, megabyte, &error);
    QVERIFY2(error.isEmpty(), qPrintable(QStringLiteral("nginx: ") + error));
    const double portierSeconds = measure(pair.portierTcp, megabyte, &error);
    QVERIFY2(error.isEmpty(), qPrintable(QStringLiteral("Portier: ") + error));
    const double ratio = portierSeconds / nginxSeconds;
    qInfo("%s 512k over 1 MB: nginx %.3f s (%.0f KiB/s), Portier %.3f s (%.0f KiB/s), ratio %.3f", directive.constData(), nginxSeconds,
          1024 / nginxSeconds, portierSeconds, 1024 / portierSeconds, ratio);
    QVERIFY2(ratio > 0.8 && ratio < 1.2, qPrintable(QStringLiteral("Portier took %1 s, nginx %2 s").arg(portierSeconds).arg(nginxSeconds)));
}

void SideBySideLimitsTest::udpDownloadRateTakesAsLongAsNginx()
{
    // One 4 KiB request, 16 replies of 4098 bytes (64 KiB) at 32k/s: about 2 s each. The
    // replies wait in the proxy's socket buffer while its read is delayed, as in nginx (16
    // fit in Linux's default buffer).
    constexpr int replies = 16;
    TestUdpBackend backend(TestUdpBackend::Mode::Named, QStringLiteral("u"), replies);
    Pair pair;
    QString error;
    QVERIFY2(pair.start([&](quint16 tcp, quint16 udp) -> QByteArray {
        return "    server { listen 127.0.0.1:" + QByteArray::number(tcp) + "; proxy_pass " + backend.address().toUtf8() + "; }\n"
               "    server { listen 127.0.0.1:" + QByteArray::number(udp) + " udp; proxy_pass " + backend.address().toUtf8()
               + "; proxy_download_rate 32k; }\n";
    }, &error), qPrintable(error));
    auto seconds = [&](quint16 port) {
        QUdpSocket socket;
        socket.bind(QHostAddress::LocalHost, 0);
        QElapsedTimer timer;
        timer.start();
        socket.writeDatagram(QByteArray(4096, 'd'), QHostAddress::LocalHost, port);
        int received = 0;
        const QDeadlineTimer deadline(20000);
        while (received < replies && !deadline.hasExpired()) {
            if (socket.hasPendingDatagrams() || socket.waitForReadyRead(100)) {
                socket.receiveDatagram();
                ++received;
            }
        }
        return received == replies ? double(timer.nsecsElapsed()) / 1e9 : -1.0;
    };
    const double nginxSeconds = seconds(pair.nginxUdp);
    const double portierSeconds = seconds(pair.portierUdp);
    qInfo("udp proxy_download_rate 32k over 64 KiB: nginx %.3f s, Portier %.3f s", nginxSeconds, portierSeconds);
    QVERIFY2(nginxSeconds > 0 && portierSeconds > 0, "every reply should arrive");
    const double ratio = portierSeconds / nginxSeconds;
    QVERIFY2(ratio > 0.8 && ratio < 1.2, qPrintable(QStringLiteral("Portier took %1 s, nginx %2 s").arg(portierSeconds).arg(nginxSeconds)));
}

void SideBySideLimitsTest::udpUploadRateDropsTheSameDatagrams()
{
    // At 4k/s a 1 KiB datagram delays the client's next read by 250 ms; nginx drops what
    // arrives meanwhile. Ten sent back to back: the same ones must reach the backend.
    TestUdpBackend backend(TestUdpBackend::Mode::Named, QStringLiteral("u"));
    Pair pair;
    QString error;
    QVERIFY2(pair.start([&](quint16 tcp, quint16 udp) -> QByteArray {
        return "    server { listen 127.0.0.1:" + QByteArray::number(tcp) + "; proxy_pass " + backend.address().toUtf8() + "; }\n"
               "    server { listen 127.0.0.1:" + QByteArray::number(udp) + " udp; proxy_pass " + backend.address().toUtf8()
               + "; proxy_upload_rate 4k; }\n";
    }, &error), qPrintable(error));
    auto passed = [&](quint16 port) {
        QUdpSocket socket;
        socket.bind(QHostAddress::LocalHost, 0);
        for (int i = 0; i < 10; ++i)
            socket.writeDatagram("b" + QByteArray::number(i) + QByteArray(1022, 'x'), QHostAddress::LocalHost, port);
        // Probes until one gets through, so every earlier datagram has had its chance.
        QStringList through;
        bool probed = false;
        for (int round = 0; round < 100 && !probed; ++round) {
            socket.writeDatagram("probe", QHostAddress::LocalHost, port);
            const QDeadlineTimer wait(50);
            while (!wait.hasExpired() && !probed) {
                if (!socket.hasPendingDatagrams() && !socket.waitForReadyRead(10))
                    continue;
                const QByteArray reply = socket.receiveDatagram().data();
                if (reply == "u:probe")
                    probed = true;
                else
                    through << QString::fromLatin1(reply.mid(2, 2));
            }
        }
        return probed ? through : QStringList{QStringLiteral("no probe came back")};
    };
    const QStringList nginxThrough = passed(pair.nginxUdp);
    const QStringList portierThrough = passed(pair.portierUdp);
    qInfo("udp proxy_upload_rate 4k, 10 datagrams back to back: through nginx %s, through Portier %s",
          qPrintable(nginxThrough.join(u' ')), qPrintable(portierThrough.join(u' ')));
    QCOMPARE(portierThrough, nginxThrough);
    QVERIFY2(nginxThrough.size() < 10, "the rate should have dropped some, or the comparison proves little");
}

QTEST_GUILESS_MAIN(SideBySideLimitsTest)
#include "tst_sidebysidelimits.moc"
