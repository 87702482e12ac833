// The control API served from a real engine on 127.0.0.1: nginx Plus's paths and fields,
// counters equal to the bytes really sent, tokens, bounds on what a client may send, HTTPS,
// and the config rules that keep a remote API safe.
#include "apicall.h"
#include "apiserver.h"
#include "apiconfig.h"
#include "configjson.h"
#include "configvalidator.h"
#include "engine.h"
#include "httpparser.h"
#include "logcapture.h"
#include "testbackend.h"
#include "testclient.h"
#include "tls/certificatetools.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

namespace {


Config proxyConfig(quint16 listenPort, const QString &backend, quint16 apiPort)
{
    Config config;
    config.workers = 2;
    UpstreamConfig group;
    group.name = QStringLiteral("backend");
    group.servers << ServerConfig{backend};
    config.upstreams << group;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:%1").arg(listenPort);
    listener.proxyPass = QStringLiteral("backend");
    config.listeners << listener;
    config.api.listen = QStringLiteral("127.0.0.1:%1").arg(apiPort);
    return config;
}

// Sends a raw request and reads until the server closes (the API closes after an error).
QByteArray rawExchange(quint16 port, const QByteArray &request)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return QByteArray();
    socket.write(request);
    QByteArray answer;
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired() && socket.state() == QAbstractSocket::ConnectedState) {
        QSignalSpy spy(&socket, &QTcpSocket::readyRead);
        spy.wait(200);
        answer += socket.readAll();
    }
    return answer + socket.readAll();
}

} // namespace

class ApiTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void parserTakesRequestsInPieces();
    void versionsPathsAndErrors();
    void countersEqualTheBytesSent();
    void healthChecksAndLimitFigures();
    void tokensGuardReadsAndWrites();
    void configPutValidatesAndApplies();
    void patchSteersTheNextPicks();
    void oversizedRequestsAreRefused();
    void httpsWithTheConfigsCertificate();
    void remoteApiNeedsTlsAndTokens();
    void apiSectionRoundTrips();

private:
    ApiReply call(quint16 port, const QByteArray &method, const QString &path, const QByteArray &body = {}, const QByteArray &token = {},
               bool https = false);

    QNetworkAccessManager m_network;
    QTemporaryDir m_dir;
    QSslCertificate m_certificate;
};

void ApiTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    CertificateTools::GenerateOptions options;
    options.commonName = QStringLiteral("portier api test");
    options.subjectAltNames = {QStringLiteral("127.0.0.1")};
    options.keyType = CertificateTools::KeyType::Ecdsa;
    options.certificateFile = m_dir.filePath(QStringLiteral("api.crt"));
    options.keyFile = m_dir.filePath(QStringLiteral("api.key"));
    QString error;
    QVERIFY2(CertificateTools::generate(options, &error), qPrintable(error));
    m_certificate = QSslCertificate::fromPath(options.certificateFile).value(0);
    QVERIFY(!m_certificate.isNull());
}

ApiReply ApiTest::call(quint16 port, const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &token, bool https)
{
    return apiCall(m_network, port, method, path, body, token, https ? m_certificate : QSslCertificate());
}

void ApiTest::parserTakesRequestsInPieces()
{
    HttpParser parser;
    QByteArray buffer = "PATCH /api/9/stream/upstreams/b%20x/servers/0?x=1 HTTP/1.1\r\nHost: a\r\nContent-";
    HttpRequest request;
    QCOMPARE(parser.parse(&buffer, &request), HttpParser::Result::NeedMore);
    buffer += "Length: 14\r\n\r\n{\"drain\":";
    QCOMPARE(parser.parse(&buffer, &request), HttpParser::Result::NeedMore);
    buffer += "true}GET / HTTP/1.0\r\n\r\n";
    QCOMPARE(parser.parse(&buffer, &request), HttpParser::Result::Request);
    QCOMPARE(request.method, QByteArray("PATCH"));
    QCOMPARE(request.path, QByteArray("/api/9/stream/upstreams/b x/servers/0"));
    QCOMPARE(request.query, QByteArray("x=1"));
    QCOMPARE(request.body, QByteArray("{\"drain\":true}"));
    QVERIFY(request.keepAlive);
    QCOMPARE(parser.parse(&buffer, &request), HttpParser::Result::Request);
    QCOMPARE(request.path, QByteArray("/"));
    QVERIFY(!request.keepAlive); // HTTP/1.0 without keep-alive
    QVERIFY(buffer.isEmpty());

    HttpParser bad;
    buffer = "hello\r\n\r\n";
    QCOMPARE(bad.parse(&buffer, &request), HttpParser::Result::Error);
    QCOMPARE(bad.errorStatus(), 400);
}

