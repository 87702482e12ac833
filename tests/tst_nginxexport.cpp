// NginxExporter: Config -> nginx stream {} syntax. Every text exported here is handed to a
// real `nginx -t` (Debian's 1.22 with libnginx-mod-stream) in a private prefix with real
// certificates and free loopback ports; export then import must give back the same Config.

#include "configjson.h"
#include "nginxexporter.h"
#include "nginximporter.h"
#include "issuetext.h"
#include "nginxprefix.h"
#include "testclient.h"
#include "nginxtokenizer.h"
#include "portierdprocess.h"

#include <QRegularExpression>
#include <QTest>

Q_DECLARE_METATYPE(NginxExporter::Form)

namespace {

// The article's first setup.
const char articleRoundRobin[] = R"({
    "upstreams": [ { "name": "backend",
                     "servers": [ { "address": "127.0.0.1:7773" }, { "address": "127.0.0.1:7774" } ] } ],
    "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_timeout": "20s", "proxy_pass": "backend" } ]
})";

// Every field of the config model, with values other than the defaults wherever nginx can
// tell them apart. @DIR@ is the nginx prefix, where the certificates are.
const char everyField[] = R"({
    "version": 1,
    "workers": 3,
    "error_log": { "path": "@DIR@/logs/portier.log", "level": "info" },
    "upstreams": [
        { "name": "backend", "method": "hash", "hash_key": "$remote_addr", "consistent": true,
          "servers": [ { "address": "127.0.0.1:7773", "weight": 5, "max_fails": 3, "fail_timeout": "30s", "down": true, "max_conns": 100 },
                       { "address": "127.0.0.1:7774" } ],
          "health_check": { "interval": "2s", "timeout": "1s", "fails": 2, "passes": 3,
                            "send": "PING \u0022x\u0022 {;}\\ \r\n", "expect": "PONG #1" } },
        { "name": "timed", "method": "least_time", "least_time_mode": "first_byte", "inflight": true,
          "servers": [ { "address": "127.0.0.2:7000", "backup": true }, { "address": "127.0.0.2:7001", "fail_timeout": "1m" } ] },
        { "name": "pair", "method": "random", "random_two": true, "random_method": "least_conn",
          "servers": [ { "address": "127.0.0.3:7000" } ] },
        { "name": "any", "method": "random", "servers": [ { "address": "127.0.0.3:7001" } ] },
        { "name": "fewest", "method": "least_conn", "hash_key": "$server_port", "least_time_mode": "last_byte",
          "servers": [ { "address": "[::1]:7000", "max_fails": 0 } ] },
        { "name": "dns", "servers": [ { "address": "localhost:7100" } ] }
    ],
    "listeners": [
        { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "backend", "proxy_timeout": "20s", "proxy_connect_timeout": "5s",
          "proxy_next_upstream": false, "proxy_next_upstream_tries": 3, "proxy_next_upstream_timeout": "10s",
          "proxy_half_close": false,
          "ssl": { "certificate": "site", "protocols": ["TLSv1.3"], "ciphers": "HIGH:!aNULL", "prefer_server_ciphers": true,
                   "session_cache": "shared:SSL:10m", "session_timeout": "2h", "session_tickets": false,
                   "handshake_timeout": "30s", "verify_client": "optional", "client_certificate": "@DIR@/ca.pem" },
          "proxy_ssl": { "server_name": true, "name": "backend.example", "verify": true,
                         "trusted_certificate": "@DIR@/ca.pem", "protocols": ["TLSv1.2"], "session_reuse": false },
          "sni_routes": { "a.test": "timed", "*.b.test": "pair" },
          "access": [ { "allow": "127.0.0.1" }, { "deny": "10.0.0.1/8" }, { "allow": "2001:db8::/32" }, { "deny": "unix:" },
                      { "allow": "::ffff:192.0.2.1" }, { "deny": "all" } ] },
        { "listen": "127.0.0.1:@PORT2@", "protocol": "udp", "proxy_pass": "127.0.0.1:53", "proxy_responses": 1, "proxy_requests": 5,
          "proxy_timeout": "1m30s", "access": [ { "deny": "192.0.2.0/24" } ] },
        { "listen": "127.0.0.1:@PORT3@", "proxy_pass": "fewest", "sni_routes": { "default": "dns", "c.test": "backend", "~x": "any" } },
        { "listen": "127.0.0.1:@PORT4@", "proxy_pass": "backend", "enabled": false, "sni_routes": { "d.test": "timed" },
          "access": [ { "deny": "all" } ] },
        { "listen": "[::1]:@PORT5@", "proxy_pass": "127.0.0.1:7773", "enabled": false }
    ],
    "certificates": [
        { "name": "site", "certificate_file": "@DIR@/keys/site.pem", "key_file": "@DIR@/keys/site.key",
          "passphrase_file": "@DIR@/keys/passwords", "allow_expired": true },
        { "name": "spare copy", "certificate_file": "@DIR@/keys/site.pem", "key_file": "@DIR@/keys/site.key" }
    ]
})";

} // namespace

class TestNginxExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void quote_data();
    void quote();
    void safeName_data();
    void safeName();
    void version_data();
    void version();

    void articleSnippetText();
    void nginxAccepts_data();
    void nginxAccepts();
    void targetVersion_data();
    void targetVersion();
    void roundTrip_data();
    void roundTrip();
    void roundTripKeepsSettingsNginxCannotUse();
    void outputIsStable();
    void refused_data();
    void refused();
    void writtenWithWarning_data();
    void writtenWithWarning();

    void commandLineStandalone();
    void commandLineSnippetToStandardOutput();
    void commandLineRefusals_data();
    void commandLineRefusals();

