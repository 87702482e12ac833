// Saving a config keeps what the user wrote: the keys in the file's own order, the defaults it
// spelled out, nothing dropped, the previous file kept as .bak; a new file reads naturally.
#include "configjson.h"
#include "jsonkeys.h"
#include "nginximporter.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

// Written by hand: the listener before the upstreams, "protocol" before "listen", defaults
// spelled out ("weight": 1, "enabled": true, "protocol": "tcp"), 2-space indentation.
const QByteArray handWritten = R"({
  "listeners": [
    {
      "protocol": "tcp",
      "listen": "127.0.0.1:30003",
      "enabled": true,
      "proxy_pass": "backend"
    }
  ],
  "version": 1,
  "upstreams": [
    {
      "servers": [
        { "weight": 1, "address": "127.0.0.1:7773" },
        { "address": "127.0.0.1:7774", "weight": 1 }
      ],
      "name": "backend"
    }
  ],
  "error_log": { "level": "notice", "path": "portier.log" }
}
)";

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class ConfigSaveTest : public QObject
{
    Q_OBJECT

private slots:
    void keepsOrderAndSpelledOutDefaults();
    void unchangedConfigSavesTheSameText();
    void changedMeaningIsNotPutBack();
    void newFileReadsNaturally();
    void everySampleReadsBackTheSame();
};

void ConfigSaveTest::keepsOrderAndSpelledOutDefaults()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(handWritten);
    file.close();

    ConfigJson::LoadResult loaded = ConfigJson::load(path);
    QVERIFY(loaded.issues.isEmpty());
    loaded.config.upstreams[0].servers[1].weight = 3; // the one change
    QString error;
    QVERIFY2(ConfigJson::save(loaded.config, path, &error), qPrintable(error));

    const QByteArray saved = readAll(path);
    QCOMPARE(readAll(path + QStringLiteral(".bak")), handWritten);
    // Every object's keys come in the order the user wrote them.
    const QHash<QString, QStringList> before = JsonKeys::order(handWritten);
    const QHash<QString, QStringList> after = JsonKeys::order(saved);
    for (auto it = before.begin(); it != before.end(); ++it)
        QVERIFY2(after.value(it.key()) == it.value(), qPrintable(it.key() + u' ' + after.value(it.key()).join(u',')));
    QCOMPARE(after.size(), before.size());
    // The defaults stay spelled out; the change is there; error_log is not dropped.
    const QJsonObject root = QJsonDocument::fromJson(saved).object();
    const QJsonObject listener = root[QStringLiteral("listeners")][0].toObject();
    QCOMPARE(listener[QStringLiteral("enabled")], QJsonValue(true));
    QCOMPARE(listener[QStringLiteral("protocol")], QJsonValue(QStringLiteral("tcp")));
    QCOMPARE(root[QStringLiteral("upstreams")][0][QStringLiteral("servers")][0][QStringLiteral("weight")].toInt(), 1);
    QCOMPARE(root[QStringLiteral("upstreams")][0][QStringLiteral("servers")][1][QStringLiteral("weight")].toInt(), 3);
    QCOMPARE(root[QStringLiteral("error_log")][QStringLiteral("path")].toString(), QStringLiteral("portier.log"));
    // And it reads back as the config that was saved.
    const ConfigJson::LoadResult reread = ConfigJson::load(path);
    QVERIFY(reread.issues.isEmpty());
    QVERIFY(reread.config == loaded.config);
}

void ConfigSaveTest::unchangedConfigSavesTheSameText()
{
    // Once in Portier's layout, saving without a change rewrites the same bytes.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(handWritten);
    file.close();
    const Config config = ConfigJson::load(path).config;
    QString error;
    QVERIFY(ConfigJson::save(config, path, &error));
    const QByteArray first = readAll(path);
    QVERIFY(ConfigJson::save(ConfigJson::load(path).config, path, &error));
    QCOMPARE(readAll(path), first);
}

void ConfigSaveTest::changedMeaningIsNotPutBack()
{
    // The first listener was removed: the second moved to its place. Putting the removed
    // one's spelled-out "enabled": false back onto it would change the config, so it is not.
    const QByteArray previous = R"({"version": 1,
        "listeners": [{"listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:9", "enabled": false},
                      {"listen": "127.0.0.1:2", "proxy_pass": "127.0.0.1:9"}]})";
    Config config = ConfigJson::fromBytes(previous).config;
    config.listeners.removeFirst();
    const QByteArray saved = ConfigJson::toBytes(config, previous);
    const ConfigJson::LoadResult reread = ConfigJson::fromBytes(saved);
    QVERIFY(reread.issues.isEmpty());
    QVERIFY(reread.config == config);
    QVERIFY(reread.config.listeners.at(0).enabled);
}

