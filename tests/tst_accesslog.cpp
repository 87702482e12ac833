// The access log: every variable formatted as nginx 1.22 formats it, the three escapings,
// nginx -t's words for bad formats, the JSON and the validator, the file writer (at once,
// buffered, flushed) and the engine writing one line per session as it ends, for sessions
// that pass, are denied and find no live upstream.
#include "testbackend.h"
#include "testclient.h"

#include <accesslogfile.h>
#include <configjson.h>
#include <configvalidator.h>
#include <engine.h>
#include <errorlog.h>
#include <logformat.h>
#include <logvariables.h>
#include <nginxexporter.h>
#include <nginximporter.h>

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class AccessLogTest : public QObject
{
    Q_OBJECT

private slots:
    void variables_data();
    void variables();
    void notFoundIsADashOnlyWithDefaultEscaping();
    void escapesAsNginx_data();
    void escapesAsNginx();
    void timesAsNginx();
    void refusesBadFormats_data();
    void refusesBadFormats();
    void jsonRoundTrip();
    void validatorNamesTheField_data();
    void validatorNamesTheField();
    void importExportImportIsLossless();
    void importRefusesWhatNginxRefuses_data();
    void importRefusesWhatNginxRefuses();
    void writerWritesAtOnceWithoutBuffer();
    void writerHoldsABufferUntilFullOrClosed();
    void writerFlushesAfterFlushTime();
    void engineLogsEachSessionAsItEnds();
    void applyNamesAFileItCannotOpen();
};

namespace {

StreamFacts sessionFacts()
{
    StreamFacts f;
    f.clientAddress = "127.0.0.2";
    f.clientAddressBinary = QByteArray("\x7f\x00\x00\x02", 4);
    f.clientPort = 40001;
    f.serverAddress = "127.0.0.1";
    f.serverPort = 8080;
    f.connection = 17;
    f.status = 200;
    f.bytesSent = 1234;
    f.bytesReceived = 56;
    f.sessionMs = 1234;
    f.nowMs = 1733375400123; // 2024-12-05T05:10:00.123Z
    f.upstreams = {{"127.0.0.1:9", -1, -1, 3, 0, 0}, {"127.0.0.1:8081", 1, 25, 1200, 56, 1234}};
    return f;
}

QByteArray formatted(const QString &text, const StreamFacts &facts, LogFormatConfig::Escape escape = LogFormatConfig::Escape::Default)
{
    QString error;
    const std::optional<LogFormat> format = LogFormat::compile(text, escape, &error);
    if (!format) {
        qWarning("%s", qPrintable(error));
        return "compile error";
    }
    QByteArray line = format->line(facts);
    line.chop(1); // the line feed
    return line;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(cannot read)");
}

} // namespace

void AccessLogTest::variables_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("remote_addr") << QStringLiteral("$remote_addr") << QByteArray("127.0.0.2");
    QTest::newRow("remote_port") << QStringLiteral("$remote_port") << QByteArray("40001");
    QTest::newRow("binary_remote_addr escaped") << QStringLiteral("$binary_remote_addr") << QByteArray("\\x7F\\x00\\x00\\x02");
    QTest::newRow("server_addr/port") << QStringLiteral("$server_addr:$server_port") << QByteArray("127.0.0.1:8080");
    QTest::newRow("protocol") << QStringLiteral("$protocol") << QByteArray("TCP");
    QTest::newRow("status") << QStringLiteral("$status") << QByteArray("200");
    QTest::newRow("bytes") << QStringLiteral("$bytes_sent/$bytes_received") << QByteArray("1234/56");
    QTest::newRow("session_time") << QStringLiteral("$session_time") << QByteArray("1.234");
    QTest::newRow("connection") << QStringLiteral("$connection") << QByteArray("17");
    QTest::newRow("pid") << QStringLiteral("$pid") << QByteArray::number(QCoreApplication::applicationPid());
    QTest::newRow("msec") << QStringLiteral("$msec") << QByteArray("1733375400.123");
    QTest::newRow("upstream_addr, two tried") << QStringLiteral("$upstream_addr") << QByteArray("127.0.0.1:9, 127.0.0.1:8081");
    QTest::newRow("upstream_bytes_sent") << QStringLiteral("$upstream_bytes_sent") << QByteArray("0, 56");
    QTest::newRow("upstream_bytes_received") << QStringLiteral("$upstream_bytes_received") << QByteArray("0, 1234");
    QTest::newRow("upstream_connect_time, - when not connected") << QStringLiteral("$upstream_connect_time") << QByteArray("-, 0.001");
    QTest::newRow("upstream_first_byte_time") << QStringLiteral("$upstream_first_byte_time") << QByteArray("-, 0.025");
    QTest::newRow("upstream_session_time") << QStringLiteral("$upstream_session_time") << QByteArray("0.003, 1.200");
    QTest::newRow("braces and text") << QStringLiteral("[${status}]x$protocol") << QByteArray("[200]xTCP");
}