void ApiTest::versionsPathsAndErrors()
{
    TestBackend backend(TestBackend::Mode::Echo);
    Engine engine;
    LogCapture log(engine.errorLog());
    const quint16 apiPort = findFreePort();
    const Config config = proxyConfig(findFreePort(), backend.address(), apiPort);
    QVERIFY(engine.apply(config).ok());
    ApiServer api(&engine, nullptr);
    QCOMPARE(api.apply(config), QString());
    QVERIFY(api.isListening());
    QVERIFY(log.matching(QStringLiteral("api: listening on http://127.0.0.1:%1").arg(apiPort)).size() == 1);

    ApiReply reply = call(apiPort, "GET", QStringLiteral("/api/"));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().toArray(), (QJsonArray{1, 2, 3, 4, 5, 6, 7, 8, 9}));
    QVERIFY(reply.header("access-control-allow-origin").isEmpty()); // CORS off

    reply = call(apiPort, "GET", QStringLiteral("/api/8/nginx"));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json()[QStringLiteral("generation")].toInt(), 1);
    QCOMPARE(reply.json()[QStringLiteral("pid")].toInteger(), QCoreApplication::applicationPid());

    reply = call(apiPort, "GET", QStringLiteral("/api/10/nginx"));
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.json()[QStringLiteral("error")][QStringLiteral("code")].toString(), QStringLiteral("UnknownVersion"));
    reply = call(apiPort, "GET", QStringLiteral("/api/9/stream/zone_sync"));
    QCOMPARE(reply.status, 404); // the Plus client treats PathNotFound here as "no zone sync"
    QCOMPARE(reply.json()[QStringLiteral("error")][QStringLiteral("code")].toString(), QStringLiteral("PathNotFound"));
    reply = call(apiPort, "GET", QStringLiteral("/api/9/http/upstreams"));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().toObject(), QJsonObject());
    reply = call(apiPort, "GET", QStringLiteral("/api/9/stream/upstreams/nosuch"));
    QCOMPARE(reply.status, 404);
    reply = call(apiPort, "GET", QStringLiteral("/api/9/stream/upstreams/backend/servers/0"));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json()[QStringLiteral("server")].toString(), backend.address());
    QCOMPARE(reply.json()[QStringLiteral("weight")].toInt(), 1);
    reply = call(apiPort, "DELETE", QStringLiteral("/api/9/nginx"));
    QCOMPARE(reply.status, 405);

    // Every path Telegraf's nginx_plus_api (api_version 3 to 9) and Netdata's go.d nginxplus
    // request, as their sources read them: each answers 200 with JSON (Telegraf refuses any
    // other content type; both skip a 404 quietly, which Portier never needs to use here).
    // Netdata first walks /api/N, /api/N/http and /api/N/stream, which must be lists.
    for (const QString &path : {QStringLiteral("processes"), QStringLiteral("connections"), QStringLiteral("slabs"), QStringLiteral("ssl"),
                                QStringLiteral("http/requests"), QStringLiteral("http/server_zones"), QStringLiteral("http/location_zones"),
                                QStringLiteral("http/upstreams"), QStringLiteral("http/caches"), QStringLiteral("http/limit_reqs"),
                                QStringLiteral("resolvers"), QStringLiteral("stream/server_zones"), QStringLiteral("stream/upstreams"),
                                QStringLiteral("nginx"), QString(), QStringLiteral("http"), QStringLiteral("stream")}) {
        reply = call(apiPort, "GET", QStringLiteral("/api/9/") + path);
        QVERIFY2(reply.status == 200, qPrintable(path));
        QVERIFY2(reply.header("content-type").startsWith("application/json"), qPrintable(path));
        const QJsonDocument document = QJsonDocument::fromJson(reply.body);
        QVERIFY2(path.isEmpty() || path == u"http" || path == u"stream" ? document.isArray() : document.isObject(), qPrintable(path));
    }
    const QJsonArray roots = call(apiPort, "GET", QStringLiteral("/api/9")).json().toArray();
    for (const char *needed : {"nginx", "connections", "ssl", "http", "stream"})
        QVERIFY2(roots.contains(QJsonValue(QLatin1StringView(needed))), needed);
    const QJsonArray stream = call(apiPort, "GET", QStringLiteral("/api/9/stream")).json().toArray();
    QVERIFY(stream.contains(QJsonValue(QStringLiteral("server_zones"))) && stream.contains(QJsonValue(QStringLiteral("upstreams"))));
    // The peer fields both decode.
    const QJsonObject peer = call(apiPort, "GET", QStringLiteral("/api/9/stream/upstreams")).json()[QStringLiteral("backend")][QStringLiteral("peers")][0].toObject();
    for (const char *field : {"id", "server", "backup", "weight", "state", "active", "connections", "sent", "received", "fails", "unavail",
                              "health_checks", "downtime", "max_conns"})
        QVERIFY2(peer.contains(QLatin1StringView(field)), field);
    for (const char *field : {"checks", "fails", "unhealthy"})
        QVERIFY2(peer.value(QStringLiteral("health_checks")).toObject().contains(QLatin1StringView(field)), field);
}

