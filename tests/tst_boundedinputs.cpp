// Inputs that must not run away: duplicate JSON keys, spaces in addresses, huge numbers,
// special and oversized files, include explosions; config files kept safe on save; private
// keys others can read; and a log that never blocks the proxy.
#include "portierdprocess.h"
#include "testbackend.h"
#include "testclient.h"
#include "worldreadable.h"

#include <configjson.h>
#include <configvalidator.h>
#include <nginximporter.h>
#include <tls/certificatetools.h>
#include <tls/pemfile.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#if !defined(_WIN32)
#include <csignal>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace {

bool writeFile(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(contents) == contents.size();
}

#if !defined(_WIN32) // the signal and pipe tests'
QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
#endif

QString issuesText(const ConfigIssues &issues)
{
    QStringList lines;
    for (const ConfigIssue &issue : issues)
        lines << issue.toString();
    return lines.join(u'\n');
}

QString issuesText(const NginxIssues &issues)
{
    QStringList lines;
    for (const NginxIssue &issue : issues)
        lines << issue.toString();
    return lines.join(u'\n');
}

#if !defined(_WIN32) // the signal and pipe tests'
QByteArray echoJson(quint16 port, const QString &server, const QString &errorLog = QString())
{
    const QString log = errorLog.isEmpty() ? QStringLiteral("{ \"level\": \"info\" }")
                                           : QStringLiteral("{ \"path\": \"%1\", \"level\": \"info\" }").arg(errorLog);
    return QStringLiteral(R"({ "version": 1, "workers": 1, "error_log": %1,
        "upstreams": [ { "name": "backend", "servers": [ { "address": "%2" } ] } ],
        "listeners": [ { "listen": "127.0.0.1:%3", "proxy_pass": "backend" } ] })")
        .arg(log, server)
        .arg(port)
        .toUtf8();
}
#endif

} // namespace

class BoundedInputsTest : public QObject
{
    Q_OBJECT

private slots:
    void jsonRefusesDuplicateKeys_data();
    void jsonRefusesDuplicateKeys();
    void addressWithSpaceIsRefused();
    void hugeNumberIsAClearError();
    void specialFilesAreRefused_data();
    void specialFilesAreRefused();
    void oversizedFileIsRefused();
    void includeExplosionFailsFast();
    void includeOfDeviceIsRefused();
    void saveKeepsPreviousVersion();
    void workerConnectionsRange();
    void workerConnectionsNginxRoundTrip();
    void readablePrivateKeyWarns();
    void logNeverBlocksTheProxy();
    void sigusr1ReopensTheLog();
};

void BoundedInputsTest::jsonRefusesDuplicateKeys_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::newRow("top level") << QByteArray(R"({ "version": 1, "workers": 2, "workers": 3 })") << QStringLiteral("workers");
    QTest::newRow("in a server") << QByteArray(R"({ "upstreams": [ { "name": "b", "servers": [ { "address": "127.0.0.1:1" },
        { "address": "127.0.0.1:2", "weight": 1, "weight": 5 } ] } ] })")
                                 << QStringLiteral("upstreams[0].servers[1].weight");
    QTest::newRow("escaped the same") << QByteArray(R"({ "version": 1, "vers\u0069on": 1 })") << QStringLiteral("version");
}

void BoundedInputsTest::jsonRefusesDuplicateKeys()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    QVERIFY2(!loaded.issues.isEmpty(), "accepted");
    QCOMPARE(loaded.issues.first().path, path);
    QVERIFY2(loaded.issues.first().message.contains(QStringLiteral("appears twice")), qPrintable(issuesText(loaded.issues)));
}

