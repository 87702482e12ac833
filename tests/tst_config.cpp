// The config file: the JSON round trip (ConfigJson), the loader's reports with their paths,
// and ConfigValidator's judgement of the values.

#include "config.h"
#include "configissue.h"
#include "configjson.h"
#include "configvalidator.h"
#include "issuetext.h"
#include "errorlog.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

// The article's setup: listen 127.0.0.1:30003, upstream 127.0.0.1:7773 and 127.0.0.1:7774,
// proxy_timeout 20s. Validator rows change one part of it.
const char articleConfig[] = R"({
    "version": 1,
    "upstreams": [
        { "name": "backend",
          "servers": [ { "address": "127.0.0.1:7773" }, { "address": "127.0.0.1:7774" } ] }
    ],
    "listeners": [
        { "listen": "127.0.0.1:30003", "proxy_pass": "backend", "proxy_timeout": "20s" }
    ]
})";

const char backendGroup[] =
    R"([{"name": "backend", "servers": [{"address": "127.0.0.1:7773"}, {"address": "127.0.0.1:7774"}]}])";
const char articleListener[] = R"([{"listen": "127.0.0.1:30003", "proxy_pass": "backend", "proxy_timeout": "20s"}])";
// For rows about upstream groups: a listener that needs no group, so it adds no issue of its own.
const char directListener[] = R"([{"listen": "127.0.0.1:30003", "proxy_pass": "127.0.0.1:7773"}])";

// top: extra top-level members, each followed by ", ".
QByteArray configJson(const char *upstreams, const char *listeners, const char *top = "")
{
    QByteArray json = "{\"version\": 1, ";
    json += top;
    json += "\"upstreams\": ";
    json += upstreams;
    json += ", \"listeners\": ";
    json += listeners;
    json += '}';
    return json;
}

QByteArray withListeners(const char *listeners)
{
    return configJson(backendGroup, listeners);
}

QByteArray withUpstreams(const char *upstreams)
{
    return configJson(upstreams, directListener);
}

QByteArray withTop(const char *top)
{
    return configJson(backendGroup, articleListener, top);
}

// What portierd --check and the GUI report: the loader's issues, then the validator's.
ConfigIssues loadAndValidate(const QByteArray &json)
{
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    return loaded.issues + ConfigValidator::validate(loaded.config);
}

// fragments: '|'-separated texts that must all be in the message.
bool hasIssue(const ConfigIssues &issues, const QString &path, const QString &fragments)
{
    const QStringList parts = fragments.split(u'|', Qt::SkipEmptyParts);
    for (const ConfigIssue &issue : issues) {
        if (issue.path != path)
            continue;
        bool all = true;
        for (const QString &part : parts)
            all = all && issue.message.contains(part);
        if (all)
            return true;
    }
    return false;
}

ServerConfig server(const QString &address)
{
    ServerConfig server;
    server.address = address;
    return server;
}

// Every field of every struct differs from its default somewhere in here (version aside:
// only version 1 can be read back).
Config fullConfig()
{
    Config config;
    config.workers = 4;
    config.errorLog.path = QStringLiteral("/var/log/portier/error.log");
    config.errorLog.level = QStringLiteral("info");

    UpstreamConfig hashed;
    hashed.name = QStringLiteral("backend");
    hashed.method = UpstreamConfig::Method::Hash;
    hashed.hashKey = QStringLiteral("$remote_addr");
    hashed.consistent = true;
    ServerConfig first = server(QStringLiteral("127.0.0.1:7773"));
    first.weight = 3;
    first.maxFails = 5;
    first.failTimeoutMs = 90 * 1000 + 250;
    first.backup = true;
    first.down = true;
    first.maxConns = 100;
    ServerConfig second = server(QStringLiteral("localhost:7774"));
    second.weight = 2;
    second.maxFails = 0;
    second.failTimeoutMs = 0;
    second.maxConns = 7;
    hashed.servers = {first, second, server(QStringLiteral("[::1]:7775"))};
    hashed.healthCheck.enabled = true;
    hashed.healthCheck.intervalMs = 2500;
    hashed.healthCheck.timeoutMs = 1500;
    hashed.healthCheck.fails = 3;
    hashed.healthCheck.passes = 2;
    hashed.healthCheck.send = QStringLiteral("PING\r\n");
    hashed.healthCheck.expect = QStringLiteral("PONG");

    UpstreamConfig timed;
    timed.name = QStringLiteral("timed");
    timed.method = UpstreamConfig::Method::LeastTime;
    timed.leastTimeMode = UpstreamConfig::LeastTimeMode::LastByte;
    timed.inflight = true;
    timed.servers = {server(QStringLiteral("10.0.0.1:80")), server(QStringLiteral("10.0.0.2:80"))};

    UpstreamConfig random;
    random.name = QStringLiteral("random.two");
    random.method = UpstreamConfig::Method::Random;
    random.randomTwo = true;
    random.randomMethod = QStringLiteral("least_conn");
    random.servers = {server(QStringLiteral("10.0.0.3:81"))};

    UpstreamConfig leastConn;
    leastConn.name = QStringLiteral("least-conn");
    leastConn.method = UpstreamConfig::Method::LeastConn;
    leastConn.servers = {server(QStringLiteral("10.0.0.4:82"))};

    config.upstreams = {hashed, timed, random, leastConn};

    ListenerConfig tls;
    tls.listen = QStringLiteral("127.0.0.1:30443");
    tls.proxyPass = QStringLiteral("backend");
    tls.enabled = false;
    tls.proxyTimeoutMs = 20 * 1000;
    tls.proxyConnectTimeoutMs = 1500;
    tls.proxyNextUpstream = false;
    tls.proxyNextUpstreamTries = 3;
    tls.proxyNextUpstreamTimeoutMs = 45 * 1000;
    tls.proxyHalfClose = false;
    tls.proxyResponses = 2;
    tls.proxyRequests = 5;
    tls.ssl.enabled = true;
    tls.ssl.certificate = QStringLiteral("site");
    tls.ssl.protocols = {QStringLiteral("TLSv1.3")};
    tls.ssl.ciphers = QStringLiteral("ECDHE+AESGCM");
    tls.ssl.preferServerCiphers = true;
    tls.ssl.sessionCache = QStringLiteral("shared:SSL:10m");
    tls.ssl.sessionTimeoutMs = 2 * 3600 * 1000;
    tls.ssl.sessionTickets = false;
    tls.ssl.handshakeTimeoutMs = 30 * 1000;
    tls.ssl.verifyClient = QStringLiteral("optional");
    tls.ssl.clientCertificate = QStringLiteral("/etc/portier/clients-ca.pem");
    tls.proxySsl.enabled = true;
    tls.proxySsl.serverName = true;
    tls.proxySsl.name = QStringLiteral("backend.example");
    tls.proxySsl.verify = true;
    tls.proxySsl.trustedCertificate = QStringLiteral("/etc/ssl/ca.pem");
    tls.proxySsl.protocols = {QStringLiteral("TLSv1.2")};
    tls.proxySsl.sessionReuse = false;
    tls.sniRoutes.insert(QStringLiteral("a.test"), QStringLiteral("backend"));
    tls.sniRoutes.insert(QStringLiteral("*.b.test"), QStringLiteral("timed"));

    ListenerConfig udp;
    udp.listen = QStringLiteral("53");
    udp.protocol = ListenerConfig::Protocol::Udp;
    udp.proxyPass = QStringLiteral("[::1]:5353");
    udp.proxyResponses = 0;
    udp.proxyRequests = 1;

    config.listeners = {tls, udp};

    CertificateConfig site;
    site.name = QStringLiteral("site");
    site.certificateFile = QStringLiteral("/etc/portier/site.pem");
    site.keyFile = QStringLiteral("/etc/portier/site.key");
    site.passphraseFile = QStringLiteral("/etc/portier/site.pass");
    site.allowExpired = true;
    CertificateConfig other;
    other.name = QStringLiteral("other");
    other.certificateFile = QStringLiteral("other.pem");
    other.keyFile = QStringLiteral("other.key");
    config.certificates = {site, other};
    return config;
}

} // namespace

class TestConfig : public QObject
{
    Q_OBJECT

private slots:
    // ConfigJson: writing and reading back.
    void roundTrip();
    void roundTripDefaults();
    void saveAndLoad();
    void saveFails();
    void loadMissingFile();
    void resolvePaths();

    // ConfigJson: what the loader reports and accepts.
    void unknownKeys_data();
    void unknownKeys();
    void wrongTypes_data();
    void wrongTypes();
    void invalidJson_data();
    void invalidJson();
    void everyIssueReported();
    void durations_data();
    void durations();
    void booleans_data();
    void booleans();
    void otherSpellings();