void ApiTest::countersEqualTheBytesSent()
{
    TestBackend backend(TestBackend::Mode::Echo);
    Engine engine;
    LogCapture log(engine.errorLog());
    const quint16 listenPort = findFreePort();
    const quint16 apiPort = findFreePort();
    const Config config = proxyConfig(listenPort, backend.address(), apiPort);
    QVERIFY(engine.apply(config).ok());
    ApiServer api(&engine, nullptr);
    QCOMPARE(api.apply(config), QString());

    // Three connections with 100,000 + 1 + 65,536 bytes, each echoed back whole.
    qint64 total = 0;
    for (const qsizetype size : {qsizetype(100000), qsizetype(1), qsizetype(65536)}) {
        TestClient client;
        QVERIFY(client.connectTo(listenPort));
        const QByteArray data(size, 'p');
        QVERIFY(client.sendAll(data));
        QByteArray back;
        while (back.size() < size) {
            const QByteArray piece = client.readSome(size - back.size(), 5000);
            QVERIFY(!piece.isEmpty());
            back += piece;
        }
        QCOMPARE(back, data);
        total += size;
    }
    auto peer = [&] {
        return call(apiPort, "GET", QStringLiteral("/api/9/stream/upstreams")).json()[QStringLiteral("backend")][QStringLiteral("peers")][0].toObject();
    };
    // The sessions end in their workers' own time: wait for the last one to close.
    QTRY_COMPARE_WITH_TIMEOUT(peer().value(QStringLiteral("active")).toInt(), 0, 10000);
    const QJsonObject server = peer();
    QCOMPARE(server.value(QStringLiteral("sent")).toInteger(), total);
    QCOMPARE(server.value(QStringLiteral("received")).toInteger(), total);
    QCOMPARE(server.value(QStringLiteral("connections")).toInteger(), 3);
    QCOMPARE(server.value(QStringLiteral("state")).toString(), QStringLiteral("up"));
    QVERIFY(server.contains(QStringLiteral("connect_time")));

    const QJsonObject zone = call(apiPort, "GET", QStringLiteral("/api/9/stream/server_zones")).json()[QStringLiteral("127.0.0.1:%1").arg(listenPort)].toObject();
    QCOMPARE(zone.value(QStringLiteral("received")).toInteger(), total);
    QCOMPARE(zone.value(QStringLiteral("sent")).toInteger(), total);
    QCOMPARE(zone.value(QStringLiteral("connections")).toInteger(), 3);
    QCOMPARE(zone.value(QStringLiteral("sessions"))[QStringLiteral("2xx")].toInteger(), 3);

    const ApiReply metrics = call(apiPort, "GET", QStringLiteral("/metrics"));
    QCOMPARE(metrics.status, 200);
    QVERIFY(metrics.header("content-type").startsWith("text/plain; version=0.0.4"));
    const QByteArray line = "portier_upstream_server_sent_bytes_total{upstream=\"backend\",server=\"" + backend.address().toUtf8()
                            + "\",id=\"0\"} " + QByteArray::number(total) + '\n';
    QVERIFY2(metrics.body.contains(line), metrics.body.constData());
    const QByteArray state = "portier_upstream_server_state{upstream=\"backend\",server=\"" + backend.address().toUtf8()
                             + "\",id=\"0\",state=\"up\"} 1\n";
    QVERIFY(metrics.body.contains(state));
    // Three connects, each within the histogram's buckets (+Inf counts them all).
    const QByteArray labels = "upstream=\"backend\",server=\"" + backend.address().toUtf8() + "\",id=\"0\"";
    QVERIFY2(metrics.body.contains(QByteArray("portier_upstream_server_connect_duration_seconds_count{" + labels + "} 3\n")), metrics.body.constData());
    QVERIFY(metrics.body.contains(QByteArray("portier_upstream_server_connect_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 3\n")));
}

