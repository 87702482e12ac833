// map, split_clients and return as nginx 1.22 computes them, without sockets: MurmurHash2
// against values printed by nginx's own ngx_murmur_hash2 (src/core/ngx_murmurhash.c at
// release-1.22.1, compiled as it is), split_clients' percent arithmetic, map precedence and
// nginx -t's refusals, the JSON, and import -> export -> import (the export passes nginx -t).
#include "nginxprefix.h"
#include "nginxprocess.h"

#include <configjson.h>
#include <configvalidator.h>
#include <nginxexporter.h>
#include <nginximporter.h>
#include <splitclients.h>
#include <streamrouting.h>

#include <QDir>
#include <QTest>

class RoutingTest : public QObject
{
    Q_OBJECT

private slots:
    void murmurHashIsNginxs_data();
    void murmurHashIsNginxs();
    void percents_data();
    void percents();
    void splitClientsBuckets();
    void mapPrecedence_data();
    void mapPrecedence();
    void mapRefuses_data();
    void mapRefuses();
    void mapValuesReadVariablesAndCaptures();
    void variablesAreCachedPerSession();
    void validatorRefuses_data();
    void validatorRefuses();
    void jsonRoundTrip();
    void importExportImportIsLossless();
};

namespace {

StreamFacts facts(const QByteArray &client = "127.0.0.2")
{
    StreamFacts f;
    f.clientAddress = client;
    f.clientPort = 40001;
    f.serverAddress = "127.0.0.1";
    f.serverPort = 8080;
    f.connection = 17;
    return f;
}

// Evaluates $name from a config with these maps and split_clients for the given facts.
QByteArray evaluate(const Config &config, const QString &text, const StreamFacts &f, QString *error = nullptr)
{
    ConfigIssues issues;
    const auto routing = StreamRouting::build(config, &issues);
    if (!routing) {
        if (error)
            *error = issues.value(0).toString();
        return "<refused>";
    }
    const auto compiled = StreamTemplate::compile(text, error, routing.get());
    return compiled ? compiled->evaluate(f) : QByteArray("<unknown>");
}

MapConfig map(const QString &source, const QString &name, bool hostnames, const QList<QPair<QString, QString>> &entries,
              const QString &defaultValue = QString())
{
    MapConfig m;
    m.source = source;
    m.name = name;
    m.hostnames = hostnames;
    m.defaultValue = defaultValue;
    for (const auto &[key, value] : entries)
        m.entries << MapEntryConfig{key, value};
    return m;
}

} // namespace

void RoutingTest::murmurHashIsNginxs_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<quint32>("hash");
    // Printed by nginx 1.22.1's ngx_murmur_hash2 itself.
    QTest::newRow("empty") << QByteArray("") << 0u;
    QTest::newRow("1 byte") << QByteArray("a") << 2456313694u;
    QTest::newRow("2 bytes") << QByteArray("ab") << 446775395u;
    QTest::newRow("3 bytes") << QByteArray("abc") << 324500635u;
    QTest::newRow("4 bytes") << QByteArray("abcd") << 646393889u;
    QTest::newRow("5 bytes") << QByteArray("hello") << 3848350155u;
    QTest::newRow("address") << QByteArray("127.0.0.1") << 3054706065u;
    QTest::newRow("address and text") << QByteArray("127.0.0.2AAA") << 2639344089u;
    QTest::newRow("long") << QByteArray("The quick brown fox jumps over the lazy dog") << 556214736u;
}

void RoutingTest::murmurHashIsNginxs()
{
    QFETCH(QByteArray, key);
    QFETCH(quint32, hash);
    QCOMPARE(SplitClients::murmurHash2(key), hash);
}

void RoutingTest::percents_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("hundredths"); // -1: refused
    QTest::newRow("whole") << QStringLiteral("10%") << 1000;
    QTest::newRow("one decimal") << QStringLiteral("20.5%") << 2050;
    QTest::newRow("two decimals") << QStringLiteral("0.25%") << 25;
    QTest::newRow("third decimal ignored, as ngx_atofp") << QStringLiteral("33.339%") << 3333;
    QTest::newRow("rest") << QStringLiteral("*") << 0;
    QTest::newRow("zero refused") << QStringLiteral("0%") << -1;
    QTest::newRow("no percent sign") << QStringLiteral("10") << -1;
    QTest::newRow("two dots") << QStringLiteral("1.2.3%") << -1;
    QTest::newRow("letters") << QStringLiteral("ten%") << -1;
}