void AccessLogTest::variables()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, value);
    QCOMPARE(formatted(text, sessionFacts()), value);
}

void AccessLogTest::notFoundIsADashOnlyWithDefaultEscaping()
{
    StreamFacts f = sessionFacts();
    f.upstreams.clear(); // denied before any upstream: nginx's upstream variables are not found
    const QString text = QStringLiteral("$upstream_addr|$upstream_connect_time|$proxy_protocol_addr|$proxy_protocol_port|$ssl_protocol|"
                                        "$ssl_cipher|$ssl_server_name|$ssl_session_reused|$ssl_preread_server_name|$limit_conn_status");
    QCOMPARE(formatted(text, f), QByteArray("-|-|-|-|-|-|-|-|-|-"));
    QCOMPARE(formatted(text, f, LogFormatConfig::Escape::Json), QByteArray("|||||||||"));
    QCOMPARE(formatted(text, f, LogFormatConfig::Escape::None), QByteArray("|||||||||"));

    // Found, some of them empty: an empty value writes nothing, even with default escaping.
    f.hasProxyProtocol = true;
    f.proxyProtocolAddress = "192.0.2.1";
    f.proxyProtocolPort = 5555;
    f.tls = true;
    f.sslProtocol = "TLSv1.3";
    f.sslCipher = "TLS_AES_256_GCM_SHA384";
    f.sslSessionReused = true; // no SNI: $ssl_server_name is empty, which nginx's ngx_stream_ssl_variable calls not found
    f.prereadServerName = QByteArray();
    f.limitConnStatus = StreamFacts::LimitConnStatus::Passed;
    f.upstreams = {{"backend", -1, -1, 0, 0, 0}}; // no live upstreams: the group's name
    QCOMPARE(formatted(text, f), QByteArray("backend|-|192.0.2.1|5555|TLSv1.3|TLS_AES_256_GCM_SHA384|-|r||PASSED"));
    f.limitConnStatus = StreamFacts::LimitConnStatus::RejectedDryRun;
    f.sslSessionReused = false;
    QCOMPARE(formatted(QStringLiteral("$limit_conn_status $ssl_session_reused"), f), QByteArray("REJECTED_DRY_RUN ."));
}

void AccessLogTest::escapesAsNginx_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("defaultEscaped");
    QTest::addColumn<QByteArray>("jsonEscaped");
    QTest::newRow("plain") << QByteArray("example.com") << QByteArray("example.com") << QByteArray("example.com");
    QTest::newRow("quote and backslash") << QByteArray("a\"b\\c") << QByteArray("a\\x22b\\x5Cc") << QByteArray("a\\\"b\\\\c");
    QTest::newRow("controls") << QByteArray("\n\r\t\b\f\x01", 6) << QByteArray("\\x0A\\x0D\\x09\\x08\\x0C\\x01")
                              << QByteArray("\\n\\r\\t\\b\\f\\u0001");
    QTest::newRow("DEL and high bytes") << QByteArray("\x7f\xc3\xa9") << QByteArray("\\x7F\\xC3\\xA9") << QByteArray("\x7f\xc3\xa9");
    QTest::newRow("unit separator") << QByteArray("\x1f") << QByteArray("\\x1F") << QByteArray("\\u001F");
}

