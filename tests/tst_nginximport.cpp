// NginxImporter: nginx config -> Config. The article's three configs (tests/data/nginx),
// each directive's mapping, what is not carried over and where, includes, "# portier:"
// comments, portierd --import-nginx, and a seeded mutation fuzz of tokenizer + importer.

#include "configjson.h"
#include "nginxexporter.h"
#include "nginximporter.h"
#include "issuetext.h"
#include "nginxprefix.h"
#include "testclient.h"
#include "nginxtokenizer.h"
#include "portierdprocess.h"

#include <QRandomGenerator>
#include <QTest>

Q_DECLARE_METATYPE(NginxIssue::Severity)

namespace {

QString dataFile(const QString &name)
{
    return QStringLiteral(PORTIER_TEST_DATA) + QStringLiteral("/nginx/") + name;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QList<NginxIssue> ofSeverity(const NginxIssues &issues, NginxIssue::Severity severity)
{
    QList<NginxIssue> found;
    for (const NginxIssue &issue : issues) {
        if (issue.severity == severity)
            found << issue;
    }
    return found;
}

// A hand-written config touching every path of the importer: the fuzz test's richest seed.
const char richSeed[] = "# every corner\n"
                        "worker_processes 2;\n"
                        "error_log logs/error.log warn;\n"
                        "events { worker_connections 64; }\n"
                        "http { server { listen 8080; return 200 \"ok\"; } }\n"
                        "stream {\n"
                        "    # portier: certificate site certificate_file=keys/a.pem key_file=keys/a.key allow_expired=on\n"
                        "    proxy_timeout 20s;\n"
                        "    ssl_protocols TLSv1.2;\n"
                        "    include conf.d/*.conf;\n"
                        "    map $ssl_preread_server_name $route { hostnames; a.test a; *.b.test b; \\default a; ~^c c; default b; }\n"
                        "    match ok { send \"PING\\r\\n\"; expect \"PONG\"; }\n"
                        "    upstream a { zone a 64k; hash $remote_addr consistent; server 127.0.0.1:1 weight=2 max_fails=0 fail_timeout=5s; }\n"
                        "    upstream b {\n"
                        "        least_conn;\n"
                        "        # portier: least_time first_byte inflight\n"
                        "        # portier: health_check interval=2s \"send=a b\" expect=c\n"
                        "        # portier: set random_two=on\n"
                        "        server 127.0.0.1:2 backup down max_conns=3;\n"
                        "        #server 127.0.0.1:3;\n"
                        "    }\n"
                        "    server {\n"
                        "        listen 127.0.0.1:1 ssl;\n"
                        "        listen [::1]:2 udp reuseport;\n"
                        "        # portier: certificate site\n"
                        "        ssl_certificate keys/a.pem;\n"
                        "        ssl_certificate_key keys/a.key;\n"
                        "        ssl_session_cache shared:SSL:10m;\n"
                        "        ssl_preread on;\n"
                        "        proxy_ssl on;\n"
                        "        proxy_ssl_verify on;\n"
                        "        proxy_half_close on;\n"
                        "        health_check interval=1s match=ok;\n"
                        "        allow 127.0.0.1;\n"
                        "        proxy_pass $route;\n"
                        "    }\n"
                        "    # portier: disabled | server {\n"
                        "    # portier: disabled |     listen 127.0.0.1:3;\n"
                        "    # portier: disabled |     proxy_pass a;\n"
                        "    # portier: disabled | }\n"
                        "}\n";

} // namespace

class TestNginxImport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void articleConfigs_data();
    void articleConfigs();
    void directives_data();
    void directives();
    void notCarriedOver_data();
    void notCarriedOver();
    void includesResolveAgainstMainFolder();
    void validatorIssuesArePlaced();
    void syntaxErrorStopsTheImport();

    void commandLine();
    void commandLineRefusals_data();
    void commandLineRefusals();

    void fuzzMutations_data();
    void fuzzMutations();

private:
    // The article's file copied into a private folder (with certificates for the TLS one).
    QString articleCopy(const QString &name, NginxPrefix *prefix);
    Config expectedConfig(QByteArray json, const QString &directory);
};

void TestNginxImport::initTestCase()
{
#if defined(Q_OS_WIN)
    // Its checks run Debian's nginx (nginx -t, or nginx serving side by side); the Windows
    // build has none to run.
    QSKIP("needs Debian's nginx and its stream module (Linux only)");
#endif
    // Import needs no nginx, but the exported imports below are checked by nginx -t.
    const QString missing = NginxPrefix::missingNginx();
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
}

QString TestNginxImport::articleCopy(const QString &name, NginxPrefix *prefix)
{
    if (!prefix->write(name, readFile(dataFile(name))))
        return QString();
    if (name == u"article-hash-ssl.conf") {
        QString error;
        if (!prefix->makeCertificate(QStringLiteral("keys/CAcert.pem"), QStringLiteral("keys/privkey.pem"), &error)) {
            qWarning("%s", qPrintable(error));
            return QString();
        }
    }
    return prefix->filePath(name);
}

Config TestNginxImport::expectedConfig(QByteArray json, const QString &directory)
{
    json.replace("@DIR@", directory.toUtf8());
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    if (!loaded.issues.isEmpty())
        qWarning("expected config does not load: %s", qPrintable(describe(loaded.issues)));
    return loaded.config;
}

