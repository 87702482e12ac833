// listen's socket parameters (backlog=, rcvbuf=, sndbuf=, so_keepalive=, ipv6only=, reuseport,
// bind) through
// the importer and the exporter, each row judged by Debian's nginx 1.22 as well: whatever
// `nginx -t` accepts imports without an error, whatever it refuses imports with one, and
// what was carried exports to a line nginx accepts and imports back unchanged.
#include "nginxprefix.h"

#include <configjson.h>
#include <configvalidator.h>
#include <nginxexporter.h>
#include <nginximporter.h>

#include <QJsonDocument>
#include <QTest>

namespace {

QByteArray serverWith(const QString &listenLine)
{
    return "stream {\n    server {\n        listen " + listenLine.toUtf8() + ";\n        proxy_pass 127.0.0.1:9;\n    }\n}\n";
}

QString issuesOf(const NginxImporter::Result &result, NginxIssue::Severity severity)
{
    QStringList lines;
    for (const NginxIssue &issue : result.issues) {
        if (issue.severity == severity)
            lines << issue.message;
    }
    return lines.join(u'\n');
}

} // namespace

class NginxListenTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void parameters_data();
    void parameters();
    void exportedLinesPassNginxAndImportBack();
    void jsonRejectsWithTheFieldAndValue_data();
    void jsonRejectsWithTheFieldAndValue();
    void jsonTakesSizesAndBytes();

private:
    NginxPrefix m_prefix;
    int m_files = 0;
};

void NginxListenTest::initTestCase()
{
#if defined(Q_OS_WIN)
    // Each row is judged by Debian's nginx as well; the Windows build has none to run.
    QSKIP("needs Debian's nginx and its stream module (Linux only)");
#endif
    QVERIFY2(NginxPrefix::missingNginx().isEmpty(), qPrintable(NginxPrefix::missingNginx()));
}