void ApiTest::healthChecksAndLimitFigures()
{
    // A group of a live server and one where nothing listens, checked every 100 ms; a zone
    // that lets one connection per client address in.
    TestBackend live(TestBackend::Mode::Echo);
    const quint16 deadPort = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    const quint16 listenPort = findFreePort();
    const quint16 apiPort = findFreePort();
    Config config = proxyConfig(listenPort, live.address(), apiPort);
    config.upstreams[0].servers << ServerConfig{QStringLiteral("127.0.0.1:%1").arg(deadPort)};
    config.upstreams[0].healthCheck.enabled = true;
    config.upstreams[0].healthCheck.intervalMs = 100;
    config.upstreams[0].healthCheck.timeoutMs = 1000;
    config.upstreams[0].healthCheck.fails = 2;
    config.connectionZones << ConnectionZoneConfig{QStringLiteral("perclient"), QStringLiteral("$binary_remote_addr"), 1024 * 1024};
    config.listeners[0].limits.connections << ConnectionLimitConfig{QStringLiteral("perclient"), 1};
    QVERIFY(engine.apply(config).ok());
    ApiServer api(&engine, nullptr);
    QCOMPARE(api.apply(config), QString());

    auto peers = [&] {
        return call(apiPort, "GET", QStringLiteral("/api/9/stream/upstreams/backend")).json()[QStringLiteral("peers")].toArray();
    };
    auto checks = [&](int peer) { return peers().at(peer)[QStringLiteral("health_checks")].toObject(); };
    QTRY_VERIFY_WITH_TIMEOUT(checks(1).value(QStringLiteral("unhealthy")).toInt() == 1 && checks(0).value(QStringLiteral("checks")).toInt() >= 2, 10000);
    const QJsonObject dead = checks(1);
    QVERIFY(dead.value(QStringLiteral("checks")).toInt() >= 2);
    QCOMPARE(dead.value(QStringLiteral("fails")).toInt(), dead.value(QStringLiteral("checks")).toInt());
    QCOMPARE(dead.value(QStringLiteral("last_passed")), QJsonValue(false));
    QCOMPARE(peers().at(1)[QStringLiteral("state")].toString(), QStringLiteral("unhealthy"));
    const QJsonObject alive = checks(0);
    QCOMPARE(alive.value(QStringLiteral("fails")).toInt(), 0);
    QCOMPARE(alive.value(QStringLiteral("unhealthy")).toInt(), 0);
    QCOMPARE(alive.value(QStringLiteral("last_passed")), QJsonValue(true));

    // One connection holds the client's only place; the second is refused while it lasts.
    TestClient first;
    QVERIFY(first.connectTo(listenPort));
    QVERIFY(first.sendAll("x"));
    QCOMPARE(first.readSome(1, 5000), QByteArray("x"));
    TestClient second;
    QVERIFY(second.connectTo(listenPort));
    QVERIFY(second.waitForClose(5000));
    const QJsonObject zone = call(apiPort, "GET", QStringLiteral("/api/9/stream/limit_conns/perclient")).json().toObject();
    QCOMPARE(zone.value(QStringLiteral("passed")).toInt(), 1);
    QCOMPARE(zone.value(QStringLiteral("rejected")).toInt(), 1);
    QCOMPARE(zone.value(QStringLiteral("rejected_dry_run")).toInt(), 0);
    QCOMPARE(call(apiPort, "GET", QStringLiteral("/api/9/stream/limit_conns")).json().toObject().keys(), QStringList{QStringLiteral("perclient")});
    QCOMPARE(call(apiPort, "GET", QStringLiteral("/api/9/stream/limit_conns/nosuchzone")).status, 404);

    const QByteArray metrics = call(apiPort, "GET", QStringLiteral("/metrics")).body;
    QVERIFY2(metrics.contains("portier_limit_conn_rejected_total{zone=\"perclient\"} 1\n"), metrics.constData());
    QVERIFY(metrics.contains(QByteArray("portier_upstream_server_unhealthy_total{upstream=\"backend\",server=\"127.0.0.1:" + QByteArray::number(deadPort)
                                        + "\",id=\"1\"} 1\n")));

    // The same events in the log lines the API keeps: the unhealthy server (warn) and the
    // refused connection (error, with its *N), which a filter by that number finds alone.
    const QJsonArray warnings = call(apiPort, "GET", QStringLiteral("/portier/v1/logs?level=warn")).json()[QStringLiteral("lines")].toArray();
    QJsonObject limiting;
    bool unhealthyLine = false;
    for (const QJsonValue &line : warnings) {
        const QString text = line[QStringLiteral("text")].toString();
        const QString level = line[QStringLiteral("level")].toString();
        QVERIFY2(level == u"warn" || level == u"error" || level == u"crit" || level == u"alert" || level == u"emerg", qPrintable(text));
        unhealthyLine = unhealthyLine || text.contains(QStringLiteral("is unhealthy after 2 failed check(s)"));
        if (text.contains(QStringLiteral("limiting connections by zone \"perclient\"")))
            limiting = line.toObject();
    }
    QVERIFY(unhealthyLine);
    QVERIFY2(!limiting.isEmpty(), QJsonDocument(warnings).toJson().constData());
    const qint64 number = limiting.value(QStringLiteral("connection")).toInteger();
    QVERIFY(number > 0);
    const QJsonArray ofOne = call(apiPort, "GET", QStringLiteral("/portier/v1/logs?connection=%1").arg(number)).json()[QStringLiteral("lines")].toArray();
    QVERIFY(!ofOne.isEmpty());
    for (const QJsonValue &line : ofOne)
        QCOMPARE(line[QStringLiteral("connection")].toInteger(), number);
    QCOMPARE(call(apiPort, "GET", QStringLiteral("/portier/v1/logs?lines=1")).json()[QStringLiteral("lines")].toArray().size(), 1);
    const ApiReply bad = call(apiPort, "GET", QStringLiteral("/portier/v1/logs?lines=0"));
    QCOMPARE(bad.status, 400);
    QVERIFY2(bad.body.contains("lines=0"), bad.body.constData());
    QCOMPARE(call(apiPort, "GET", QStringLiteral("/portier/v1/logs?level=loud")).status, 400);
}