void RoutingTest::percents()
{
    QFETCH(QString, text);
    QFETCH(int, hundredths);
    const std::optional<quint32> parsed = SplitClients::parsePercent(text);
    QCOMPARE(parsed ? int(*parsed) : -1, hundredths);
}

void RoutingTest::splitClientsBuckets()
{
    SplitClientsConfig split;
    split.key = QStringLiteral("$remote_addr");
    split.name = QStringLiteral("v");
    split.buckets = {{QStringLiteral("50%"), QStringLiteral("a")}, {QStringLiteral("25%"), QStringLiteral("b")}};
    QString error;
    const auto compiled = SplitClients::compile(split, nullptr, &error);
    QVERIFY2(compiled, qPrintable(error));
    // nginx: 5000 * 0xffffffff / 10000 = 2147483647; then + 1073741823.
    QCOMPARE(compiled->valueFor(0), QByteArray("a"));
    QCOMPARE(compiled->valueFor(2147483646), QByteArray("a"));
    QCOMPARE(compiled->valueFor(2147483647), QByteArray("b"));
    QCOMPARE(compiled->valueFor(3221225469), QByteArray("b"));
    QCOMPARE(compiled->valueFor(3221225470), QByteArray(""));     // past 75% and no "*": empty
    split.buckets << SplitBucketConfig{QStringLiteral("*"), QStringLiteral("c")};
    QCOMPARE(SplitClients::compile(split, nullptr, &error)->valueFor(0xffffffffu), QByteArray("c"));

    split.buckets = {{QStringLiteral("60%"), QStringLiteral("a")}, {QStringLiteral("40.01%"), QStringLiteral("b")}};
    QCOMPARE(SplitClients::check(split), QStringLiteral("percent total is greater than 100%"));
    split.buckets = {{QStringLiteral("*"), QStringLiteral("a")}, {QStringLiteral("1%"), QStringLiteral("b")}};
    QCOMPARE(SplitClients::check(split), QStringLiteral("percent total is greater than 100%")); // nginx: "*" counts as 100%
}

void RoutingTest::mapPrecedence_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("exact beats wildcards and regexes") << QByteArray("www.example.com") << QByteArray("exact");
    QTest::newRow("exact ignores case") << QByteArray("WWW.Example.COM") << QByteArray("exact");
    QTest::newRow("trailing dot dropped") << QByteArray("www.example.com.") << QByteArray("exact");
    QTest::newRow("longest head wildcard") << QByteArray("a.b.example.com") << QByteArray("star-b");
    QTest::newRow("head wildcard, any depth") << QByteArray("x.y.example.com") << QByteArray("star-example");
    QTest::newRow("*.x does not match x") << QByteArray("example.com") << QByteArray("tail-or-default");
    QTest::newRow(".x matches x") << QByteArray("example.org") << QByteArray("dot-org");
    QTest::newRow(".x matches below x") << QByteArray("a.example.org") << QByteArray("dot-org");
    QTest::newRow("head wildcard beats tail") << QByteArray("mail.example.com") << QByteArray("star-example");
    QTest::newRow("longest tail wildcard") << QByteArray("mail.example.net") << QByteArray("tail-mail-example");
    QTest::newRow("tail wildcard needs a label after") << QByteArray("mail.example") << QByteArray("tail-mail");
    QTest::newRow("regexes in order") << QByteArray("api-7.local") << QByteArray("regex-1");
    QTest::newRow("second regex") << QByteArray("API.local") << QByteArray("regex-2");
    QTest::newRow("regex is case-sensitive without *") << QByteArray("Api-7.local") << QByteArray("regex-2");
    QTest::newRow("default") << QByteArray("nothing") << QByteArray("tail-or-default");
    QTest::newRow("empty value skips regexes") << QByteArray("") << QByteArray("tail-or-default");
}