    // ConfigValidator.
    void articleConfigIsValid();
    void emptyConfigIsValid();
    void validator_data();
    void validator();
    void validatorWithoutJson();
    void everyMethodIsAccepted();
    void errorLogLevels();
};

void TestConfig::roundTrip()
{
    const Config config = fullConfig();
    const QByteArray bytes = ConfigJson::toBytes(config);

    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(bytes);
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(describe(loaded.issues)));
    QVERIFY2(loaded.config == config, bytes.constData());
    // Writing what was read gives the same text: nothing drifts on each save.
    QCOMPARE(ConfigJson::toBytes(loaded.config), bytes);

    const ConfigJson::LoadResult fromObject = ConfigJson::fromJson(ConfigJson::toJson(config));
    QVERIFY2(fromObject.issues.isEmpty(), qPrintable(describe(fromObject.issues)));
    QVERIFY(fromObject.config == config);
}

void TestConfig::roundTripDefaults()
{
    Config config;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:30003");
    listener.proxyPass = QStringLiteral("backend");
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    upstream.servers = {server(QStringLiteral("127.0.0.1:7773"))};
    config.upstreams = {upstream};
    config.listeners = {listener};

    for (const Config &c : {Config(), config}) {
        const QByteArray bytes = ConfigJson::toBytes(c);
        const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(bytes);
        QVERIFY2(loaded.issues.isEmpty(), qPrintable(describe(loaded.issues)));
        QVERIFY2(loaded.config == c, bytes.constData());
    }
}

void TestConfig::saveAndLoad()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("portier.json"));

    const Config config = fullConfig();
    QString error;
    QVERIFY2(ConfigJson::save(config, path, &error), qPrintable(error));
    ConfigJson::LoadResult loaded = ConfigJson::load(path);
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(describe(loaded.issues)));
    QVERIFY(loaded.config == config);

    // Saving again replaces the file completely.
    Config smaller;
    smaller.workers = 2;
    QVERIFY2(ConfigJson::save(smaller, path, &error), qPrintable(error));
    loaded = ConfigJson::load(path);
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(describe(loaded.issues)));
    QVERIFY(loaded.config == smaller);
    QVERIFY(!(loaded.config == config));
}

void TestConfig::saveFails()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("no-such-folder/portier.json"));

    QString error;
    QVERIFY(!ConfigJson::save(fullConfig(), path, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

void TestConfig::loadMissingFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("missing.json"));

    const ConfigJson::LoadResult loaded = ConfigJson::load(path);
    QCOMPARE(loaded.issues.size(), 1);
    QCOMPARE(loaded.issues.first().path, path);
    QVERIFY2(loaded.issues.first().message.contains(QStringLiteral("cannot read")), qPrintable(describe(loaded.issues)));
}

void TestConfig::resolvePaths()
{
    Config config = fullConfig();
    config.errorLog.path = QStringLiteral("logs/error.log");
    config.certificates[1].passphraseFile = QStringLiteral("../secret/other.pass");
    config.listeners[1].ssl.clientCertificate = QString();
    const QString base = QStringLiteral("/srv/portier/conf");

    ConfigJson::resolvePaths(&config, base);

    QCOMPARE(config.errorLog.path, QStringLiteral("/srv/portier/conf/logs/error.log"));
    QCOMPARE(config.certificates[0].certificateFile, QStringLiteral("/etc/portier/site.pem")); // already absolute
    QCOMPARE(config.certificates[1].certificateFile, QStringLiteral("/srv/portier/conf/other.pem"));
    QCOMPARE(config.certificates[1].keyFile, QStringLiteral("/srv/portier/conf/other.key"));
    QCOMPARE(config.certificates[1].passphraseFile, QStringLiteral("/srv/portier/secret/other.pass"));
    QCOMPARE(config.listeners[0].ssl.clientCertificate, QStringLiteral("/etc/portier/clients-ca.pem"));
    QCOMPARE(config.listeners[0].proxySsl.trustedCertificate, QStringLiteral("/etc/ssl/ca.pem"));
    QVERIFY(config.listeners[1].ssl.clientCertificate.isEmpty()); // empty stays empty
}

void TestConfig::unknownKeys_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("knownKey"); // one of the keys the message must list

    QTest::newRow("top level") << QByteArray(R"({"version": 1, "bogus": 1})") << QStringLiteral("bogus")
                               << QStringLiteral("listeners");
    QTest::newRow("nginx's worker_processes") << QByteArray(R"({"worker_processes": 2})")
                                              << QStringLiteral("worker_processes") << QStringLiteral("workers");
    QTest::newRow("error_log") << QByteArray(R"({"error_log": {"level": "info", "bogus": 1}})")
                               << QStringLiteral("error_log.bogus") << QStringLiteral("level");
    QTest::newRow("upstream") << QByteArray(R"({"upstreams": [{"name": "b", "bogus": 1}]})")
                              << QStringLiteral("upstreams[0].bogus") << QStringLiteral("servers");
    QTest::newRow("server")
        << QByteArray(R"({"upstreams": [{"name": "b", "servers": [{"address": "127.0.0.1:1"}, {"address": "127.0.0.1:2", "bogus": 1}]}]})")
        << QStringLiteral("upstreams[0].servers[1].bogus") << QStringLiteral("max_fails");
    QTest::newRow("health_check") << QByteArray(R"({"upstreams": [{"name": "b", "health_check": {"bogus": 1}}]})")
                                  << QStringLiteral("upstreams[0].health_check.bogus") << QStringLiteral("interval");
    QTest::newRow("listener") << QByteArray(R"({"listeners": [{"listen": "80", "bogus": 1}]})")
                              << QStringLiteral("listeners[0].bogus") << QStringLiteral("proxy_pass");
    QTest::newRow("second listener") << QByteArray(R"({"listeners": [{"listen": "80"}, {"listen": "81", "bogus": 1}]})")
                                     << QStringLiteral("listeners[1].bogus") << QStringLiteral("proxy_timeout");
    QTest::newRow("ssl") << QByteArray(R"({"listeners": [{"listen": "80", "ssl": {"bogus": 1}}]})")
                         << QStringLiteral("listeners[0].ssl.bogus") << QStringLiteral("session_cache");
    QTest::newRow("ssl with nginx's ssl_ prefix") << QByteArray(R"({"listeners": [{"listen": "80", "ssl": {"ssl_protocols": "TLSv1.3"}}]})")
                                                  << QStringLiteral("listeners[0].ssl.ssl_protocols") << QStringLiteral("protocols");
    QTest::newRow("proxy_ssl") << QByteArray(R"({"listeners": [{"listen": "80", "proxy_ssl": {"bogus": 1}}]})")
                               << QStringLiteral("listeners[0].proxy_ssl.bogus") << QStringLiteral("trusted_certificate");
    QTest::newRow("certificate") << QByteArray(R"({"certificates": [{"name": "site", "bogus": 1}]})")
                                 << QStringLiteral("certificates[0].bogus") << QStringLiteral("key_file");
}

void TestConfig::unknownKeys()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, knownKey);

    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    QVERIFY2(loaded.issues.size() == 1, qPrintable(describe(loaded.issues)));
    QCOMPARE(loaded.issues.first().path, path);
    QVERIFY2(hasIssue(loaded.issues, path, QStringLiteral("unknown key|known keys here are:|") + knownKey),
             qPrintable(describe(loaded.issues)));
}