void NginxListenTest::parameters_data()
{
    QTest::addColumn<QString>("line");        // after "listen "
    QTest::addColumn<bool>("nginxAccepts");   // what Debian's nginx 1.22 says, checked each run
    QTest::addColumn<QString>("socket");      // the listener's "socket" JSON; empty: none
    QTest::addColumn<QString>("error");       // a part of the importer's error; empty: none
    QTest::addColumn<QString>("warning");     // a part of the importer's warning; empty: none

    QTest::newRow("backlog") << "127.0.0.1:1 backlog=1024" << true << R"({"backlog":1024})" << "" << "";
    QTest::newRow("backlog 0") << "127.0.0.1:1 backlog=0" << false << "" << "invalid backlog \"backlog=0\"" << "";
    QTest::newRow("backlog negative") << "127.0.0.1:1 backlog=-1" << false << "" << "invalid backlog" << "";
    QTest::newRow("backlog word") << "127.0.0.1:1 backlog=many" << false << "" << "invalid backlog" << "";
    QTest::newRow("keepalive on") << "127.0.0.1:1 so_keepalive=on" << true << R"({"so_keepalive":true})" << "" << "";
    QTest::newRow("keepalive off") << "127.0.0.1:1 so_keepalive=off" << true << R"({"so_keepalive":false})" << "" << "";
    QTest::newRow("keepalive timers") << "127.0.0.1:1 so_keepalive=30m::10" << true << R"({"so_keepalive":"30m::10"})" << "" << "";
    QTest::newRow("keepalive interval only") << "127.0.0.1:1 so_keepalive=:75:" << true << R"({"so_keepalive":":1m15s:"})" << "" << "";
    QTest::newRow("keepalive count only") << "127.0.0.1:1 so_keepalive=::3" << true << R"({"so_keepalive":"::3"})" << "" << "";
    QTest::newRow("keepalive two parts") << "127.0.0.1:1 so_keepalive=1h30m:30s" << true << R"({"so_keepalive":"1h30m:30s:"})" << "" << "";
    QTest::newRow("keepalive nothing") << "127.0.0.1:1 so_keepalive=::" << false << "" << "invalid so_keepalive value" << "";
    QTest::newRow("keepalive zero") << "127.0.0.1:1 so_keepalive=0::" << false << "" << "invalid so_keepalive value" << "";
    QTest::newRow("keepalive milliseconds") << "127.0.0.1:1 so_keepalive=500ms::" << false << "" << "invalid so_keepalive value" << "";
    QTest::newRow("keepalive word") << "127.0.0.1:1 so_keepalive=yes" << false << "" << "invalid so_keepalive value" << "";
    QTest::newRow("keepalive four parts") << "127.0.0.1:1 so_keepalive=1:2:3:4" << false << "" << "invalid so_keepalive value" << "";
    QTest::newRow("ipv6only off") << "[::1]:1 ipv6only=off" << true << R"({"ipv6only":false})" << "" << "";
    QTest::newRow("ipv6only on") << "[::1]:1 ipv6only=on" << true << "" << "" << "";
    QTest::newRow("ipv6only on IPv4") << "127.0.0.1:1 ipv6only=off" << true << R"({"ipv6only":false})" << "" << "";
    QTest::newRow("ipv6only bad") << "[::1]:1 ipv6only=of" << false << "" << "invalid ipv6only flags" << "";
    QTest::newRow("reuseport") << "127.0.0.1:1 reuseport" << true << R"({"reuseport":true})" << "" << "";
    QTest::newRow("bind") << "127.0.0.1:1 bind" << true << R"({"bind":true})" << "" << "";
    QTest::newRow("all of them") << "127.0.0.1:1 bind backlog=64 reuseport so_keepalive=2m:10:5" << true
                                 << R"({"backlog":64,"bind":true,"reuseport":true,"so_keepalive":"2m:10s:5"})" << "" << "";
    QTest::newRow("udp reuseport") << "127.0.0.1:1 udp reuseport" << true << R"({"reuseport":true})" << "" << "";
    QTest::newRow("udp backlog") << "127.0.0.1:1 udp backlog=5" << false << "" << "\"backlog\" parameter is incompatible with \"udp\"" << "";
    QTest::newRow("udp keepalive") << "127.0.0.1:1 udp so_keepalive=on" << false << "" << "\"so_keepalive\" parameter is incompatible" << "";
    QTest::newRow("udp fastopen") << "127.0.0.1:1 udp fastopen=5" << false << "" << "\"fastopen\" parameter is incompatible" << "";
    QTest::newRow("rcvbuf") << "127.0.0.1:1 rcvbuf=64k" << true << R"({"rcvbuf":"64k"})" << "" << "";
    QTest::newRow("sndbuf bytes") << "127.0.0.1:1 sndbuf=65536" << true << R"({"sndbuf":"64k"})" << "" << "";
    QTest::newRow("rcvbuf odd bytes") << "127.0.0.1:1 rcvbuf=1000" << true << R"({"rcvbuf":"1000"})" << "" << "";
    QTest::newRow("rcvbuf upper case") << "127.0.0.1:1 rcvbuf=2M" << true << R"({"rcvbuf":"2m"})" << "" << "";
    QTest::newRow("rcvbuf 0") << "127.0.0.1:1 rcvbuf=0" << true << R"({"rcvbuf":"0"})" << "" << "";
    QTest::newRow("udp buffers") << "127.0.0.1:53 udp rcvbuf=1m sndbuf=256k" << true << R"({"rcvbuf":"1m","sndbuf":"256k"})" << "" << "";
    QTest::newRow("rcvbuf word") << "127.0.0.1:1 rcvbuf=abc" << false << "" << "invalid rcvbuf \"rcvbuf=abc\"" << "";
    QTest::newRow("rcvbuf empty") << "127.0.0.1:1 rcvbuf=" << false << "" << "invalid rcvbuf \"rcvbuf=\"" << "";
    QTest::newRow("sndbuf gigabytes") << "127.0.0.1:1 sndbuf=1g" << false << "" << "invalid sndbuf \"sndbuf=1g\"" << "";
    QTest::newRow("sndbuf negative") << "127.0.0.1:1 sndbuf=-1" << false << "" << "invalid sndbuf \"sndbuf=-1\"" << "";
    QTest::newRow("fastopen") << "127.0.0.1:1 fastopen=16" << true << R"({"fastopen":16})" << "" << "";
    QTest::newRow("fastopen 0") << "127.0.0.1:1 fastopen=0" << true << R"({"fastopen":0})" << "" << "";
    QTest::newRow("fastopen word") << "127.0.0.1:1 fastopen=many" << false << "" << "invalid fastopen \"fastopen=many\"" << "";
    QTest::newRow("fastopen negative") << "127.0.0.1:1 fastopen=-1" << false << "" << "invalid fastopen \"fastopen=-1\"" << "";
    QTest::newRow("deferred is http's") << "127.0.0.1:1 deferred" << false << "" << "the invalid \"deferred\" parameter" << "";
    QTest::newRow("setfib is http's") << "127.0.0.1:1 setfib=1" << false << "" << "the invalid \"setfib=1\" parameter" << "";
}