private:
    // The config of a JSON template with @DIR@ and @PORTn@ filled in.
    Config configFrom(const QByteArray &json);
    QByteArray fill(QByteArray json);
    // nginx -t on the text in its form; false with nginx's words in *output.
    bool nginxAccepts(const QString &text, NginxExporter::Form form, QString *output);
    NginxExporter::Options options(NginxExporter::Form form, const QString &version = QString()) const;

    std::unique_ptr<NginxPrefix> m_prefix;
    int m_files = 0;
};

void TestNginxExport::initTestCase()
{
#if defined(Q_OS_WIN)
    // Its checks run Debian's nginx (nginx -t, or nginx serving side by side); the Windows
    // build has none to run.
    QSKIP("needs Debian's nginx and its stream module (Linux only)");
#endif
    const QString missing = NginxPrefix::missingNginx();
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
    m_prefix = std::make_unique<NginxPrefix>();
    QVERIFY(m_prefix->isValid());
    QString error;
    QVERIFY2(m_prefix->makeCertificate(QStringLiteral("keys/site.pem"), QStringLiteral("keys/site.key"), &error), qPrintable(error));
    QVERIFY2(m_prefix->makeCertificate(QStringLiteral("ca.pem"), QStringLiteral("ca.key"), &error), qPrintable(error));
    QVERIFY(m_prefix->write(QStringLiteral("keys/passwords"), "unused: the key has no passphrase\n"));
}

QByteArray TestNginxExport::fill(QByteArray json)
{
    json.replace("@DIR@", m_prefix->path().toUtf8());
    for (int i = 1; i <= 5; ++i)
        json.replace(QByteArray("@PORT" + QByteArray::number(i) + '@'), QByteArray::number(findFreePort()));
    return json;
}

Config TestNginxExport::configFrom(const QByteArray &json)
{
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(fill(json));
    if (!loaded.issues.isEmpty())
        qWarning("test config does not load: %s", qPrintable(describe(loaded.issues)));
    return loaded.config;
}

NginxExporter::Options TestNginxExport::options(NginxExporter::Form form, const QString &version) const
{
    NginxExporter::Options options;
    options.form = form;
    if (!version.isEmpty())
        options.target = *NginxVersion::parse(version);
    // Inside the private prefix, so nginx -t touches nothing of the system's nginx.
    options.pid = QStringLiteral("logs/nginx.pid");
    options.errorLog = QStringLiteral("logs/error.log");
    options.events = {QStringLiteral("worker_connections 64")};
    return options;
}

bool TestNginxExport::nginxAccepts(const QString &text, NginxExporter::Form form, QString *output)
{
    const QString name = QStringLiteral("export-%1").arg(++m_files);
    if (form == NginxExporter::Form::Snippet)
        return m_prefix->checkSnippet(name, text.toUtf8(), output);
    return m_prefix->checkStandalone(name, text.toUtf8(), output);
}

void TestNginxExport::quote_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("written");

    QTest::newRow("plain") << QStringLiteral("backend") << QStringLiteral("backend");
    QTest::newRow("variable stays bare") << QStringLiteral("$remote_addr") << QStringLiteral("$remote_addr");
    QTest::newRow("path") << QStringLiteral("/etc/ssl/site.pem") << QStringLiteral("/etc/ssl/site.pem");
    QTest::newRow("empty") << QString() << QStringLiteral("\"\"");
    QTest::newRow("space") << QStringLiteral("a b") << QStringLiteral("\"a b\"");
    QTest::newRow("semicolon") << QStringLiteral("a;b") << QStringLiteral("\"a;b\"");
    QTest::newRow("braces") << QStringLiteral("}a{") << QStringLiteral("\"}a{\"");
    QTest::newRow("hash") << QStringLiteral("#a") << QStringLiteral("\"#a\"");
    QTest::newRow("quotes and backslash") << QStringLiteral("a\"b'c\\d") << QStringLiteral("\"a\\\"b'c\\\\d\"");
    QTest::newRow("line breaks") << QStringLiteral("PING\r\n\t") << QStringLiteral("\"PING\\r\\n\\t\"");
    QTest::newRow("unicode") << QStringLiteral("h\u00e9") << QStringLiteral("h\u00e9");
}

void TestNginxExport::quote()
{
    QFETCH(QString, word);
    QFETCH(QString, written);
    QCOMPARE(NginxExporter::quote(word), written);
    // And nginx's rules read it back as the same one word.
    const NginxTokenizer::Result read = NginxTokenizer::tokenize((QStringLiteral("x ") + written + u';').toUtf8(), QStringLiteral("q.conf"));
    QVERIFY(!read.error);
    QCOMPARE(read.tokens.size(), 3);
    QCOMPARE(read.tokens.at(1).text, word);
}

void TestNginxExport::safeName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("safe");

    QTest::newRow("kept") << QStringLiteral("back-end_2.eu") << QStringLiteral("back-end_2.eu");
    QTest::newRow("space and colon") << QStringLiteral("my group:1") << QStringLiteral("my_group_1");
    QTest::newRow("leading dot") << QStringLiteral(".hidden") << QStringLiteral("_.hidden");
    QTest::newRow("non-ASCII") << QStringLiteral("gr\u00fcn") << QStringLiteral("gr_n");
    QTest::newRow("empty") << QString() << QStringLiteral("upstream");
}

void TestNginxExport::safeName()
{
    QFETCH(QString, name);
    QFETCH(QString, safe);
    QCOMPARE(NginxExporter::safeName(name), safe);
}