void ApiTest::tokensGuardReadsAndWrites()
{
    TestBackend backend(TestBackend::Mode::Echo);
    Engine engine;
    LogCapture log(engine.errorLog());
    const quint16 apiPort = findFreePort();
    Config config = proxyConfig(findFreePort(), backend.address(), apiPort);
    const QByteArray readToken = ApiToken::generate();
    const QByteArray writeToken = ApiToken::generate();
    QVERIFY(readToken != writeToken && readToken.size() >= 40);
    config.api.tokens << ApiTokenConfig{QStringLiteral("grafana"), ApiToken::digest(readToken), false}
                      << ApiTokenConfig{QStringLiteral("ops"), ApiToken::digest(writeToken), true};
    QVERIFY(ConfigValidator::validate(config).isEmpty());
    QVERIFY(engine.apply(config).ok());
    ApiServer api(&engine, [](const Config &) { return ConfigIssues(); });
    QCOMPARE(api.apply(config), QString());

    QElapsedTimer timer;
    timer.start();
    ApiReply reply = call(apiPort, "GET", QStringLiteral("/api/9/nginx"));
    QCOMPARE(reply.status, 401);
    QVERIFY(timer.elapsed() >= 900); // a failed token waits before its answer
    QVERIFY(reply.header("www-authenticate").startsWith("Bearer"));
    reply = call(apiPort, "GET", QStringLiteral("/metrics"), {}, "not-a-token");
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.json()[QStringLiteral("error")][QStringLiteral("code")].toString(), QStringLiteral("Unauthorized"));

    QCOMPARE(call(apiPort, "GET", QStringLiteral("/api/9/nginx"), {}, readToken).status, 200);
    const QByteArray changed = ConfigJson::toBytes(proxyConfig(findFreePort(), backend.address(), apiPort));
    reply = call(apiPort, "PUT", QStringLiteral("/portier/v1/config"), changed, readToken);
    QCOMPARE(reply.status, 403);
    QCOMPARE(engine.config(), config); // nothing changed
    QCOMPARE(call(apiPort, "POST", QStringLiteral("/portier/v1/config/check"), changed, readToken).status, 200);

    // The log says which client and which token, never a token's text.
    QVERIFY(!log.matching(QStringLiteral("api: no token from 127.0.0.1 for GET /api/9/nginx")).isEmpty());
    QVERIFY(!log.matching(QStringLiteral("api: unknown token from 127.0.0.1 for GET /metrics")).isEmpty());
    for (const QString &line : log.lines()) {
        QVERIFY(!line.contains(QString::fromLatin1(readToken)));
        QVERIFY(!line.contains(QStringLiteral("not-a-token")));
    }
}

