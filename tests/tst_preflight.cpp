// `portierd --check` tells the truth: what it accepts runs, and what would not run it refuses,
// naming the field, the value and what to do. Every row runs the real portierd twice on the
// same file, once with --check and once with --config, and both must agree.
#include "errortext.h"
#include "portierdprocess.h"
#include "testbackend.h"
#include "testclient.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

bool writeFile(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(contents) == contents.size();
}

// One upstream "backend" of 127.0.0.1:9 (discard: nothing connects during these tests) and
// the given listeners; `extra` goes into the top level (workers, error_log, certificates).
QByteArray configJson(const QStringList &listeners, const QString &extra = QString(), const QString &upstreamExtra = QString())
{
    return QStringLiteral("{ \"version\": 1, %1 \"upstreams\": [ { \"name\": \"backend\", %2 \"servers\": [ { \"address\": \"127.0.0.1:9\" } ] } ],"
                          " \"listeners\": [ %3 ] }")
        .arg(extra.isEmpty() ? QString() : extra + u',', upstreamExtra.isEmpty() ? QString() : upstreamExtra + u',',
             listeners.join(QStringLiteral(", ")))
        .toUtf8();
}

QString listener(const QString &listen, const QString &extra = QString())
{
    return QStringLiteral("{ \"listen\": \"%1\", \"proxy_pass\": \"backend\" %2 }").arg(listen, extra.isEmpty() ? QString() : u',' + extra);
}

// portierd under `sh -c "ulimit ...; exec portierd ..."`: a limit for that process only.
int runLimited(const QString &limits, const QStringList &arguments, QString *output, int timeoutMs = 30000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("sh"), QStringList{QStringLiteral("-c"), limits + QStringLiteral(" && exec \"$0\" \"$@\""), PortierdProcess::binary()} + arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        *output = QString::fromUtf8(process.readAll());
        return -1; // still running: it hung (or started when it should have refused)
    }
    *output = QString::fromUtf8(process.readAll());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

} // namespace

class PreflightTest : public QObject
{
    Q_OBJECT

private slots:
    void checkAndStartAgree_data();
    void checkAndStartAgree();
    void importedErrorLogRunsOnceItsFolderExists();
    void tooManyWorkersForDescriptorLimit();
    void threadsRefusedExitInsteadOfHanging();
    void checkAcceptsPortServedByPortierd();
};

void PreflightTest::checkAndStartAgree_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected"); // in both outputs

    const quint16 port = findFreePort();
    const QString p = QString::number(port);
    QTest::newRow("error_log folder missing")
        << configJson({listener(QStringLiteral("127.0.0.1:") + p)}, QStringLiteral("\"error_log\": { \"path\": \"logs/error.log\" }"))
        << QStringLiteral("error_log.path: \"{dir}/logs/error.log\": the folder {dir}/logs does not exist; create it");
    QTest::newRow("health_check.expect regex")
        << configJson({listener(QStringLiteral("127.0.0.1:") + p)}, QString(), QStringLiteral("\"health_check\": { \"expect\": \"~(ok\" }"))
        << QStringLiteral("upstreams[0].health_check.expect: \"~(ok\" is not a regular expression (missing closing parenthesis at offset 3)");
    QTest::newRow("127.0.0.1 beside 0.0.0.0")
        << configJson({listener(QStringLiteral("0.0.0.0:") + p), listener(QStringLiteral("127.0.0.1:") + p)})
        << QStringLiteral("listeners[1].listen: 127.0.0.1:%1 conflicts with listeners[0] (0.0.0.0:%1): 0.0.0.0:%1 takes port %1 on every address").arg(p);
    QTest::newRow("address not on this machine")
        << configJson({listener(QStringLiteral("192.0.2.1:") + p)})
        << QStringLiteral("listeners[0].listen: 192.0.2.1: address not on this machine; listen on one of its addresses");
    QTest::newRow("tls certificate unreadable")
        << configJson({listener(QStringLiteral("127.0.0.1:") + p, QStringLiteral("\"ssl\": { \"certificate\": \"site\" }")),
                       listener(QStringLiteral("127.0.0.1:") + QString::number(findFreePort()))}, // it must not start with this one alone
                      QStringLiteral("\"certificates\": [ { \"name\": \"site\", \"certificate_file\": \"missing.pem\", \"key_file\": \"missing.key\" } ]"))
        << QStringLiteral("listeners[0].ssl: listener 127.0.0.1:%1, certificate \"site\": ").arg(p);
    QTest::newRow("workers above the maximum")
        << configJson({listener(QStringLiteral("127.0.0.1:") + p)}, QStringLiteral("\"workers\": 5000"))
        << QStringLiteral("workers: 5000 is more than 512 worker threads; one per core (\"auto\") is what a proxy needs");
}

void PreflightTest::checkAndStartAgree()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    QVERIFY(writeFile(path, json));
    // Rows that name the config's folder: paths are printed with the system's separators.
    if (expected.contains(QStringLiteral("{dir}")))
        expected = QDir::toNativeSeparators(expected.replace(QStringLiteral("{dir}"), dir.path()));

    QString checked;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--check"), QStringLiteral("--config"), path}, &checked), 1);
    QVERIFY2(checked.contains(expected), qPrintable(checked));
    QVERIFY(!checked.contains(QStringLiteral("test is successful")));

    // What --check refuses, running refuses too, with the same words (bounded: a portierd
    // that starts anyway is still running when the wait ends, and fails the row).
    QString started;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--config"), path}, &started, 10000), 1);
    QVERIFY2(started.contains(expected), qPrintable(started));
}