void AccessLogTest::escapesAsNginx()
{
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, defaultEscaped);
    QFETCH(QByteArray, jsonEscaped);
    StreamFacts f = sessionFacts();
    f.prereadServerName = value; // a name the client chose: what escaping is for
    QCOMPARE(formatted(QStringLiteral("$ssl_preread_server_name"), f), defaultEscaped);
    QCOMPARE(formatted(QStringLiteral("$ssl_preread_server_name"), f, LogFormatConfig::Escape::Json), jsonEscaped);
    QCOMPARE(formatted(QStringLiteral("$ssl_preread_server_name"), f, LogFormatConfig::Escape::None), value);
    // Literal text is never escaped.
    QCOMPARE(formatted(QStringLiteral("\"x\"$protocol"), f), QByteArray("\"x\"TCP"));
}

void AccessLogTest::timesAsNginx()
{
    QCOMPARE(LogVariables::seconds(0), QByteArray("0.000"));
    QCOMPARE(LogVariables::seconds(5), QByteArray("0.005"));
    QCOMPARE(LogVariables::seconds(61234), QByteArray("61.234"));
    QCOMPARE(LogVariables::seconds(-3), QByteArray("0.000")); // ngx_max(ms, 0)
    qputenv("TZ", "UTC");
    const QByteArray local = LogVariables::timeLocal(1733375400123);
    const QByteArray iso = LogVariables::timeIso8601(1733375400123);
    QCOMPARE(local, QByteArray("05/Dec/2024:05:10:00 +0000"));
    QCOMPARE(iso, QByteArray("2024-12-05T05:10:00+00:00"));
}

void AccessLogTest::refusesBadFormats_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("words");
    QTest::newRow("unknown") << QStringLiteral("$remote_addr $request") << QStringLiteral("unknown \"request\" variable");
    QTest::newRow("unclosed") << QStringLiteral("${status") << QStringLiteral("the closing bracket in \"status\" variable is missing");
    QTest::newRow("bare dollar") << QStringLiteral("x $") << QStringLiteral("invalid parameter");
}

void AccessLogTest::refusesBadFormats()
{
    QFETCH(QString, text);
    QFETCH(QString, words);
    QString error;
    QVERIFY(!LogFormat::compile(text, LogFormatConfig::Escape::Default, &error));
    QVERIFY2(error.contains(words), qPrintable(error));
}

void AccessLogTest::jsonRoundTrip()
{
    Config config;
    config.logFormats << LogFormatConfig{QStringLiteral("basic"), LogFormatConfig::Escape::Default, QStringLiteral("$remote_addr $status")}
                      << LogFormatConfig{QStringLiteral("j"), LogFormatConfig::Escape::Json, QStringLiteral("{\"a\":\"$remote_addr\"}")};
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:1");
    listener.proxyPass = QStringLiteral("127.0.0.1:2");
    listener.accessLog = {QStringLiteral("/tmp/a.log"), QStringLiteral("j"), 32 * 1024, 5000, QStringLiteral("$upstream_addr")};
    config.listeners << listener;
    const QJsonObject json = ConfigJson::toJson(config);
    const ConfigJson::LoadResult back = ConfigJson::fromJson(json);
    QVERIFY2(back.issues.isEmpty(), qPrintable(back.issues.value(0).toString()));
    QCOMPARE(back.config.logFormats, config.logFormats);
    QCOMPARE(back.config.listeners.value(0).accessLog, listener.accessLog);
    QVERIFY(ConfigValidator::validate(back.config).isEmpty());
}