void TestNginxImport::articleConfigs_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("expected"); // Portier JSON; @DIR@ is the file's folder
    QTest::addColumn<QString>("notes");       // '|'-separated "line:fragment" the import must report

    // nginx's default proxy_half_close is off, so an imported listener has it off.
    QTest::newRow("round robin") << QStringLiteral("article-roundrobin.conf") << QByteArray(R"({
        "upstreams": [ { "name": "backend", "servers": [ { "address": "127.0.0.1:7773" }, { "address": "127.0.0.1:7774" } ] } ],
        "listeners": [ { "listen": "127.0.0.1:30003", "proxy_timeout": "20s", "proxy_pass": "backend", "proxy_half_close": false } ] })")
                                 << QString();
    QTest::newRow("hash + ssl") << QStringLiteral("article-hash-ssl.conf") << QByteArray(R"({
        "upstreams": [ { "name": "backend", "method": "hash", "hash_key": "$remote_addr",
                         "servers": [ { "address": "127.0.0.3:9344" }, { "address": "127.0.0.3:9345" } ] } ],
        "listeners": [ { "listen": "9344", "proxy_timeout": "20s", "proxy_pass": "backend", "proxy_half_close": false,
                         "ssl": { "certificate": "CAcert", "session_cache": "shared:SSL:10m", "session_timeout": "2h" } } ],
        "certificates": [ { "name": "CAcert", "certificate_file": "@DIR@/keys/CAcert.pem", "key_file": "@DIR@/keys/privkey.pem" } ] })")
                                << QStringLiteral("11:no ssl_protocols here: nginx before 1.23.4 also allows TLSv1 and TLSv1.1");
    // The commented-out server is ignored, as nginx ignores it; the http block is skipped.
    QTest::newRow("shadowsocks") << QStringLiteral("article-shadowsocks.conf") << QByteArray(R"({
        "upstreams": [ { "name": "backend", "servers": [ { "address": "127.0.0.2:9999" } ] } ],
        "listeners": [ { "listen": "127.0.0.1:9000", "proxy_timeout": "20s", "proxy_pass": "backend", "proxy_half_close": false } ] })")
                                 << QStringLiteral("4:http {} skipped: Portier takes only stream {}");
}

void TestNginxImport::articleConfigs()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, expected);
    QFETCH(QString, notes);

    NginxPrefix prefix;
    const QString path = articleCopy(file, &prefix);
    QVERIFY(!path.isEmpty());
    const NginxImporter::Result result = NginxImporter::importFile(path);
    QVERIFY2(!result.hasErrors(), qPrintable(describe(result.issues)));
    const Config wanted = expectedConfig(expected, prefix.path());
    QVERIFY2(result.config == wanted, qPrintable(difference(wanted, result.config)));

    // Nothing said but the expected notes and what portierd cannot run yet.
    QStringList expectedNotes = notes.split(u'|', Qt::SkipEmptyParts);
    for (const NginxIssue &issue : result.issues) {
        QCOMPARE(issue.file, path);
        if (issue.message.startsWith(QStringLiteral("in the imported config")))
            continue;
        const auto note = std::find_if(expectedNotes.begin(), expectedNotes.end(), [&](const QString &n) {
            return issue.line == n.section(u':', 0, 0).toInt() && issue.message.contains(n.section(u':', 1));
        });
        QVERIFY2(note != expectedNotes.end(), qPrintable(issue.toString()));
        expectedNotes.erase(note);
    }
    QVERIFY2(expectedNotes.isEmpty(), qPrintable(expectedNotes.join(u'\n') + u'\n' + describe(result.issues)));
    // The article's own certificate paths are relative ("keys/..."): stored absolute.
    for (const CertificateConfig &certificate : result.config.certificates)
        QVERIFY2(QFileInfo(certificate.certificateFile).isAbsolute() && QFileInfo::exists(certificate.certificateFile), qPrintable(certificate.certificateFile));

    // Import then export: nginx takes it (on free loopback ports), and it reads back the same.
    Config moved = result.config;
    for (ListenerConfig &listener : moved.listeners)
        listener.listen = QStringLiteral("127.0.0.1:%1").arg(findFreePort());
    NginxExporter::Options options;
    options.form = NginxExporter::Form::Standalone;
    options.pid = QStringLiteral("logs/nginx.pid");
    options.errorLog = QStringLiteral("logs/error.log");
    const NginxExporter::Result exported = NginxExporter::exportConfig(moved, options);
    QVERIFY2(exported.ok(), qPrintable(describe(exported.errors)));
    QString output;
    QVERIFY2(prefix.checkStandalone(QStringLiteral("exported"), exported.text.toUtf8(), &output), qPrintable(output + u'\n' + exported.text));
    const NginxImporter::Result again = NginxImporter::importFile(prefix.filePath(QStringLiteral("exported.conf")));
    QVERIFY2(!again.hasErrors(), qPrintable(describe(again.issues)));
    QVERIFY2(again.config == moved, qPrintable(difference(moved, again.config)));
}