void TestConfig::wrongTypes_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("fragments"); // '|'-separated, all in the message

    // Servers.
    QTest::newRow("weight \"x\"") << QByteArray(R"({"upstreams": [{"name": "b", "servers": [{"address": "127.0.0.1:1", "weight": "x"}]}]})")
                                  << QStringLiteral("upstreams[0].servers[0].weight") << QStringLiteral("expected a whole number|\"x\"");
    QTest::newRow("weight 1.5") << QByteArray(R"({"upstreams": [{"name": "b", "servers": [{"address": "127.0.0.1:1", "weight": 1.5}]}]})")
                                << QStringLiteral("upstreams[0].servers[0].weight") << QStringLiteral("expected a whole number|1.5");
    QTest::newRow("weight beyond int") << QByteArray(R"({"upstreams": [{"name": "b", "servers": [{"address": "127.0.0.1:1", "weight": 3000000000}]}]})")
                                       << QStringLiteral("upstreams[0].servers[0].weight") << QStringLiteral("expected a whole number");
    QTest::newRow("max_conns true") << QByteArray(R"({"upstreams": [{"name": "b", "servers": [{"address": "127.0.0.1:1", "max_conns": true}]}]})")
                                    << QStringLiteral("upstreams[0].servers[0].max_conns") << QStringLiteral("expected a whole number|true");
    QTest::newRow("backup \"yes\"") << QByteArray(R"({"upstreams": [{"name": "b", "servers": [{"address": "127.0.0.1:1", "backup": "yes"}]}]})")
                                    << QStringLiteral("upstreams[0].servers[0].backup") << QStringLiteral("expected true or false|\"yes\"");
    QTest::newRow("fail_timeout \"5x\"") << QByteArray(R"({"upstreams": [{"name": "b", "servers": [{"address": "127.0.0.1:1", "fail_timeout": "5x"}]}]})")
                                         << QStringLiteral("upstreams[0].servers[0].fail_timeout")
                                         << QStringLiteral("\"5x\" is not a duration|e.g. 500ms, 20s");
    QTest::newRow("fail_timeout -5") << QByteArray(R"({"upstreams": [{"name": "b", "servers": [{"address": "127.0.0.1:1", "fail_timeout": -5}]}]})")
                                     << QStringLiteral("upstreams[0].servers[0].fail_timeout") << QStringLiteral("-5 is not a duration");
    QTest::newRow("address 7773") << QByteArray(R"({"upstreams": [{"name": "b", "servers": [{"address": 7773}]}]})")
                                  << QStringLiteral("upstreams[0].servers[0].address") << QStringLiteral("expected a string|7773");
    QTest::newRow("address missing") << QByteArray(R"({"upstreams": [{"name": "b", "servers": [{"weight": 2}]}]})")
                                     << QStringLiteral("upstreams[0].servers[0].address") << QStringLiteral("is missing|127.0.0.1:7773");
    QTest::newRow("server as a string") << QByteArray(R"({"upstreams": [{"name": "b", "servers": ["127.0.0.1:7773"]}]})")
                                        << QStringLiteral("upstreams[0].servers[0]")
                                        << QStringLiteral("expected an object|\"127.0.0.1:7773\"");

    // Upstreams.
    QTest::newRow("upstreams as an object") << QByteArray(R"({"upstreams": {"name": "b"}})") << QStringLiteral("upstreams")
                                            << QStringLiteral("expected an array|an object");
    QTest::newRow("upstream 5") << QByteArray(R"({"upstreams": [5]})") << QStringLiteral("upstreams[0]")
                                << QStringLiteral("expected an object|5");
    QTest::newRow("servers as an object") << QByteArray(R"({"upstreams": [{"name": "b", "servers": {}}]})")
                                          << QStringLiteral("upstreams[0].servers") << QStringLiteral("expected an array|an object");
    QTest::newRow("name 3") << QByteArray(R"({"upstreams": [{"name": 3}]})") << QStringLiteral("upstreams[0].name")
                            << QStringLiteral("expected a string|3");
    QTest::newRow("method \"fastest\"") << QByteArray(R"({"upstreams": [{"name": "b", "method": "fastest"}]})")
                                        << QStringLiteral("upstreams[0].method")
                                        << QStringLiteral("\"fastest\" is not a method|use round_robin, least_conn, least_time, hash or random");
    QTest::newRow("method 1") << QByteArray(R"({"upstreams": [{"name": "b", "method": 1}]})") << QStringLiteral("upstreams[0].method")
                              << QStringLiteral("expected a string|1");
    QTest::newRow("least_time_mode \"fast\"") << QByteArray(R"({"upstreams": [{"name": "b", "least_time_mode": "fast"}]})")
                                              << QStringLiteral("upstreams[0].least_time_mode")
                                              << QStringLiteral("\"fast\"|use connect, first_byte or last_byte");
    QTest::newRow("consistent \"maybe\"") << QByteArray(R"({"upstreams": [{"name": "b", "consistent": "maybe"}]})")
                                          << QStringLiteral("upstreams[0].consistent") << QStringLiteral("expected true or false|\"maybe\"");
    QTest::newRow("health_check \"yes\"") << QByteArray(R"({"upstreams": [{"name": "b", "health_check": "yes"}]})")
                                          << QStringLiteral("upstreams[0].health_check") << QStringLiteral("expected an object|\"yes\"");
    QTest::newRow("health_check interval \"soon\"") << QByteArray(R"({"upstreams": [{"name": "b", "health_check": {"interval": "soon"}}]})")
                                                    << QStringLiteral("upstreams[0].health_check.interval")
                                                    << QStringLiteral("\"soon\" is not a duration");
    QTest::newRow("health_check fails \"2\"") << QByteArray(R"({"upstreams": [{"name": "b", "health_check": {"fails": "2"}}]})")
                                              << QStringLiteral("upstreams[0].health_check.fails")
                                              << QStringLiteral("expected a whole number|\"2\"");

    // Listeners.
    QTest::newRow("listeners \"x\"") << QByteArray(R"({"listeners": "x"})") << QStringLiteral("listeners")
                                     << QStringLiteral("expected an array|\"x\"");
    QTest::newRow("listener 5") << QByteArray(R"({"listeners": [5]})") << QStringLiteral("listeners[0]")
                                << QStringLiteral("expected an object|5");
    QTest::newRow("listen true") << QByteArray(R"({"listeners": [{"listen": true}]})") << QStringLiteral("listeners[0].listen")
                                 << QStringLiteral("expected a string|true");
    QTest::newRow("listen missing") << QByteArray(R"({"listeners": [{"proxy_pass": "b"}]})") << QStringLiteral("listeners[0].listen")
                                    << QStringLiteral("is missing|127.0.0.1:30003");
    QTest::newRow("proxy_pass 7773") << QByteArray(R"({"listeners": [{"listen": "80", "proxy_pass": 7773}]})")
                                     << QStringLiteral("listeners[0].proxy_pass") << QStringLiteral("expected a string|7773");
    QTest::newRow("protocol \"sctp\"") << QByteArray(R"({"listeners": [{"listen": "80", "protocol": "sctp"}]})")
                                       << QStringLiteral("listeners[0].protocol") << QStringLiteral("\"sctp\" is not a protocol|use tcp or udp");
    QTest::newRow("enabled \"yes\"") << QByteArray(R"({"listeners": [{"listen": "80", "enabled": "yes"}]})")
                                     << QStringLiteral("listeners[0].enabled") << QStringLiteral("expected true or false|\"yes\"");
    QTest::newRow("enabled 1") << QByteArray(R"({"listeners": [{"listen": "80", "enabled": 1}]})")
                               << QStringLiteral("listeners[0].enabled") << QStringLiteral("expected true or false|1");
    QTest::newRow("proxy_timeout \"20 seconds\"") << QByteArray(R"({"listeners": [{"listen": "80", "proxy_timeout": "20 seconds"}]})")
                                                  << QStringLiteral("listeners[0].proxy_timeout")
                                                  << QStringLiteral("\"20 seconds\" is not a duration|write it as nginx does|1m30s");
    QTest::newRow("proxy_timeout -1") << QByteArray(R"({"listeners": [{"listen": "80", "proxy_timeout": -1}]})")
                                      << QStringLiteral("listeners[0].proxy_timeout") << QStringLiteral("-1 is not a duration");
    QTest::newRow("proxy_timeout true") << QByteArray(R"({"listeners": [{"listen": "80", "proxy_timeout": true}]})")
                                        << QStringLiteral("listeners[0].proxy_timeout") << QStringLiteral("true is not a duration");
    QTest::newRow("proxy_next_upstream_tries \"3\"") << QByteArray(R"({"listeners": [{"listen": "80", "proxy_next_upstream_tries": "3"}]})")
                                                     << QStringLiteral("listeners[0].proxy_next_upstream_tries")
                                                     << QStringLiteral("expected a whole number|\"3\"");
    QTest::newRow("ssl true") << QByteArray(R"({"listeners": [{"listen": "80", "ssl": true}]})") << QStringLiteral("listeners[0].ssl")
                              << QStringLiteral("expected an object|true");
    QTest::newRow("ssl protocols 5") << QByteArray(R"({"listeners": [{"listen": "80", "ssl": {"protocols": 5}}]})")
                                     << QStringLiteral("listeners[0].ssl.protocols") << QStringLiteral("expected a list of strings|5");
    QTest::newRow("ssl protocols [1]") << QByteArray(R"({"listeners": [{"listen": "80", "ssl": {"protocols": ["TLSv1.3", 1]}}]})")
                                       << QStringLiteral("listeners[0].ssl.protocols[1]") << QStringLiteral("expected a string|1");
    QTest::newRow("ssl session_timeout \"forever\"")
        << QByteArray(R"({"listeners": [{"listen": "80", "ssl": {"session_timeout": "forever"}}]})")
        << QStringLiteral("listeners[0].ssl.session_timeout") << QStringLiteral("\"forever\" is not a duration");
    QTest::newRow("proxy_ssl verify \"sure\"") << QByteArray(R"({"listeners": [{"listen": "80", "proxy_ssl": {"verify": "sure"}}]})")
                                               << QStringLiteral("listeners[0].proxy_ssl.verify")
                                               << QStringLiteral("expected true or false|\"sure\"");
    QTest::newRow("sni_routes as an array") << QByteArray(R"({"listeners": [{"listen": "80", "sni_routes": []}]})")
                                            << QStringLiteral("listeners[0].sni_routes") << QStringLiteral("expected an object|an array");
    QTest::newRow("sni_routes value 5") << QByteArray(R"({"listeners": [{"listen": "80", "sni_routes": {"a.test": 5}}]})")
                                        << QStringLiteral("listeners[0].sni_routes.a.test") << QStringLiteral("expected an upstream name|5");

    // Top level and certificates.
    QTest::newRow("version 2") << QByteArray(R"({"version": 2})") << QStringLiteral("version")
                               << QStringLiteral("2 is not a config version|reads 1");
    QTest::newRow("version \"1\"") << QByteArray(R"({"version": "1"})") << QStringLiteral("version")
                                   << QStringLiteral("expected a whole number|\"1\"");
    QTest::newRow("workers \"many\"") << QByteArray(R"({"workers": "many"})") << QStringLiteral("workers")
                                      << QStringLiteral("expected a whole number|\"many\"");
    QTest::newRow("workers 0") << QByteArray(R"({"workers": 0})") << QStringLiteral("workers")
                               << QStringLiteral("0 is not a worker count|\"auto\"");
    QTest::newRow("error_log \"x\"") << QByteArray(R"({"error_log": "x"})") << QStringLiteral("error_log")
                                     << QStringLiteral("expected an object|\"x\"");
    QTest::newRow("error_log level 3") << QByteArray(R"({"error_log": {"level": 3}})") << QStringLiteral("error_log.level")
                                       << QStringLiteral("expected a string|3");
    QTest::newRow("certificates {}") << QByteArray(R"({"certificates": {}})") << QStringLiteral("certificates")
                                     << QStringLiteral("expected an array|an object");
    QTest::newRow("allow_expired \"no\"") << QByteArray(R"({"certificates": [{"name": "s", "allow_expired": "no"}]})")
                                          << QStringLiteral("certificates[0].allow_expired")
                                          << QStringLiteral("expected true or false|\"no\"");
}