void AccessLogTest::validatorNamesTheField_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("words");
    const QByteArray head = R"({"version": 1, "log_formats": [{"name": "basic", "format": "$remote_addr"}], "listeners": [{"listen": "127.0.0.1:1", "proxy_pass": "127.0.0.1:2", "access_log": )";
    QTest::newRow("unknown format") << head + R"({"path": "/tmp/x.log", "format": "nope"}}]})" << QStringLiteral("listeners[0].access_log.format")
                                    << QStringLiteral("unknown log format \"nope\"");
    QTest::newRow("no format") << head + R"({"path": "/tmp/x.log"}}]})" << QStringLiteral("listeners[0].access_log.format")
                               << QStringLiteral("log format is not specified");
    QTest::newRow("flush without buffer") << head + R"({"path": "/tmp/x.log", "format": "basic", "flush": "5s"}}]})"
                                          << QStringLiteral("listeners[0].access_log.flush") << QStringLiteral("no buffer is defined");
    QTest::newRow("bad buffer") << head + R"({"path": "/tmp/x.log", "format": "basic", "buffer": "lots"}}]})"
                                << QStringLiteral("listeners[0].access_log.buffer") << QStringLiteral("invalid buffer size");
    QTest::newRow("zero flush") << head + R"({"path": "/tmp/x.log", "format": "basic", "buffer": "4k", "flush": "0s"}}]})"
                                << QStringLiteral("listeners[0].access_log.flush") << QStringLiteral("invalid flush time");
    QTest::newRow("unknown variable in if") << head + R"({"path": "/tmp/x.log", "format": "basic", "if": "$nope"}}]})"
                                            << QStringLiteral("listeners[0].access_log.if") << QStringLiteral("unknown \"nope\" variable");
    QTest::newRow("variables in the path") << head + R"({"path": "/tmp/$status.log", "format": "basic"}}]})"
                                           << QStringLiteral("listeners[0].access_log.path") << QStringLiteral("does not take variables");
    QTest::newRow("unknown variable in format")
        << QByteArray(R"({"version": 1, "log_formats": [{"name": "basic", "format": "$remote_user"}], "listeners": []})")
        << QStringLiteral("log_formats[0].format") << QStringLiteral("unknown \"remote_user\" variable");
    QTest::newRow("duplicate format")
        << QByteArray(R"({"version": 1, "log_formats": [{"name": "a", "format": "x"}, {"name": "a", "format": "y"}], "listeners": []})")
        << QStringLiteral("log_formats[1].name") << QStringLiteral("duplicate \"log_format\" name \"a\"");
    QTest::newRow("unknown escaping")
        << QByteArray(R"({"version": 1, "log_formats": [{"name": "a", "escape": "xml", "format": "x"}], "listeners": []})")
        << QStringLiteral("log_formats[0].escape") << QStringLiteral("unknown log format escaping \"xml\"");
}

void AccessLogTest::validatorNamesTheField()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, words);
    const ConfigJson::LoadResult loaded = ConfigJson::fromJson(QJsonDocument::fromJson(json).object());
    ConfigIssues issues = loaded.issues;
    issues += ConfigValidator::validate(loaded.config);
    bool found = false;
    for (const ConfigIssue &issue : std::as_const(issues))
        found = found || (issue.path == path && issue.message.contains(words));
    QVERIFY2(found, qPrintable(issues.isEmpty() ? QStringLiteral("no issue") : issues.first().toString()));
}

void AccessLogTest::importExportImportIsLossless()
{
    const QByteArray text = "stream {\n"
                            "    log_format basic '$remote_addr [$time_local] '\n"
                            "                     '$protocol $status $bytes_sent $bytes_received $session_time \"$upstream_addr\"';\n"
                            "    log_format j escape=json '{\"addr\":\"$remote_addr\",\"status\":$status}';\n"
                            "    access_log /tmp/portier-stream.log basic;\n"
                            "    server { listen 127.0.0.1:7001; proxy_pass 127.0.0.1:9001; }\n"
                            "    server { listen 127.0.0.1:7002; proxy_pass 127.0.0.1:9001; access_log /tmp/j.log J buffer=32k flush=5s if=$upstream_addr; }\n"
                            "    server { listen 127.0.0.1:7003; proxy_pass 127.0.0.1:9001; access_log off; }\n"
                            "}\n";
    const NginxImporter::Result first = NginxImporter::importText(text, QStringLiteral("nginx.conf"), QDir::tempPath());
    QVERIFY2(!first.hasErrors(), qPrintable(first.issues.value(0).message));
    const Config &config = first.config;
    QCOMPARE(config.logFormats.size(), 2);
    QCOMPARE(config.logFormats.at(0).text,
             QStringLiteral("$remote_addr [$time_local] $protocol $status $bytes_sent $bytes_received $session_time \"$upstream_addr\""));
    QCOMPARE(config.logFormats.at(1).escape, LogFormatConfig::Escape::Json);
    QCOMPARE(config.listeners.size(), 3);
    QCOMPARE(config.listeners.at(0).accessLog, (AccessLogConfig{QStringLiteral("/tmp/portier-stream.log"), QStringLiteral("basic"), 0, 0, {}}));
    QCOMPARE(config.listeners.at(1).accessLog,
             (AccessLogConfig{QStringLiteral("/tmp/j.log"), QStringLiteral("j"), 32 * 1024, 5000, QStringLiteral("$upstream_addr")}));
    QVERIFY(!config.listeners.at(2).accessLog.isEnabled());

    const NginxExporter::Result exported = NginxExporter::exportConfig(config);
    QVERIFY2(exported.ok(), qPrintable(exported.errors.value(0).message));
    const NginxImporter::Result second = NginxImporter::importText(exported.text.toUtf8(), QStringLiteral("nginx.conf"), QDir::tempPath());
    QVERIFY2(!second.hasErrors(), qPrintable(second.issues.value(0).message));
    QCOMPARE(second.config.logFormats, config.logFormats);
    for (qsizetype i = 0; i < config.listeners.size(); ++i)
        QCOMPARE(second.config.listeners.at(i).accessLog, config.listeners.at(i).accessLog);
}