void NginxListenTest::parameters()
{
    QFETCH(QString, line);
    QFETCH(bool, nginxAccepts);
    QFETCH(QString, socket);
    QFETCH(QString, error);
    QFETCH(QString, warning);

    QString output;
    const bool accepted = m_prefix.checkSnippet(QStringLiteral("row-%1").arg(++m_files), serverWith(line), &output);
    QVERIFY2(accepted == nginxAccepts, qPrintable(QStringLiteral("nginx -t %1 \"listen %2\": %3")
                                                      .arg(accepted ? QStringLiteral("accepts") : QStringLiteral("refuses"), line, output)));

    const NginxImporter::Result result = NginxImporter::importText(serverWith(line), QStringLiteral("nginx.conf"), QDir::tempPath());
    const QString errors = issuesOf(result, NginxIssue::Severity::Error);
    const QString warnings = issuesOf(result, NginxIssue::Severity::Warning);
    QCOMPARE(result.hasErrors(), !nginxAccepts); // nothing nginx accepts is called invalid
    if (!error.isEmpty())
        QVERIFY2(errors.contains(error), qPrintable(errors));
    if (warning.isEmpty())
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings));
    else
        QVERIFY2(warnings.contains(warning), qPrintable(warnings));
    if (result.hasErrors())
        return;
    QCOMPARE(result.config.listeners.size(), 1);
    const QJsonObject json = result.config.listeners.first().socket.toJson();
    QCOMPARE(json.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)), socket);
}

void NginxListenTest::exportedLinesPassNginxAndImportBack()
{
    const QList<QString> lines{
        QStringLiteral("127.0.0.1:1 bind backlog=64 reuseport so_keepalive=2m:10:5"),
        QStringLiteral("127.0.0.1:2 so_keepalive=off"),
        QStringLiteral("127.0.0.1:3 so_keepalive=::3"),
        QStringLiteral("[::]:4 ipv6only=off so_keepalive=on"),
        QStringLiteral("127.0.0.1:5 udp reuseport"),
        QStringLiteral("127.0.0.1:6 udp rcvbuf=1m sndbuf=256k"),
        QStringLiteral("127.0.0.1:7 backlog=64 rcvbuf=1000 sndbuf=4m so_keepalive=on"),
        QStringLiteral("127.0.0.1:8 fastopen=256 rcvbuf=128k"),
    };
    for (const QString &line : lines) {
        const NginxImporter::Result first = NginxImporter::importText(serverWith(line), QStringLiteral("nginx.conf"), QDir::tempPath());
        QVERIFY2(!first.hasErrors(), qPrintable(line));
        QVERIFY(!first.config.listeners.first().socket.isDefault());
        const NginxExporter::Result exported = NginxExporter::exportConfig(first.config);
        QVERIFY2(exported.ok(), qPrintable(line));
        QString output;
        QVERIFY2(m_prefix.checkSnippet(QStringLiteral("export-%1").arg(++m_files), exported.text.toUtf8(), &output),
                 qPrintable(exported.text + output));
        const NginxImporter::Result again = NginxImporter::importText(exported.text.toUtf8(), QStringLiteral("nginx.conf"), QDir::tempPath());
        QVERIFY2(!again.hasErrors(), qPrintable(exported.text));
        QCOMPARE(again.config.listeners.size(), 1);
        QCOMPARE(again.config.listeners.first().socket, first.config.listeners.first().socket);
        // and through Portier's JSON
        const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(ConfigJson::toBytes(first.config));
        QVERIFY(loaded.issues.isEmpty());
        QCOMPARE(loaded.config.listeners.first().socket, first.config.listeners.first().socket);
    }
}

