// Real clients against a real portierd's API: Debian's nginx Prometheus exporter in its
// nginx Plus mode, Prometheus's promtool on /metrics, and portierd's own --status. Their
// figures must equal the bytes and connections the test really sent.
#include "apiconfig.h"
#include "portierdprocess.h"
#include "testbackend.h"
#include "testclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

class ApiClientsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void exporterAndPromtoolSeeTheBytesSent();
    void statusNeedsTheToken();
    void drainAndEnableFromTheShell();
    void checkRefusesARemoteApiWithoutTls();
    void newTokenPrintsItsDigest();

private:
    QByteArray get(quint16 port, const QString &path);
    QString writeConfig(const QString &name, const QString &text);
    // Sends size bytes through the listener and reads them back (echo backend).
    bool roundTrip(quint16 port, qsizetype size);

    QNetworkAccessManager m_network;
    QTemporaryDir m_dir;
};

void ApiClientsTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(PortierdProcess::binary()), "portierd is not built ($PORTIERD): run the tests through ctest"); // fails, never skips
}

QByteArray ApiClientsTest::get(quint16 port, const QString &path)
{
    QNetworkReply *reply = m_network.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(20000))
        return QByteArray();
    const QByteArray body = reply->error() == QNetworkReply::NoError ? reply->readAll() : QByteArray();
    reply->deleteLater();
    return body;
}

QString ApiClientsTest::writeConfig(const QString &name, const QString &text)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(text.toUtf8());
    return path;
}

bool ApiClientsTest::roundTrip(quint16 port, qsizetype size)
{
    TestClient client;
    if (!client.connectTo(port) || !client.sendAll(QByteArray(size, 'e')))
        return false;
    qsizetype back = 0;
    while (back < size) {
        const QByteArray piece = client.readSome(size - back, 5000);
        if (piece.isEmpty())
            return false;
        back += piece.size();
    }
    return true;
}

void ApiClientsTest::exporterAndPromtoolSeeTheBytesSent()
{
#if defined(Q_OS_WIN)
    QSKIP("Debian's exporter and promtool are Linux programs; the Linux suite runs this against portierd");
#endif
    for (const char *tool : {"prometheus-nginx-exporter", "promtool"}) {
        QVERIFY2(!QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty(),
                 qPrintable(QStringLiteral("%1 is missing: scripts/install-deps.sh --test installs it").arg(QString::fromLatin1(tool))));
    }
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 listenPort = findFreePort();
    const quint16 apiPort = findFreePort();
    const QString path = writeConfig(QStringLiteral("exporter.json"), QStringLiteral(R"({
  "upstreams": [{"name": "backend", "servers": [{"address": "%1"}]}],
  "listeners": [{"listen": "127.0.0.1:%2", "proxy_pass": "backend"}],
  "api": {"listen": "127.0.0.1:%3"}
})").arg(backend.address()).arg(listenPort).arg(apiPort));
    PortierdProcess portierd;
    QVERIFY(portierd.start({QStringLiteral("--config"), path}));
    QVERIFY2(portierd.waitForOutput(QStringLiteral("api: listening on http://127.0.0.1:%1").arg(apiPort)), qPrintable(portierd.output()));

    QVERIFY(roundTrip(listenPort, 123457));
    QVERIFY(roundTrip(listenPort, 4096));
    const qint64 total = 123457 + 4096;

    const quint16 exporterPort = findFreePort();
    QProcess exporter;
    exporter.setProcessChannelMode(QProcess::MergedChannels);
    exporter.start(QStringLiteral("prometheus-nginx-exporter"),
                   {QStringLiteral("-nginx.plus"), QStringLiteral("-nginx.scrape-uri"), QStringLiteral("http://127.0.0.1:%1/api").arg(apiPort),
                    QStringLiteral("-web.listen-address"), QStringLiteral("127.0.0.1:%1").arg(exporterPort)});
    QVERIFY(exporter.waitForStarted(5000));
    // The exporter asks portierd on each scrape; wait until the sessions have ended there.
    const QString server = QStringLiteral("server=\"%1\",upstream=\"backend\"").arg(backend.address());
    auto figure = [&](const QByteArray &metrics, const QString &name) {
        const QRegularExpression line(QStringLiteral("^%1\\{%2\\} (\\S+)$").arg(name, QRegularExpression::escape(server)),
                                      QRegularExpression::MultilineOption);
        return line.match(QString::fromUtf8(metrics)).captured(1);
    };
    // Each scrape is some 17 API requests: ask at a collector's pace, not in a busy loop
    // (the API allows a client 50 requests a second).
    QByteArray scraped;
    bool settled = false;
    for (int attempt = 0; attempt < 30 && !settled; ++attempt) {
        if (attempt > 0)
            QTest::qWait(500);
        scraped = get(exporterPort, QStringLiteral("/metrics"));
        settled = scraped.contains("nginxplus_up 1") && figure(scraped, QStringLiteral("nginxplus_stream_upstream_server_active")) == u"0";
    }
    QVERIFY2(settled, scraped.constData());
    QCOMPARE(figure(scraped, QStringLiteral("nginxplus_stream_upstream_server_sent")), QString::number(total));
    QCOMPARE(figure(scraped, QStringLiteral("nginxplus_stream_upstream_server_received")), QString::number(total));
    QCOMPARE(figure(scraped, QStringLiteral("nginxplus_stream_upstream_server_connections")), QStringLiteral("2"));
    QCOMPARE(figure(scraped, QStringLiteral("nginxplus_stream_upstream_server_state")), QStringLiteral("1")); // the exporter's "up"
    QVERIFY(scraped.contains(QStringLiteral("nginxplus_stream_server_zone_received{server_zone=\"127.0.0.1:%1\"} %2").arg(listenPort).arg(total).toUtf8()));
    exporter.terminate();
    exporter.waitForFinished(5000);

    // promtool reads /metrics as Prometheus would and lints the names and help texts.
    const QByteArray metrics = get(apiPort, QStringLiteral("/metrics"));
    QVERIFY(metrics.contains(QStringLiteral("portier_upstream_server_received_bytes_total{upstream=\"backend\",server=\"%1\",id=\"0\"} %2")
                                 .arg(backend.address()).arg(total).toUtf8()));
    // Per worker: the two sessions and their bytes, whichever workers took them.
    auto workerSum = [&](const QString &name) {
        const QRegularExpression line(QStringLiteral("^%1\\{worker=\"\\d+\"\\} (\\S+)$").arg(name), QRegularExpression::MultilineOption);
        double sum = 0;
        int series = 0;
        for (auto it = line.globalMatch(QString::fromUtf8(metrics)); it.hasNext(); ++series)
            sum += it.next().captured(1).toDouble();
        return series > 0 ? QString::number(qint64(sum)) : QStringLiteral("no series");
    };
    QCOMPARE(workerSum(QStringLiteral("portier_worker_connections_total")), QStringLiteral("2"));
    QCOMPARE(workerSum(QStringLiteral("portier_worker_connections_active")), QStringLiteral("0"));
    QCOMPARE(workerSum(QStringLiteral("portier_worker_received_bytes_total")), QString::number(total));
    QCOMPARE(workerSum(QStringLiteral("portier_worker_upstream_received_bytes_total")), QString::number(total));
    QCOMPARE(workerSum(QStringLiteral("portier_worker_failures_total")), QStringLiteral("0"));
    QProcess promtool;
    promtool.setProcessChannelMode(QProcess::MergedChannels);
    promtool.start(QStringLiteral("promtool"), {QStringLiteral("check"), QStringLiteral("metrics")});
    QVERIFY(promtool.waitForStarted(5000));
    promtool.write(metrics);
    promtool.closeWriteChannel();
    QVERIFY(promtool.waitForFinished(20000));
    const QByteArray lint = promtool.readAll();
    QVERIFY2(promtool.exitCode() == 0 && lint.trimmed().isEmpty(), lint.constData());
    QVERIFY(portierd.terminate());
}