void TestNginxImport::directives_data()
{
    QTest::addColumn<QByteArray>("nginx");    // @DIR@: the folder the text is read from
    QTest::addColumn<QByteArray>("expected"); // Portier JSON

    QTest::newRow("server parameters") << QByteArray(R"(stream {
        upstream b { server 127.0.0.1:1 weight=5 max_fails=0 fail_timeout=1m30s max_conns=10; server 127.0.0.1:2 backup; server 127.0.0.1:3 down; }
        server { listen 127.0.0.1:9000; proxy_pass b; } })")
                                       << QByteArray(R"({ "upstreams": [ { "name": "b", "servers": [
            { "address": "127.0.0.1:1", "weight": 5, "max_fails": 0, "fail_timeout": "90s", "max_conns": 10 },
            { "address": "127.0.0.1:2", "backup": true }, { "address": "127.0.0.1:3", "down": true } ] } ],
            "listeners": [ { "listen": "127.0.0.1:9000", "proxy_pass": "b", "proxy_half_close": false } ] })");
    QTest::newRow("methods") << QByteArray(R"(stream {
        upstream lc { least_conn; server 127.0.0.1:1; }
        upstream hc { hash "$remote_addr$server_port" consistent; server 127.0.0.1:1; }
        upstream r { random; server 127.0.0.1:1; }
        upstream r2 { random two least_conn; server 127.0.0.1:1; }
        upstream lt { least_time last_byte inflight; server 127.0.0.1:1; } })")
                             << QByteArray(R"({ "upstreams": [
            { "name": "lc", "method": "least_conn", "servers": [ { "address": "127.0.0.1:1" } ] },
            { "name": "hc", "method": "hash", "hash_key": "$remote_addr$server_port", "consistent": true, "servers": [ { "address": "127.0.0.1:1" } ] },
            { "name": "r", "method": "random", "servers": [ { "address": "127.0.0.1:1" } ] },
            { "name": "r2", "method": "random", "random_two": true, "random_method": "least_conn", "servers": [ { "address": "127.0.0.1:1" } ] },
            { "name": "lt", "method": "least_time", "least_time_mode": "last_byte", "inflight": true, "servers": [ { "address": "127.0.0.1:1" } ] } ] })");
    QTest::newRow("stream settings are inherited, server settings win") << QByteArray(R"(stream {
        proxy_timeout 5s; proxy_connect_timeout 1s; proxy_half_close on; proxy_next_upstream off;
        server { listen 127.0.0.1:1; proxy_pass 127.0.0.1:7; }
        server { listen 127.0.0.1:2; proxy_timeout 1m; proxy_next_upstream_tries 2; proxy_next_upstream_timeout 3s; proxy_pass 127.0.0.1:7; } })")
                                                                        << QByteArray(R"({ "listeners": [
            { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:7", "proxy_timeout": "5s", "proxy_connect_timeout": "1s", "proxy_next_upstream": false },
            { "listen": "127.0.0.1:2", "proxy_pass": "127.0.0.1:7", "proxy_timeout": "1m", "proxy_connect_timeout": "1s", "proxy_next_upstream": false,
              "proxy_next_upstream_tries": 2, "proxy_next_upstream_timeout": "3s" } ] })");
    QTest::newRow("times with spaces and bare seconds, as nginx parses them") << QByteArray(R"(stream {
        server { listen 127.0.0.1:1; proxy_timeout "1h 30m"; proxy_connect_timeout 1m30; proxy_pass 127.0.0.1:7; } })")
                                                                             << QByteArray(R"({ "listeners": [
            { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:7", "proxy_timeout": "90m", "proxy_connect_timeout": "90s", "proxy_half_close": false } ] })");
    QTest::newRow("one listener per listen line, udp") << QByteArray(R"(stream {
        server { listen 127.0.0.1:53 udp; listen [::1]:53 udp; listen 5353; proxy_responses 1; proxy_requests 4; proxy_pass 127.0.0.1:5300; } })")
                                                       << QByteArray(R"({ "listeners": [
            { "listen": "127.0.0.1:53", "protocol": "udp", "proxy_pass": "127.0.0.1:5300", "proxy_half_close": false, "proxy_responses": 1, "proxy_requests": 4 },
            { "listen": "[::1]:53", "protocol": "udp", "proxy_pass": "127.0.0.1:5300", "proxy_half_close": false, "proxy_responses": 1, "proxy_requests": 4 },
            { "listen": "5353", "proxy_pass": "127.0.0.1:5300", "proxy_half_close": false, "proxy_responses": 1, "proxy_requests": 4 } ] })");
    QTest::newRow("SNI routes from ssl_preread") << QByteArray(R"(stream {
        map $ssl_preread_server_name $name { hostnames; a.test a; *.b.test b; \default b; default a; }
        upstream a { server 127.0.0.1:1; } upstream b { server 127.0.0.1:2; }
        server { listen 127.0.0.1:443; ssl_preread on; proxy_pass $name; } })")
                                                 << QByteArray(R"({ "upstreams": [ { "name": "a", "servers": [ { "address": "127.0.0.1:1" } ] },
                                                                    { "name": "b", "servers": [ { "address": "127.0.0.1:2" } ] } ],
            "listeners": [ { "listen": "127.0.0.1:443", "proxy_pass": "a", "proxy_half_close": false,
                             "sni_routes": { "a.test": "a", "*.b.test": "b", "default": "b" } } ] })");
    QTest::newRow("TLS, relative paths stored absolute, SNI from the handshake") << QByteArray(R"(stream {
        ssl_protocols TLSv1.3;
        ssl_certificate keys/site.pem;
        ssl_certificate_key keys/site.key;
        map $ssl_server_name $name { a.test a; }
        upstream a { server 127.0.0.1:1; }
        server { listen 127.0.0.1:1 ssl; ssl_password_file keys/pass; ssl_ciphers HIGH; ssl_prefer_server_ciphers on;
                 ssl_session_cache builtin:1000 shared:SSL:1m; ssl_session_timeout 10m; ssl_session_tickets off; ssl_handshake_timeout 5s;
                 ssl_verify_client optional_no_ca; ssl_client_certificate /etc/ca.pem; proxy_pass $name; }
        server { listen 127.0.0.1:2; proxy_pass a; } })")
                                                                                 << QByteArray(R"({ "upstreams": [ { "name": "a", "servers": [ { "address": "127.0.0.1:1" } ] } ],
            "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "", "proxy_half_close": false, "sni_routes": { "a.test": "a" },
                             "ssl": { "certificate": "site", "protocols": ["TLSv1.3"], "ciphers": "HIGH", "prefer_server_ciphers": true,
                                      "session_cache": "builtin:1000 shared:SSL:1m", "session_timeout": "10m", "session_tickets": false,
                                      "handshake_timeout": "5s", "verify_client": "optional_no_ca", "client_certificate": "/etc/ca.pem" } },
                           { "listen": "127.0.0.1:2", "proxy_pass": "a", "proxy_half_close": false } ],
            "certificates": [ { "name": "site", "certificate_file": "@DIR@/keys/site.pem", "key_file": "@DIR@/keys/site.key",
                                "passphrase_file": "@DIR@/keys/pass" } ] })");
    QTest::newRow("TLS to upstream servers") << QByteArray(R"(stream {
        server { listen 127.0.0.1:1; proxy_ssl on; proxy_ssl_server_name on; proxy_ssl_name "b.test"; proxy_ssl_verify on;
                 proxy_ssl_trusted_certificate ca.pem; proxy_ssl_protocols TLSv1.2; proxy_ssl_session_reuse off; proxy_pass 127.0.0.1:443; } })")
                                             << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:443", "proxy_half_close": false,
            "proxy_ssl": { "server_name": true, "name": "b.test", "verify": true, "trusted_certificate": "@DIR@/ca.pem",
                           "protocols": ["TLSv1.2"], "session_reuse": false } } ] })");
    QTest::newRow("old ssl on") << QByteArray(R"(stream { server { listen 127.0.0.1:1; ssl on; ssl_certificate /c.pem; ssl_certificate_key /c.key;
                                                  ssl_protocols TLSv1.2; proxy_pass 127.0.0.1:2; } })")
                                << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:2", "proxy_half_close": false,
            "ssl": { "certificate": "c", "protocols": ["TLSv1.2"] } } ],
            "certificates": [ { "name": "c", "certificate_file": "/c.pem", "key_file": "/c.key" } ] })");
    QTest::newRow("two listeners share one certificate") << QByteArray(R"(stream {
        server { listen 127.0.0.1:1 ssl; ssl_certificate /c.pem; ssl_certificate_key /c.key; ssl_protocols TLSv1.2; proxy_pass 127.0.0.1:2; }
        server { listen 127.0.0.1:3 ssl; ssl_certificate /c.pem; ssl_certificate_key /c.key; ssl_protocols TLSv1.2; proxy_pass 127.0.0.1:2; }
        server { listen 127.0.0.1:4 ssl; ssl_certificate /d/c.pem; ssl_certificate_key /d/c.key; ssl_protocols TLSv1.2; proxy_pass 127.0.0.1:2; } })")
                                                         << QByteArray(R"({ "listeners": [
            { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:2", "proxy_half_close": false, "ssl": { "certificate": "c", "protocols": ["TLSv1.2"] } },
            { "listen": "127.0.0.1:3", "proxy_pass": "127.0.0.1:2", "proxy_half_close": false, "ssl": { "certificate": "c", "protocols": ["TLSv1.2"] } },
            { "listen": "127.0.0.1:4", "proxy_pass": "127.0.0.1:2", "proxy_half_close": false, "ssl": { "certificate": "c_2", "protocols": ["TLSv1.2"] } } ],
            "certificates": [ { "name": "c", "certificate_file": "/c.pem", "key_file": "/c.key" },
                              { "name": "c_2", "certificate_file": "/d/c.pem", "key_file": "/d/c.key" } ] })");
    QTest::newRow("commented-out lines are ignored") << QByteArray("stream {\n    upstream b {\n        server 127.0.0.1:1;\n"
                                                                   "        #server 127.0.0.1:2; # taken out\n        # server 127.0.0.1:3 weight=2;\n    }\n"
                                                                   "    #server { listen 127.0.0.1:9; proxy_pass b; }\n"
                                                                   "    server { listen 127.0.0.1:1; # listen 127.0.0.1:2;\n        proxy_pass b; } }\n")
                                                     << QByteArray(R"({ "upstreams": [ { "name": "b", "servers": [ { "address": "127.0.0.1:1" } ] } ],
            "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "b", "proxy_half_close": false } ] })");
    QTest::newRow("portier comments read back") << QByteArray(R"(stream {
        # portier: workers 4
        # portier: certificate "my site" certificate_file=/c.pem key_file=/c.key passphrase_file=/p allow_expired=on
        # portier: certificate unused certificate_file=/u.pem key_file=/u.key
        upstream b {
            least_conn;
            # portier: least_time connect inflight
            # portier: set hash_key=$remote_addr consistent=on random_two=on random_method=least_conn
            # portier: health_check interval=2s timeout=1s fails=2 passes=3 "send=PING\r\n" expect=PONG
            server 127.0.0.1:1;
        }
        server {
            listen 127.0.0.1:1 ssl;
            # portier: certificate "my site"
            ssl_certificate /c.pem; ssl_certificate_key /c.key; ssl_password_file /p; ssl_protocols TLSv1.2 TLSv1.3;
            # portier: proxy_half_close on
            proxy_pass b;
        }
        # Portier's switch is off for this listener.
        # portier: disabled | server {
        # portier: disabled |     listen 127.0.0.1:2 udp;
        # portier: disabled |     proxy_pass b;
        # portier: disabled | }
    })")
                                                << QByteArray(R"({ "workers": 4,
            "upstreams": [ { "name": "b", "method": "least_time", "least_time_mode": "connect", "inflight": true,
                             "hash_key": "$remote_addr", "consistent": true, "random_two": true, "random_method": "least_conn",
                             "health_check": { "interval": "2s", "timeout": "1s", "fails": 2, "passes": 3, "send": "PING\r\n", "expect": "PONG" },
                             "servers": [ { "address": "127.0.0.1:1" } ] } ],
            "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "b", "ssl": { "certificate": "my site" } },
                           { "listen": "127.0.0.1:2", "protocol": "udp", "proxy_pass": "b", "proxy_half_close": false, "enabled": false } ],
            "certificates": [ { "name": "my site", "certificate_file": "/c.pem", "key_file": "/c.key", "passphrase_file": "/p", "allow_expired": true },
                              { "name": "unused", "certificate_file": "/u.pem", "key_file": "/u.key" } ] })");
    QTest::newRow("NGINX Plus health_check and match") << QByteArray(R"(stream {
        match ok { send "PING"; expect "PONG"; }
        upstream b { zone b 64k; server 127.0.0.1:1; }
        server { listen 127.0.0.1:1; health_check interval=3s fails=2 passes=2 match=ok; health_check_timeout 2s; proxy_pass b; } })")
                                                       << QByteArray(R"({ "upstreams": [ { "name": "b", "servers": [ { "address": "127.0.0.1:1" } ],
            "health_check": { "interval": "3s", "timeout": "2s", "fails": 2, "passes": 2, "send": "PING", "expect": "PONG" } } ],
            "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "b", "proxy_half_close": false } ] })");
    QTest::newRow("process settings") << QByteArray("worker_processes 6;\nerror_log /var/log/portier.log;\nevents {}\nstream { }\n")
                                      << QByteArray(R"({ "workers": 6, "error_log": { "path": "/var/log/portier.log", "level": "error" } })");
    QTest::newRow("stream error_log wins over the main one") << QByteArray("worker_processes auto;\nerror_log /var/log/main.log;\nstream { error_log stderr info; }\n")
                                                             << QByteArray(R"({ "error_log": { "level": "info" } })");
    QTest::newRow("nginx's own error_log of a standalone export") << QByteArray("error_log logs/error.log; # portier: nginx_only\nstream { }\n")
                                                                  << QByteArray("{}");

    // Access rules (ngx_stream_access_module): in order, per listen line; a server without
    // rules of its own inherits the stream-level ones (ngx_stream_access_merge_srv_conf).
    QTest::newRow("allow in server") << QByteArray(R"(stream { server { listen 127.0.0.1:1; listen [::1]:1 udp; proxy_pass 127.0.0.1:2;
                                                     allow 127.0.0.1; allow ::1; deny all; } })")
                                     << QByteArray(R"({ "listeners": [
            { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:2", "proxy_half_close": false,
              "access": [ {"allow": "127.0.0.1"}, {"allow": "::1"}, {"deny": "all"} ] },
            { "listen": "[::1]:1", "protocol": "udp", "proxy_pass": "127.0.0.1:2", "proxy_half_close": false,
              "access": [ {"allow": "127.0.0.1"}, {"allow": "::1"}, {"deny": "all"} ] } ] })");
    QTest::newRow("deny in server") << QByteArray("stream { server { listen 127.0.0.1:1; deny 10.0.0.1/8; deny 2001:db8::/32; proxy_pass 127.0.0.1:2; } }")
                                    << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:2", "proxy_half_close": false,
            "access": [ {"deny": "10.0.0.1/8"}, {"deny": "2001:db8::/32"} ] } ] })");
    QTest::newRow("deny at stream level") << QByteArray(R"(stream { deny 10.0.0.0/8;
        server { listen 127.0.0.1:1; proxy_pass 127.0.0.1:2; }
        allow 10.1.0.0/16;
        server { listen 127.0.0.1:3; proxy_pass 127.0.0.1:2; allow unix:; }
        server { listen 127.0.0.1:4; proxy_pass 127.0.0.1:2; deny 127.0.0.5; } })")
                                          << QByteArray(R"({ "listeners": [
            { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:2", "proxy_half_close": false,
              "access": [ {"deny": "10.0.0.0/8"}, {"allow": "10.1.0.0/16"} ] },
            { "listen": "127.0.0.1:3", "proxy_pass": "127.0.0.1:2", "proxy_half_close": false, "access": [ {"allow": "unix:"} ] },
            { "listen": "127.0.0.1:4", "proxy_pass": "127.0.0.1:2", "proxy_half_close": false, "access": [ {"deny": "127.0.0.5"} ] } ] })");
    QTest::newRow("deny in a disabled server") << QByteArray("stream {\n    # portier: disabled | server {\n    # portier: disabled |     listen 127.0.0.1:3;\n"
                                                             "    # portier: disabled |     deny all;\n    # portier: disabled |     proxy_pass 127.0.0.1:2;\n"
                                                             "    # portier: disabled | }\n}\n")
                                               << QByteArray(R"({ "listeners": [ { "listen": "127.0.0.1:3", "proxy_pass": "127.0.0.1:2", "proxy_half_close": false,
            "enabled": false, "access": [ {"deny": "all"} ] } ] })");
}