void BoundedInputsTest::addressWithSpaceIsRefused()
{
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(R"({ "version": 1,
        "upstreams": [ { "name": "b", "servers": [ { "address": "127.0.0.1: 41001" } ] } ],
        "listeners": [ { "listen": "127.0.0.1:41000", "proxy_pass": "b" } ] })");
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(issuesText(loaded.issues)));
    const ConfigIssues issues = ConfigValidator::validate(loaded.config);
    const QString text = issuesText(issues);
    QVERIFY2(text.contains(QStringLiteral("upstreams[0].servers[0].address")) && text.contains(QStringLiteral("holds a space"))
                 && text.contains(QStringLiteral("127.0.0.1:41001")),
             qPrintable(text));
}

void BoundedInputsTest::hugeNumberIsAClearError()
{
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(R"({ "version": 1,
        "upstreams": [ { "name": "b", "servers": [ { "address": "127.0.0.1:1", "weight": 1e300, "max_fails": -1e300 } ] } ],
        "listeners": [ { "listen": 1e300, "proxy_pass": "b" } ] })");
    const QString text = issuesText(loaded.issues);
    QVERIFY2(text.contains(QStringLiteral("upstreams[0].servers[0].weight: expected a whole number, found 1e+300")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("upstreams[0].servers[0].max_fails: expected a whole number")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("listeners[0].listen: 1e+300 is not a port number")), qPrintable(text));
}

void BoundedInputsTest::specialFilesAreRefused_data()
{
    QTest::addColumn<QString>("path");
#if !defined(_WIN32)
    QTest::newRow("/dev/zero") << QStringLiteral("/dev/zero");
    QTest::newRow("/dev/stdin") << QStringLiteral("/dev/stdin");
    QTest::newRow("fifo") << QStringLiteral("fifo");
#else
    QSKIP("POSIX special files");
#endif
}

void BoundedInputsTest::specialFilesAreRefused()
{
#if !defined(_WIN32)
    QFETCH(QString, path);
    QTemporaryDir dir;
    if (path == u"fifo") {
        path = dir.filePath(QStringLiteral("fifo"));
        QCOMPARE(mkfifo(QFile::encodeName(path).constData(), 0600), 0); // opening it would wait for a writer
    }
    const ConfigJson::LoadResult loaded = ConfigJson::load(path);
    QCOMPARE(loaded.issues.size(), 1);
    QVERIFY2(loaded.issues.first().message.contains(QStringLiteral("is not a regular file")), qPrintable(issuesText(loaded.issues)));
    QByteArray pem;
    QString error;
    QVERIFY(!PemFile::read(path, &pem, &error));
    QVERIFY2(error.contains(QStringLiteral("is not a regular file")), qPrintable(error));
#endif
}

void BoundedInputsTest::oversizedFileIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.json"));
    QVERIFY(writeFile(path, QByteArray(17 * 1024 * 1024, ' ')));
    const ConfigJson::LoadResult loaded = ConfigJson::load(path);
    QCOMPARE(loaded.issues.size(), 1);
    QVERIFY2(loaded.issues.first().message.contains(QStringLiteral("is it the right file")), qPrintable(issuesText(loaded.issues)));
    QByteArray pem;
    QString error;
    QVERIFY(!PemFile::read(path, &pem, &error));
    QVERIFY2(error.contains(QStringLiteral("bytes")), qPrintable(error));
}

void BoundedInputsTest::includeExplosionFailsFast()
{
    // 24 files, each including the next twice: 2^24 reads before, a clear error now.
    QTemporaryDir dir;
    for (int i = 0; i < 24; ++i) {
        const QByteArray next = QByteArray::number(i + 1);
        QVERIFY(writeFile(dir.filePath(QStringLiteral("f%1.conf").arg(i)),
                          i == 23 ? QByteArray("# the last\n") : "include f" + next + ".conf;\ninclude f" + next + ".conf;\n"));
    }
    QVERIFY(writeFile(dir.filePath(QStringLiteral("nginx.conf")), "stream {\n    include f0.conf;\n}\n"));
    const NginxImporter::Result result = NginxImporter::importFile(dir.filePath(QStringLiteral("nginx.conf")));
    QVERIFY(result.hasErrors());
    QVERIFY2(issuesText(result.issues).contains(QStringLiteral("does a file include another more than once?")), qPrintable(issuesText(result.issues)));
}