void ApiTest::configPutValidatesAndApplies()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("b"));
    Engine engine;
    LogCapture log(engine.errorLog());
    const quint16 apiPort = findFreePort();
    const Config config = proxyConfig(findFreePort(), backend.address(), apiPort);
    QVERIFY(engine.apply(config).ok());
    ApiServer api(&engine, [&engine](const Config &received) { return engine.apply(received).issues; });
    QObject::connect(&engine, &Engine::applied, &api, [&] { api.apply(engine.config()); });
    QCOMPARE(api.apply(config), QString());

    QJsonObject bad = ConfigJson::toJson(config);
    QJsonArray listeners = bad.value(QStringLiteral("listeners")).toArray();
    QJsonObject first = listeners.at(0).toObject();
    first.insert(QStringLiteral("proxy_pass"), QStringLiteral("nosuchgroup"));
    listeners[0] = first;
    bad.insert(QStringLiteral("listeners"), listeners);
    ApiReply reply = call(apiPort, "PUT", QStringLiteral("/portier/v1/config"), QJsonDocument(bad).toJson());
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json()[QStringLiteral("applied")].toBool(), false);
    const QJsonObject issue = reply.json()[QStringLiteral("issues")][0].toObject();
    QCOMPARE(issue.value(QStringLiteral("path")).toString(), QStringLiteral("listeners[0].proxy_pass"));
    QVERIFY(issue.value(QStringLiteral("message")).toString().contains(QStringLiteral("nosuchgroup")));
    QCOMPARE(engine.config(), config);

    const quint16 newPort = findFreePort();
    const Config next = proxyConfig(newPort, backend.address(), apiPort);
    reply = call(apiPort, "PUT", QStringLiteral("/portier/v1/config"), ConfigJson::toBytes(next));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json()[QStringLiteral("applied")].toBool(), true);
    QCOMPARE(engine.config().listeners.at(0).listen, next.listeners.at(0).listen);
    TestClient client;
    QVERIFY(client.connectTo(newPort));
    QCOMPARE(client.readLine().trimmed(), QByteArray("b"));
    QCOMPARE(call(apiPort, "GET", QStringLiteral("/api/9/nginx")).json()[QStringLiteral("generation")].toInt(), 2);
    QVERIFY(!log.matching(QStringLiteral("api: PUT /portier/v1/config from 127.0.0.1: 200")).isEmpty());
}