void AccessLogTest::importRefusesWhatNginxRefuses_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("words");
    const QByteArray server = "server { listen 127.0.0.1:7001; proxy_pass 127.0.0.1:9001; ";
    QTest::newRow("no format") << server + "access_log /tmp/x.log; }" << QStringLiteral("log format is not specified");
    QTest::newRow("unknown format") << server + "access_log /tmp/x.log combined; }" << QStringLiteral("unknown log format \"combined\"");
    QTest::newRow("unknown variable") << QByteArray("log_format a '$request';") << QStringLiteral("unknown \"request\" variable");
    QTest::newRow("flush without buffer") << "log_format a x; " + server + "access_log /tmp/x.log a flush=1s; }"
                                          << QStringLiteral("no buffer is defined for access_log \"/tmp/x.log\"");
    QTest::newRow("bad buffer") << "log_format a x; " + server + "access_log /tmp/x.log a buffer=0; }" << QStringLiteral("invalid buffer size \"0\"");
    QTest::newRow("duplicate format") << QByteArray("log_format a x; log_format a y;") << QStringLiteral("duplicate \"log_format\" name \"a\"");
}

void AccessLogTest::importRefusesWhatNginxRefuses()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, words);
    const NginxImporter::Result result = NginxImporter::importText("stream {\n" + body + "\n}\n", QStringLiteral("nginx.conf"), QDir::tempPath());
    QVERIFY(result.hasErrors());
    bool found = false;
    for (const auto &issue : result.issues)
        found = found || issue.message.contains(words);
    QVERIFY2(found, qPrintable(result.issues.value(0).message));
}

void AccessLogTest::writerWritesAtOnceWithoutBuffer()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.log"));
    QString error;
    const auto file = AccessLogFile::open(path, 0, 0, nullptr, &error);
    QVERIFY2(file, qPrintable(error));
    file->append("one\n");
    file->append("two\n");
    QVERIFY(file->waitIdle());
    QCOMPARE(readAll(path), QByteArray("one\ntwo\n"));
}

void AccessLogTest::writerHoldsABufferUntilFullOrClosed()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("b.log"));
    QString error;
    auto file = AccessLogFile::open(path, 16, 0, nullptr, &error);
    QVERIFY2(file, qPrintable(error));
    file->append("12345\n");
    file->append("67890\n");
    QVERIFY(file->waitIdle());
    QCOMPARE(readAll(path), QByteArray()); // 12 bytes of 16: still in the buffer
    file->append("abcdef\n"); // would not fit: the buffer is written first, as nginx does
    QVERIFY(file->waitIdle());
    QCOMPARE(readAll(path), QByteArray("12345\n67890\n"));
    file.reset(); // closing writes the rest
    QCOMPARE(readAll(path), QByteArray("12345\n67890\nabcdef\n"));
}

void AccessLogTest::writerFlushesAfterFlushTime()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.log"));
    QString error;
    const auto file = AccessLogFile::open(path, 64 * 1024, 50, nullptr, &error);
    QVERIFY2(file, qPrintable(error));
    file->append("line\n");
    QTRY_COMPARE_WITH_TIMEOUT(readAll(path), QByteArray("line\n"), 5000); // a timer never fires early, so no lower bound is checked
}