void TestConfig::wrongTypes()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, fragments);

    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    QVERIFY2(hasIssue(loaded.issues, path, fragments), qPrintable(describe(loaded.issues)));
    for (const ConfigIssue &issue : loaded.issues)
        QVERIFY2(issue.path == path, qPrintable(QStringLiteral("unexpected issue: ") + issue.toString()));
}

void TestConfig::invalidJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column"); // 0: only the line is checked

    QTest::newRow("value missing on line 3") << QByteArray("{\n  \"version\": 1,\n  \"workers\": ,\n}") << 3 << 14;
    QTest::newRow("comma missing before line 3") << QByteArray("{\n  \"version\": 1\n  \"workers\": 2\n}") << 3 << 0;
    QTest::newRow("colon missing on line 4")
        << QByteArray("{\n  \"version\": 1,\n\n  \"error_log\": {\"path\": \"x\", \"level\" \"info\"}\n}") << 4 << 0;
    QTest::newRow("trailing comma in an array") << QByteArray("{\"listeners\": [1,]}") << 1 << 18;
    QTest::newRow("columns count characters, not bytes")
        << QByteArray("{\"error_log\": {\"path\": \"caf\xc3\xa9\", \"level\" \"x\"}}") << 1 << 40;
    QTest::newRow("ends early") << QByteArray("{\"version\": 1,") << 1 << 15;
    QTest::newRow("empty file") << QByteArray() << 1 << 1;
    QTest::newRow("garbage after the object") << QByteArray("{} x") << 1 << 4;
    QTest::newRow("garbage on line 2") << QByteArray("{}\nx") << 2 << 1;
}

void TestConfig::invalidJson()
{
    QFETCH(QByteArray, json);
    QFETCH(int, line);
    QFETCH(int, column);

    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    QVERIFY2(loaded.issues.size() == 1, qPrintable(describe(loaded.issues)));
    const ConfigIssue issue = loaded.issues.first();
    QVERIFY(issue.path.isEmpty());
    QVERIFY2(issue.message.contains(QStringLiteral("not valid JSON")), qPrintable(issue.message));

    static const QRegularExpression position(QStringLiteral("^line (\\d+), column (\\d+): "));
    const QRegularExpressionMatch match = position.match(issue.message);
    QVERIFY2(match.hasMatch(), qPrintable(issue.message));
    QCOMPARE(match.captured(1).toInt(), line);
    if (column > 0)
        QCOMPARE(match.captured(2).toInt(), column);
    else
        QVERIFY(match.captured(2).toInt() >= 1);
}

void TestConfig::everyIssueReported()
{
    // One pass shows every problem, not just the first.
    const QByteArray json = R"({
        "version": 1,
        "bogus": true,
        "upstreams": [{"name": "b", "servers": [{"address": "127.0.0.1:1", "weight": "x"}]}],
        "listeners": [{"listen": "80", "enabled": "yes"}, {"listen": "81", "ssl": {"bogus": 1}}]
    })";
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    QCOMPARE(loaded.issues.size(), 4);
    QVERIFY2(hasIssue(loaded.issues, QStringLiteral("bogus"), QStringLiteral("unknown key")), qPrintable(describe(loaded.issues)));
    QVERIFY2(hasIssue(loaded.issues, QStringLiteral("upstreams[0].servers[0].weight"), QStringLiteral("\"x\"")),
             qPrintable(describe(loaded.issues)));
    QVERIFY2(hasIssue(loaded.issues, QStringLiteral("listeners[0].enabled"), QStringLiteral("\"yes\"")), qPrintable(describe(loaded.issues)));
    QVERIFY2(hasIssue(loaded.issues, QStringLiteral("listeners[1].ssl.bogus"), QStringLiteral("unknown key")),
             qPrintable(describe(loaded.issues)));
    // The good parts are still read.
    QCOMPARE(loaded.config.listeners.size(), 2);
    QCOMPARE(loaded.config.listeners.at(1).listen, QStringLiteral("81"));
    QVERIFY(loaded.config.listeners.at(1).ssl.enabled);
    QCOMPARE(loaded.config.upstreams.size(), 1);
    QCOMPARE(loaded.config.upstreams.at(0).servers.at(0).address, QStringLiteral("127.0.0.1:1"));
}

void TestConfig::durations_data()
{
    QTest::addColumn<QByteArray>("spelling"); // a JSON value
    QTest::addColumn<qint64>("milliseconds");

    QTest::newRow("\"20s\"") << QByteArray(R"("20s")") << qint64(20000);
    QTest::newRow("20") << QByteArray("20") << qint64(20000);
    QTest::newRow("\"20\"") << QByteArray(R"("20")") << qint64(20000);
    QTest::newRow("0.5") << QByteArray("0.5") << qint64(500);
    QTest::newRow("\"500ms\"") << QByteArray(R"("500ms")") << qint64(500);
    QTest::newRow("\"1m30s\"") << QByteArray(R"("1m30s")") << qint64(90000);
    QTest::newRow("90") << QByteArray("90") << qint64(90000);
    QTest::newRow("\"2h\"") << QByteArray(R"("2h")") << qint64(7200000);
    QTest::newRow("0") << QByteArray("0") << qint64(0);
    QTest::newRow("\"0s\"") << QByteArray(R"("0s")") << qint64(0);
}

void TestConfig::durations()
{
    QFETCH(QByteArray, spelling);
    QFETCH(qint64, milliseconds);

    // Every duration key of the file, all spelled the same way.
    QByteArray json = R"({
        "upstreams": [{"name": "b", "servers": [{"address": "127.0.0.1:1", "fail_timeout": @}],
                       "health_check": {"interval": @, "timeout": @}}],
        "listeners": [{"listen": "80", "proxy_timeout": @, "proxy_connect_timeout": @, "proxy_next_upstream_timeout": @,
                       "ssl": {"session_timeout": @, "handshake_timeout": @}}]
    })";
    json.replace('@', spelling);

    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(describe(loaded.issues)));
    const UpstreamConfig &upstream = loaded.config.upstreams.at(0);
    const ListenerConfig &listener = loaded.config.listeners.at(0);
    QCOMPARE(upstream.servers.at(0).failTimeoutMs, milliseconds);
    QCOMPARE(upstream.healthCheck.intervalMs, milliseconds);
    QCOMPARE(upstream.healthCheck.timeoutMs, milliseconds);
    QCOMPARE(listener.proxyTimeoutMs, milliseconds);
    QCOMPARE(listener.proxyConnectTimeoutMs, milliseconds);
    QCOMPARE(listener.proxyNextUpstreamTimeoutMs, milliseconds);
    QCOMPARE(listener.ssl.sessionTimeoutMs, milliseconds);
    QCOMPARE(listener.ssl.handshakeTimeoutMs, milliseconds);
}