void TestNginxImport::directives()
{
    QFETCH(QByteArray, nginx);
    QFETCH(QByteArray, expected);
    NginxPrefix prefix;
    const NginxImporter::Result result = NginxImporter::importText(nginx, prefix.filePath(QStringLiteral("nginx.conf")), prefix.path());
    QVERIFY2(!result.hasErrors(), qPrintable(describe(result.issues)));
    const Config wanted = expectedConfig(expected, prefix.path());
    QVERIFY2(result.config == wanted, qPrintable(difference(wanted, result.config) + u'\n' + describe(result.issues)));
}

void TestNginxImport::notCarriedOver_data()
{
    QTest::addColumn<QByteArray>("nginx");
    QTest::addColumn<NginxIssue::Severity>("severity");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("fragment");

    using S = NginxIssue::Severity;
    const QByteArray head = "stream {\n    upstream b { server 127.0.0.1:1; }\n    server {\n        listen 127.0.0.1:1;\n        proxy_pass b;\n";
    // Line 6 is the first line after head.
    // Access rules are carried over (see directives()); what nginx says about them is said too.
    QTest::newRow("allow with host bits") << head + "        allow 10.0.0.1/8;\n    }\n}\n" << S::Warning << 6
                                          << QStringLiteral("low address bits of 10.0.0.1/8 are meaningless");
    QTest::newRow("deny a host name") << head + "        deny localhost;\n    }\n}\n" << S::Error << 6
                                      << QStringLiteral("invalid parameter of \"deny\" (nginx refuses it too): \"localhost\" is not an address");
    QTest::newRow("deny at stream level, bad prefix") << QByteArray("stream {\n    deny 10.0.0.0/33;\n}\n") << S::Error << 2
                                                      << QStringLiteral("after / write a number from 0 to 32");
    QTest::newRow("allow with two addresses") << head + "        allow 10.0.0.1 10.0.0.2;\n    }\n}\n" << S::Error << 6
                                              << QStringLiteral("invalid number of arguments in \"allow\"");
    // A bad rule in a listener kept commented out stops nothing: nginx never reads it.
    QTest::newRow("bad deny in a disabled server") << QByteArray("stream {\n    # portier: disabled | server {\n    # portier: disabled |     listen 127.0.0.1:3;\n"
                                                                 "    # portier: disabled |     deny nowhere;\n    # portier: disabled |     proxy_pass 127.0.0.1:2;\n"
                                                                 "    # portier: disabled | }\n}\n")
                                                   << S::Warning << 4 << QStringLiteral("\"nowhere\" is not an address");
    // Limits are carried over (tst_limits); one naming no zone is refused, as nginx -t does.
    QTest::newRow("limit_conn without its zone") << head + "        limit_conn addr 1;\n    }\n}\n" << S::Error << 6
                                                 << QStringLiteral("zero size shared memory zone \"addr\"");
    QTest::newRow("unknown directive") << head + "        tcp_nodelay off;\n    }\n}\n" << S::Warning << 6 << QStringLiteral("\"tcp_nodelay\" is not carried over: Portier always sets TCP_NODELAY");
    QTest::newRow("listen parameter") << QByteArray("stream {\n server {\n  listen 127.0.0.1:1 reuseport rcvbuf=64q;\n  proxy_pass 127.0.0.1:2;\n }\n}\n")
                                      << S::Error << 3 << QStringLiteral("invalid rcvbuf \"rcvbuf=64q\"");
    QTest::newRow("unix socket listen") << QByteArray("stream {\n server {\n  listen unix:/run/a.sock;\n  proxy_pass 127.0.0.1:2;\n }\n}\n")
                                        << S::Warning << 3 << QStringLiteral("UNIX socket");
    QTest::newRow("zone") << QByteArray("stream {\n  upstream b {\n    zone b 64k;\n    server 127.0.0.1:1;\n  }\n}\n") << S::Note << 3
                          << QStringLiteral("\"zone\" is not needed");
    QTest::newRow("server resolve") << QByteArray("stream {\n  upstream b {\n    server localhost:1 resolve;\n  }\n}\n") << S::Warning << 3
                                    << QStringLiteral("\"resolve\" is not carried over");
    QTest::newRow("http block") << QByteArray("\nhttp {\n}\nstream {}\n") << S::Note << 2 << QStringLiteral("http {} skipped");
    QTest::newRow("main directive") << QByteArray("user www-data;\nstream {}\n") << S::Note << 1 << QStringLiteral("\"user\" is not carried over");
    QTest::newRow("no stream block") << QByteArray("events {}\n") << S::Warning << 1 << QStringLiteral("there is no stream {} block");
    QTest::newRow("variable proxy_pass") << QByteArray("stream {\n  server {\n    listen 127.0.0.1:1;\n    proxy_pass $upstream;\n  }\n}\n")
                                         << S::Warning << 3 << QStringLiteral("proxy_pass $upstream is not carried over");
    QTest::newRow("SNI map not used") << QByteArray("stream {\n  map $ssl_preread_server_name $x { default a; }\n}\n") << S::Note << 2
                                      << QStringLiteral("map of $ssl_preread_server_name to $x is not carried over");
    QTest::newRow("map of a variable Portier lacks") << QByteArray("stream {\n  map $ssl_preread_protocol $x { default a; }\n}\n") << S::Warning << 2
                                                     << QStringLiteral("this map is not carried over: unknown \"ssl_preread_protocol\" variable");
    QTest::newRow("regex SNI") << QByteArray("stream {\n  map $ssl_preread_server_name $x {\n    ~^a a;\n    default a;\n  }\n"
                                             "  server { listen 127.0.0.1:1; ssl_preread on; proxy_pass $x; }\n}\n")
                               << S::Warning << 3 << QStringLiteral("regular-expression server name");
    QTest::newRow("preread off") << QByteArray("stream {\n  map $ssl_preread_server_name $x { default a; }\n"
                                               "  server {\n    listen 127.0.0.1:1;\n    proxy_pass $x;\n  }\n}\n")
                                 << S::Warning << 4 << QStringLiteral("ssl_preread is off here");
    QTest::newRow("second certificate") << QByteArray("stream {\n  server {\n    listen 127.0.0.1:1 ssl;\n    ssl_certificate /a.pem;\n    ssl_certificate_key /a.key;\n"
                                                      "    ssl_certificate /b.pem;\n    proxy_pass 127.0.0.1:2;\n  }\n}\n")
                                        << S::Warning << 6 << QStringLiteral("a second ssl_certificate");
    QTest::newRow("ssl listen without certificate") << QByteArray("stream {\n  server {\n    listen 127.0.0.1:1 ssl;\n    proxy_pass 127.0.0.1:2;\n  }\n}\n")
                                                    << S::Warning << 3 << QStringLiteral("listen ... ssl without ssl_certificate");
    QTest::newRow("unknown portier comment") << QByteArray("stream {\n  upstream b {\n    # portier: colour blue\n    server 127.0.0.1:1;\n  }\n}\n")
                                             << S::Warning << 3 << QStringLiteral("\"# portier: colour\" means nothing in upstream {}");
    QTest::newRow("broken disabled region") << QByteArray("stream {\n  # portier: disabled | server {\n  # portier: disabled |   listen 127.0.0.1:1;\n}\n")
                                            << S::Warning << 3 << QStringLiteral("this commented-out listener cannot be read back");
    QTest::newRow("bad value in a disabled listener") << QByteArray("stream {\n  # portier: disabled | server {\n  # portier: disabled |   listen 127.0.0.1:1;\n"
                                                                    "  # portier: disabled |   proxy_timeout soon;\n  # portier: disabled | }\n}\n")
                                                      << S::Warning << 4 << QStringLiteral("\"soon\" in \"proxy_timeout\" is not a time");
    QTest::newRow("relative error_log") << QByteArray("stream {\n\n  error_log logs/s.log;\n}\n") << S::Note << 3 << QStringLiteral("kept as written");
    // What nginx itself refuses is an error.
    QTest::newRow("bad server parameter") << QByteArray("stream {\n  upstream b {\n    server 127.0.0.1:1 wieght=2;\n  }\n}\n") << S::Error << 3
                                          << QStringLiteral("invalid parameter \"wieght=2\"");
    QTest::newRow("weight 0") << QByteArray("stream {\n  upstream b {\n    server 127.0.0.1:1 weight=0;\n  }\n}\n") << S::Error << 3
                              << QStringLiteral("\"0\" in \"server\" is not a number of 1 or more (weight)");
    QTest::newRow("bad time") << QByteArray("stream {\n  proxy_timeout 20x;\n}\n") << S::Error << 2 << QStringLiteral("\"20x\" in \"proxy_timeout\" is not a time");
    QTest::newRow("bad flag") << QByteArray("stream {\n  proxy_half_close yes;\n}\n") << S::Error << 2 << QStringLiteral("takes on or off, found \"yes\"");
    QTest::newRow("arguments") << QByteArray("stream {\n  proxy_timeout 1s 2s;\n}\n") << S::Error << 2 << QStringLiteral("invalid number of arguments in \"proxy_timeout\"");
    QTest::newRow("no listen") << QByteArray("stream {\n  server {\n    proxy_pass 127.0.0.1:1;\n  }\n}\n") << S::Error << 2 << QStringLiteral("no \"listen\"");
    QTest::newRow("no proxy_pass") << QByteArray("stream {\n  server {\n    listen 127.0.0.1:1;\n  }\n}\n") << S::Error << 2 << QStringLiteral("no proxy_pass");
    QTest::newRow("duplicate stream") << QByteArray("stream {}\nstream {}\n") << S::Error << 2 << QStringLiteral("\"stream\" is duplicate");
    QTest::newRow("duplicate upstream") << QByteArray("stream {\n upstream b { server 127.0.0.1:1; }\n upstream b { server 127.0.0.1:1; }\n}\n") << S::Error << 3
                                        << QStringLiteral("duplicate upstream \"b\"");
}