void ConfigSaveTest::newFileReadsNaturally()
{
    const QByteArray saved = ConfigJson::toBytes(ConfigJson::fromBytes(handWritten).config);
    const QHash<QString, QStringList> order = JsonKeys::order(saved);
    QCOMPARE(order.value(QString()).first(), QStringLiteral("version"));
    QVERIFY(order.value(QString()).indexOf(QStringLiteral("upstreams")) < order.value(QString()).indexOf(QStringLiteral("listeners")));
    QCOMPARE(order.value(QStringLiteral("listeners[0]")).first(), QStringLiteral("listen"));
    QCOMPARE(order.value(QStringLiteral("upstreams[0]")).first(), QStringLiteral("name"));
    QCOMPARE(order.value(QStringLiteral("upstreams[0].servers[0]")).first(), QStringLiteral("address"));
    QVERIFY(saved.startsWith("{\n    \"version\": 1,\n"));
}

void ConfigSaveTest::everySampleReadsBackTheSame()
{
    // Whatever is left out as a default or put back as spelled out, the saved text means the
    // same config: the bundled samples and every valid config among the test data.
    QStringList files;
    for (const QString &dir : {QStringLiteral(PORTIER_TEST_DATA), QStringLiteral(PORTIER_TEST_DATA "/../../resources/samples")}) {
        for (const QString &name : QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files))
            files << QDir(dir).filePath(name);
    }
    int checked = 0;
    for (const QString &file : std::as_const(files)) {
        const QByteArray text = readAll(file);
        const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(text);
        if (!loaded.issues.isEmpty())
            continue; // a config that is wrong on purpose
        for (const QByteArray &previous : {QByteArray(), text}) {
            const ConfigJson::LoadResult reread = ConfigJson::fromBytes(ConfigJson::toBytes(loaded.config, previous));
            QVERIFY2(reread.issues.isEmpty(), qPrintable(file));
            QVERIFY2(reread.config == loaded.config, qPrintable(file));
        }
        ++checked;
    }
    // And a config using most of what the stream module has, by way of the nginx importer.
    const QByteArray nginx = R"(stream {
        log_format basic '$remote_addr [$time_local] $protocol $status $bytes_sent $bytes_received $session_time';
        limit_conn_zone $binary_remote_addr zone=addr:10m;
        map $ssl_preread_server_name $name_backend { default backend; example.com other; }
        split_clients "${remote_addr}AAA" $variant { 50% backend; * other; }
        upstream backend { hash $remote_addr consistent; server 127.0.0.1:7001 weight=3 max_fails=2 fail_timeout=5s;
                           server 127.0.0.1:7002 backup; server 127.0.0.1:7003 down max_conns=10; }
        upstream other { least_conn; server 127.0.0.1:7004; }
        server { listen 127.0.0.1:7100 backlog=100 so_keepalive=on; proxy_pass backend; proxy_timeout 30s;
                 proxy_connect_timeout 2s; proxy_next_upstream off; access_log /dev/null basic buffer=4k;
                 allow 127.0.0.1; deny all; limit_conn addr 5; proxy_upload_rate 1m; proxy_protocol on; }
        server { listen 127.0.0.1:7101 udp; proxy_pass other; proxy_responses 1; proxy_timeout 3s; }
        server { listen 127.0.0.1:7102; proxy_pass $variant; }
        server { listen 127.0.0.1:7103; return "hello"; }
    })";
    const NginxImporter::Result imported = NginxImporter::importText(nginx, QStringLiteral("rich.conf"), QDir::tempPath());
    QVERIFY2(!imported.hasErrors(), imported.issues.isEmpty() ? "" : qPrintable(imported.issues.first().message));
    const ConfigJson::LoadResult reread = ConfigJson::fromBytes(ConfigJson::toBytes(imported.config));
    QVERIFY2(reread.issues.isEmpty(), reread.issues.isEmpty() ? "" : qPrintable(reread.issues.first().path + u' ' + reread.issues.first().message));
    QVERIFY(reread.config == imported.config);
    QVERIFY2(checked >= 2, qPrintable(QString::number(checked)));
    qInfo("%d configs read back the same", checked);
}

QTEST_GUILESS_MAIN(ConfigSaveTest)
#include "tst_configsave.moc"