void TestNginxExport::version_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("halfClose");
    QTest::addColumn<bool>("leastTime");
    QTest::addColumn<bool>("resolve");

    QTest::newRow("Debian 12") << QStringLiteral("1.22") << true << true << false << false;
    QTest::newRow("with patch") << QStringLiteral("1.22.1") << true << true << false << false;
    QTest::newRow("before half-close") << QStringLiteral("1.21.3") << true << false << false << false;
    QTest::newRow("resolve") << QStringLiteral("1.27.3") << true << true << false << true;
    QTest::newRow("least_time") << QStringLiteral("1.31") << true << true << true << true;
    QTest::newRow("one number") << QStringLiteral("1") << false << false << false << false;
    QTest::newRow("words") << QStringLiteral("latest") << false << false << false << false;
    QTest::newRow("sign") << QStringLiteral("1.-2") << false << false << false << false;
}

void TestNginxExport::version()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(bool, halfClose);
    QFETCH(bool, leastTime);
    QFETCH(bool, resolve);
    QString error;
    const std::optional<NginxVersion> version = NginxVersion::parse(text, &error);
    QCOMPARE(version.has_value(), valid);
    if (!valid) {
        QVERIFY2(error.contains(text) && error.contains(QStringLiteral("1.22")), qPrintable(error));
        return;
    }
    QCOMPARE(version->toString(), text);
    QCOMPARE(version->supports(NginxVersion::Feature::ProxyHalfClose), halfClose);
    QCOMPARE(version->supports(NginxVersion::Feature::LeastTime), leastTime);
    QCOMPARE(version->supports(NginxVersion::Feature::ServerResolve), resolve);
    QVERIFY(!version->supports(NginxVersion::Feature::ActiveHealthChecks));
}

void TestNginxExport::articleSnippetText()
{
    Config config = configFrom(articleRoundRobin);
    config.listeners[0].listen = QStringLiteral("127.0.0.1:30003");
    const NginxExporter::Result result = NginxExporter::exportConfig(config);
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    QVERIFY2(result.warnings.isEmpty(), qPrintable(describe(result.warnings)));
    const QString expected = QStringLiteral("# nginx stream {} configuration exported by Portier %1 for nginx 1.22.\n"
                                            "# Include it at the top level of nginx.conf, next to http {}, not inside it.\n"
                                            "stream {\n"
                                            "    upstream backend {\n"
                                            "        server 127.0.0.1:7773;\n"
                                            "        server 127.0.0.1:7774;\n"
                                            "    }\n"
                                            "\n"
                                            "    server {\n"
                                            "        listen 127.0.0.1:30003;\n"
                                            "        proxy_timeout 20s;\n"
                                            "        proxy_half_close on;\n"
                                            "        proxy_pass backend;\n"
                                            "    }\n"
                                            "}\n")
                                 .arg(QStringLiteral(PORTIER_VERSION));
    QCOMPARE(result.text, expected);
    QString output;
    QVERIFY2(nginxAccepts(result.text, NginxExporter::Form::Snippet, &output), qPrintable(output + result.text));
}

