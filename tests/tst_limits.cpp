// Connection limits and rates as configuration: JSON, the validator's words, the zone
// counting and the rate arithmetic, and nginx import/export (nginx -t on the export, and
// import -> export -> import giving back the same config).
#include "nginxprefix.h"
#include "testclient.h"

#include <configjson.h>
#include <configvalidator.h>
#include <limitconnzone.h>
#include <nginxexporter.h>
#include <nginximporter.h>
#include <ratelimit.h>

#include <QDir>
#include <QTest>

class LimitsTest : public QObject
{
    Q_OBJECT

private slots:
    void jsonRoundTrip();
    void jsonRefusesBadValues();
    void validatorNamesFieldAndFix_data();
    void validatorNamesFieldAndFix();
    void zoneCountsPerKey();
    void zoneFullRefusesNewKeys();
    void rateFollowsNginxFormula();
    void importExportImportIsLossless();
    void importInheritsFromStream();
    void importRefusesWhatItCannotCarry_data();
    void importRefusesWhatItCannotCarry();
};

namespace {

Config limitedConfig()
{
    Config config;
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    upstream.servers << ServerConfig{QStringLiteral("127.0.0.1:9")};
    config.upstreams << upstream;
    config.connectionZones << ConnectionZoneConfig{QStringLiteral("perip"), QStringLiteral("$binary_remote_addr"), 10 * 1024 * 1024}
                           << ConnectionZoneConfig{QStringLiteral("perserver"), QStringLiteral("$server_addr:$server_port"), 64 * 1024};
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:%1").arg(findFreePort());
    listener.proxyPass = QStringLiteral("backend");
    listener.limits.connections << ConnectionLimitConfig{QStringLiteral("perip"), 2} << ConnectionLimitConfig{QStringLiteral("perserver"), 100};
    listener.limits.logLevel = QStringLiteral("warn");
    listener.limits.dryRun = true;
    listener.limits.maxConnections = 500;
    listener.limits.uploadRate = 512 * 1024;
    listener.limits.downloadRate = 1000;
    config.listeners << listener;
    ListenerConfig udp = listener;
    udp.protocol = ListenerConfig::Protocol::Udp;
    udp.limits = ListenerLimitsConfig();
    udp.limits.connections << ConnectionLimitConfig{QStringLiteral("perip"), 1};
    config.listeners << udp;
    return config;
}

QString describe(const ConfigIssues &issues)
{
    QStringList lines;
    for (const ConfigIssue &issue : issues)
        lines << issue.toString();
    return lines.join(u'\n');
}

QString describe(const NginxIssues &issues)
{
    QStringList lines;
    for (const NginxIssue &issue : issues)
        lines << QStringLiteral("%1:%2 %3").arg(issue.file).arg(issue.line).arg(issue.message);
    return lines.join(u'\n');
}

} // namespace

void LimitsTest::jsonRoundTrip()
{
    const Config config = limitedConfig();
    QVERIFY2(ConfigValidator::validate(config).isEmpty(), qPrintable(describe(ConfigValidator::validate(config))));
    const QByteArray json = ConfigJson::toBytes(config);
    QVERIFY(json.contains("\"limit_conn_zones\""));
    QVERIFY(json.contains("\"proxy_upload_rate\": \"512k\""));
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(describe(loaded.issues)));
    QCOMPARE(loaded.config, config);
}

void LimitsTest::jsonRefusesBadValues()
{
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(R"({"version": 1, "limit_conn_zones": [{"name": "a", "key": "$remote_addr", "size": "ten"}],
        "listeners": [{"listen": "127.0.0.1:1", "proxy_pass": "x", "proxy_upload_rate": "fast", "limit_conn": [{"zone": "a", "conns": 1}]}]})");
    const QString text = describe(loaded.issues);
    QVERIFY2(text.contains(QStringLiteral("limit_conn_zones[0].size: \"ten\" is not a size")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("listeners[0].proxy_upload_rate: \"fast\" is not a size")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("listeners[0].limit_conn[0].conns: unknown key")), qPrintable(text));
}