void TestConfig::booleans_data()
{
    QTest::addColumn<QByteArray>("spelling"); // a JSON value
    QTest::addColumn<bool>("value");

    QTest::newRow("true") << QByteArray("true") << true;
    QTest::newRow("false") << QByteArray("false") << false;
    QTest::newRow("\"on\"") << QByteArray(R"("on")") << true;
    QTest::newRow("\"off\"") << QByteArray(R"("off")") << false;
}

void TestConfig::booleans()
{
    QFETCH(QByteArray, spelling);
    QFETCH(bool, value);

    // Every boolean key of the file, all spelled the same way.
    QByteArray json = R"({
        "upstreams": [{"name": "b", "consistent": @, "inflight": @, "random_two": @,
                       "servers": [{"address": "127.0.0.1:1", "backup": @, "down": @}]}],
        "listeners": [{"listen": "80", "enabled": @, "proxy_next_upstream": @, "proxy_half_close": @,
                       "ssl": {"prefer_server_ciphers": @, "session_tickets": @, "verify_client": @},
                       "proxy_ssl": {"server_name": @, "verify": @, "session_reuse": @}}],
        "certificates": [{"name": "s", "allow_expired": @}]
    })";
    json.replace('@', spelling);

    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(describe(loaded.issues)));
    const UpstreamConfig &upstream = loaded.config.upstreams.at(0);
    const ListenerConfig &listener = loaded.config.listeners.at(0);
    QCOMPARE(upstream.consistent, value);
    QCOMPARE(upstream.inflight, value);
    QCOMPARE(upstream.randomTwo, value);
    QCOMPARE(upstream.servers.at(0).backup, value);
    QCOMPARE(upstream.servers.at(0).down, value);
    QCOMPARE(listener.enabled, value);
    QCOMPARE(listener.proxyNextUpstream, value);
    QCOMPARE(listener.proxyHalfClose, value);
    QCOMPARE(listener.ssl.preferServerCiphers, value);
    QCOMPARE(listener.ssl.sessionTickets, value);
    // verify_client is off | on | optional; a boolean means on or off.
    QCOMPARE(listener.ssl.verifyClient, value ? QStringLiteral("on") : QStringLiteral("off"));
    QCOMPARE(listener.proxySsl.serverName, value);
    QCOMPARE(listener.proxySsl.verify, value);
    QCOMPARE(listener.proxySsl.sessionReuse, value);
    QCOMPARE(loaded.config.certificates.at(0).allowExpired, value);
}

void TestConfig::otherSpellings()
{
    const QByteArray json = R"({
        "workers": "auto",
        "upstreams": [{"name": "b", "servers": [{"address": "127.0.0.1:1"}], "health_check": {}}],
        "listeners": [{"listen": 30003, "proxy_pass": "b",
                       "ssl": {"protocols": "TLSv1.2  TLSv1.3", "verify_client": "optional"}, "proxy_ssl": {}}]
    })";
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(describe(loaded.issues)));
    const Config &config = loaded.config;

    QCOMPARE(config.version, 1); // absent: the current version
    QCOMPARE(config.workers, 0); // "auto"
    QCOMPARE(config.upstreams.at(0).method, UpstreamConfig::Method::RoundRobin); // absent: round_robin
    QVERIFY(config.upstreams.at(0).healthCheck.enabled); // present, even empty: on, with defaults
    QCOMPARE(config.upstreams.at(0).healthCheck.intervalMs, Defaults::healthIntervalMs);
    const ListenerConfig &listener = config.listeners.at(0);
    QCOMPARE(listener.listen, QStringLiteral("30003")); // a number, as nginx's bare port
    QCOMPARE(listener.protocol, ListenerConfig::Protocol::Tcp);
    QVERIFY(listener.ssl.enabled);
    QCOMPARE(listener.ssl.protocols, QStringList({QStringLiteral("TLSv1.2"), QStringLiteral("TLSv1.3")})); // nginx's list
    QCOMPARE(listener.ssl.verifyClient, QStringLiteral("optional"));
    QVERIFY(listener.proxySsl.enabled);
    QCOMPARE(listener.proxySsl.protocols, ProxySslConfig().protocols);

    const ConfigJson::LoadResult numbered = ConfigJson::fromBytes(R"({"workers": 8})");
    QVERIFY2(numbered.issues.isEmpty(), qPrintable(describe(numbered.issues)));
    QCOMPARE(numbered.config.workers, 8);
}

void TestConfig::articleConfigIsValid()
{
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(articleConfig);
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(describe(loaded.issues)));
    const ConfigIssues issues = ConfigValidator::validate(loaded.config);
    QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));

    const Config &config = loaded.config;
    QCOMPARE(config.listeners.size(), 1);
    QCOMPARE(config.listeners.at(0).listen, QStringLiteral("127.0.0.1:30003"));
    QCOMPARE(config.listeners.at(0).proxyPass, QStringLiteral("backend"));
    QCOMPARE(config.listeners.at(0).proxyTimeoutMs, qint64(20000));
    QCOMPARE(config.listeners.at(0).proxyConnectTimeoutMs, Defaults::proxyConnectTimeoutMs);
    QCOMPARE(config.upstreams.size(), 1);
    const UpstreamConfig &upstream = config.upstreams.at(0);
    QCOMPARE(upstream.method, UpstreamConfig::Method::RoundRobin);
    QCOMPARE(upstream.servers.size(), 2);
    QCOMPARE(upstream.servers.at(0).address, QStringLiteral("127.0.0.1:7773"));
    QCOMPARE(upstream.servers.at(1).address, QStringLiteral("127.0.0.1:7774"));
    QCOMPARE(upstream.servers.at(0).weight, 1);
    QCOMPARE(upstream.servers.at(0).maxFails, 1);
    QCOMPARE(upstream.servers.at(0).failTimeoutMs, Defaults::failTimeoutMs);

    // The builders the validator rows use produce this same config.
    QVERIFY(ConfigJson::fromBytes(configJson(backendGroup, articleListener)).config == config);
}

void TestConfig::emptyConfigIsValid()
{
    const ConfigIssues issues = ConfigValidator::validate(Config());
    QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
}