void TestNginxExport::nginxAccepts_data()
{
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("article round robin") << QByteArray(articleRoundRobin);
    QTest::newRow("article hash + ssl") << QByteArray(R"({
        "upstreams": [ { "name": "backend", "method": "hash", "hash_key": "$remote_addr",
                         "servers": [ { "address": "127.0.0.3:9344" }, { "address": "127.0.0.3:9345" } ] } ],
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "backend", "proxy_timeout": "20s",
                         "ssl": { "certificate": "article", "session_cache": "shared:SSL:10m", "session_timeout": "2h" } } ],
        "certificates": [ { "name": "article", "certificate_file": "@DIR@/keys/site.pem", "key_file": "@DIR@/keys/site.key" } ] })");
    QTest::newRow("article shadowsocks") << QByteArray(R"({
        "upstreams": [ { "name": "backend", "servers": [ { "address": "127.0.0.2:9999" } ] } ],
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "backend", "proxy_timeout": "20s" } ] })");
    QTest::newRow("weights and server parameters") << QByteArray(R"({
        "upstreams": [ { "name": "backend", "servers": [
            { "address": "127.0.0.1:7773", "weight": 5, "max_fails": 0, "fail_timeout": "1m30s", "max_conns": 10 },
            { "address": "127.0.0.1:7774", "down": true }, { "address": "127.0.0.1:7775", "backup": true } ] } ],
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "backend" } ] })");
    QTest::newRow("every method") << QByteArray(R"({
        "upstreams": [
            { "name": "lc", "method": "least_conn", "servers": [ { "address": "127.0.0.1:1" }, { "address": "127.0.0.1:2", "backup": true } ] },
            { "name": "lt", "method": "least_time", "least_time_mode": "last_byte", "servers": [ { "address": "127.0.0.1:1" } ] },
            { "name": "h", "method": "hash", "hash_key": "$remote_addr$server_port", "servers": [ { "address": "127.0.0.1:1" } ] },
            { "name": "hc", "method": "hash", "hash_key": "$remote_addr", "consistent": true, "servers": [ { "address": "127.0.0.1:1" } ] },
            { "name": "r", "method": "random", "servers": [ { "address": "127.0.0.1:1" } ] },
            { "name": "r2", "method": "random", "random_two": true, "servers": [ { "address": "127.0.0.1:1" } ] },
            { "name": "r2lc", "method": "random", "random_two": true, "random_method": "least_conn", "servers": [ { "address": "127.0.0.1:1" } ] } ],
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "lt" } ] })");
    QTest::newRow("udp") << QByteArray(R"({
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "protocol": "udp", "proxy_pass": "127.0.0.1:53", "proxy_responses": 1 },
                       { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "127.0.0.1:53" } ] })");
    QTest::newRow("SNI routing without TLS") << QByteArray(R"({
        "upstreams": [ { "name": "a", "servers": [ { "address": "127.0.0.1:1" } ] }, { "name": "b", "servers": [ { "address": "127.0.0.1:2" } ] } ],
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "a",
                         "sni_routes": { "a.test": "a", "*.b.test": "b", "hostnames": "b", ".c.test": "a" } } ] })");
    QTest::newRow("SNI routing with TLS and no default") << QByteArray(R"({
        "upstreams": [ { "name": "a", "servers": [ { "address": "127.0.0.1:1" } ] } ],
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "sni_routes": { "a.test": "a" },
                         "ssl": { "certificate": "site" } } ],
        "certificates": [ { "name": "site", "certificate_file": "@DIR@/keys/site.pem", "key_file": "@DIR@/keys/site.key" } ] })");
    QTest::newRow("TLS to upstream servers") << QByteArray(R"({
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "127.0.0.1:443",
                         "proxy_ssl": { "verify": true, "trusted_certificate": "@DIR@/ca.pem", "server_name": true } } ] })");
    QTest::newRow("client certificates") << QByteArray(R"({
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "127.0.0.1:1",
                         "ssl": { "certificate": "site", "verify_client": "on", "client_certificate": "@DIR@/ca.pem",
                                  "session_cache": "builtin:1000 shared:SSL:1m", "protocols": ["TLSv1.2"] } } ],
        "certificates": [ { "name": "site", "certificate_file": "@DIR@/keys/site.pem", "key_file": "@DIR@/keys/site.key",
                            "passphrase_file": "@DIR@/keys/passwords" } ] })");
    QTest::newRow("health check and host name") << QByteArray(R"({
        "upstreams": [ { "name": "backend", "servers": [ { "address": "localhost:7773" } ],
                         "health_check": { "send": "GET / HTTP/1.0\r\n\r\n", "expect": "200" } } ],
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "backend" } ] })");
    QTest::newRow("disabled listener") << QByteArray(R"({
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "127.0.0.1:1", "enabled": false },
                       { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "127.0.0.1:2" } ] })");
    QTest::newRow("unsafe upstream names") << QByteArray(R"({
        "upstreams": [ { "name": "my group", "servers": [ { "address": "127.0.0.1:1" } ] },
                       { "name": "my:group", "servers": [ { "address": "127.0.0.1:2" } ] } ],
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "my group" },
                       { "listen": "127.0.0.1:@PORT2@", "proxy_pass": "my:group" } ] })");
    QTest::newRow("IPv6 and bare port") << QByteArray(R"({
        "listeners": [ { "listen": "[::1]:@PORT1@", "proxy_pass": "[::1]:7773" }, { "listen": "@PORT2@", "proxy_pass": "127.0.0.1:7773" } ] })");
    QTest::newRow("error log to stderr") << QByteArray(R"({ "error_log": { "level": "warn" }, "workers": 2,
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "127.0.0.1:1" } ] })");
    QTest::newRow("nothing") << QByteArray("{}");
    QTest::newRow("every field") << QByteArray(everyField);
}

void TestNginxExport::nginxAccepts()
{
    QFETCH(QByteArray, json);
    const Config config = configFrom(json);
    for (const NginxExporter::Form form : {NginxExporter::Form::Snippet, NginxExporter::Form::Standalone}) {
        const NginxExporter::Result result = NginxExporter::exportConfig(config, options(form));
        QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
        QString output;
        QVERIFY2(nginxAccepts(result.text, form, &output), qPrintable(output + u'\n' + result.text));
    }
}

void TestNginxExport::targetVersion_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("present"); // '|'-separated lines or parts of lines
    QTest::addColumn<QString>("absent");

    const QByteArray leastTime = R"({ "upstreams": [ { "name": "b", "method": "least_time", "least_time_mode": "first_byte", "inflight": true,
        "servers": [ { "address": "127.0.0.1:1" } ] } ], "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "b" } ] })";
    QTest::newRow("least_time on 1.22 is least_conn") << leastTime << QStringLiteral("1.22")
                                                      << QStringLiteral("nginx 1.22 has no least_time|# portier: least_time first_byte inflight|    least_conn;")
                                                      << QStringLiteral("    least_time ");
    const QByteArray health = R"({ "upstreams": [ { "name": "b", "servers": [ { "address": "127.0.0.1:1" } ], "health_check": { "interval": "3s" } } ],
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "b" } ] })";
    QTest::newRow("health checks are comments") << health << QStringLiteral("1.22")
                                                << QStringLiteral("no active health checks|max_fails and fail_timeout|# portier: health_check interval=3s timeout=5s fails=1 passes=1")
                                                << QStringLiteral("    health_check ");
    const QByteArray hostName = R"({ "upstreams": [ { "name": "b", "servers": [ { "address": "localhost:7773" } ] } ],
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "b" } ] })";
    QTest::newRow("host name on 1.22") << hostName << QStringLiteral("1.22")
                                       << QStringLiteral("nginx 1.22 resolves localhost once when it starts: it has no \"server ... resolve\"|server localhost:7773;")
                                       << QStringLiteral(" resolve;");
    QTest::newRow("host name on 1.27.3") << hostName << QStringLiteral("1.27.3")
                                         << QStringLiteral("to follow DNS changes add \"resolve\"|server localhost:7773;") << QStringLiteral(" resolve;");
    const QByteArray halfClose = R"({ "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "127.0.0.1:1" },
        { "listen": "127.0.0.1:@PORT2@", "proxy_pass": "127.0.0.1:1", "proxy_half_close": false } ] })";
    QTest::newRow("half-close always written") << halfClose << QStringLiteral("1.22")
                                               << QStringLiteral("        proxy_half_close on;|        proxy_half_close off;") << QStringLiteral("# portier: proxy_half_close");
    QTest::newRow("half-close before 1.21.4") << halfClose << QStringLiteral("1.20")
                                              << QStringLiteral("nginx 1.20 has no proxy_half_close (from 1.21.4)|# portier: proxy_half_close on|# portier: proxy_half_close off")
                                              << QStringLiteral("        proxy_half_close ");
    const QByteArray requests = R"({ "listeners": [ { "listen": "127.0.0.1:@PORT1@", "protocol": "udp", "proxy_pass": "127.0.0.1:53", "proxy_requests": 2 } ] })";
    QTest::newRow("proxy_requests before 1.15.7") << requests << QStringLiteral("1.15") << QStringLiteral("# portier: proxy_requests 2")
                                                  << QStringLiteral("        proxy_requests ");
    const QByteArray protocols = R"({ "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "127.0.0.1:1",
        "ssl": { "certificate": "site" }, "proxy_ssl": {} } ],
        "certificates": [ { "name": "site", "certificate_file": "@DIR@/keys/site.pem", "key_file": "@DIR@/keys/site.key" } ] })";
    QTest::newRow("TLS protocols always written") << protocols << QStringLiteral("1.22")
                                                  << QStringLiteral("        ssl_protocols TLSv1.2 TLSv1.3;|        proxy_ssl_protocols TLSv1.2 TLSv1.3;|        proxy_ssl on;")
                                                  << QStringLiteral("ssl_ciphers");
}