void LimitsTest::validatorNamesFieldAndFix_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("words");
    QTest::newRow("unknown zone") << QStringLiteral("zone") << QStringLiteral("listeners[0].limit_conn[0].zone")
                                  << QStringLiteral("\"nosuch\" is not a zone; define it under limit_conn_zones");
    QTest::newRow("N below 1") << QStringLiteral("zero") << QStringLiteral("listeners[0].limit_conn[0].connections")
                               << QStringLiteral("0 is out of range; use a number of connections from 1 to 65535");
    QTest::newRow("bad key variable") << QStringLiteral("key") << QStringLiteral("limit_conn_zones[0].key")
                                      << QStringLiteral("unknown \"http_host\" variable");
    QTest::newRow("zone too small") << QStringLiteral("small") << QStringLiteral("limit_conn_zones[0].size") << QStringLiteral("is too small");
    QTest::newRow("log level") << QStringLiteral("level") << QStringLiteral("listeners[0].limit_conn_log_level")
                               << QStringLiteral("use info, notice, warn or error");
    QTest::newRow("reserved name") << QStringLiteral("reserved") << QStringLiteral("limit_conn_zones[0].name")
                                   << QStringLiteral("kept for exported max_connections");
    QTest::newRow("twice on one listener") << QStringLiteral("twice") << QStringLiteral("listeners[0].limit_conn[1].zone")
                                           << QStringLiteral("limited twice");
}

void LimitsTest::validatorNamesFieldAndFix()
{
    QFETCH(QString, change);
    QFETCH(QString, path);
    QFETCH(QString, words);
    Config config = limitedConfig();
    ListenerLimitsConfig &limits = config.listeners[0].limits;
    if (change == u"zone")
        limits.connections[0].zone = QStringLiteral("nosuch");
    else if (change == u"zero")
        limits.connections[0].connections = 0;
    else if (change == u"key")
        config.connectionZones[0].key = QStringLiteral("$http_host");
    else if (change == u"small")
        config.connectionZones[0].size = 4096;
    else if (change == u"level")
        limits.logLevel = QStringLiteral("crit");
    else if (change == u"reserved")
        config.connectionZones[0].name = QStringLiteral("portier_max_1");
    else if (change == u"twice")
        limits.connections[1].zone = limits.connections[0].zone;
    const ConfigIssues issues = ConfigValidator::validate(config);
    const auto found = std::find_if(issues.begin(), issues.end(), [&](const ConfigIssue &i) { return i.path == path && i.message.contains(words); });
    QVERIFY2(found != issues.end(), qPrintable(describe(issues)));
}

void LimitsTest::zoneCountsPerKey()
{
    auto zone = std::make_shared<LimitConnZone>(QStringLiteral("z"), *StreamTemplate::compile(QStringLiteral("$remote_addr")), 1024 * 1024);
    QCOMPARE(zone->acquire("a", 2), LimitConnZone::Result::Passed);
    QCOMPARE(zone->acquire("a", 2), LimitConnZone::Result::Passed);
    QCOMPARE(zone->acquire("a", 2), LimitConnZone::Result::Limited);
    QCOMPARE(zone->acquire("b", 2), LimitConnZone::Result::Passed);
    {
        LimitConnHold hold;
        hold.add(zone, "c");
        QCOMPARE(zone->acquire("c", 5), LimitConnZone::Result::Passed);
        QCOMPARE(zone->count("c"), 1);
    } // the hold lets go of one "c" (the one it was given)
    QCOMPARE(zone->count("c"), 0);
    QCOMPARE(zone->keys(), 2);
    zone->release("a");
    QCOMPARE(zone->acquire("a", 2), LimitConnZone::Result::Passed);
    zone->release("b");
    QCOMPARE(zone->keys(), 1); // an entry at zero goes, as nginx frees its node
}