void TestNginxImport::notCarriedOver()
{
    QFETCH(QByteArray, nginx);
    QFETCH(NginxIssue::Severity, severity);
    QFETCH(int, line);
    QFETCH(QString, fragment);
    const NginxImporter::Result result = NginxImporter::importText(nginx, QStringLiteral("n.conf"), QDir::tempPath());
    const bool found = std::any_of(result.issues.begin(), result.issues.end(), [&](const NginxIssue &issue) {
        return issue.severity == severity && issue.file == u"n.conf" && issue.line == line && issue.message.contains(fragment);
    });
    QVERIFY2(found, qPrintable(describe(result.issues)));
    QCOMPARE(result.hasErrors(), severity == NginxIssue::Severity::Error);
}

void TestNginxImport::includesResolveAgainstMainFolder()
{
    NginxPrefix prefix;
    QVERIFY(prefix.write(QStringLiteral("nginx.conf"), "stream {\n    include stream.d/*.conf;\n}\n"));
    QVERIFY(prefix.write(QStringLiteral("stream.d/10-upstreams.conf"), "upstream b {\n    include stream.d/servers.inc;\n}\n"));
    QVERIFY(prefix.write(QStringLiteral("stream.d/servers.inc"), "server 127.0.0.1:1;\nserver 127.0.0.1:2 weight=3;\n"));
    QVERIFY(prefix.write(QStringLiteral("stream.d/20-servers.conf"),
                         "server {\n    listen 127.0.0.1:1 ssl;\n    ssl_certificate keys/a.pem;\n    ssl_certificate_key keys/a.key;\n"
                         "    ssl_protocols TLSv1.2;\n    proxy_pass b;\n    tcp_nodelay on;\n}\n"));
    const NginxImporter::Result result = NginxImporter::importFile(prefix.filePath(QStringLiteral("nginx.conf")));
    QVERIFY2(!result.hasErrors(), qPrintable(describe(result.issues)));
    QCOMPARE(result.files.size(), 4);
    QCOMPARE(result.config.upstreams.size(), 1);
    QCOMPARE(result.config.upstreams.first().servers.size(), 2);
    QCOMPARE(result.config.upstreams.first().servers.at(1).weight, 3);
    QCOMPARE(result.config.listeners.size(), 1);
    // Certificates resolve against the main file's folder, wherever the directive is.
    QCOMPARE(result.config.certificates.size(), 1);
    QCOMPARE(result.config.certificates.first().certificateFile, prefix.filePath(QStringLiteral("keys/a.pem")));
    // And what is not carried over is placed in the included file.
    const bool placed = std::any_of(result.issues.begin(), result.issues.end(), [&](const NginxIssue &issue) {
        return issue.file == prefix.filePath(QStringLiteral("stream.d/20-servers.conf")) && issue.line == 7 && issue.message.contains(QStringLiteral("\"tcp_nodelay\""));
    });
    QVERIFY2(placed, qPrintable(describe(result.issues)));
}