void TestNginxExport::targetVersion()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, version);
    QFETCH(QString, present);
    QFETCH(QString, absent);
    const Config config = configFrom(json);
    const NginxExporter::Result result = NginxExporter::exportConfig(config, options(NginxExporter::Form::Snippet, version));
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    for (const QString &part : present.split(u'|'))
        QVERIFY2(result.text.contains(part), qPrintable(QStringLiteral("missing \"%1\" in:\n%2").arg(part, result.text)));
    QVERIFY2(!result.text.contains(absent), qPrintable(QStringLiteral("unexpected \"%1\" in:\n%2").arg(absent, result.text)));
    // Written for an nginx no newer than 1.27.3, so Debian's 1.22 must take it too.
    QString output;
    QVERIFY2(nginxAccepts(result.text, NginxExporter::Form::Snippet, &output), qPrintable(output + u'\n' + result.text));
    // And nothing is lost on the way back.
    const NginxImporter::Result back = NginxImporter::importText(result.text.toUtf8(), QStringLiteral("export.conf"), m_prefix->path());
    QVERIFY2(!back.hasErrors(), qPrintable(describe(back.issues)));
    QVERIFY2(back.config == config, qPrintable(difference(config, back.config)));
}

void TestNginxExport::roundTrip_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<NginxExporter::Form>("form");
    QTest::addColumn<QString>("version");

    QTest::newRow("every field, snippet, 1.22") << QByteArray(everyField) << NginxExporter::Form::Snippet << QStringLiteral("1.22");
    QTest::newRow("every field, standalone, 1.22") << QByteArray(everyField) << NginxExporter::Form::Standalone << QStringLiteral("1.22");
    QTest::newRow("every field, snippet, 1.20") << QByteArray(everyField) << NginxExporter::Form::Snippet << QStringLiteral("1.20");
    QTest::newRow("every field, standalone, 1.27.3") << QByteArray(everyField) << NginxExporter::Form::Standalone << QStringLiteral("1.27.3");
    QTest::newRow("article, snippet") << QByteArray(articleRoundRobin) << NginxExporter::Form::Snippet << QStringLiteral("1.22");
    QTest::newRow("defaults, standalone") << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "127.0.0.1:1" } ] })")
                                          << NginxExporter::Form::Standalone << QStringLiteral("1.22");
    QTest::newRow("nothing, snippet") << QByteArray("{}") << NginxExporter::Form::Snippet << QStringLiteral("1.22");
    const QByteArray proxyProtocol = R"({ "listeners": [
        { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "127.0.0.1:1",
          "proxy_protocol": { "accept": true, "timeout": "1m30s", "set_real_ip_from": ["127.0.0.1", "10.0.0.0/8", "2001:db8::/32", "unix:"],
                              "send": true } },
        { "listen": "127.0.0.1:@PORT2@", "proxy_pass": "127.0.0.1:2", "proxy_protocol": { "send": true } },
        { "listen": "127.0.0.1:@PORT3@", "proxy_pass": "127.0.0.1:3", "proxy_protocol": { "accept": true } },
        { "listen": "127.0.0.1:@PORT4@", "proxy_pass": "127.0.0.1:4", "enabled": false,
          "proxy_protocol": { "accept": true, "set_real_ip_from": ["192.0.2.1"], "timeout": "2s", "send": true } },
        { "listen": "127.0.0.1:@PORT5@", "protocol": "udp", "proxy_pass": "127.0.0.1:5", "proxy_protocol": { "send": true } } ] })";
    QTest::newRow("PROXY protocol, snippet") << proxyProtocol << NginxExporter::Form::Snippet << QStringLiteral("1.22");
    QTest::newRow("PROXY protocol, standalone") << proxyProtocol << NginxExporter::Form::Standalone << QStringLiteral("1.22");
}