void AccessLogTest::engineLogsEachSessionAsItEnds()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("access.log"));
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("a"));
    const quint16 open = findFreePort();
    const quint16 denied = findFreePort();
    const quint16 dead = findFreePort();
    const quint16 nowhere = findFreePort(); // nothing listens: connect refused
    Config config;
    config.workers = 1;
    config.logFormats << LogFormatConfig{QStringLiteral("t"), LogFormatConfig::Escape::Default,
                                         QStringLiteral("$remote_addr $protocol $status $bytes_sent $bytes_received $upstream_addr "
                                                        "$upstream_bytes_sent $upstream_bytes_received $upstream_connect_time")};
    auto listener = [&](quint16 port, const QString &proxyPass) {
        ListenerConfig l;
        l.listen = QStringLiteral("127.0.0.1:%1").arg(port);
        l.proxyPass = proxyPass;
        l.accessLog.path = path;
        l.accessLog.format = QStringLiteral("t");
        return l;
    };
    config.listeners << listener(open, backend.address());
    config.listeners << listener(denied, backend.address());
    config.listeners.last().access << AccessRuleConfig{AccessRuleConfig::Action::Deny, QStringLiteral("all")};
    config.listeners << listener(dead, QStringLiteral("127.0.0.1:%1").arg(nowhere));
    Engine engine;
    engine.errorLog()->setStderrEnabled(false);
    const Engine::ApplyResult result = engine.apply(config);
    QVERIFY2(result.ok(), qPrintable(result.issues.value(0).toString()));

    {
        TestClient client;
        QVERIFY(client.connectTo(open));
        QCOMPARE(client.readLine().trimmed(), QByteArray("a"));
        QVERIFY(client.sendAll("hello\n"));
        QCOMPARE(client.readLine().trimmed(), QByteArray("hello"));
    }
    QTRY_COMPARE(readAll(path).count('\n'), 1);
    for (quint16 port : {denied, dead}) {
        TestClient client;
        QVERIFY(client.connectTo(port));
        bool closed = false;
        client.readUntilClosed(5000, &closed);
        QVERIFY(closed);
    }
    QTRY_COMPARE(readAll(path).count('\n'), 3);
    const QList<QByteArray> lines = readAll(path).trimmed().split('\n');
    const QByteArray upstream = backend.address().toUtf8();
    const QByteArray connectTime = lines.value(0).split(' ').last();
    QCOMPARE(lines.value(0), "127.0.0.1 TCP 200 8 6 " + upstream + " 6 8 " + connectTime);
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d+\\.\\d{3}$")).match(QString::fromLatin1(connectTime)).hasMatch(), connectTime.constData());
    QCOMPARE(lines.value(1), QByteArray("127.0.0.1 TCP 403 0 0 - - - -"));
    QCOMPARE(lines.value(2), "127.0.0.1 TCP 502 0 0 127.0.0.1:" + QByteArray::number(nowhere) + " 0 0 -");
}

void AccessLogTest::applyNamesAFileItCannotOpen()
{
    Config config;
    config.workers = 1;
    config.logFormats << LogFormatConfig{QStringLiteral("t"), LogFormatConfig::Escape::Default, QStringLiteral("$status")};
    ListenerConfig l;
    l.listen = QStringLiteral("127.0.0.1:%1").arg(findFreePort());
    l.proxyPass = QStringLiteral("127.0.0.1:9");
    l.accessLog.path = QStringLiteral("/nonexistent-portier-folder/access.log");
    l.accessLog.format = QStringLiteral("t");
    config.listeners << l;
    Engine engine;
    engine.errorLog()->setStderrEnabled(false);
    const Engine::ApplyResult result = engine.apply(config);
    QVERIFY(!result.applied);
    QCOMPARE(result.issues.value(0).path, QStringLiteral("listeners[0].access_log.path"));
    QVERIFY2(result.issues.value(0).message.contains(QStringLiteral("/nonexistent-portier-folder/access.log")),
             qPrintable(result.issues.value(0).message));
}

QTEST_GUILESS_MAIN(AccessLogTest)
#include "tst_accesslog.moc"
