// The window speaks the user's terms: every path the validator, the loader and the engine's
// preflight put on an issue ("upstreams[1].servers[1].weight", counted from 0) reads in the
// window as the pages name it ("Upstream group backend, server 2 (10.0.0.1:80), weight"),
// and no "[N]" reaches the Apply bar, a field's marker or a page's message list.
// `portierd --check` keeps the paths (tst_preflight).
#include "configdocument.h"
#include "issuelocation.h"
#include "issuetext.h"
#include "listenereditor.h"
#include "upstreameditor.h"
#include "fieldmarker.h"

#include <configjson.h>
#include <configvalidator.h>

#include <QApplication>
#include <QLabel>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

namespace {

const QRegularExpression &indexFromZero()
{
    static const QRegularExpression pattern(QStringLiteral(R"(\[\d+\])"));
    return pattern;
}

// "upstreams[N].servers[N].weight": a path's form, whatever its numbers.
QString form(const QString &path)
{
    QString shape = path;
    return shape.replace(indexFromZero(), QStringLiteral("[N]"));
}

ServerConfig server(const QString &address)
{
    ServerConfig s;
    s.address = address;
    return s;
}

// A config wrong in every way the validator knows, each list with an item to point at.
Config brokenConfig()
{
    Config config;
    config.workers = -1;
    config.errorLog.level = QStringLiteral("loud");

    UpstreamConfig backend;
    backend.name = QStringLiteral("backend");
    backend.method = UpstreamConfig::Method::Hash; // with no key, and a backup server
    backend.healthCheck.enabled = true;
    backend.healthCheck.intervalMs = 0;
    backend.healthCheck.timeoutMs = 0;
    backend.healthCheck.fails = 0;
    backend.healthCheck.passes = 0;
    backend.healthCheck.expect = QStringLiteral("~(");
    ServerConfig bad = server(QStringLiteral("10.0.0.1:80"));
    bad.weight = 0;
    bad.maxFails = -1;
    bad.failTimeoutMs = -1;
    bad.maxConns = -1;
    bad.backup = true;
    backend.servers << server(QStringLiteral("10.0.0.2:80")) << bad << server(QStringLiteral("no port here"));
    UpstreamConfig unnamed; // no name, no servers
    UpstreamConfig random;
    random.name = QStringLiteral("random");
    random.method = UpstreamConfig::Method::Random;
    random.randomMethod = QStringLiteral("fastest");
    random.servers << server(QStringLiteral("10.0.0.3:80"));
    config.upstreams << backend << unnamed << random;

    ListenerConfig tls;
    tls.listen = QStringLiteral("127.0.0.1:30003");
    tls.proxyPass = QStringLiteral("nowhere");
    tls.proxyTimeoutMs = 0;
    tls.proxyConnectTimeoutMs = 0;
    tls.proxyNextUpstreamTries = -1;
    tls.proxyNextUpstreamTimeoutMs = -1;
    tls.ssl.enabled = true;
    tls.ssl.certificate = QStringLiteral("missing");
    tls.ssl.protocols = {QStringLiteral("TLSv9")};
    tls.ssl.ciphers = QStringLiteral(" ");
    tls.ssl.sessionCache = QStringLiteral("bogus");
    tls.ssl.sessionTimeoutMs = 0;
    tls.ssl.handshakeTimeoutMs = 0;
    tls.ssl.verifyClient = QStringLiteral("maybe");
    tls.proxySsl.enabled = true;
    tls.proxySsl.protocols = {};
    tls.proxySsl.verify = true;
    tls.sniRoutes.insert(QStringLiteral("bad name!"), QStringLiteral("nogroup"));
    tls.access << AccessRuleConfig{AccessRuleConfig::Action::Allow, QStringLiteral("10.0.0.0/8")}
               << AccessRuleConfig{AccessRuleConfig::Action::Deny, QStringLiteral("not-an-address")};
    tls.limits.connections << ConnectionLimitConfig{QStringLiteral("nozone"), 0};
    tls.limits.logLevel = QStringLiteral("loud");
    tls.limits.maxConnections = -1;
    tls.accessLog.path = QStringLiteral("/tmp/$host.log");
    tls.accessLog.format = QStringLiteral("nope");
    tls.accessLog.flushMs = 5000;

    ListenerConfig wildcard; // takes the port of every address: conflicts with the first
    wildcard.listen = QStringLiteral("0.0.0.0:30003");
    wildcard.proxyPass = QStringLiteral("backend");
    ListenerConfig udp;
    udp.listen = QStringLiteral("127.0.0.1:30004");
    udp.protocol = ListenerConfig::Protocol::Udp;
    udp.proxyPass = QStringLiteral("backend");
    udp.ssl.enabled = true;
    udp.ssl.certificate = QStringLiteral("site");
    udp.proxyResponses = -5;
    udp.proxyRequests = -1;
    ListenerConfig same = wildcard; // the same address again
    ListenerConfig named;
    named.listen = QStringLiteral("localhost:30005");
    named.proxyPass = QStringLiteral("$nothing");
    ListenerConfig empty; // no address at all: named by its number
    config.listeners << tls << wildcard << udp << same << named << empty;

    CertificateConfig site;
    site.name = QStringLiteral("site");
    CertificateConfig nameless;
    config.certificates << site << nameless << site;

    ConnectionZoneConfig zone;
    zone.name = QStringLiteral("bad name");
    zone.size = 1;
    config.connectionZones << zone;

    LogFormatConfig format;
    format.name = QStringLiteral("bad name");
    format.text = QStringLiteral("$no_such_variable");
    config.logFormats << format;

    MapConfig map;
    map.source = QStringLiteral("$remote_addr");
    map.name = QStringLiteral("pool");
    map.entries << MapEntryConfig{QStringLiteral("~("), QStringLiteral("x")} << MapEntryConfig{QStringLiteral("a"), QStringLiteral("$nope")};
    config.maps << map;
    SplitClientsConfig split;
    split.key = QStringLiteral("$remote_addr");
    split.name = QStringLiteral("variant");
    split.buckets << SplitBucketConfig{QStringLiteral("200%"), QStringLiteral("a")};
    config.splitClients << split;

    config.api.listen = QStringLiteral("0.0.0.0:30003");
    config.api.certificate = QStringLiteral("absent");
    config.api.tokens << ApiTokenConfig{QString(), QStringLiteral("xyz"), false};
    return config;
}

} // namespace