void TestNginxImport::validatorIssuesArePlaced()
{
    // What ConfigValidator says about the imported values comes back at the directive.
    const QByteArray nginx = "stream {\n  upstream b {\n    server 127.0.0.1:1;\n    server 127.0.0.1:99999;\n  }\n"
                             "  server {\n    listen localhost:1;\n    proxy_pass b;\n  }\n}\n";
    const NginxImporter::Result result = NginxImporter::importText(nginx, QStringLiteral("v.conf"), QDir::tempPath());
    QVERIFY2(!result.hasErrors(), qPrintable(describe(result.issues)));
    const QList<NginxIssue> warnings = ofSeverity(result.issues, NginxIssue::Severity::Warning);
    auto has = [&](int line, const QString &fragment) {
        return std::any_of(warnings.begin(), warnings.end(), [&](const NginxIssue &i) { return i.line == line && i.message.contains(fragment); });
    };
    QVERIFY2(has(4, QStringLiteral("upstreams[0].servers[1].address: port 99999 is out of range")), qPrintable(describe(result.issues)));
    QVERIFY2(has(7, QStringLiteral("listeners[0].listen: \"localhost\" is not an IP address")), qPrintable(describe(result.issues)));
}

void TestNginxImport::syntaxErrorStopsTheImport()
{
    const NginxImporter::Result result = NginxImporter::importText("stream {\n  upstream b {\n    server 127.0.0.1:1\n  }\n}\n", QStringLiteral("s.conf"),
                                                                   QDir::tempPath());
    QVERIFY(result.hasErrors());
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().line, 4);
    QVERIFY(result.config.upstreams.isEmpty());
}