void BoundedInputsTest::includeOfDeviceIsRefused()
{
#if defined(_WIN32)
    QSKIP("/dev/zero: POSIX only");
#else
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(QStringLiteral("nginx.conf")), "stream {\n    include /dev/zero;\n}\n"));
    const NginxImporter::Result result = NginxImporter::importFile(dir.filePath(QStringLiteral("nginx.conf")));
    QVERIFY(result.hasErrors());
    const QString text = issuesText(result.issues);
    QVERIFY2(text.contains(QStringLiteral("nginx.conf:2")) && text.contains(QStringLiteral("cannot include \"/dev/zero\""))
                 && text.contains(QStringLiteral("not a regular file")),
             qPrintable(text));
#endif
}

void BoundedInputsTest::saveKeepsPreviousVersion()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    Config first;
    first.workers = 3;
    QString error;
    QVERIFY2(ConfigJson::save(first, path, &error), qPrintable(error));
    QVERIFY(!QFile::exists(path + QStringLiteral(".bak"))); // nothing to keep yet
    Config second;
    second.workers = 5;
    QVERIFY2(ConfigJson::save(second, path, &error), qPrintable(error));
    QCOMPARE(ConfigJson::load(path).config.workers, 5);
    QCOMPARE(ConfigJson::load(path + QStringLiteral(".bak")).config.workers, 3);
}

void BoundedInputsTest::workerConnectionsRange()
{
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(R"({ "version": 1, "worker_connections": 1 })");
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(issuesText(loaded.issues)));
    const QString text = issuesText(ConfigValidator::validate(loaded.config));
    QVERIFY2(text.contains(QStringLiteral("worker_connections: 1 is out of range; use a number from 2 to 1000000")), qPrintable(text));
    QCOMPARE(ConfigJson::fromBytes(R"({ "version": 1, "worker_connections": "auto" })").config.workerConnections, 0);
    Config config;
    config.workerConnections = 2048;
    QCOMPARE(ConfigJson::fromBytes(ConfigJson::toBytes(config)).config.workerConnections, 2048);
}

void BoundedInputsTest::workerConnectionsNginxRoundTrip()
{
    const NginxImporter::Result imported = NginxImporter::importText("events { worker_connections 768; }\nstream { }\n",
                                                                     QStringLiteral("nginx.conf"), QDir::tempPath());
    QVERIFY2(!imported.hasErrors(), qPrintable(issuesText(imported.issues)));
    QCOMPARE(imported.config.workerConnections, 768);
}

void BoundedInputsTest::readablePrivateKeyWarns()
{
    QTemporaryDir dir;
    CertificateTools::GenerateOptions options;
    options.commonName = QStringLiteral("localhost");
    options.keyType = CertificateTools::KeyType::Ecdsa;
    options.certificateFile = dir.filePath(QStringLiteral("cert.pem"));
    options.keyFile = dir.filePath(QStringLiteral("key.pem"));
    QString error;
    QVERIFY2(CertificateTools::generate(options, &error), qPrintable(error));
    CertificateConfig certificate;
    certificate.name = QStringLiteral("site");
    certificate.certificateFile = options.certificateFile;
    certificate.keyFile = options.keyFile;

    CertificateTools::LoadedCertificate loaded;
    QStringList warnings;
    QVERIFY2(CertificateTools::load(certificate, &loaded, &error, &warnings), qPrintable(error));
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(u'\n'))); // written owner-only

    QVERIFY(makeWorldReadable(options.keyFile));
    QVERIFY2(CertificateTools::load(certificate, &loaded, &error, &warnings), qPrintable(error));
    QCOMPARE(warnings.size(), 1);
