// portierd as a user runs it: the real binary, real config files, real signals.
#include "configuredportierd.h"
#include "errortext.h"
#include "portierdprocess.h"
#include "testbackend.h"
#include "testclient.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#if !defined(_WIN32)
#include <csignal>
#endif

namespace {

QString dataFile(const QString &name)
{
    return QStringLiteral(PORTIER_TEST_DATA) + u'/' + name;
}

bool writeFile(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(contents) == contents.size();
}

QByteArray proxyJson(int listenPort, const QStringList &servers, const QString &extraListener = QString())
{
    QStringList serverObjects;
    for (const QString &server : servers)
        serverObjects << QStringLiteral("{ \"address\": \"%1\" }").arg(server);
    QString listeners = QStringLiteral("{ \"listen\": \"127.0.0.1:%1\", \"proxy_pass\": \"backend\" }").arg(listenPort);
    if (!extraListener.isEmpty())
        listeners += QStringLiteral(", ") + extraListener;
    return QStringLiteral("{ \"version\": 1, \"workers\": 2, \"error_log\": { \"level\": \"notice\" },"
                          " \"upstreams\": [ { \"name\": \"backend\", \"servers\": [ %1 ] } ],"
                          " \"listeners\": [ %2 ] }")
        .arg(serverObjects.join(QStringLiteral(", ")), listeners)
        .toUtf8();
}

} // namespace

class PortierdTest : public QObject
{
    Q_OBJECT

private slots:
    void version();
    void checkAcceptsArticleConfig();
    void checkListsEveryProblem();
    void checkReportsUnreadableFile();
    void articleFirstConnectionTo7773ThenTo7774();
    void sighupReloadsKeepingConnections();
    void sighupWithBrokenFileKeepsRunning();
    void sigtermStopsGracefully();
    void busyPortOthersServe();
    void allListenersBusyExits();
    void stopOptionStopsAnotherPortierd();
    void slowReaderMemoryStaysBounded();
};

void PortierdTest::version()
{
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--version")}, &output), 0);
    QVERIFY2(output.contains(QStringLiteral(PORTIER_VERSION)), qPrintable(output));
}

void PortierdTest::checkAcceptsArticleConfig()
{
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--check"), QStringLiteral("--config"), dataFile(QStringLiteral("article-roundrobin.json"))},
                                  &output),
             0);
    QVERIFY2(output.contains(QStringLiteral("test is successful")), qPrintable(output));
}

void PortierdTest::checkListsEveryProblem()
{
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("-t"), QStringLiteral("-c"), dataFile(QStringLiteral("bad-config.json"))}, &output), 1);
    // Every problem, each with its path, value and what to do.
    QVERIFY2(output.contains(QStringLiteral("listeners[1].proxy_timeot: unknown key")), qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("listeners[0].listen: port 70000 is out of range 1-65535")), qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("upstreams[0].servers[0].weight: 0 must be 1 or more")), qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("listeners[1].proxy_pass: \"nowhere\" is neither an upstream group nor host:port")), qPrintable(output));
    QVERIFY(!output.contains(QStringLiteral("test is successful")));
}

void PortierdTest::checkReportsUnreadableFile()
{
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--check"), QStringLiteral("--config"), QStringLiteral("/nonexistent/portier.json")}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("/nonexistent/portier.json: cannot read the file")), qPrintable(output));

    QTemporaryDir dir;
    const QString broken = dir.filePath(QStringLiteral("broken.json"));
    QVERIFY(writeFile(broken, "{\n  \"version\": 1,\n  \"listeners\": [ { \"listen\": \"127.0.0.1:1\" ]\n}\n"));
    QCOMPARE(PortierdProcess::run({QStringLiteral("--check"), QStringLiteral("--config"), broken}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("line 3, column")), qPrintable(output));
}

void PortierdTest::articleFirstConnectionTo7773ThenTo7774()
{
    // The article's steps, on its own ports: nc -l 7773, nc -l 7774, portierd, telnet 30003.
    TestBackend first(TestBackend::Mode::Name, QStringLiteral("7773"), 7773);
    TestBackend second(TestBackend::Mode::Name, QStringLiteral("7774"), 7774);
    QVERIFY2(first.isListening() && second.isListening(), "ports 7773/7774 are busy on this machine");
    PortierdProcess portierd;
    QVERIFY(portierd.start({QStringLiteral("--config"), dataFile(QStringLiteral("article-roundrobin.json"))}));
    QVERIFY2(portierd.waitForOutput(QStringLiteral("listening on 127.0.0.1:30003")), qPrintable(portierd.output()));

    TestClient client;
    QVERIFY(client.connectTo(30003));
    QCOMPARE(client.readLine(), QByteArray("7773\n"));
    TestClient next;
    QVERIFY(next.connectTo(30003));
    QCOMPARE(next.readLine(), QByteArray("7774\n"));
    QVERIFY(portierd.terminate());
}

