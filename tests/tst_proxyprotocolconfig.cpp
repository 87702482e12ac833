// A listener's "proxy_protocol" settings: the JSON form, what the validator refuses and in
// which words, and how the importer reads nginx's directives (inheritance from stream {}
// as nginx merges it, and what nginx itself refuses).

#include <configjson.h>
#include <configvalidator.h>
#include <nginximporter.h>

#include <QDir>
#include <QTest>

namespace {

Config load(const QByteArray &json, ConfigIssues *issues)
{
    const ConfigJson::LoadResult result = ConfigJson::fromBytes(json);
    *issues = result.issues;
    if (issues->isEmpty())
        *issues = ConfigValidator::validate(result.config);
    return result.config;
}

QString describe(const NginxIssues &issues)
{
    QStringList lines;
    for (const NginxIssue &issue : issues)
        lines << issue.toString();
    return lines.join(u'\n');
}

NginxImporter::Result importStream(const QByteArray &body)
{
    return NginxImporter::importText("stream {\n" + body + "\n}\n", QStringLiteral("nginx.conf"), QDir::tempPath());
}

} // namespace

class TestProxyProtocolConfig : public QObject
{
    Q_OBJECT

private slots:
    void jsonRoundTrip();
    void defaultsAreNotWritten();
    void refused_data();
    void refused();
    void importsAsNginxMerges();
    void importRefuses_data();
    void importRefuses();
};

void TestProxyProtocolConfig::jsonRoundTrip()
{
    ConfigIssues issues;
    const Config config = load(R"({ "listeners": [ { "listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:2",
        "proxy_protocol": { "accept": true, "timeout": "5s", "set_real_ip_from": ["10.0.0.0/8", "::1", "unix:"], "send": "on" } } ] })",
                                &issues);
    QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
    const ProxyProtocolConfig &pp = config.listeners.first().proxyProtocol;
    QVERIFY(pp.accept);
    QCOMPARE(pp.timeoutMs, qint64(5000));
    QCOMPARE(pp.trustedSources, QStringList({QStringLiteral("10.0.0.0/8"), QStringLiteral("::1"), QStringLiteral("unix:")}));
    QVERIFY(pp.send);
    const ConfigJson::LoadResult back = ConfigJson::fromBytes(ConfigJson::toBytes(config));
    QVERIFY(back.issues.isEmpty());
    QVERIFY(back.config == config);
}

void TestProxyProtocolConfig::defaultsAreNotWritten()
{
    Config config;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:1");
    listener.proxyPass = QStringLiteral("127.0.0.1:2");
    config.listeners << listener;
    QVERIFY(!ConfigJson::toBytes(config).contains("proxy_protocol"));
    QCOMPARE(ProxyProtocolConfig().timeoutMs, qint64(30000)); // nginx's proxy_protocol_timeout
}

void TestProxyProtocolConfig::refused_data()
{
    QTest::addColumn<QByteArray>("settings"); // the listener's "proxy_protocol" value
    QTest::addColumn<QByteArray>("protocol");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message"); // a part of it

    QTest::newRow("accept on udp") << QByteArray(R"({ "accept": true })") << QByteArray("udp")
                                   << QStringLiteral("listeners[0].proxy_protocol.accept") << QStringLiteral("incompatible with \"udp\"");
    QTest::newRow("host name") << QByteArray(R"({ "set_real_ip_from": ["proxy.example"] })") << QByteArray("tcp")
                               << QStringLiteral("listeners[0].proxy_protocol.set_real_ip_from[0]") << QStringLiteral("\"proxy.example\"");
    QTest::newRow("all") << QByteArray(R"({ "set_real_ip_from": ["10.0.0.1", "all"] })") << QByteArray("tcp")
                         << QStringLiteral("listeners[0].proxy_protocol.set_real_ip_from[1]") << QStringLiteral("0.0.0.0/0 and ::/0");
    QTest::newRow("bad CIDR") << QByteArray(R"({ "set_real_ip_from": ["10.0.0.0/33"] })") << QByteArray("tcp")
                              << QStringLiteral("listeners[0].proxy_protocol.set_real_ip_from[0]") << QStringLiteral("10.0.0.0/33");
    QTest::newRow("zero timeout") << QByteArray(R"({ "accept": true, "timeout": "0s" })") << QByteArray("tcp")
                                  << QStringLiteral("listeners[0].proxy_protocol.timeout") << QStringLiteral("more than 0");
    QTest::newRow("timeout not a duration") << QByteArray(R"({ "timeout": "soon" })") << QByteArray("tcp")
                                            << QStringLiteral("listeners[0].proxy_protocol.timeout") << QStringLiteral("\"soon\" is not a duration");
    QTest::newRow("unknown key") << QByteArray(R"({ "acept": true })") << QByteArray("tcp")
                                 << QStringLiteral("listeners[0].proxy_protocol.acept") << QStringLiteral("known keys here are: accept");
    QTest::newRow("not an object") << QByteArray("true") << QByteArray("tcp") << QStringLiteral("listeners[0].proxy_protocol")
                                   << QStringLiteral("expected an object");
    QTest::newRow("sources not a list") << QByteArray(R"({ "set_real_ip_from": "10.0.0.1" })") << QByteArray("tcp")
                                        << QStringLiteral("listeners[0].proxy_protocol.set_real_ip_from") << QStringLiteral("expected a list");
}