void TestNginxImport::commandLine()
{
    NginxPrefix prefix;
    const QString path = articleCopy(QStringLiteral("article-shadowsocks.conf"), &prefix);
    QVERIFY(!path.isEmpty());
    const QString out = prefix.filePath(QStringLiteral("portier.json"));
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--import-nginx"), path, QStringLiteral("-o"), out}, &output), 0);
    QVERIFY2(output.contains(path + QStringLiteral(":4: note: http {} skipped")), qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("imported 1 upstream group and 1 listener from")), qPrintable(output));
    const ConfigJson::LoadResult written = ConfigJson::load(out);
    QVERIFY2(written.issues.isEmpty(), qPrintable(describe(written.issues)));
    QVERIFY(written.config == NginxImporter::importFile(path).config);
    // portierd takes what it wrote.
    QCOMPARE(PortierdProcess::run({QStringLiteral("--check"), QStringLiteral("--config"), out}, &output), 0);

    // Without -o the JSON goes to standard output.
    QCOMPARE(PortierdProcess::run({QStringLiteral("--import-nginx"), dataFile(QStringLiteral("article-roundrobin.conf"))}, &output), 0);
    QVERIFY2(output.contains(QStringLiteral("\"listen\": \"127.0.0.1:30003\"")), qPrintable(output));
}