void TestNginxExport::roundTrip()
{
    QFETCH(QByteArray, json);
    QFETCH(NginxExporter::Form, form);
    QFETCH(QString, version);
    const Config config = configFrom(json);

    const NginxExporter::Result result = NginxExporter::exportConfig(config, options(form, version));
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    QString output;
    QVERIFY2(nginxAccepts(result.text, form, &output), qPrintable(output + u'\n' + result.text));

    const NginxImporter::Result back = NginxImporter::importText(result.text.toUtf8(), m_prefix->filePath(QStringLiteral("nginx.conf")), m_prefix->path());
    QVERIFY2(!back.hasErrors(), qPrintable(describe(back.issues)));
    for (const NginxIssue &issue : back.issues) {
        // What the importer may say about an export: only what Portier cannot run yet,
        // and the nginx process settings of the standalone form.
        const bool expected = issue.message.startsWith(QStringLiteral("in the imported config"))
                              || issue.message.contains(QStringLiteral("\"load_module\" is not carried over"))
                              || issue.message.contains(QStringLiteral("\"pid\" is not carried over"))
                              || issue.message.contains(QStringLiteral("events {} skipped"))
                              || issue.message.startsWith(QStringLiteral("low address bits of 10.0.0.1/8")); // nginx -t warns the same
        QVERIFY2(expected, qPrintable(issue.toString()));
    }
    QVERIFY2(back.config == config, qPrintable(difference(config, back.config) + u'\n' + result.text));
}

void TestNginxExport::roundTripKeepsSettingsNginxCannotUse()
{
    // What the editor keeps while a method or check is switched off: nginx has no place
    // for it, the "# portier:" comments do.
    Config config = configFrom(R"({
        "upstreams": [ { "name": "b", "hash_key": "$remote_addr", "consistent": true, "least_time_mode": "last_byte",
                         "inflight": true, "random_two": true, "random_method": "least_conn", "servers": [ { "address": "127.0.0.1:1" } ] },
                       { "name": "r", "method": "random", "random_method": "least_conn", "servers": [ { "address": "127.0.0.1:2" } ] } ],
        "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "b",
                         "ssl": { "certificate": "gone", "protocols": ["TLSv1.2"] },
                         "proxy_ssl": { "name": "x.test", "session_reuse": false } } ] })");
    config.upstreams[0].healthCheck.intervalMs = 9000;
    config.upstreams[0].healthCheck.send = QStringLiteral("hello there");
    config.listeners[0].ssl.enabled = false;
    config.listeners[0].proxySsl.enabled = false;

    const NginxExporter::Result result = NginxExporter::exportConfig(config, options(NginxExporter::Form::Snippet));
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    QVERIFY2(result.text.contains(QStringLiteral("# portier: set hash_key=$remote_addr consistent=on least_time_mode=last_byte inflight=on random_two=on random_method=least_conn")),
             qPrintable(result.text));
    QVERIFY2(result.text.contains(QStringLiteral("# portier: health_check off interval=9s")), qPrintable(result.text));
    QString output;
    QVERIFY2(nginxAccepts(result.text, NginxExporter::Form::Snippet, &output), qPrintable(output + u'\n' + result.text));
    const NginxImporter::Result back = NginxImporter::importText(result.text.toUtf8(), QStringLiteral("export.conf"), m_prefix->path());
    QVERIFY2(!back.hasErrors(), qPrintable(describe(back.issues)));
    QVERIFY2(back.config == config, qPrintable(difference(config, back.config) + u'\n' + result.text));
}

void TestNginxExport::outputIsStable()
{
    const Config config = configFrom(everyField);
    const NginxExporter::Options standalone = options(NginxExporter::Form::Standalone);
    const NginxExporter::Result first = NginxExporter::exportConfig(config, standalone);
    QVERIFY2(first.ok(), qPrintable(describe(first.errors)));
    QCOMPARE(NginxExporter::exportConfig(config, standalone).text, first.text);
    const NginxImporter::Result back = NginxImporter::importText(first.text.toUtf8(), QStringLiteral("export.conf"), m_prefix->path());
    QCOMPARE(NginxExporter::exportConfig(back.config, standalone).text, first.text);
    QString output;
    QVERIFY2(nginxAccepts(first.text, NginxExporter::Form::Standalone, &output), qPrintable(output + u'\n' + first.text));

    // Readable: indented by block, one directive a line.
    int depth = 0;
    for (const QString &line : first.text.split(u'\n')) {
        const QString trimmed = line.trimmed();
        const bool comment = trimmed.startsWith(u'#');
        if (trimmed == u'}')
            --depth;
        if (!trimmed.isEmpty())
            QVERIFY2(line.startsWith(QString(depth * 4, u' ')) && !line.at(depth * 4).isSpace(), qPrintable(line));
        if (!comment)
            QVERIFY2(trimmed.count(u';') <= 1 && !line.endsWith(u' '), qPrintable(line));
        if (!comment && trimmed.endsWith(u'{'))
            ++depth;
    }
    QCOMPARE(depth, 0);
}