void TestConfig::validator_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");      // empty: no issue at all
    QTest::addColumn<QString>("fragments"); // '|'-separated, all in the message

    // Valid variations of the article's config.
    QTest::newRow("article's config") << QByteArray(articleConfig) << QString() << QString();
    QTest::newRow("listen bare port") << withListeners(R"([{"listen": "30003", "proxy_pass": "backend"}])") << QString()
                                      << QString();
    QTest::newRow("listen port as a number") << withListeners(R"([{"listen": 30003, "proxy_pass": "backend"}])") << QString()
                                             << QString();
    QTest::newRow("listen [::1]:53") << withListeners(R"([{"listen": "[::1]:53", "proxy_pass": "backend"}])") << QString()
                                     << QString();
    QTest::newRow("listen [1:2]:80 is not IPv6") << withListeners(R"([{"listen": "[1:2]:80", "proxy_pass": "backend"}])")
                                                 << QStringLiteral("listeners[0].listen") << QStringLiteral("\"1:2\" is not an IPv6 address");
    QTest::newRow("listen [::1::2]:53 is not IPv6") << withListeners(R"([{"listen": "[::1::2]:53", "proxy_pass": "backend"}])")
                                                    << QStringLiteral("listeners[0].listen") << QStringLiteral("is not an IPv6 address");
    QTest::newRow("listen [::ffff:127.0.0.1]:53") << withListeners(R"([{"listen": "[::ffff:127.0.0.1]:53", "proxy_pass": "backend"}])")
                                                  << QString() << QString();
    QTest::newRow("bare port and 0.0.0.0 are one address")
        << withListeners(R"([{"listen": "30003", "proxy_pass": "backend"}, {"listen": "0.0.0.0:30003", "proxy_pass": "backend"}])")
        << QStringLiteral("listeners[1].listen") << QStringLiteral("is used by an earlier listener");
    QTest::newRow("listen 1.5") << withListeners(R"([{"listen": 1.5, "proxy_pass": "backend"}])") << QStringLiteral("listeners[0].listen")
                                << QStringLiteral("1.5 is not a port number");
    QTest::newRow("proxy_pass a bare port") << withListeners(R"([{"listen": "30003", "proxy_pass": "7773"}])")
                                            << QStringLiteral("listeners[0].proxy_pass") << QStringLiteral("\"7773\"");
    QTest::newRow("listen *:30003") << withListeners(R"([{"listen": "*:30003", "proxy_pass": "backend"}])") << QString()
                                    << QString();
    QTest::newRow("listen 65535") << withListeners(R"([{"listen": "65535", "proxy_pass": "backend"}])") << QString()
                                  << QString();
    QTest::newRow("two listeners, two ports")
        << withListeners(R"([{"listen": "127.0.0.1:30003", "proxy_pass": "backend"}, {"listen": "127.0.0.1:30004", "proxy_pass": "backend"}])")
        << QString() << QString();
    QTest::newRow("same port, two addresses")
        << withListeners(R"([{"listen": "127.0.0.1:30003", "proxy_pass": "backend"}, {"listen": "127.0.0.2:30003", "proxy_pass": "backend"}])")
        << QString() << QString();
    QTest::newRow("proxy_pass host:port") << configJson(backendGroup, directListener) << QString() << QString();
    QTest::newRow("proxy_pass [::1]:7773") << withListeners(R"([{"listen": "30003", "proxy_pass": "[::1]:7773"}])") << QString()
                                           << QString();
    QTest::newRow("server [::1]:7773") << withUpstreams(R"([{"name": "backend", "servers": [{"address": "[::1]:7773"}]}])")
                                       << QString() << QString();
    QTest::newRow("group name with . and -")
        << configJson(R"([{"name": "back-end.v2", "servers": [{"address": "127.0.0.1:7773"}]}])",
                      R"([{"listen": "30003", "proxy_pass": "back-end.v2"}])")
        << QString() << QString();
    QTest::newRow("max_fails 0, max_conns 0, fail_timeout 0")
        << withUpstreams(R"([{"name": "b", "servers": [{"address": "127.0.0.1:7773", "max_fails": 0, "max_conns": 0, "fail_timeout": 0}]}])")
        << QString() << QString();
    QTest::newRow("backup with round_robin")
        << withUpstreams(R"([{"name": "b", "servers": [{"address": "127.0.0.1:7773"}, {"address": "127.0.0.1:7774", "backup": true}]}])")
        << QString() << QString();
    QTest::newRow("workers 8") << withTop(R"("workers": 8, )") << QString() << QString();
    QTest::newRow("disabled listener") << withListeners(R"([{"listen": "30003", "proxy_pass": "backend", "enabled": false}])")
                                       << QString() << QString();
    QTest::newRow("certificate") << withTop(R"("certificates": [{"name": "site", "certificate_file": "c.pem", "key_file": "k.pem"}], )")
                                 << QString() << QString();

    // listen
    QTest::newRow("listen port 70000") << withListeners(R"([{"listen": "70000", "proxy_pass": "backend"}])")
                                       << QStringLiteral("listeners[0].listen") << QStringLiteral("70000|out of range 1-65535");
    QTest::newRow("listen 127.0.0.1:70000") << withListeners(R"([{"listen": "127.0.0.1:70000", "proxy_pass": "backend"}])")
                                            << QStringLiteral("listeners[0].listen") << QStringLiteral("70000|out of range 1-65535");
    QTest::newRow("listen port 0") << withListeners(R"([{"listen": "127.0.0.1:0", "proxy_pass": "backend"}])")
                                   << QStringLiteral("listeners[0].listen") << QStringLiteral("port 0|out of range 1-65535");
    QTest::newRow("listen missing port") << withListeners(R"([{"listen": "127.0.0.1", "proxy_pass": "backend"}])")
                                         << QStringLiteral("listeners[0].listen")
                                         << QStringLiteral("\"127.0.0.1\" has no port|write host:port|127.0.0.1:7773");
    QTest::newRow("listen port not a number") << withListeners(R"([{"listen": "127.0.0.1:http", "proxy_pass": "backend"}])")
                                              << QStringLiteral("listeners[0].listen") << QStringLiteral("\"http\" is not a port number");
    QTest::newRow("listen empty") << withListeners(R"([{"listen": "", "proxy_pass": "backend"}])") << QStringLiteral("listeners[0].listen")
                                  << QStringLiteral("is empty|write host:port");
    QTest::newRow("listen absent") << withListeners(R"([{"proxy_pass": "backend"}])") << QStringLiteral("listeners[0].listen")
                                   << QStringLiteral("is missing|127.0.0.1:30003");
    QTest::newRow("listen on a host name") << withListeners(R"([{"listen": "localhost:30003", "proxy_pass": "backend"}])")
                                           << QStringLiteral("listeners[0].listen")
                                           << QStringLiteral("\"localhost\" is not an IP address|such as 127.0.0.1 or 0.0.0.0");
    QTest::newRow("listen 127.0.0.256") << withListeners(R"([{"listen": "127.0.0.256:30003", "proxy_pass": "backend"}])")
                                        << QStringLiteral("listeners[0].listen")
                                        << QStringLiteral("\"127.0.0.256\" is not a valid address or host name");
    QTest::newRow("listen IPv6 without brackets") << withListeners(R"([{"listen": "::1:53", "proxy_pass": "backend"}])")
                                                  << QStringLiteral("listeners[0].listen")
                                                  << QStringLiteral("\"::1:53\"|put an IPv6 address in brackets|[::1]:7773");
    QTest::newRow("listen [::g]:53") << withListeners(R"([{"listen": "[::g]:53", "proxy_pass": "backend"}])")
                                     << QStringLiteral("listeners[0].listen") << QStringLiteral("\"::g\" is not an IPv6 address");
    QTest::newRow("listen [::1]53") << withListeners(R"([{"listen": "[::1]53", "proxy_pass": "backend"}])")
                                    << QStringLiteral("listeners[0].listen") << QStringLiteral("\"[::1]53\" is not [IPv6]:port");
    QTest::newRow("duplicate listen")
        << withListeners(R"([{"listen": "127.0.0.1:30003", "proxy_pass": "backend"}, {"listen": "127.0.0.1:30003", "proxy_pass": "backend"}])")
        << QStringLiteral("listeners[1].listen") << QStringLiteral("127.0.0.1:30003 is used by an earlier listener|once per protocol");
    QTest::newRow("duplicate listen, bare and *")
        << withListeners(R"([{"listen": "30003", "proxy_pass": "backend"}, {"listen": "*:30003", "proxy_pass": "backend"}])")
        << QStringLiteral("listeners[1].listen") << QStringLiteral("*:30003 is used by an earlier listener");
    QTest::newRow("duplicate listen, [::1] spelled with spaces")
        << withListeners(R"([{"listen": "[::1]:53", "proxy_pass": "backend"}, {"listen": " [::1]:53 ", "proxy_pass": "backend"}])")
        << QStringLiteral("listeners[1].listen") << QStringLiteral("[::1]:53|is used by an earlier listener");

    // protocol
    QTest::newRow("protocol sctp") << withListeners(R"([{"listen": "30003", "protocol": "sctp", "proxy_pass": "backend"}])")
                                   << QStringLiteral("listeners[0].protocol") << QStringLiteral("\"sctp\" is not a protocol|use tcp or udp");

    // proxy_pass
    QTest::newRow("proxy_pass neither group nor host:port") << withListeners(R"([{"listen": "30003", "proxy_pass": "nosuchgroup"}])")
                                                            << QStringLiteral("listeners[0].proxy_pass")
                                                            << QStringLiteral("\"nosuchgroup\" is neither an upstream group nor host:port|"
                                                                              "add a group with that name or write host:port");
    QTest::newRow("proxy_pass group names are case-sensitive") << withListeners(R"([{"listen": "30003", "proxy_pass": "Backend"}])")
                                                               << QStringLiteral("listeners[0].proxy_pass")
                                                               << QStringLiteral("\"Backend\" is neither");
    QTest::newRow("proxy_pass empty") << withListeners(R"([{"listen": "30003", "proxy_pass": ""}])")
                                      << QStringLiteral("listeners[0].proxy_pass")
                                      << QStringLiteral("is empty|name an upstream group or write host:port");
    QTest::newRow("proxy_pass absent") << withListeners(R"([{"listen": "30003"}])") << QStringLiteral("listeners[0].proxy_pass")
                                       << QStringLiteral("is empty|name an upstream group or write host:port");
    QTest::newRow("proxy_pass port out of range") << withListeners(R"([{"listen": "30003", "proxy_pass": "127.0.0.1:99999"}])")
                                                  << QStringLiteral("listeners[0].proxy_pass")
                                                  << QStringLiteral("99999|out of range 1-65535");
    QTest::newRow("proxy_pass port missing after colon") << withListeners(R"([{"listen": "30003", "proxy_pass": "127.0.0.1:"}])")
                                                         << QStringLiteral("listeners[0].proxy_pass")
                                                         << QStringLiteral("is not a port number");

    // Listener timeouts and counts.
    QTest::newRow("proxy_timeout 0") << withListeners(R"([{"listen": "30003", "proxy_pass": "backend", "proxy_timeout": 0}])")
                                     << QStringLiteral("listeners[0].proxy_timeout") << QStringLiteral("must be longer than 0s|10m");
    QTest::newRow("proxy_timeout \"0s\"") << withListeners(R"([{"listen": "30003", "proxy_pass": "backend", "proxy_timeout": "0s"}])")
                                          << QStringLiteral("listeners[0].proxy_timeout") << QStringLiteral("must be longer than 0s");
    QTest::newRow("proxy_connect_timeout 0")
        << withListeners(R"([{"listen": "30003", "proxy_pass": "backend", "proxy_connect_timeout": "0ms"}])")
        << QStringLiteral("listeners[0].proxy_connect_timeout") << QStringLiteral("must be longer than 0s|60s");
    QTest::newRow("proxy_next_upstream_tries -1")
        << withListeners(R"([{"listen": "30003", "proxy_pass": "backend", "proxy_next_upstream_tries": -1}])")
        << QStringLiteral("listeners[0].proxy_next_upstream_tries") << QStringLiteral("-1 must be 0 (unlimited) or more");
    QTest::newRow("proxy_responses -2") << withListeners(R"([{"listen": "30003", "proxy_pass": "backend", "proxy_responses": -2}])")
                                        << QStringLiteral("listeners[0].proxy_responses") << QStringLiteral("-2 must be 0 or more");
    QTest::newRow("proxy_requests -1") << withListeners(R"([{"listen": "30003", "proxy_pass": "backend", "proxy_requests": -1}])")
                                       << QStringLiteral("listeners[0].proxy_requests")
                                       << QStringLiteral("-1 must be 0 (unlimited) or more");

    // TLS and SNI.
    const char siteCertificate[] = R"("certificates": [{"name": "site", "certificate_file": "c.pem", "key_file": "k.pem"}], )";
    QTest::newRow("ssl certificate empty") << withListeners(R"([{"listen": "30003", "proxy_pass": "backend", "ssl": {}}])")
                                           << QStringLiteral("listeners[0].ssl.certificate")
                                           << QStringLiteral("is empty|name an entry of certificates");
    QTest::newRow("ssl certificate unknown")
        << withListeners(R"([{"listen": "30003", "proxy_pass": "backend", "ssl": {"certificate": "nosuch"}}])")
        << QStringLiteral("listeners[0].ssl.certificate") << QStringLiteral("\"nosuch\" is not in certificates|add it there");
    QTest::newRow("ssl protocol SSLv3")
        << configJson(backendGroup, R"([{"listen": "30003", "proxy_pass": "backend", "ssl": {"certificate": "site", "protocols": ["SSLv3"]}}])",
                      siteCertificate)
        << QStringLiteral("listeners[0].ssl.protocols") << QStringLiteral("\"SSLv3\" is not a protocol|use TLSv1.2 or TLSv1.3");
    QTest::newRow("sni_routes to an unknown group")
        << withListeners(R"([{"listen": "30003", "proxy_pass": "backend", "sni_routes": {"a.test": "backend", "*.b.test": "nogroup"}}])")
        << QStringLiteral("listeners[0].sni_routes.*.b.test") << QStringLiteral("\"nogroup\" is not an upstream group");

    // Upstream groups.
    QTest::newRow("duplicate upstream names")
        << configJson(R"([{"name": "backend", "servers": [{"address": "127.0.0.1:7773"}]}, {"name": "backend", "servers": [{"address": "127.0.0.1:7774"}]}])",
                      articleListener)
        << QStringLiteral("upstreams[1].name") << QStringLiteral("\"backend\" is used by an earlier group|names must be unique");
    QTest::newRow("upstream name empty") << withUpstreams(R"([{"name": "", "servers": [{"address": "127.0.0.1:7773"}]}])")
                                         << QStringLiteral("upstreams[0].name")
                                         << QStringLiteral("is empty|give the group a name such as backend");
    QTest::newRow("upstream name absent") << withUpstreams(R"([{"servers": [{"address": "127.0.0.1:7773"}]}])")
                                          << QStringLiteral("upstreams[0].name") << QStringLiteral("is empty|give the group a name");
    QTest::newRow("upstream name with a space") << withUpstreams(R"([{"name": "my group", "servers": [{"address": "127.0.0.1:7773"}]}])")
                                                << QStringLiteral("upstreams[0].name")
                                                << QStringLiteral("\"my group\" is not a usable name|use letters, digits");
    QTest::newRow("upstream name with a colon") << withUpstreams(R"([{"name": "a:b", "servers": [{"address": "127.0.0.1:7773"}]}])")
                                                << QStringLiteral("upstreams[0].name") << QStringLiteral("\"a:b\" is not a usable name");
    QTest::newRow("empty group") << withUpstreams(R"([{"name": "b", "servers": []}])") << QStringLiteral("upstreams[0].servers")
                                 << QStringLiteral("the group has no servers|add at least one|127.0.0.1:7773");
    QTest::newRow("group without servers") << withUpstreams(R"([{"name": "b"}])") << QStringLiteral("upstreams[0].servers")
                                           << QStringLiteral("the group has no servers|add at least one");
    QTest::newRow("unknown method name") << withUpstreams(R"([{"name": "b", "method": "fastest", "servers": [{"address": "127.0.0.1:7773"}]}])")
                                         << QStringLiteral("upstreams[0].method")
                                         << QStringLiteral("\"fastest\" is not a method|use round_robin");
    QTest::newRow("method hash without hash_key") << withUpstreams(R"([{"name": "b", "method": "hash", "servers": [{"address": "127.0.0.1:7773"}]}])")
                                                  << QStringLiteral("upstreams[0].hash_key")
                                                  << QStringLiteral("is empty|method hash needs a key such as $remote_addr");
    QTest::newRow("random_method round_robin")
        << withUpstreams(R"([{"name": "b", "method": "random", "random_two": true, "random_method": "round_robin", "servers": [{"address": "127.0.0.1:7773"}]}])")
        << QStringLiteral("upstreams[0].random_method") << QStringLiteral("\"round_robin\" is not a method for random two|use least_conn");
    QTest::newRow("least_time_mode fast")
        << withUpstreams(R"([{"name": "b", "least_time_mode": "fast", "servers": [{"address": "127.0.0.1:7773"}]}])")
        << QStringLiteral("upstreams[0].least_time_mode") << QStringLiteral("\"fast\"|use connect, first_byte or last_byte");
    QTest::newRow("backup with method hash")
        << withUpstreams(R"([{"name": "b", "method": "hash", "hash_key": "$remote_addr", "servers": [{"address": "127.0.0.1:7773"}, {"address": "127.0.0.1:7774", "backup": true}]}])")
        << QStringLiteral("upstreams[0].servers[1].backup")
        << QStringLiteral("backup servers cannot be used with method hash|nginx refuses it too");
    QTest::newRow("backup with method random")
        << withUpstreams(R"([{"name": "b", "method": "random", "servers": [{"address": "127.0.0.1:7773", "backup": "on"}]}])")
        << QStringLiteral("upstreams[0].servers[0].backup") << QStringLiteral("backup servers cannot be used with method random");
    QTest::newRow("health_check interval 0")
        << withUpstreams(R"([{"name": "b", "servers": [{"address": "127.0.0.1:7773"}], "health_check": {"interval": 0}}])")
        << QStringLiteral("upstreams[0].health_check.interval") << QStringLiteral("must be longer than 0s");
    QTest::newRow("health_check fails 0")
        << withUpstreams(R"([{"name": "b", "servers": [{"address": "127.0.0.1:7773"}], "health_check": {"fails": 0}}])")
        << QStringLiteral("upstreams[0].health_check.fails") << QStringLiteral("0 must be 1 or more");
    QTest::newRow("health_check passes -1")
        << withUpstreams(R"([{"name": "b", "servers": [{"address": "127.0.0.1:7773"}], "health_check": {"passes": -1}}])")
        << QStringLiteral("upstreams[0].health_check.passes") << QStringLiteral("-1 must be 1 or more");

    // Servers.
    QTest::newRow("weight 0") << withUpstreams(R"([{"name": "b", "servers": [{"address": "127.0.0.1:7773", "weight": 0}]}])")
                              << QStringLiteral("upstreams[0].servers[0].weight") << QStringLiteral("0 must be 1 or more");
    QTest::newRow("weight -3 on the second server")
        << withUpstreams(R"([{"name": "b", "servers": [{"address": "127.0.0.1:7773"}, {"address": "127.0.0.1:7774", "weight": -3}]}])")
        << QStringLiteral("upstreams[0].servers[1].weight") << QStringLiteral("-3 must be 1 or more");
    QTest::newRow("max_fails -1") << withUpstreams(R"([{"name": "b", "servers": [{"address": "127.0.0.1:7773", "max_fails": -1}]}])")
                                  << QStringLiteral("upstreams[0].servers[0].max_fails")
                                  << QStringLiteral("-1 must be 0 (never mark failed) or more");
    QTest::newRow("max_conns -1") << withUpstreams(R"([{"name": "b", "servers": [{"address": "127.0.0.1:7773", "max_conns": -1}]}])")
                                  << QStringLiteral("upstreams[0].servers[0].max_conns") << QStringLiteral("-1 must be 0 (unlimited) or more");
    QTest::newRow("server missing port") << withUpstreams(R"([{"name": "b", "servers": [{"address": "127.0.0.1"}]}])")
                                         << QStringLiteral("upstreams[0].servers[0].address")
                                         << QStringLiteral("\"127.0.0.1\" has no port|write host:port, e.g. 127.0.0.1:7773");
    QTest::newRow("server bare port") << withUpstreams(R"([{"name": "b", "servers": [{"address": "7773"}]}])")
                                      << QStringLiteral("upstreams[0].servers[0].address") << QStringLiteral("\"7773\"");
    QTest::newRow("server port 0") << withUpstreams(R"([{"name": "b", "servers": [{"address": "127.0.0.1:0"}]}])")
                                   << QStringLiteral("upstreams[0].servers[0].address") << QStringLiteral("port 0|out of range 1-65535");
    QTest::newRow("server 300.1.1.1") << withUpstreams(R"([{"name": "b", "servers": [{"address": "300.1.1.1:80"}]}])")
                                      << QStringLiteral("upstreams[0].servers[0].address")
                                      << QStringLiteral("\"300.1.1.1\" is not a valid address or host name");
    QTest::newRow("server address empty") << withUpstreams(R"([{"name": "b", "servers": [{"address": ""}]}])")
                                          << QStringLiteral("upstreams[0].servers[0].address")
                                          << QStringLiteral("is empty|write host:port, e.g. 127.0.0.1:7773");
    QTest::newRow("server address absent") << withUpstreams(R"([{"name": "b", "servers": [{"weight": 2}]}])")
                                           << QStringLiteral("upstreams[0].servers[0].address")
                                           << QStringLiteral("is missing|every server needs an address");

    // Top level.
    QTest::newRow("workers -1") << withTop(R"("workers": -1, )") << QStringLiteral("workers")
                                << QStringLiteral("-1 is not a worker count|use a number from 1 or \"auto\"");
    QTest::newRow("version 2") << QByteArray(articleConfig).replace("\"version\": 1", "\"version\": 2") << QStringLiteral("version")
                               << QStringLiteral("2 is not a config version|reads 1");
    QTest::newRow("error_log level loud") << withTop(R"("error_log": {"level": "loud"}, )") << QStringLiteral("error_log.level")
                                          << QStringLiteral("\"loud\" is not a level|use one of|notice");
    QTest::newRow("error_log level warning") << withTop(R"("error_log": {"level": "warning"}, )") << QStringLiteral("error_log.level")
                                             << QStringLiteral("\"warning\" is not a level|warn");
    QTest::newRow("error_log level empty") << withTop(R"("error_log": {"path": "e.log", "level": ""}, )")
                                           << QStringLiteral("error_log.level") << QStringLiteral("\"\" is not a level");

    // Certificates.
    QTest::newRow("certificate name empty") << withTop(R"("certificates": [{"certificate_file": "c.pem", "key_file": "k.pem"}], )")
                                            << QStringLiteral("certificates[0].name")
                                            << QStringLiteral("is empty|listeners refer to certificates by name");
    QTest::newRow("duplicate certificate names")
        << withTop(R"("certificates": [{"name": "site", "certificate_file": "c.pem", "key_file": "k.pem"}, {"name": "site", "certificate_file": "d.pem", "key_file": "e.pem"}], )")
        << QStringLiteral("certificates[1].name") << QStringLiteral("\"site\" is used by an earlier certificate");
    QTest::newRow("certificate_file empty") << withTop(R"("certificates": [{"name": "site", "key_file": "k.pem"}], )")
                                            << QStringLiteral("certificates[0].certificate_file")
                                            << QStringLiteral("is empty|give the path of a PEM certificate");
    QTest::newRow("key_file empty") << withTop(R"("certificates": [{"name": "site", "certificate_file": "c.pem", "key_file": ""}], )")
                                    << QStringLiteral("certificates[0].key_file")
                                    << QStringLiteral("is empty|give the path of the PEM private key");
}