void LimitsTest::zoneFullRefusesNewKeys()
{
    // 32k: 8 pages, 6 of them for slots; a 4-byte key takes a 64-byte slot (32 + 4 + 4 -> 64).
    LimitConnZone zone(QStringLiteral("z"), *StreamTemplate::compile(QStringLiteral("$binary_remote_addr")), 32 * 1024);
    int passed = 0;
    for (quint32 i = 0; i < 1000; ++i) {
        const QByteArray key(reinterpret_cast<const char *>(&i), 4);
        if (zone.acquire(key, 1) == LimitConnZone::Result::Passed)
            ++passed;
    }
    QCOMPARE(passed, 6 * 4096 / 64);
    const quint32 first = 0;
    QCOMPARE(zone.acquire(QByteArray(reinterpret_cast<const char *>(&first), 4), 2), LimitConnZone::Result::Passed); // an existing key still counts
}

void LimitsTest::rateFollowsNginxFormula()
{
    RateLimit rate;
    rate.start(1000, 5'300); // started at second 5
    // limit = 1000 × (5 - 5 + 1) - 0: a read may take 1000 bytes now, no more.
    QCOMPARE(rate.allowance(5'300, 0, 65536), 1000);
    rate.consumed(1000, 5'300); // 1000 × 1000 / 1000 = 1000 ms before the next read
    QVERIFY(rate.isDelayed());
    QCOMPARE(rate.delayedUntilMs(), 6'300);
    rate.resume();
    // At 6.3 s: limit = 1000 × 2 - 1000 = 1000.
    QCOMPARE(rate.allowance(6'300, 1000, 65536), 1000);
    // Over the allowance (at 6.9 s, 2500 read): limit = 2000 - 2500 = -500, wait 500 × 1000 / 1000 + 1 ms.
    QCOMPARE(rate.allowance(6'900, 2500, 65536), 0);
    QCOMPARE(rate.delayedUntilMs(), 6'900 + 501);
    // Unlimited: everything, never delayed.
    RateLimit none;
    QCOMPARE(none.allowance(0, 1 << 30, 65536), 65536);
    none.consumed(65536, 0);
    QVERIFY(!none.isDelayed());
}

void LimitsTest::importExportImportIsLossless()
{
    const Config config = limitedConfig();
    NginxExporter::Options options;
    options.form = NginxExporter::Form::Standalone;
    options.pid = QStringLiteral("logs/nginx.pid");
    options.errorLog = QStringLiteral("logs/error.log");
    options.events = {QStringLiteral("worker_connections 64")};
    const NginxExporter::Result exported = NginxExporter::exportConfig(config, options);
    QVERIFY2(exported.ok(), qPrintable(describe(exported.errors)));
    QVERIFY2(exported.text.contains(QStringLiteral("limit_conn_zone $binary_remote_addr zone=perip:10m;")), qPrintable(exported.text));
    QVERIFY2(exported.text.contains(QStringLiteral("limit_conn portier_max_0 500;")), qPrintable(exported.text));
    QVERIFY2(exported.text.contains(QStringLiteral("proxy_upload_rate 512k;")), qPrintable(exported.text));

#if !defined(Q_OS_WIN)
    const QString missing = NginxPrefix::missingNginx();
    QVERIFY2(missing.isEmpty(), qPrintable(missing)); // a missing nginx fails, never skips
    NginxPrefix prefix;
    QString output;
    QVERIFY2(prefix.checkStandalone(QStringLiteral("limits"), exported.text.toUtf8(), &output), qPrintable(output + u'\n' + exported.text));
#endif

    const NginxImporter::Result imported = NginxImporter::importText(exported.text.toUtf8(), QStringLiteral("nginx.conf"), QDir::tempPath());
    QVERIFY2(!imported.hasErrors(), qPrintable(describe(imported.issues)));
    QCOMPARE(imported.config.connectionZones, config.connectionZones);
    QCOMPARE(imported.config.listeners.size(), config.listeners.size());
    for (qsizetype i = 0; i < config.listeners.size(); ++i)
        QCOMPARE(imported.config.listeners.at(i).limits, config.listeners.at(i).limits);
    // And again: the second export is the first one.
    QCOMPARE(NginxExporter::exportConfig(imported.config, options).text, exported.text);
}

void LimitsTest::importInheritsFromStream()
{
    const QByteArray text = "stream {\n"
                            "    limit_conn_zone $binary_remote_addr zone=perip:1m;\n"
                            "    limit_conn_zone \"$remote_addr:$server_port\" zone=mix:64k;\n"
                            "    limit_conn perip 3;\n"
                            "    limit_conn_log_level info;\n"
                            "    proxy_download_rate 1m;\n"
                            "    upstream b { server 127.0.0.1:9; }\n"
                            "    server { listen 127.0.0.1:1; proxy_pass b; }\n"
                            "    server { listen 127.0.0.1:2; proxy_pass b; limit_conn mix 1; limit_conn_dry_run on; proxy_download_rate 0; }\n"
                            "}\n";
    const NginxImporter::Result imported = NginxImporter::importText(text, QStringLiteral("nginx.conf"), QDir::tempPath());
    QVERIFY2(!imported.hasErrors(), qPrintable(describe(imported.issues)));
    QCOMPARE(imported.config.connectionZones.size(), 2);
    QCOMPARE(imported.config.connectionZones.at(1).key, QStringLiteral("$remote_addr:$server_port"));
    const ListenerLimitsConfig &first = imported.config.listeners.at(0).limits;
    QCOMPARE(first.connections, (QList<ConnectionLimitConfig>{{QStringLiteral("perip"), 3}}));
    QCOMPARE(first.logLevel, QStringLiteral("info"));
    QCOMPARE(first.downloadRate, 1024 * 1024);
    // Its own limit_conn replaces stream's whole list; the rest still inherits.
    const ListenerLimitsConfig &second = imported.config.listeners.at(1).limits;
    QCOMPARE(second.connections, (QList<ConnectionLimitConfig>{{QStringLiteral("mix"), 1}}));
    QCOMPARE(second.logLevel, QStringLiteral("info"));
    QVERIFY(second.dryRun);
    QCOMPARE(second.downloadRate, 0);
}

void LimitsTest::importRefusesWhatItCannotCarry_data()
{
    QTest::addColumn<QByteArray>("lines");
    QTest::addColumn<QString>("words");
    QTest::newRow("undefined zone") << QByteArray("limit_conn nosuch 1;") << QStringLiteral("zero size shared memory zone \"nosuch\"");
    QTest::newRow("rate with a variable") << QByteArray("proxy_upload_rate $r;") << QStringLiteral("with variables is not carried over");
    QTest::newRow("zero connections") << QByteArray("limit_conn z 0;") << QStringLiteral("invalid number of connections \"0\"");
    QTest::newRow("unknown key variable") << QByteArray("} limit_conn_zone $nope zone=y:1m; server { listen 127.0.0.1:3; proxy_pass b;")
                                          << QStringLiteral("unknown \"nope\" variable");
}

void LimitsTest::importRefusesWhatItCannotCarry()
{
    QFETCH(QByteArray, lines);
    QFETCH(QString, words);
    const QByteArray text = "stream {\n limit_conn_zone $binary_remote_addr zone=z:1m;\n upstream b { server 127.0.0.1:9; }\n"
                            " server { listen 127.0.0.1:1; proxy_pass b; " + lines + " }\n}\n";
    const NginxImporter::Result imported = NginxImporter::importText(text, QStringLiteral("nginx.conf"), QDir::tempPath());
    QVERIFY(imported.hasErrors());
    const QString text2 = describe(imported.issues);
    QVERIFY2(text2.contains(words), qPrintable(text2));
}

QTEST_GUILESS_MAIN(LimitsTest)
#include "tst_limits.moc"