void TestNginxExport::refused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("TLS without certificate") << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:2", "ssl": {} } ] })")
                                             << QStringLiteral("listeners[0].ssl.certificate") << QStringLiteral("nginx needs a certificate");
    QTest::newRow("unknown certificate") << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:2", "ssl": { "certificate": "x" } } ] })")
                                         << QStringLiteral("listeners[0].ssl.certificate") << QStringLiteral("\"x\" is not in certificates");
    QTest::newRow("TLS over UDP") << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:1", "protocol": "udp", "proxy_pass": "127.0.0.1:2",
                                       "ssl": { "certificate": "s" } } ],
                                       "certificates": [ { "name": "s", "certificate_file": "/c", "key_file": "/k" } ] })")
                                  << QStringLiteral("listeners[0].ssl") << QStringLiteral("DTLS");
    // Leaving a rule out would let in whom it keeps out.
    QTest::newRow("bad access address") << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:2",
                                             "access": [ { "allow": "127.0.0.1" }, { "deny": "everyone" } ] } ] })")
                                        << QStringLiteral("listeners[0].access[1]") << QStringLiteral("\"everyone\" is not an address");
    QTest::newRow("group without servers") << QByteArray(R"({ "upstreams": [ { "name": "b" } ] })") << QStringLiteral("upstreams[0].servers")
                                           << QStringLiteral("no servers");
    QTest::newRow("backup with hash") << QByteArray(R"({ "upstreams": [ { "name": "b", "method": "hash", "hash_key": "$remote_addr",
                                           "servers": [ { "address": "127.0.0.1:1", "backup": true } ] } ] })")
                                      << QStringLiteral("upstreams[0].servers[0].backup") << QStringLiteral("nginx refuses backup servers with method hash");
    QTest::newRow("hash without key") << QByteArray(R"({ "upstreams": [ { "name": "b", "method": "hash", "servers": [ { "address": "127.0.0.1:1" } ] } ] })")
                                      << QStringLiteral("upstreams[0].hash_key") << QStringLiteral("needs a key");
    QTest::newRow("no proxy_pass") << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:1" } ] })") << QStringLiteral("listeners[0].proxy_pass")
                                   << QStringLiteral("nginx needs a proxy_pass");
    QTest::newRow("proxy_pass to nothing") << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "nowhere" } ] })")
                                           << QStringLiteral("listeners[0].proxy_pass") << QStringLiteral("neither an upstream group nor host:port");
    QTest::newRow("bad listen") << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:99999", "proxy_pass": "127.0.0.1:1" } ] })")
                                << QStringLiteral("listeners[0].listen") << QStringLiteral("out of range");
    QTest::newRow("weight 0") << QByteArray(R"({ "upstreams": [ { "name": "b", "servers": [ { "address": "127.0.0.1:1", "weight": 0 } ] } ] })")
                              << QStringLiteral("upstreams[0].servers[0].weight") << QStringLiteral("must be 1 or more");
    QTest::newRow("unknown TLS protocol") << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:2",
                                               "proxy_ssl": { "protocols": ["TLSv9"] } } ] })")
                                          << QStringLiteral("listeners[0].proxy_ssl.protocols") << QStringLiteral("\"TLSv9\" is not a protocol nginx knows");
    QTest::newRow("same address twice") << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:2" },
                                                                        { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:3" } ] })")
                                        << QStringLiteral("listeners[1].listen") << QStringLiteral("also listened on by listeners[0]");
    QTest::newRow("unknown log level") << QByteArray(R"({ "error_log": { "level": "loud" } })") << QStringLiteral("error_log.level")
                                       << QStringLiteral("\"loud\" is not a level nginx knows");
    QTest::newRow("verify without CA") << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:2",
                                            "proxy_ssl": { "verify": true } } ] })")
                                       << QStringLiteral("listeners[0].proxy_ssl.trusted_certificate") << QStringLiteral("needs the CA file");
}

void TestNginxExport::refused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, fragment);
    const NginxExporter::Result result = NginxExporter::exportConfig(configFrom(json), options(NginxExporter::Form::Snippet));
    QVERIFY(!result.ok());
    QVERIFY(result.text.isEmpty());
    const bool found = std::any_of(result.errors.begin(), result.errors.end(),
                                   [&](const ConfigIssue &issue) { return issue.path == path && issue.message.contains(fragment); });
    QVERIFY2(found, qPrintable(describe(result.errors)));
}

void TestNginxExport::writtenWithWarning_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<QString>("written");

    QTest::newRow("unsafe name") << QByteArray(R"({ "upstreams": [ { "name": "my group", "servers": [ { "address": "127.0.0.1:1" } ] } ],
                                                  "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "my group" } ] })")
                                 << QStringLiteral("upstreams[0].name") << QStringLiteral("\"my group\" is written as my_group")
                                 << QStringLiteral("proxy_pass my_group;");
    QTest::newRow("names that clash once made safe") << QByteArray(R"({ "upstreams": [ { "name": "a b", "servers": [ { "address": "127.0.0.1:1" } ] },
                                                                                     { "name": "a_b", "servers": [ { "address": "127.0.0.1:2" } ] } ],
                                                                     "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "a_b" } ] })")
                                                     << QStringLiteral("upstreams[1].name") << QStringLiteral("\"a_b\" is written as a_b_2")
                                                     << QStringLiteral("proxy_pass a_b_2;");
    QTest::newRow("fail_timeout in milliseconds") << QByteArray(R"({ "upstreams": [ { "name": "b", "servers": [ { "address": "127.0.0.1:1", "fail_timeout": "1500ms" } ] } ],
                                                                   "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "b" } ] })")
                                                  << QStringLiteral("upstreams[0].servers[0].fail_timeout") << QStringLiteral("1s500ms is written as 2s")
                                                  << QStringLiteral("fail_timeout=2s");
    QTest::newRow("random two with a Plus method") << QByteArray(R"({ "upstreams": [ { "name": "b", "method": "random", "random_two": true,
                                                                     "random_method": "least_time=connect", "servers": [ { "address": "127.0.0.1:1" } ] } ],
                                                                   "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "b" } ] })")
                                                   << QStringLiteral("upstreams[0].random_method") << QStringLiteral("written as random two")
                                                   << QStringLiteral("# portier: set random_method=least_time=connect");
    QTest::newRow("SNI route to no group") << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:@PORT1@", "proxy_pass": "127.0.0.1:1",
                                                              "sni_routes": { "a.test": "nowhere" } } ] })")
                                           << QStringLiteral("listeners[0].sni_routes.a.test") << QStringLiteral("\"nowhere\" is not an upstream group")
                                           << QStringLiteral("a.test nowhere;");
}