class IssueLocationTest : public QObject
{
    Q_OBJECT

private slots:
    void placesInWords_data();
    void placesInWords();
    void everyValidatorPathReadsInWords();
    void loadIssuesReadInWords();
    void windowShowsNoIndexFromZero();
};

void IssueLocationTest::placesInWords_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    QTest::newRow("server") << "upstreams[0].servers[1].weight" << "Upstream group backend, server 2 (10.0.0.1:80), weight";
    QTest::newRow("group") << "upstreams[0].hash_key" << "Upstream group backend, hash_key";
    QTest::newRow("unnamed group") << "upstreams[1].name" << "Upstream group 2, name";
    QTest::newRow("listener") << "listeners[0].ssl.protocols" << "Listener 127.0.0.1:30003, ssl.protocols";
    QTest::newRow("listener by number") << "listeners[5].listen" << "Listener 6, listen";
    QTest::newRow("access rule") << "listeners[0].access[1].deny" << "Listener 127.0.0.1:30003, access rule 2 (deny not-an-address), deny";
    QTest::newRow("limit") << "listeners[0].limit_conn[0].zone" << "Listener 127.0.0.1:30003, connection limit 1 (zone nozone), zone";
    QTest::newRow("map entry") << "maps[0].entries[1].value" << "Map $pool, entry 2 (a), value";
    QTest::newRow("bucket") << "split_clients[0].buckets[0].percent" << "split_clients $variant, bucket 1 (200%), percent";
    QTest::newRow("token") << "api.tokens[0].sha256" << "API token 1, sha256";
    QTest::newRow("zone") << "limit_conn_zones[0].size" << "Connection zone bad name, size";
    QTest::newRow("format") << "log_formats[0].format" << "Log format bad name, format";
    QTest::newRow("certificate") << "certificates[0].key_file" << "Certificate 1 (site), key_file";
    QTest::newRow("list of strings") << "listeners[0].ssl.protocols[0]" << "Listener 127.0.0.1:30003, ssl.protocols, entry 1";
    QTest::newRow("no list") << "error_log.level" << "error_log.level";
    QTest::newRow("same address twice") << "listeners[3].listen" << "Listener 4 (0.0.0.0:30003), listen";
    QTest::newRow("same name twice") << "certificates[2].name" << "Certificate 3 (site), name";
    QTest::newRow("past the end") << "upstreams[9].servers[3]" << "Upstream group 10, server 4";
}

void IssueLocationTest::placesInWords()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    QCOMPARE(IssueLocation::place(brokenConfig(), path), expected);
}