void RoutingTest::mapPrecedence()
{
    QFETCH(QByteArray, source);
    QFETCH(QByteArray, value);
    Config config;
    config.maps << map(QStringLiteral("$remote_addr"), QStringLiteral("m"), true,
                       {{QStringLiteral("~^api-[0-9]"), QStringLiteral("regex-1")},
                        {QStringLiteral("~*^api"), QStringLiteral("regex-2")},
                        {QStringLiteral("*.example.com"), QStringLiteral("star-example")},
                        {QStringLiteral("*.b.example.com"), QStringLiteral("star-b")},
                        {QStringLiteral(".example.org"), QStringLiteral("dot-org")},
                        {QStringLiteral("mail.*"), QStringLiteral("tail-mail")},
                        {QStringLiteral("mail.example.*"), QStringLiteral("tail-mail-example")},
                        {QStringLiteral("www.example.com"), QStringLiteral("exact")}},
                       QStringLiteral("tail-or-default"));
    QCOMPARE(evaluate(config, QStringLiteral("$m"), facts(source)), value);
}

void RoutingTest::mapRefuses_data()
{
    QTest::addColumn<bool>("hostnames");
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::newRow("duplicate exact, any case") << false << QStringList{u"a"_qs, u"A"_qs} << QStringLiteral("conflicting parameter \"A\"");
    QTest::newRow("dot form against exact") << true << QStringList{u"example.com"_qs, u".example.com"_qs}
                                            << QStringLiteral("conflicting parameter \".example.com\"");
    QTest::newRow("star against dot form") << true << QStringList{u".example.com"_qs, u"*.example.com"_qs}
                                           << QStringLiteral("conflicting parameter \"*.example.com\"");
    QTest::newRow("two stars") << true << QStringList{u"*.*.com"_qs} << QStringLiteral("invalid hostname or wildcard \"*.*.com\"");
    QTest::newRow("star inside") << true << QStringList{u"w*w.com"_qs} << QStringLiteral("invalid hostname or wildcard \"w*w.com\"");
    QTest::newRow("without hostnames a star is text") << false << QStringList{u"w*w.com"_qs, u"*.com"_qs} << QString();
    QTest::newRow("regex that does not compile") << false << QStringList{u"~(a"_qs} << QStringLiteral("does not compile");
}

void RoutingTest::mapRefuses()
{
    QFETCH(bool, hostnames);
    QFETCH(QStringList, keys);
    QFETCH(QString, error);
    Config config;
    QList<QPair<QString, QString>> entries;
    for (const QString &key : keys)
        entries << qMakePair(key, QStringLiteral("v"));
    config.maps << map(QStringLiteral("$remote_addr"), QStringLiteral("m"), hostnames, entries);
    const ConfigIssues issues = ConfigValidator::validate(config);
    const QString text = issues.isEmpty() ? QString() : issues.first().toString();
    if (error.isEmpty())
        QVERIFY2(issues.isEmpty(), qPrintable(text));
    else
        QVERIFY2(text.contains(error) && text.startsWith(u"maps[0].entries["), qPrintable(text));
}

void RoutingTest::mapValuesReadVariablesAndCaptures()
{
    Config config;
    config.maps << map(QStringLiteral("$remote_addr:$server_port"), QStringLiteral("m"), false,
                       {{QStringLiteral("~^127\\.0\\.0\\.(\\d+):(\\d+)$"), QStringLiteral("host$1-port$2")}}, QStringLiteral("$remote_port"));
    config.maps << map(QStringLiteral("$m"), QStringLiteral("chained"), false, {{QStringLiteral("host9-port8080"), QStringLiteral("nine")}},
                       QStringLiteral("other"));
    QCOMPARE(evaluate(config, QStringLiteral("$m"), facts("127.0.0.9")), QByteArray("host9-port8080"));
    QCOMPARE(evaluate(config, QStringLiteral("$m"), facts("::1")), QByteArray("40001"));
    QCOMPARE(evaluate(config, QStringLiteral("<${chained}>"), facts("127.0.0.9")), QByteArray("<nine>"));
    QCOMPARE(evaluate(config, QStringLiteral("$chained"), facts("127.0.0.8")), QByteArray("other"));
    // No default: empty, as nginx's null value.
    config.maps << map(QStringLiteral("$remote_addr"), QStringLiteral("bare"), false, {{QStringLiteral("x"), QStringLiteral("y")}});
    QCOMPARE(evaluate(config, QStringLiteral("[$bare]"), facts()), QByteArray("[]"));
}