void TestProxyProtocolConfig::refused()
{
    QFETCH(QByteArray, settings);
    QFETCH(QByteArray, protocol);
    QFETCH(QString, path);
    QFETCH(QString, message);
    ConfigIssues issues;
    load(R"({ "listeners": [ { "listen": "127.0.0.1:1", "protocol": ")" + protocol + R"(", "proxy_pass": "127.0.0.1:2", "proxy_protocol": )"
             + settings + " } ] }",
         &issues);
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues.first().path, path);
    QVERIFY2(issues.first().message.contains(message), qPrintable(issues.first().message));
}

// ngx_stream_realip_merge_srv_conf and the core/proxy merges: a server without its own
// set_real_ip_from, proxy_protocol_timeout or proxy_protocol takes the stream-level ones.
void TestProxyProtocolConfig::importsAsNginxMerges()
{
    const NginxImporter::Result result = importStream(R"(
    set_real_ip_from 10.0.0.0/8;
    set_real_ip_from 192.168.1.1;
    proxy_protocol_timeout 5s;
    proxy_protocol on;
    server { listen 127.0.0.1:1 proxy_protocol; proxy_pass 127.0.0.1:9; }
    server { listen 127.0.0.1:2 proxy_protocol; set_real_ip_from ::1; proxy_protocol_timeout 1m; proxy_protocol off; proxy_pass 127.0.0.1:9; }
    server { listen 127.0.0.1:3; proxy_pass 127.0.0.1:9; })");
    QVERIFY2(result.issues.isEmpty(), qPrintable(describe(result.issues)));
    const QList<ListenerConfig> &l = result.config.listeners;
    QCOMPARE(l.size(), 3);
    QVERIFY(l[0].proxyProtocol.accept);
    QCOMPARE(l[0].proxyProtocol.trustedSources, QStringList({QStringLiteral("10.0.0.0/8"), QStringLiteral("192.168.1.1")}));
    QCOMPARE(l[0].proxyProtocol.timeoutMs, qint64(5000));
    QVERIFY(l[0].proxyProtocol.send);
    QCOMPARE(l[1].proxyProtocol.trustedSources, QStringList({QStringLiteral("::1")}));
    QCOMPARE(l[1].proxyProtocol.timeoutMs, qint64(60000));
    QVERIFY(!l[1].proxyProtocol.send);
    QVERIFY(!l[2].proxyProtocol.accept);
    QVERIFY(l[2].proxyProtocol.send);
}

void TestProxyProtocolConfig::importRefuses_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("udp listen with proxy_protocol") << QByteArray("server { listen 127.0.0.1:1 udp proxy_protocol; proxy_pass 127.0.0.1:9; }")
                                                    << QStringLiteral("\"proxy_protocol\" parameter is incompatible with \"udp\"");
    // Dropping a trusted proxy would change who the clients are for access rules.
    QTest::newRow("host name") << QByteArray("server { listen 127.0.0.1:1 proxy_protocol; set_real_ip_from proxy.example; proxy_pass 127.0.0.1:9; }")
                               << QStringLiteral("set_real_ip_from \"proxy.example\" is not carried over");
    QTest::newRow("two arguments") << QByteArray("server { listen 127.0.0.1:1; set_real_ip_from 10.0.0.1 10.0.0.2; proxy_pass 127.0.0.1:9; }")
                                   << QStringLiteral("invalid number of arguments in \"set_real_ip_from\"");
    QTest::newRow("bad stream-level source") << QByteArray("set_real_ip_from 300.0.0.1;")
                                             << QStringLiteral("set_real_ip_from \"300.0.0.1\" is not carried over");
}

void TestProxyProtocolConfig::importRefuses()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    const NginxImporter::Result result = importStream(body);
    QVERIFY(result.hasErrors());
    QVERIFY2(describe(result.issues).contains(message), qPrintable(describe(result.issues)));
}

QTEST_APPLESS_MAIN(TestProxyProtocolConfig)
#include "tst_proxyprotocolconfig.moc"