void IssueLocationTest::everyValidatorPathReadsInWords()
{
    const Config config = brokenConfig();
    const ConfigIssues issues = ConfigValidator::validate(config);
    QSet<QString> forms;
    for (const ConfigIssue &issue : issues) {
        forms.insert(form(issue.path));
        const QString text = IssueLocation::text(config, issue);
        QVERIFY2(!text.contains(indexFromZero()), qPrintable(QStringLiteral("%1\n  reads: %2").arg(issue.toString(), text)));
    }
    // The config reaches every list the validator names an item of, so the check above saw
    // each kind of path (a new list would show up here first).
    const QStringList expected{
        QStringLiteral("upstreams[N].servers[N].weight"), QStringLiteral("upstreams[N].servers[N].address"),
        QStringLiteral("upstreams[N].servers[N].backup"), QStringLiteral("upstreams[N].health_check.expect"),
        QStringLiteral("upstreams[N].name"), QStringLiteral("upstreams[N].servers"), QStringLiteral("upstreams[N].random_method"),
        QStringLiteral("listeners[N].listen"), QStringLiteral("listeners[N].proxy_pass"), QStringLiteral("listeners[N].ssl.protocols"),
        QStringLiteral("listeners[N].access[N].deny"), QStringLiteral("listeners[N].limit_conn[N].zone"),
        QStringLiteral("listeners[N].limit_conn[N].connections"), QStringLiteral("listeners[N].access_log.format"),
        QStringLiteral("listeners[N].sni_routes.bad name!"), QStringLiteral("listeners[N].protocol"),
        QStringLiteral("certificates[N].name"), QStringLiteral("limit_conn_zones[N].size"), QStringLiteral("log_formats[N].name"),
        QStringLiteral("log_formats[N].format"), QStringLiteral("api.tokens[N].name"), QStringLiteral("api.listen"),
        QStringLiteral("workers"), QStringLiteral("error_log.level")};
    for (const QString &path : expected)
        QVERIFY2(forms.contains(path), qPrintable(QStringLiteral("no issue at %1 in:\n%2").arg(path, describe(issues))));
    QVERIFY2(std::any_of(forms.begin(), forms.end(), [](const QString &f) { return f.startsWith(u"maps[N]"); }), qPrintable(describe(issues)));
    QVERIFY2(std::any_of(forms.begin(), forms.end(), [](const QString &f) { return f.startsWith(u"split_clients[N]"); }), qPrintable(describe(issues)));
    // Messages that name another item ("conflicts with listeners[0] (...)") name it in words too.
    const auto conflict = std::find_if(issues.begin(), issues.end(), [](const ConfigIssue &i) { return i.message.contains(u"conflicts with listeners[0]"); });
    QVERIFY2(conflict != issues.end(), qPrintable(describe(issues)));
    QVERIFY2(IssueLocation::words(config, conflict->message).contains(QStringLiteral("conflicts with Listener 127.0.0.1:30003 (")),
             qPrintable(IssueLocation::words(config, conflict->message)));
}

void IssueLocationTest::loadIssuesReadInWords()
{
    // What the loader refuses carries paths too; nothing was loaded, so items go by number.
    const QByteArray json = R"({ "version": 1,
        "upstreams": [ { "name": "a", "servers": [ { "address": "127.0.0.1:1" }, { "address": 5, "weight": "x" } ] } ],
        "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "a", "ssl": { "protocols": [ "TLSv1.2", 3 ] },
                         "access": [ { "allow": 1 } ], "limit_conn": [ { "zone": 2 } ], "surprise": true } ],
        "certificates": [ { "name": 1 } ], "maps": [ { "variable": 1, "entries": [ { "key": 1 } ] } ] })";
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    QVERIFY2(loaded.issues.size() >= 5, qPrintable(describe(loaded.issues)));
    QVERIFY2(std::any_of(loaded.issues.begin(), loaded.issues.end(), [](const ConfigIssue &i) { return i.path.contains(u"servers[1]"); }),
             qPrintable(describe(loaded.issues)));
    for (const ConfigIssue &issue : loaded.issues) {
        const QString text = IssueLocation::text(Config(), issue);
        QVERIFY2(!text.contains(indexFromZero()), qPrintable(QStringLiteral("%1\n  reads: %2").arg(issue.toString(), text)));
    }
}

void IssueLocationTest::windowShowsNoIndexFromZero()
{
    const Config config = brokenConfig();
    ConfigDocument document;
    document.reset(config, QString());
    QVERIFY(document.hasErrors());
    // What the Apply bar lists, and every message a field's marker shows.
    for (const ConfigIssue &issue : IssueLocation::located(config, document.issues()))
        QVERIFY2(!issue.toString().contains(indexFromZero()), qPrintable(issue.toString()));
    for (const ConfigIssue &issue : document.issues())
        QVERIFY2(!issue.message.contains(indexFromZero()), qPrintable(issue.message));

    // The editors' message lists: the listener's and the group's, as their pages feed them.
    ListenerEditor listenerEditor;
    listenerEditor.setListener(config.listeners.at(0));
    listenerEditor.setIssues(FieldMarker::under(document.issues(), QStringLiteral("listeners[0]")));
    UpstreamEditor upstreamEditor;
    upstreamEditor.setUpstream(config.upstreams.at(0));
    upstreamEditor.setIssues(FieldMarker::under(document.issues(), QStringLiteral("upstreams[0]")));
    int shown = 0;
    for (QWidget *editor : {static_cast<QWidget *>(&listenerEditor), static_cast<QWidget *>(&upstreamEditor)}) {
        for (const QLabel *label : editor->findChildren<QLabel *>()) {
            QVERIFY2(!label->text().contains(indexFromZero()), qPrintable(label->objectName() + QStringLiteral(": ") + label->text()));
            for (const QWidget *widget : editor->findChildren<QWidget *>())
                QVERIFY2(!widget->toolTip().contains(indexFromZero()), qPrintable(widget->objectName() + QStringLiteral(": ") + widget->toolTip()));
            shown += label->objectName() == u"issuesLabel" && !label->text().isEmpty() ? 1 : 0;
        }
    }
    QCOMPARE(shown, 2); // both editors listed their problems
}

QTEST_MAIN(IssueLocationTest)
#include "tst_guiissuelocation.moc"