void PortierdTest::sighupReloadsKeepingConnections()
{
#if defined(_WIN32)
    QSKIP("SIGHUP is POSIX");
#else
    TestBackend echo(TestBackend::Mode::Echo);
    TestBackend named(TestBackend::Mode::Name, QStringLiteral("new"));
    const quint16 port = findFreePort();
    const quint16 addedPort = findFreePort();
    ConfiguredPortierd portierd;
    QVERIFY2(portierd.start(proxyJson(port, {echo.address()}), QStringLiteral("listening on 127.0.0.1:%1").arg(port)), qPrintable(portierd.output()));

    TestClient established;
    QVERIFY(established.connectTo(port));
    QVERIFY(established.sendAll("one\n"));
    QCOMPARE(established.readLine(), QByteArray("one\n"));

    QVERIFY(writeFile(portierd.path, proxyJson(port, {named.address()},
                                      QStringLiteral("{ \"listen\": \"127.0.0.1:%1\", \"proxy_pass\": \"backend\" }").arg(addedPort))));
    portierd.sendSignal(SIGHUP);
    QVERIFY2(portierd.waitForOutput(QStringLiteral("reconfigured")), qPrintable(portierd.output()));
    QVERIFY(portierd.output().contains(QStringLiteral("listening on 127.0.0.1:%1").arg(addedPort)));

    QVERIFY(established.sendAll("two\n"));
    QCOMPARE(established.readLine(), QByteArray("two\n")); // not dropped
    TestClient fresh;
    QVERIFY(fresh.connectTo(port));
    QCOMPARE(fresh.readLine(), QByteArray("new\n"));
    TestClient added;
    QVERIFY(added.connectTo(addedPort));
    QCOMPARE(added.readLine(), QByteArray("new\n"));
    QVERIFY(portierd.terminate());
#endif
}

void PortierdTest::sighupWithBrokenFileKeepsRunning()
{
#if defined(_WIN32)
    QSKIP("SIGHUP is POSIX");
#else
    TestBackend named(TestBackend::Mode::Name, QStringLiteral("kept"));
    const quint16 port = findFreePort();
    ConfiguredPortierd portierd;
    QVERIFY2(portierd.start(proxyJson(port, {named.address()}), QStringLiteral("listening on 127.0.0.1:%1").arg(port)), qPrintable(portierd.output()));

    QVERIFY(writeFile(portierd.path, proxyJson(70000, {named.address()})));
    portierd.sendSignal(SIGHUP);
    QVERIFY2(portierd.waitForOutput(QStringLiteral("reload refused")), qPrintable(portierd.output()));
    QVERIFY(portierd.output().contains(QStringLiteral("port 70000 is out of range")));
    TestClient client;
    QVERIFY(client.connectTo(port));
    QCOMPARE(client.readLine(), QByteArray("kept\n"));
    QVERIFY(portierd.terminate());
#endif
}

void PortierdTest::sigtermStopsGracefully()
{
    TestBackend named(TestBackend::Mode::Name);
    const quint16 port = findFreePort();
    ConfiguredPortierd portierd;
    QVERIFY2(portierd.start(proxyJson(port, {named.address()}), QStringLiteral("listening on")), qPrintable(portierd.output()));
    TestClient open; // an established connection must not hold up the exit
    QVERIFY(open.connectTo(port));
    QVERIFY(!open.readLine().isEmpty());

    QVERIFY(portierd.terminate(5000));
    QCOMPARE(portierd.exitCode(), 0);
    QVERIFY2(portierd.output().contains(PortierdProcess::terminateLogText()), qPrintable(portierd.output()));
    QVERIFY(open.waitForClose(5000));
    TestClient after;
    QVERIFY(!after.connectTo(port));
}

void PortierdTest::busyPortOthersServe()
{
    TestBackend occupier(TestBackend::Mode::Hold);
    TestBackend named(TestBackend::Mode::Name, QStringLiteral("served"));
    const quint16 port = findFreePort();
    ConfiguredPortierd portierd;
    QVERIFY2(portierd.start(proxyJson(occupier.port(), {named.address()},
                                      QStringLiteral("{ \"listen\": \"127.0.0.1:%1\", \"proxy_pass\": \"backend\" }").arg(port)), QStringLiteral("listening on 127.0.0.1:%1").arg(port)), qPrintable(portierd.output()));
    QVERIFY2(portierd.output().contains(QStringLiteral("[emerg]")), qPrintable(portierd.output()));
    QVERIFY(portierd.output().contains(QStringLiteral("bind() to 127.0.0.1:%1 failed (%2)").arg(occupier.port()).arg(ErrorText::addressInUse())));
    TestClient client;
    QVERIFY(client.connectTo(port));
    QCOMPARE(client.readLine(), QByteArray("served\n"));
    QVERIFY(portierd.terminate());
}