void RoutingTest::variablesAreCachedPerSession()
{
    Config config;
    config.splitClients << SplitClientsConfig{QStringLiteral("$remote_addr"), QStringLiteral("v"),
                                              {{QStringLiteral("50%"), QStringLiteral("a")}, {QStringLiteral("*"), QStringLiteral("b")}}};
    ConfigIssues issues;
    const auto routing = StreamRouting::build(config, &issues);
    QVERIFY(routing);
    const auto compiled = StreamTemplate::compile(QStringLiteral("$v"), nullptr, routing.get());
    StreamFacts f = facts("127.0.0.1");
    const QByteArray first = compiled->evaluate(f);
    QCOMPARE(f.userValues.size(), 1);
    f.clientAddress = "10.9.8.7"; // a cached value does not change within the session, as in nginx
    QCOMPARE(compiled->evaluate(f), first);
}

void RoutingTest::validatorRefuses_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    const QByteArray upstream = R"("upstreams": [{"name": "a", "servers": [{"address": "127.0.0.1:1"}]}])";
    QTest::newRow("unknown variable in a map") << QByteArray(R"({"maps": [{"source": "$nothing", "variable": "$m", "default": "a"}]})")
                                               << QStringLiteral("maps[0].source: unknown \"nothing\" variable");
    QTest::newRow("built-in name") << QByteArray(R"({"maps": [{"source": "$remote_addr", "variable": "$remote_port"}]})")
                                   << QStringLiteral("maps[0].variable: the duplicate \"remote_port\" variable");
    QTest::newRow("cycle") << QByteArray(R"({"maps": [{"source": "$n", "variable": "$m"}, {"source": "$m", "variable": "$n"}]})")
                           << QStringLiteral("cycle while evaluating variable");
    QTest::newRow("percent over 100") << QByteArray(R"({"split_clients": [{"key": "$remote_addr", "variable": "$v",
                                                     "buckets": [{"percent": "70%", "value": "a"}, {"percent": "40%", "value": "a"}]}]})")
                                      << QStringLiteral("split_clients[0].buckets: percent total is greater than 100%");
    QTest::newRow("proxy_pass value names nothing")
        << QByteArray("{" + upstream + R"(, "split_clients": [{"key": "$remote_addr", "variable": "$v",
                      "buckets": [{"percent": "50%", "value": "a"}, {"percent": "*", "value": "nowhere"}]}],
                      "listeners": [{"listen": "127.0.0.1:1", "proxy_pass": "$v"}]})")
        << QStringLiteral("listeners[0].proxy_pass: $v can be \"nowhere\", which is neither an upstream group nor host:port");
    QTest::newRow("unknown variable in return") << QByteArray(R"({"listeners": [{"listen": "127.0.0.1:1", "return": "$nope"}]})")
                                                << QStringLiteral("listeners[0].return: unknown \"nope\" variable");
    QTest::newRow("return and proxy_pass") << QByteArray("{" + upstream + R"(, "listeners": [{"listen": "127.0.0.1:1", "return": "x", "proxy_pass": "a"}]})")
                                           << QStringLiteral("listeners[0].proxy_pass: a listener either returns text or proxies");
}

void RoutingTest::validatorRefuses()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(loaded.issues.value(0).toString()));
    const ConfigIssues issues = ConfigValidator::validate(loaded.config);
    QStringList texts;
    for (const ConfigIssue &issue : issues)
        texts << issue.toString();
    QVERIFY2(texts.join(u'\n').contains(error), qPrintable(texts.join(u'\n')));
}