void TestNginxExport::writtenWithWarning()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, fragment);
    QFETCH(QString, written);
    const NginxExporter::Result result = NginxExporter::exportConfig(configFrom(json), options(NginxExporter::Form::Standalone));
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    const bool found = std::any_of(result.warnings.begin(), result.warnings.end(),
                                   [&](const ConfigIssue &issue) { return issue.path == path && issue.message.contains(fragment); });
    QVERIFY2(found, qPrintable(describe(result.warnings)));
    QVERIFY2(result.text.contains(written), qPrintable(result.text));
    QString output;
    QVERIFY2(nginxAccepts(result.text, NginxExporter::Form::Standalone, &output), qPrintable(output + u'\n' + result.text));
}

void TestNginxExport::commandLineStandalone()
{
    const QString json = m_prefix->filePath(QStringLiteral("cli-every.json"));
    QVERIFY(m_prefix->write(QStringLiteral("cli-every.json"), fill(everyField)));
    const QString out = m_prefix->filePath(QStringLiteral("cli-nginx.conf"));
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--export-nginx"), QStringLiteral("--config"), json, QStringLiteral("--standalone"),
                                   QStringLiteral("--nginx-version"), QStringLiteral("1.22"), QStringLiteral("-o"), out},
                                  &output),
             0);
    QVERIFY2(output.contains(QStringLiteral("wrote ")), qPrintable(output));
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("load_module /usr/lib/nginx/modules/ngx_stream_module.so;"));
    QVERIFY(text.contains("worker_processes 3;"));
    // The CLI writes Debian's defaults for pid and error_log: point them into the prefix.
    QByteArray prefixed = text;
    prefixed.replace("events {", "pid logs/nginx.pid;\nerror_log logs/error.log;\nevents {");
    QVERIFY2(nginxAccepts(QString::fromUtf8(prefixed), NginxExporter::Form::Standalone, &output), qPrintable(output));

    // And portierd reads its own export back to the same config.
    const QString back = m_prefix->filePath(QStringLiteral("cli-back.json"));
    QCOMPARE(PortierdProcess::run({QStringLiteral("--import-nginx"), out, QStringLiteral("-o"), back}, &output), 0);
    const ConfigJson::LoadResult original = ConfigJson::load(json);
    const ConfigJson::LoadResult imported = ConfigJson::load(back);
    QVERIFY2(imported.issues.isEmpty(), qPrintable(describe(imported.issues)));
    QVERIFY2(imported.config == original.config, qPrintable(difference(original.config, imported.config)));
}

void TestNginxExport::commandLineSnippetToStandardOutput()
{
    QVERIFY(m_prefix->write(QStringLiteral("cli-article.json"), fill(articleRoundRobin)));
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--export-nginx"), QStringLiteral("--config"), m_prefix->filePath(QStringLiteral("cli-article.json"))},
                                  &output),
             0);
    QVERIFY2(output.startsWith(QStringLiteral("# nginx stream {} configuration exported by Portier")), qPrintable(output));
    QString nginxOutput;
    QVERIFY2(nginxAccepts(output, NginxExporter::Form::Snippet, &nginxOutput), qPrintable(nginxOutput + u'\n' + output));
}

void TestNginxExport::commandLineRefusals_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("no --config") << QStringList{QStringLiteral("--export-nginx")} << 2 << QStringLiteral("--export-nginx needs the configuration");
    QTest::newRow("bad version") << QStringList{QStringLiteral("--export-nginx"), QStringLiteral("--config"), QStringLiteral("@DIR@/refused.json"),
                                                QStringLiteral("--nginx-version"), QStringLiteral("one")}
                                 << 2 << QStringLiteral("\"one\" is not an nginx version");
    QTest::newRow("config nginx refuses") << QStringList{QStringLiteral("--export-nginx"), QStringLiteral("--config"), QStringLiteral("@DIR@/refused.json"),
                                                         QStringLiteral("-o"), QStringLiteral("@DIR@/refused.conf")}
                                          << 1 << QStringLiteral("listeners[0].ssl.certificate: is empty");
    QTest::newRow("unreadable config") << QStringList{QStringLiteral("--export-nginx"), QStringLiteral("--config"), QStringLiteral("@DIR@/missing.json")}
                                       << 1 << QStringLiteral("cannot read the file");
    QTest::newRow("both ways at once") << QStringList{QStringLiteral("--export-nginx"), QStringLiteral("--import-nginx"), QStringLiteral("x.conf")}
                                       << 2 << QStringLiteral("one at a time");
}

void TestNginxExport::commandLineRefusals()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, fragment);
    QVERIFY(m_prefix->write(QStringLiteral("refused.json"), R"({ "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:2", "ssl": {} } ] })"));
    for (QString &argument : arguments)
        argument.replace(QStringLiteral("@DIR@"), m_prefix->path());
    QString output;
    QCOMPARE(PortierdProcess::run(arguments, &output), exitCode);
    QVERIFY2(output.contains(fragment), qPrintable(output));
    QVERIFY(!QFileInfo::exists(m_prefix->filePath(QStringLiteral("refused.conf"))));
}

QTEST_GUILESS_MAIN(TestNginxExport)
#include "tst_nginxexport.moc"