void ApiTest::patchSteersTheNextPicks()
{
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    Engine engine;
    LogCapture log(engine.errorLog());
    const quint16 listenPort = findFreePort();
    const quint16 apiPort = findFreePort();
    Config config = proxyConfig(listenPort, a.address(), apiPort);
    config.workers = 1;
    config.upstreams[0].servers << ServerConfig{b.address()};
    const QByteArray readToken = ApiToken::generate();
    const QByteArray writeToken = ApiToken::generate();
    config.api.tokens << ApiTokenConfig{QStringLiteral("viewer"), ApiToken::digest(readToken), false}
                      << ApiTokenConfig{QStringLiteral("ops"), ApiToken::digest(writeToken), true};
    QVERIFY(engine.apply(config).ok());
    ApiServer api(&engine, nullptr);
    QCOMPARE(api.apply(config), QString());
    auto picks = [&](int count) {
        QString names;
        for (int i = 0; i < count; ++i) {
            TestClient client;
            if (client.connectTo(listenPort))
                names += QString::fromUtf8(client.readLine().trimmed());
        }
        return names;
    };
    const QString servers = QStringLiteral("/api/9/stream/upstreams/backend/servers/");
    QCOMPARE(call(apiPort, "PATCH", servers + u'0', R"({"drain": true})", readToken).status, 403);
    QCOMPARE(picks(4), QStringLiteral("abab")); // the read token changed nothing

    ApiReply reply = call(apiPort, "PATCH", servers + u'0', R"({"drain": true})", writeToken);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json()[QStringLiteral("drain")].toBool(), true);
    QCOMPARE(picks(4), QStringLiteral("bbbb")); // a takes no new connections at once
    QTRY_COMPARE(call(apiPort, "GET", QStringLiteral("/api/9/stream/upstreams/backend"), {}, readToken)
                     .json()[QStringLiteral("peers")][0][QStringLiteral("state")].toString(),
                 QStringLiteral("draining"));

    reply = call(apiPort, "PATCH", servers + u'0', R"({"drain": false, "weight": 3, "server": ")" + a.address().toUtf8() + R"("})", writeToken);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json()[QStringLiteral("weight")].toInt(), 3);
    // nginx's smooth weighted round robin for weights 3 and 1.
    QCOMPARE(picks(8), QStringLiteral("aabaaaba"));

    QCOMPARE(call(apiPort, "PATCH", servers + u'0', R"({"weight": 0})", writeToken).json()[QStringLiteral("error")][QStringLiteral("code")].toString(),
             QStringLiteral("UpstreamBadWeight"));
    reply = call(apiPort, "PATCH", servers + u'0', R"({"max_conns": 5})", writeToken);
    QCOMPARE(reply.status, 400);
    QVERIFY(reply.json()[QStringLiteral("error")][QStringLiteral("text")].toString().contains(QStringLiteral("config")));
    QCOMPARE(call(apiPort, "PATCH", servers + u'7', R"({"down": true})", writeToken).status, 404);
    QCOMPARE(call(apiPort, "POST", servers, R"({"server": "127.0.0.1:9"})", writeToken).json()[QStringLiteral("error")][QStringLiteral("code")].toString(),
             QStringLiteral("UpstreamStatic"));
    reply = call(apiPort, "PATCH", servers + u'1', R"({"down": true})", writeToken);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json()[QStringLiteral("down")].toBool(), true);
    QCOMPARE(picks(3), QStringLiteral("aaa"));
    QVERIFY(!log.matching(QStringLiteral("api: PATCH /api/9/stream/upstreams/backend/servers/1 from 127.0.0.1 (token \"ops\"): 200")).isEmpty());
}

void ApiTest::oversizedRequestsAreRefused()
{
    TestBackend backend(TestBackend::Mode::Echo);
    Engine engine;
    LogCapture log(engine.errorLog());
    const quint16 apiPort = findFreePort();
    const Config config = proxyConfig(findFreePort(), backend.address(), apiPort);
    QVERIFY(engine.apply(config).ok());
    ApiServer api(&engine, nullptr);
    QCOMPARE(api.apply(config), QString());

    const QByteArray longHeader = "GET /api/ HTTP/1.1\r\nX-Filler: " + QByteArray(20 * 1024, 'x') + "\r\n\r\n";
    QVERIFY(rawExchange(apiPort, longHeader).startsWith("HTTP/1.1 431 "));
    QVERIFY(rawExchange(apiPort, "PUT /portier/v1/config HTTP/1.1\r\nContent-Length: 2097152\r\n\r\n").startsWith("HTTP/1.1 413 "));
    QVERIFY(rawExchange(apiPort, "PUT /portier/v1/config HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").startsWith("HTTP/1.1 501 "));
    QVERIFY(rawExchange(apiPort, "nonsense\r\n\r\n").startsWith("HTTP/1.1 400 "));
    // After all that, the API still answers.
    QCOMPARE(call(apiPort, "GET", QStringLiteral("/api/")).status, 200);
}