void RoutingTest::jsonRoundTrip()
{
    Config config;
    config.maps << map(QStringLiteral("$remote_addr"), QStringLiteral("pool"), true,
                       {{QStringLiteral("*.example.com"), QStringLiteral("a")}, {QStringLiteral("~*^x"), QStringLiteral("b")}}, QStringLiteral("a"));
    config.maps.last().isVolatile = true;
    config.splitClients << SplitClientsConfig{QStringLiteral("${remote_addr}AAA"), QStringLiteral("v"),
                                              {{QStringLiteral("20.5%"), QStringLiteral("a")}, {QStringLiteral("*"), QStringLiteral("b")}}};
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:1");
    listener.returnText = QStringLiteral("hello $remote_addr\n");
    config.listeners << listener;
    listener.returnText = QString(); // "return": "" is kept apart from no return
    config.listeners << listener;
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(ConfigJson::toBytes(config));
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(loaded.issues.value(0).toString()));
    QCOMPARE(loaded.config.maps, config.maps);
    QCOMPARE(loaded.config.splitClients, config.splitClients);
    QVERIFY(loaded.config.listeners.at(1).returnText.has_value());
    QCOMPARE(loaded.config.listeners, config.listeners);
}

void RoutingTest::importExportImportIsLossless()
{
    const QByteArray text = R"(stream {
    upstream blue { server 127.0.0.1:9001; }
    upstream green { server 127.0.0.1:9002; }
    map $remote_addr $pool {
        hostnames;
        default blue;
        127.0.0.5 green;
        ~^127\.0\.0\.1[0-9]$ green;
        "\default" blue;
        *.example.com green;
    }
    split_clients "${remote_addr}AAA" $variant {
        10% blue;
        20.5% green;
        * 127.0.0.1:9003;
    }
    server { listen 127.0.0.1:9100; proxy_pass $pool; }
    server { listen 127.0.0.1:9101; proxy_pass $variant; }
    server { listen 127.0.0.1:9102; return "you are $remote_addr:$remote_port, $variant\n"; }
    server { listen 127.0.0.1:9103 udp; return $pool; }
}
)";
    const NginxImporter::Result first = NginxImporter::importText(text, QStringLiteral("nginx.conf"), QDir::tempPath());
    QVERIFY2(!first.hasErrors(), qPrintable(first.issues.value(0).message));
    QCOMPARE(first.config.maps.size(), 1);
    QCOMPARE(first.config.splitClients.size(), 1);
    QCOMPARE(first.config.listeners.size(), 4);
    QCOMPARE(first.config.listeners.at(0).proxyPass, QStringLiteral("$pool"));
    QCOMPARE(first.config.listeners.at(2).returnText.value_or(QString()), QStringLiteral("you are $remote_addr:$remote_port, $variant\n"));
    QVERIFY(ConfigValidator::validate(first.config).isEmpty());

    const NginxExporter::Result exported = NginxExporter::exportConfig(first.config);
    QVERIFY2(exported.errors.isEmpty(), qPrintable(exported.errors.value(0).toString()));
    const NginxImporter::Result second = NginxImporter::importText(exported.text.toUtf8(), QStringLiteral("nginx.conf"), QDir::tempPath());
    QVERIFY2(!second.hasErrors(), qPrintable(second.issues.value(0).message));
    QCOMPARE(second.config.maps, first.config.maps);
    QCOMPARE(second.config.splitClients, first.config.splitClients);
    QCOMPARE(second.config.listeners, first.config.listeners);

#if defined(Q_OS_WIN)
    // The round trip above ran; the nginx -t check below needs Debian's nginx (Linux only).
    QSKIP("nginx -t needs Debian's nginx and its stream module (Linux only); the import/export round trip above passed");
#endif
    QString why;
    QVERIFY2(NginxProcess::isAvailable(&why), qPrintable(why)); // a missing nginx fails, never skips
    NginxPrefix prefix;
    QString output;
    QVERIFY2(prefix.checkSnippet(QStringLiteral("routing"), exported.text.toUtf8(), &output), qPrintable(output + u'\n' + exported.text));
}

QTEST_GUILESS_MAIN(RoutingTest)
#include "tst_routing.moc"