void TestConfig::validator()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, fragments);

    const ConfigIssues issues = loadAndValidate(json);
    if (path.isEmpty()) {
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        return;
    }
    QVERIFY2(hasIssue(issues, path, fragments),
             qPrintable(QStringLiteral("expected %1: ...%2...; got:\n%3").arg(path, fragments, describe(issues))));
    // The row's config is otherwise valid: any other issue is about the same value.
    for (const ConfigIssue &issue : issues) {
        QVERIFY2(issue.path == path,
                 qPrintable(QStringLiteral("unexpected issue: ") + issue.toString()));
    }
}

void TestConfig::validatorWithoutJson()
{
    // Values the loader never produces, which the validator still refuses (a GUI or importer
    // may build them).
    Config config = ConfigJson::fromBytes(articleConfig).config;
    config.upstreams[0].servers[1].failTimeoutMs = -1;
    config.listeners[0].proxyNextUpstreamTimeoutMs = -1;
    config.upstreams[0].healthCheck.enabled = true;
    config.upstreams[0].healthCheck.intervalMs = -5;

    const ConfigIssues issues = ConfigValidator::validate(config);
    QVERIFY2(hasIssue(issues, QStringLiteral("upstreams[0].servers[1].fail_timeout"), QStringLiteral("must not be negative")),
             qPrintable(describe(issues)));
    QVERIFY2(hasIssue(issues, QStringLiteral("listeners[0].proxy_next_upstream_timeout"),
                      QStringLiteral("must not be negative|0 means unlimited")),
             qPrintable(describe(issues)));
    QVERIFY2(hasIssue(issues, QStringLiteral("upstreams[0].health_check.interval"), QStringLiteral("must be longer than 0s")),
             qPrintable(describe(issues)));
    QVERIFY2(issues.size() == 3, qPrintable(describe(issues)));
}