void ApiTest::httpsWithTheConfigsCertificate()
{
    TestBackend backend(TestBackend::Mode::Echo);
    Engine engine;
    LogCapture log(engine.errorLog());
    const quint16 apiPort = findFreePort();
    Config config = proxyConfig(findFreePort(), backend.address(), apiPort);
    CertificateConfig certificate;
    certificate.name = QStringLiteral("api");
    certificate.certificateFile = m_dir.filePath(QStringLiteral("api.crt"));
    certificate.keyFile = m_dir.filePath(QStringLiteral("api.key"));
    config.certificates << certificate;
    config.api.certificate = QStringLiteral("api");
    QVERIFY(engine.apply(config).ok());
    ApiServer api(&engine, nullptr);
    QCOMPARE(api.apply(config), QString());
    QVERIFY(!log.matching(QStringLiteral("api: listening on https://127.0.0.1:%1").arg(apiPort)).isEmpty());

    const ApiReply reply = call(apiPort, "GET", QStringLiteral("/api/9/stream/upstreams"), {}, {}, true);
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.json().toObject().contains(QStringLiteral("backend")));
    // Plain HTTP to the HTTPS port gets no API answer.
    QVERIFY(!rawExchange(apiPort, "GET /api/ HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 200"));

    // A certificate whose key is missing: the API stays as it was and says why.
    Config broken = config;
    broken.certificates[0].keyFile = m_dir.filePath(QStringLiteral("missing.key"));
    broken.api.listen = QStringLiteral("127.0.0.1:%1").arg(findFreePort());
    const QString error = api.apply(broken);
    QVERIFY2(error.startsWith(QStringLiteral("api.certificate: ")) && error.contains(QStringLiteral("missing.key")), qPrintable(error));
    QCOMPARE(call(apiPort, "GET", QStringLiteral("/api/"), {}, {}, true).status, 200);
}

void ApiTest::remoteApiNeedsTlsAndTokens()
{
    Config config;
    config.api.listen = QStringLiteral("0.0.0.0:8081");
    ConfigIssues issues = ConfigValidator::validate(config);
    QStringList paths;
    for (const ConfigIssue &issue : issues)
        paths << issue.path;
    QCOMPARE(paths, (QStringList{QStringLiteral("api.certificate"), QStringLiteral("api.tokens")}));
    QVERIFY(issues.at(0).message.contains(QStringLiteral("HTTPS")));

    config.api.listen = QStringLiteral("127.0.0.1:8081");
    QVERIFY(ConfigValidator::validate(config).isEmpty());
    config.api.tokens << ApiTokenConfig{QStringLiteral("x"), QStringLiteral("abc"), false};
    issues = ConfigValidator::validate(config);
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues.at(0).path, QStringLiteral("api.tokens[0].sha256"));
    QVERIFY(issues.at(0).message.contains(QStringLiteral("--new-api-token")));
}

void ApiTest::apiSectionRoundTrips()
{
    Config config;
    config.api.listen = QStringLiteral("127.0.0.1:8081");
    config.api.certificate = QStringLiteral("api");
    config.api.tokens << ApiTokenConfig{QStringLiteral("grafana"), ApiToken::digest("t1"), false}
                      << ApiTokenConfig{QStringLiteral("ops"), ApiToken::digest("t2"), true};
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(ConfigJson::toBytes(config));
    QVERIFY(loaded.issues.isEmpty());
    QCOMPARE(loaded.config.api, config.api);
    QVERIFY(!ConfigJson::toBytes(config).contains("\"t1\""));

    const ConfigJson::LoadResult wrong = ConfigJson::fromBytes(R"({"api": {"listen": "127.0.0.1:1", "tokens": [{"name": "a", "sha256": "", "access": "admin"}], "port": 3}})");
    QStringList paths;
    for (const ConfigIssue &issue : wrong.issues)
        paths << issue.path;
    QVERIFY2(paths.contains(QStringLiteral("api.port")) && paths.contains(QStringLiteral("api.tokens[0].access")), qPrintable(paths.join(u' ')));
}

QTEST_GUILESS_MAIN(ApiTest)
#include "tst_api.moc"