void ApiClientsTest::statusNeedsTheToken()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 listenPort = findFreePort();
    const quint16 apiPort = findFreePort();
    const QByteArray token = ApiToken::generate();
    const QString path = writeConfig(QStringLiteral("status.json"), QStringLiteral(R"({
  "upstreams": [{"name": "backend", "servers": [{"address": "%1"}]}],
  "listeners": [{"listen": "127.0.0.1:%2", "proxy_pass": "backend"}],
  "api": {"listen": "127.0.0.1:%3", "tokens": [{"name": "cli", "sha256": "%4", "access": "read"}]}
})").arg(backend.address()).arg(listenPort).arg(apiPort).arg(ApiToken::digest(token)));
    PortierdProcess portierd;
    QVERIFY(portierd.start({QStringLiteral("--config"), path}));
    QVERIFY2(portierd.waitForOutput(QStringLiteral("api: listening on")), qPrintable(portierd.output()));
    QVERIFY(roundTrip(listenPort, 1000));

    QString output;
    qunsetenv("PORTIER_API_TOKEN");
    QCOMPARE(PortierdProcess::run({QStringLiteral("--status"), QStringLiteral("--config"), path}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("401")) && output.contains(QStringLiteral("PORTIER_API_TOKEN")), qPrintable(output));

    const QString tokenFile = writeConfig(QStringLiteral("token"), QString::fromLatin1(token) + u'\n');
    QTRY_VERIFY_WITH_TIMEOUT(PortierdProcess::run({QStringLiteral("--status"), QStringLiteral("--config"), path, QStringLiteral("--token-file"), tokenFile},
                                                  &output) == 0
                                 && output.contains(QStringLiteral("active 0")),
                             10000);
    QVERIFY2(output.contains(QStringLiteral("127.0.0.1:%1 tcp  listening").arg(listenPort)), qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("#0 %1  up  weight 1  active 0  connections 1  sent 1000 bytes  received 1000 bytes").arg(backend.address())),
             qPrintable(output));

    qputenv("PORTIER_API_TOKEN", token);
    const int code = PortierdProcess::run({QStringLiteral("--status"), QStringLiteral("--json"), QStringLiteral("--config"), path}, &output);
    qunsetenv("PORTIER_API_TOKEN");
    QCOMPARE(code, 0);
    const QJsonObject status = QJsonDocument::fromJson(output.toUtf8()).object();
    QCOMPARE(status.value(QStringLiteral("upstreams"))[QStringLiteral("backend")][QStringLiteral("peers")][0][QStringLiteral("sent")].toInt(), 1000);
    QCOMPARE(status.value(QStringLiteral("listeners"))[0][QStringLiteral("accepted")].toInt(), 1);
    QVERIFY(!portierd.output().contains(QString::fromLatin1(token)));
    QVERIFY(portierd.terminate());
}