void PreflightTest::importedErrorLogRunsOnceItsFolderExists()
{
    // The article's nginx.conf as people keep it, with a relative error_log: imported, its
    // path points into a folder that does not exist next to the JSON file.
    QTemporaryDir dir;
    const quint16 port = findFreePort();
    const QString nginx = dir.filePath(QStringLiteral("nginx.conf"));
    const quint16 closedPort = findFreePort(); // the backend is not started: its refusals get logged
    QVERIFY(writeFile(nginx, QStringLiteral("error_log logs/error.log;\nevents {}\nstream {\n  upstream backend { server 127.0.0.1:%2; }\n"
                                            "  server { listen 127.0.0.1:%1; proxy_pass backend; }\n}\n").arg(port).arg(closedPort).toUtf8()));
    const QString json = dir.filePath(QStringLiteral("portier.json"));
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--import-nginx"), nginx, QStringLiteral("--output"), json}, &output), 0);

    QCOMPARE(PortierdProcess::run({QStringLiteral("--check"), QStringLiteral("--config"), json}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("error_log.path")) && output.contains(QStringLiteral("does not exist; create it")), qPrintable(output));

    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("logs")));
    QCOMPARE(PortierdProcess::run({QStringLiteral("--check"), QStringLiteral("--config"), json}, &output), 0);
    PortierdProcess portierd; // and what --check now accepts runs
    QVERIFY(portierd.start({QStringLiteral("--config"), json}));
    // It serves, and logs into the file (at the imported level, error: a refused backend).
    const QString logPath = dir.filePath(QStringLiteral("logs/error.log"));
    TestClient client;
    QTRY_VERIFY_WITH_TIMEOUT(client.connectTo(port), 10000);
    QVERIFY(client.waitForClose(10000));
    const QByteArray started = QStringLiteral("connect() failed (%1)").arg(ErrorText::connectionRefused()).toUtf8();
    auto logText = [&logPath] {
        QFile log(logPath);
        return log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
    };
    QTRY_VERIFY2_WITH_TIMEOUT(logText().contains(started), qPrintable(portierd.output()), 10000);
    QVERIFY(portierd.terminate());
}

void PreflightTest::tooManyWorkersForDescriptorLimit()
{
#if defined(_WIN32)
    QSKIP("Windows has no descriptor limit for sockets");
#endif
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    QVERIFY(writeFile(path, configJson({listener(QStringLiteral("127.0.0.1:") + QString::number(findFreePort()))}, QStringLiteral("\"workers\": 300"))));
    const QString expected = QStringLiteral("workers: 300 worker threads need about 4800 open files, but this process may open 1024 (ulimit -n); "
                                            "use at most 64 or \"auto\"");
    QString output;
    QCOMPARE(runLimited(QStringLiteral("ulimit -n 1024"), {QStringLiteral("--check"), QStringLiteral("--config"), path}, &output), 1);
    QVERIFY2(output.contains(expected), qPrintable(output));
    QCOMPARE(runLimited(QStringLiteral("ulimit -n 1024"), {QStringLiteral("--config"), path}, &output, 10000), 1);
    QVERIFY2(output.contains(expected), qPrintable(output));
}

void PreflightTest::threadsRefusedExitInsteadOfHanging()
{
    // Too little address space for every worker's stack: the system refuses a thread.
    // portierd must say so and exit, not wait forever on a worker that never runs.
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("AddressSanitizer reserves its shadow memory up front: an address-space limit stops it before main()");
#endif
#if defined(_WIN32)
    QSKIP("ulimit is POSIX");
#endif
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    QVERIFY(writeFile(path, configJson({listener(QStringLiteral("127.0.0.1:") + QString::number(findFreePort()))}, QStringLiteral("\"workers\": 500"))));
    QString output;
    const int code = runLimited(QStringLiteral("ulimit -n 20000 && ulimit -v 1500000"), {QStringLiteral("--config"), path}, &output, 20000);
    QVERIFY2(code == 1, qPrintable(QStringLiteral("exit %1: %2").arg(code).arg(output)));
    QVERIFY2(output.contains(QStringLiteral("workers: the system refused to start worker thread")), qPrintable(output));
}

void PreflightTest::checkAcceptsPortServedByPortierd()
{
    // `portierd --check && kill -HUP` is the reload routine: the running portierd's own
    // ports are not "in use by another program".
    TestBackend backend(TestBackend::Mode::Name);
    const quint16 port = findFreePort();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    QVERIFY(writeFile(path, configJson({listener(QStringLiteral("127.0.0.1:") + QString::number(port))})));
    PortierdProcess portierd;
    QVERIFY(portierd.start({QStringLiteral("--config"), path}));
    QVERIFY2(portierd.waitForOutput(QStringLiteral("started with")), qPrintable(portierd.output()));
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--check"), QStringLiteral("--config"), path}, &output), 0);
    QVERIFY2(output.contains(QStringLiteral("is served by portierd (pid %1)").arg(portierd.pid())), qPrintable(output));
    QVERIFY(portierd.terminate());

    // Another program on the port is named.
    TestBackend occupier(TestBackend::Mode::Hold);
    QVERIFY(writeFile(path, configJson({listener(occupier.address())})));
    QCOMPARE(PortierdProcess::run({QStringLiteral("--check"), QStringLiteral("--config"), path}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("listeners[0].listen: bind() to %1 failed (%3): the port is in use by "
                                            "another program (tst_preflight, pid %2); stop it or choose another port")
                                 .arg(occupier.address())
                                 .arg(QCoreApplication::applicationPid())
                                 .arg(ErrorText::addressInUse())),
             qPrintable(output));
}

QTEST_GUILESS_MAIN(PreflightTest)
#include "tst_preflight.moc"