void TestNginxImport::commandLineRefusals_data()
{
    QTest::addColumn<QByteArray>("nginx");
    QTest::addColumn<QString>("fragment"); // @FILE@ is the file's path

    QTest::newRow("syntax error") << QByteArray("stream {\n  server {\n    listen 127.0.0.1:1\n  }\n}\n")
                                  << QStringLiteral("@FILE@:4: error: unexpected \"}\"");
    QTest::newRow("value nginx refuses") << QByteArray("stream {\n  upstream b {\n    server 127.0.0.1:1 weight=x;\n  }\n}\n")
                                         << QStringLiteral("@FILE@:3: error: \"x\" in \"server\" is not a number");
    QTest::newRow("unreadable file") << QByteArray() << QStringLiteral("@FILE@: error: cannot read the file");
}

void TestNginxImport::commandLineRefusals()
{
    QFETCH(QByteArray, nginx);
    QFETCH(QString, fragment);
    NginxPrefix prefix;
    const QString path = prefix.filePath(QStringLiteral("bad.conf"));
    if (!nginx.isEmpty())
        QVERIFY(prefix.write(QStringLiteral("bad.conf"), nginx));
    const QString out = prefix.filePath(QStringLiteral("out.json"));
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--import-nginx"), path, QStringLiteral("-o"), out}, &output), 1);
    QVERIFY2(output.contains(QString(fragment).replace(QStringLiteral("@FILE@"), path)), qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("nothing written")), qPrintable(output));
    QVERIFY(!QFileInfo::exists(out));
}

void TestNginxImport::fuzzMutations_data()
{
    QTest::addColumn<QByteArray>("seed");
    QTest::addColumn<quint32>("randomSeed");

    QTest::newRow("article round robin") << readFile(dataFile(QStringLiteral("article-roundrobin.conf"))) << quint32(20261126);
    QTest::newRow("article hash + ssl") << readFile(dataFile(QStringLiteral("article-hash-ssl.conf"))) << quint32(7773);
    QTest::newRow("article shadowsocks") << readFile(dataFile(QStringLiteral("article-shadowsocks.conf"))) << quint32(7774);
    QTest::newRow("every corner") << QByteArray(richSeed) << quint32(30003);
}

void TestNginxImport::fuzzMutations()
{
    // Seeded mutations, a fixed number each (deterministic, and bounded so the suite stays
    // fast): whatever the bytes, the tokenizer and importer finish, every error says where,
    // and the work done stays linear in the input (tokens, files read).
    QFETCH(QByteArray, seed);
    QFETCH(quint32, randomSeed);
    QVERIFY(!seed.isEmpty());

    static const QList<QByteArray> pieces{"{", "}", ";", "\"", "'", "\\", "#", "$", "${", "\n", " ", "=", "|",
                                          "stream", "server", "upstream", "map", "listen", "ssl", "udp", "include",
                                          "proxy_pass $x", "# portier: ", "# portier: disabled | ", "# portier: health_check interval=",
                                          "# portier: certificate ", "hostnames;", "\\default", "weight=", "127.0.0.1:", "\xff\xfe", QByteArray(1, '\0')};
    constexpr int iterationCount = 400;
    QRandomGenerator random(randomSeed);
    NginxPrefix prefix; // relative includes resolve into an empty private folder

    int iterations = 0;
    for (; iterations < iterationCount; ++iterations) {
        QByteArray text = seed;
        const int mutations = 1 + random.bounded(4);
        for (int m = 0; m < mutations; ++m) {
            const qsizetype at = text.isEmpty() ? 0 : random.bounded(int(text.size()));
            switch (random.bounded(6)) {
            case 0: // a random byte
                if (!text.isEmpty())
                    text[at] = char(random.bounded(256));
                break;
            case 1: // a piece of syntax
                text.insert(at, pieces.at(random.bounded(int(pieces.size()))));
                break;
            case 2: // a cut
                text.remove(at, 1 + random.bounded(16));
                break;
            case 3: // a repeat
                text.insert(random.bounded(int(text.size()) + 1), text.mid(at, 1 + random.bounded(64)));
                break;
            case 4: // cut short
                text.truncate(at);
                break;
            default: // two lines swapped
            {
                QList<QByteArray> lines = text.split('\n');
                if (lines.size() > 1)
                    lines.swapItemsAt(random.bounded(int(lines.size())), random.bounded(int(lines.size())));
                text = lines.join('\n');
                break;
            }
            }
        }

        const NginxTokenizer::Result tokens = NginxTokenizer::tokenize(text, QStringLiteral("fuzz.conf"));
        if (tokens.error)
            QVERIFY2(tokens.error->hasPosition(), qPrintable(QStringLiteral("iteration %1: %2").arg(iterations).arg(tokens.error->toString())));
        const NginxImporter::Result result = NginxImporter::importText(text, QStringLiteral("fuzz.conf"), prefix.path());
        for (const NginxIssue &issue : result.issues) {
            QVERIFY2(issue.hasPosition() && issue.line <= text.count('\n') + 2,
                     qPrintable(QStringLiteral("iteration %1 (seed %2): %3\n--- input ---\n%4").arg(iterations).arg(randomSeed).arg(issue.toString(), QString::fromUtf8(text))));
        }
        QVERIFY2(tokens.tokens.size() <= text.size() + 1,
                 qPrintable(QStringLiteral("iteration %1 (seed %2): %3 tokens from %4 bytes").arg(iterations).arg(randomSeed)
                                .arg(tokens.tokens.size()).arg(text.size())));
    }
    QCOMPARE(iterations, iterationCount);
}

QTEST_GUILESS_MAIN(TestNginxImport)
#include "tst_nginximport.moc"