void ApiClientsTest::drainAndEnableFromTheShell()
{
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    const quint16 listenPort = findFreePort();
    const quint16 apiPort = findFreePort();
    const QString path = writeConfig(QStringLiteral("steer.json"), QStringLiteral(R"({
  "workers": 1,
  "upstreams": [{"name": "backend", "servers": [{"address": "%1"}, {"address": "%2"}]}],
  "listeners": [{"listen": "127.0.0.1:%3", "proxy_pass": "backend"}],
  "api": {"listen": "127.0.0.1:%4"}
})").arg(a.address(), b.address()).arg(listenPort).arg(apiPort));
    PortierdProcess portierd;
    QVERIFY(portierd.start({QStringLiteral("--config"), path}));
    QVERIFY2(portierd.waitForOutput(QStringLiteral("api: listening on")), qPrintable(portierd.output()));
    auto picks = [&](int count) {
        QString names;
        for (int i = 0; i < count; ++i) {
            TestClient client;
            if (client.connectTo(listenPort))
                names += QString::fromUtf8(client.readLine().trimmed());
        }
        return names;
    };
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--drain"), QStringLiteral("backend/") + a.address(), QStringLiteral("--config"), path}, &output), 0);
    QCOMPARE(output.trimmed(), QStringLiteral("backend/0 (%1): draining").arg(a.address()));
    QCOMPARE(picks(4), QStringLiteral("bbbb"));
    QCOMPARE(PortierdProcess::run({QStringLiteral("--enable"), QStringLiteral("backend/0"), QStringLiteral("--config"), path}, &output), 0);
    QCOMPARE(output.trimmed(), QStringLiteral("backend/0 (%1): up").arg(a.address()));
    QCOMPARE(picks(4).count(u'a'), 2);
    QCOMPARE(PortierdProcess::run({QStringLiteral("--disable"), QStringLiteral("backend/1"), QStringLiteral("--config"), path}, &output), 0);
    QCOMPARE(picks(3), QStringLiteral("aaa"));
    QCOMPARE(PortierdProcess::run({QStringLiteral("--drain"), QStringLiteral("backend/127.0.0.1:9"), QStringLiteral("--config"), path}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("upstream \"backend\" has no server \"127.0.0.1:9\"")), qPrintable(output));
    QCOMPARE(PortierdProcess::run({QStringLiteral("--drain"), QStringLiteral("backend"), QStringLiteral("--config"), path}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("is not GROUP/SERVER")), qPrintable(output));
    QVERIFY(portierd.terminate());
}

void ApiClientsTest::checkRefusesARemoteApiWithoutTls()
{
    const QString path = writeConfig(QStringLiteral("remote.json"), QStringLiteral(R"({
  "upstreams": [{"name": "backend", "servers": [{"address": "127.0.0.1:9"}]}],
  "listeners": [{"listen": "127.0.0.1:%1", "proxy_pass": "backend"}],
  "api": {"listen": "0.0.0.0:%2"}
})").arg(findFreePort()).arg(findFreePort()));
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--check"), QStringLiteral("--config"), path}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("api.certificate: the API listens on 0.0.0.0, beyond this machine, so it must use HTTPS")), qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("api.tokens: the API listens on 0.0.0.0")), qPrintable(output));
}

void ApiClientsTest::newTokenPrintsItsDigest()
{
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--new-api-token"), QStringLiteral("grafana"), QStringLiteral("--write")}, &output), 0);
    const QStringList lines = output.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(lines.size() >= 3, qPrintable(output));
    const QByteArray token = lines.at(0).trimmed().toLatin1();
    QVERIFY(token.size() >= 40);
    const QJsonObject entry = QJsonDocument::fromJson(lines.last().toUtf8()).object();
    QCOMPARE(entry.value(QStringLiteral("name")).toString(), QStringLiteral("grafana"));
    QCOMPARE(entry.value(QStringLiteral("access")).toString(), QStringLiteral("write"));
    QCOMPARE(entry.value(QStringLiteral("sha256")).toString(), ApiToken::digest(token));
}

QTEST_GUILESS_MAIN(ApiClientsTest)
#include "tst_apiclients.moc"