void NginxListenTest::jsonRejectsWithTheFieldAndValue_data()
{
    QTest::addColumn<QString>("socket");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message"); // a part of it

    QTest::newRow("backlog too big") << R"({"backlog": 70000})" << "tcp" << "listeners[0].socket.backlog" << "70000 is out of range";
    QTest::newRow("backlog negative") << R"({"backlog": -5})" << "tcp" << "listeners[0].socket.backlog" << "-5 is out of range";
    QTest::newRow("backlog text") << R"({"backlog": "many"})" << "tcp" << "listeners[0].socket.backlog" << "\"many\"";
    QTest::newRow("backlog on udp") << R"({"backlog": 10})" << "udp" << "listeners[0].socket.backlog" << "incompatible with \"udp\"";
    QTest::newRow("keepalive on udp") << R"({"so_keepalive": true})" << "udp" << "listeners[0].socket.so_keepalive" << "incompatible with \"udp\"";
    QTest::newRow("keepalive bad") << R"({"so_keepalive": "::"})" << "tcp" << "listeners[0].socket.so_keepalive" << "invalid so_keepalive value: \"::\"";
    QTest::newRow("keepalive too long") << R"({"so_keepalive": "10h::"})" << "tcp" << "listeners[0].socket.so_keepalive" << "\"10h::\" is out of range";
    QTest::newRow("keepcnt too many") << R"({"so_keepalive": "::500"})" << "tcp" << "listeners[0].socket.so_keepalive" << "up to 127";
    QTest::newRow("ipv6only text") << R"({"ipv6only": "maybe"})" << "tcp" << "listeners[0].socket.ipv6only" << "\"maybe\"";
    QTest::newRow("unknown key") << R"({"fastopen_queue": 10})" << "tcp" << "listeners[0].socket.fastopen_queue" << "unknown key";
    QTest::newRow("fastopen on udp") << R"({"fastopen": 10})" << "udp" << "listeners[0].socket.fastopen"
                                     << "a UDP listener has no TCP Fast Open (nginx: \"fastopen\" parameter is incompatible with \"udp\")";
    QTest::newRow("fastopen too big") << R"({"fastopen": 70000})" << "tcp" << "listeners[0].socket.fastopen" << "70000 is out of range; use 0 (off) to 65535";
    QTest::newRow("fastopen text") << R"({"fastopen": "on"})" << "tcp" << "listeners[0].socket.fastopen"
                                   << "expected a whole number such as 256 (Fast Open connections that may wait), or 0 for off, found \"on\"";
    QTest::newRow("rcvbuf not a size") << R"({"rcvbuf": "12q"})" << "tcp" << "listeners[0].socket.rcvbuf"
                                       << "\"12q\" is not a size; write bytes or a size such as 256k or 4m";
    QTest::newRow("sndbuf negative") << R"({"sndbuf": -5})" << "udp" << "listeners[0].socket.sndbuf"
                                     << "-5 is not a size; write bytes or a size such as 256k or 4m";
    QTest::newRow("sndbuf fraction") << R"({"sndbuf": 1.5})" << "tcp" << "listeners[0].socket.sndbuf" << "1.5 is not a size";
    QTest::newRow("rcvbuf gigabytes") << R"({"rcvbuf": "2g"})" << "tcp" << "listeners[0].socket.rcvbuf" << "\"2g\" is not a size";
    QTest::newRow("rcvbuf too big") << R"({"rcvbuf": "4096m"})" << "tcp" << "listeners[0].socket.rcvbuf"
                                    << "4096m is out of range; use a size up to 2147483647 bytes (just under 2g), or leave it out "
                                       "for the system's size";
    QTest::newRow("sndbuf too big") << R"({"sndbuf": 2147483648})" << "udp" << "listeners[0].socket.sndbuf" << "2048m is out of range";
}

void NginxListenTest::jsonRejectsWithTheFieldAndValue()
{
    QFETCH(QString, socket);
    QFETCH(QString, protocol);
    QFETCH(QString, path);
    QFETCH(QString, message);
    const QByteArray json = R"({"version": 1, "listeners": [{"listen": "127.0.0.1:1", "protocol": ")" + protocol.toUtf8()
                            + R"(", "proxy_pass": "127.0.0.1:2", "socket": )" + socket.toUtf8() + "}]}";
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    ConfigIssues issues = loaded.issues;
    if (issues.isEmpty())
        issues = ConfigValidator::validate(loaded.config);
    QVERIFY2(!issues.isEmpty(), "accepted");
    const auto found = std::find_if(issues.begin(), issues.end(), [&](const ConfigIssue &issue) { return issue.path == path; });
    QVERIFY2(found != issues.end(), qPrintable(issues.first().toString()));
    QVERIFY2(found->message.contains(message), qPrintable(found->toString()));
}

// rcvbuf and sndbuf take nginx's size strings and plain numbers of bytes, and are written
// back in nginx's shortest spelling.
void NginxListenTest::jsonTakesSizesAndBytes()
{
    const QByteArray json = R"({"version": 1, "listeners": [{"listen": "127.0.0.1:1", "protocol": "udp", "proxy_pass": "127.0.0.1:2", )"
                            R"("socket": {"rcvbuf": 65536, "sndbuf": "4M"}}]})";
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(loaded.issues.value(0).toString()));
    QVERIFY(ConfigValidator::validate(loaded.config).isEmpty());
    const ListenSocketConfig &socket = loaded.config.listeners.first().socket;
    QCOMPARE(socket.rcvbuf, qint64(65536));
    QCOMPARE(socket.sndbuf, qint64(4 * 1024 * 1024));
    QCOMPARE(QString::fromUtf8(QJsonDocument(socket.toJson()).toJson(QJsonDocument::Compact)), QStringLiteral(R"({"rcvbuf":"64k","sndbuf":"4m"})"));
    QCOMPARE(socket.nginxParameters(), QStringList({QStringLiteral("rcvbuf=64k"), QStringLiteral("sndbuf=4m")}));
    const ConfigJson::LoadResult again = ConfigJson::fromBytes(ConfigJson::toBytes(loaded.config));
    QCOMPARE(again.config.listeners.first().socket, socket);
}

QTEST_GUILESS_MAIN(NginxListenTest)
#include "tst_nginxlisten.moc"