// `portierd --stop PID` from another program: SIGTERM on POSIX, the named stop event on
// Windows (where QProcess::terminate() cannot reach a console program).
void PortierdTest::stopOptionStopsAnotherPortierd()
{
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--stop"), QStringLiteral("abc")}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("--stop: \"abc\" is not a process id")), qPrintable(output));

    TestBackend named(TestBackend::Mode::Name);
    const quint16 port = findFreePort();
    ConfiguredPortierd portierd;
    QVERIFY2(portierd.start(proxyJson(port, {named.address()}), QStringLiteral("listening on")), qPrintable(portierd.output()));
    TestClient open;
    QVERIFY(open.connectTo(port));
    QVERIFY(!open.readLine().isEmpty());

    QCOMPARE(PortierdProcess::run({QStringLiteral("--stop"), QString::number(portierd.pid())}, &output), 0);
    QVERIFY2(portierd.process().waitForFinished(10000), qPrintable(portierd.output()));
    QCOMPARE(portierd.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(portierd.exitCode(), 0);
    QVERIFY2(portierd.output().contains(PortierdProcess::terminateLogText()), qPrintable(portierd.output()));
    QVERIFY(open.waitForClose(5000));
}

void PortierdTest::allListenersBusyExits()
{
    TestBackend occupier(TestBackend::Mode::Hold);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    QVERIFY(writeFile(path, proxyJson(occupier.port(), {QStringLiteral("127.0.0.1:9")})));
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--config"), path}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("no listener could start")), qPrintable(output));
}

void PortierdTest::slowReaderMemoryStaysBounded()
{
#if defined(Q_OS_WIN)
    QSKIP("measures portierd's resident size in /proc/PID/status (Linux only)");
#endif
    // A client that stops reading while the backend pushes 200 MB: portierd must stop
    // reading from the backend instead of buffering. Bound: 16 MiB of growth, against a
    // design that holds at most one 64 KiB read per direction and session.
    constexpr qint64 total = 200LL * 1024 * 1024;
    constexpr qint64 boundKiB = 16 * 1024;
    TestBackend source(TestBackend::Mode::Source);
    source.sourceBytes = total;
    const quint16 port = findFreePort();
    ConfiguredPortierd portierd;
    QVERIFY2(portierd.start(proxyJson(port, {source.address()}), QStringLiteral("listening on")), qPrintable(portierd.output()));
    const qint64 baseline = portierd.residentKiB();
    QVERIFY(baseline > 0);

    TestClient client;
    client.setReceiveBuffer(64 * 1024);
    QVERIFY(client.connectTo(port));
    // Wait until the backend is blocked: what it managed to send stops growing.
    const qint64 sent = source.waitUntilSendingStalls();
    QVERIFY2(source.sentBytes() < total / 4, qPrintable(QStringLiteral("backend sent %1 bytes to a client that reads nothing").arg(source.sentBytes())));
    const qint64 grown = portierd.residentKiB() - baseline;
    QVERIFY2(grown < boundKiB, qPrintable(QStringLiteral("portierd grew by %1 KiB").arg(grown)));

    // Now read everything: all 200 MB arrive, and memory stayed bounded throughout.
    qint64 received = 0;
    qint64 peak = 0;
    while (received < total) {
        const QByteArray data = client.readSome(1024 * 1024, 10000);
        QVERIFY2(!data.isEmpty(), qPrintable(QStringLiteral("stalled at %1 bytes").arg(received)));
        received += data.size();
        if ((received & 0xFFFFFF) < data.size())
            peak = qMax(peak, portierd.residentKiB() - baseline);
    }
    QCOMPARE(received, total);
    qInfo("slow reader: backend blocked after %lld bytes; portierd grew %lld KiB while stalled, at most %lld KiB while relaying",
          sent, grown, peak);
    QVERIFY2(peak < boundKiB, qPrintable(QStringLiteral("portierd grew by %1 KiB while relaying").arg(peak)));
    QVERIFY(portierd.terminate());
}

QTEST_GUILESS_MAIN(PortierdTest)
#include "tst_portierd.moc"