#if defined(Q_OS_WIN)
    const QString fix = QStringLiteral("icacls");
#else
    const QString fix = QStringLiteral("chmod 600");
#endif
    QVERIFY2(warnings.first().contains(QStringLiteral("can be read by other users")) && warnings.first().contains(fix), qPrintable(warnings.first()));
}

void BoundedInputsTest::logNeverBlocksTheProxy()
{
#if defined(_WIN32)
    QSKIP("a pipe nobody reads: POSIX only");
#else
    // portierd logs at info to standard error, a pipe nobody reads: the pipe fills after a
    // few hundred lines. Before, the worker then blocked in fwrite() and stopped answering.
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    QVERIFY(writeFile(path, echoJson(port, backend.address())));
    int pipeFds[2];
    QCOMPARE(pipe(pipeFds), 0);
    QProcess portierd;
    portierd.setChildProcessModifier([writeEnd = pipeFds[1]] {
        dup2(writeEnd, STDOUT_FILENO);
        dup2(writeEnd, STDERR_FILENO);
    });
    portierd.start(PortierdProcess::binary(), {QStringLiteral("--config"), path});
    QVERIFY(portierd.waitForStarted(10000));
    ::close(pipeFds[1]);

    TestClient probe;
    QTRY_VERIFY_WITH_TIMEOUT(probe.connectTo(port), 10000); // nothing to read its readiness from
    probe.close();
    // Three info lines a connection: 2,000 connections overflow the pipe and the 4,096-line queue.
    for (int i = 0; i < 2000; ++i) {
        TestClient client;
        QVERIFY(client.connectTo(port));
        QVERIFY(client.sendAll("ping\n"));
        QVERIFY2(client.readLine(5000) == "ping\n", qPrintable(QStringLiteral("connection %1 was not answered").arg(i)));
    }

    // Read the pipe now: the writer catches up and says how many lines it dropped. (portierd
    // holds a copy of the read end too, so after this the pipe stays full: it must still exit.)
    fcntl(pipeFds[0], F_SETFL, O_NONBLOCK);
    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 char buffer[65536];
                                 for (ssize_t n; (n = ::read(pipeFds[0], buffer, sizeof(buffer))) > 0;)
                                     output.append(buffer, n);
                                 return output.contains("log lines lost");
                             }()),
                             10000);
    ::close(pipeFds[0]);
    portierd.terminate();
    QVERIFY(portierd.waitForFinished(10000));
#endif
}

void BoundedInputsTest::sigusr1ReopensTheLog()
{
#if defined(_WIN32)
    QSKIP("SIGUSR1: POSIX only");
#else
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    QTemporaryDir dir;
    const QString log = dir.filePath(QStringLiteral("error.log"));
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    QVERIFY(writeFile(path, echoJson(port, backend.address(), log)));
    PortierdProcess portierd;
    QVERIFY(portierd.start({QStringLiteral("--config"), path}));
    QTRY_VERIFY_WITH_TIMEOUT(readFile(log).contains("started with"), 10000);
    QVERIFY2(!portierd.output().contains(QStringLiteral("started with")), "a log file is set: standard error stays quiet");

    QVERIFY(QFile::rename(log, log + QStringLiteral(".1"))); // logrotate's move
    portierd.sendSignal(SIGUSR1);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(log), 10000);
    TestClient client;
    QVERIFY(client.connectTo(port));
    QVERIFY(client.sendAll("ping\n"));
    QCOMPARE(client.readLine(), QByteArray("ping\n"));
    client.close();
    QTRY_VERIFY_WITH_TIMEOUT(readFile(log).contains("client disconnected"), 10000);
    QVERIFY(readFile(log + QStringLiteral(".1")).contains("reopening logs") || readFile(log).contains("reopening logs"));
    QVERIFY(portierd.terminate());
#endif
}

QTEST_GUILESS_MAIN(BoundedInputsTest)
#include "tst_boundedinputs.moc"