void TestConfig::everyMethodIsAccepted()
{
    const UpstreamConfig::Method methods[] = {UpstreamConfig::Method::RoundRobin, UpstreamConfig::Method::LeastConn,
                                              UpstreamConfig::Method::LeastTime, UpstreamConfig::Method::Hash,
                                              UpstreamConfig::Method::Random};
    for (const UpstreamConfig::Method method : methods) {
        const QString name = UpstreamConfig::methodName(method);
        QVERIFY(UpstreamConfig::methodFromName(name) == method);

        Config config = ConfigJson::fromBytes(articleConfig).config;
        config.upstreams[0].method = method;
        config.upstreams[0].hashKey = QStringLiteral("$remote_addr");
        const ConfigIssues issues = ConfigValidator::validate(config);
        QVERIFY2(issues.isEmpty(), qPrintable(name + QStringLiteral(": ") + describe(issues)));
    }
}

void TestConfig::errorLogLevels()
{
    // The validator accepts exactly the levels the error log can be set to.
    const char *const levels[] = {"debug", "info", "notice", "warn", "error", "crit", "alert", "emerg"};
    for (const char *level : levels) {
        Config config = ConfigJson::fromBytes(articleConfig).config;
        config.errorLog.level = QLatin1StringView(level);
        const ConfigIssues issues = ConfigValidator::validate(config);
        QVERIFY2(issues.isEmpty(), qPrintable(QLatin1StringView(level) + QStringLiteral(": ") + describe(issues)));
        QVERIFY2(ErrorLog::levelFromName(config.errorLog.level).has_value(), level);
    }
    for (const QString &wrong : {QStringLiteral("warning"), QStringLiteral("INFO"), QStringLiteral("verbose")}) {
        Config config;
        config.errorLog.level = wrong;
        QCOMPARE(ConfigValidator::validate(config).size(), 1);
        QVERIFY(!ErrorLog::levelFromName(wrong).has_value());
    }
    QCOMPARE(ErrorLogConfig().level, QStringLiteral("notice"));
}

QTEST_GUILESS_MAIN(TestConfig)

#include "tst_config.moc"
