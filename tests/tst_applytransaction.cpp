// Engine::apply as a transaction, in process with real sockets: a config that cannot run is
// refused whole while the old one keeps serving; a listener whose new socket cannot bind
// leaves the one it replaces serving until it can; counters go on across an apply; and
// portierd does the same on SIGHUP, saying "degraded" while a listener is down.
#include "logcapture.h"
#include "portierdprocess.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"

#include <engine.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#if !defined(_WIN32)
#include <csignal>
#endif

namespace {

ListenerConfig listenerOn(quint16 port, const QString &proxyPass = QStringLiteral("backend"))
{
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:%1").arg(port);
    listener.proxyPass = proxyPass;
    return listener;
}

QByteArray greetingFrom(quint16 port)
{
    TestClient client;
    if (!client.connectTo(port))
        return QByteArray();
    return client.readLine();
}

// Listeners (all enabled here) that are not listening.
int failedListeners(const StatsSnapshot &snapshot)
{
    return int(std::count_if(snapshot.listeners.begin(), snapshot.listeners.end(), [](const ListenerStats &l) { return !l.listening; }));
}

#if !defined(_WIN32) // the SIGHUP test's
bool writeFile(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(contents) == contents.size();
}

QByteArray oneListenerJson(quint16 port, const QString &server)
{
    return QStringLiteral("{ \"version\": 1, \"workers\": 2, \"upstreams\": [ { \"name\": \"backend\", \"servers\": [ { \"address\": \"%1\" } ] } ],"
                          " \"listeners\": [ { \"listen\": \"127.0.0.1:%2\", \"proxy_pass\": \"backend\" } ] }")
        .arg(server).arg(port)
        .toUtf8();
}
#endif

} // namespace

class ApplyTransactionTest : public QObject
{
    Q_OBJECT

private slots:
    void unreadableCertificateRefusesWholeApply();
    void movedListenerKeepsOldAddressUntilNewBinds();
    void degradedStartIsLoggedAndRetried();
    void countersSurviveApply();
    void sighupMovedListenerKeepsServing();
};

void ApplyTransactionTest::unreadableCertificateRefusesWholeApply()
{
    // The window's story: three listeners run; an imported config replaces them with one
    // TLS listener whose certificate file is missing. Nothing that runs may stop.
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("old"));
    const quint16 ports[] = {findFreePort(), findFreePort(), findFreePort()};
    Config running = proxyConfig(ports[0], {serverAt(backend.address())});
    running.listeners << listenerOn(ports[1]) << listenerOn(ports[2]);
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(running).ok());

    Config imported = proxyConfig(findFreePort(), {serverAt(backend.address())});
    imported.listeners[0].ssl.enabled = true;
    imported.listeners[0].ssl.certificate = QStringLiteral("site");
    CertificateConfig certificate;
    certificate.name = QStringLiteral("site");
    certificate.certificateFile = QStringLiteral("/nonexistent/site.pem");
    certificate.keyFile = QStringLiteral("/nonexistent/site.key");
    imported.certificates << certificate;
    const Engine::ApplyResult result = engine.apply(imported);
    QVERIFY2(!result.applied, "a certificate that cannot load refuses the apply");
    QVERIFY(!result.issues.isEmpty());
    QCOMPARE(result.issues[0].path, QStringLiteral("listeners[0].ssl"));
    QVERIFY2(result.issues[0].message.contains(QStringLiteral("/nonexistent/site.pem")), qPrintable(result.issues[0].message));

    for (const quint16 port : ports)
        QCOMPARE(greetingFrom(port), QByteArray("old\n"));
    QCOMPARE(failedListeners(engine.snapshot()), 0);
    QCOMPARE(engine.config(), running);
}

void ApplyTransactionTest::movedListenerKeepsOldAddressUntilNewBinds()
{
    TestBackend first(TestBackend::Mode::Name, QStringLiteral("first"));
    TestBackend second(TestBackend::Mode::Name, QStringLiteral("second"));
    const quint16 oldPort = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(proxyConfig(oldPort, {serverAt(first.address())})).ok());

    auto occupier = std::make_unique<TestBackend>(TestBackend::Mode::Hold);
    const quint16 newPort = occupier->port();
    Config moved = proxyConfig(newPort, {serverAt(second.address())});
    const Engine::ApplyResult result = engine.apply(moved);
    QVERIFY(result.applied); // the config is good; one socket could not be had
    QCOMPARE(result.issues.size(), 1);
    QVERIFY2(result.issues[0].message.contains(QStringLiteral("127.0.0.1:%1 keeps serving until then").arg(oldPort)),
             qPrintable(result.issues[0].message));

    // The old address still serves (with the settings it had), and the status says degraded.
    QCOMPARE(greetingFrom(oldPort), QByteArray("first\n"));
    const StatsSnapshot degraded = engine.snapshot();
    QCOMPARE(failedListeners(degraded), 1);
    QCOMPARE(degraded.listeners.size(), 1);
    QVERIFY(degraded.listeners[0].error.contains(QStringLiteral("in use by another program")));
    QCOMPARE(log.count(QStringLiteral("degraded: 1 of 1 listeners failed")), 1);

    // Once the port is free, applying again (Retry) moves the listener.
    occupier.reset();
    QVERIFY(engine.apply(moved).ok());
    QCOMPARE(greetingFrom(newPort), QByteArray("second\n"));
    TestClient gone;
    QVERIFY(!gone.connectTo(oldPort));
    QCOMPARE(failedListeners(engine.snapshot()), 0);
}

void ApplyTransactionTest::degradedStartIsLoggedAndRetried()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("up"));
    auto occupier = std::make_unique<TestBackend>(TestBackend::Mode::Hold);
    const quint16 freePort = findFreePort();
    Config config = proxyConfig(freePort, {serverAt(backend.address())});
    config.listeners << listenerOn(occupier->port());
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).applied);
    QCOMPARE(failedListeners(engine.snapshot()), 1);
    QCOMPARE(log.count(QStringLiteral("degraded: 1 of 2 listeners failed")), 1);
    QCOMPARE(greetingFrom(freePort), QByteArray("up\n"));

    occupier.reset();
    const Engine::ApplyResult retried = engine.apply(config); // the same config: only the failed one binds
    QVERIFY2(retried.ok(), retried.issues.isEmpty() ? "" : qPrintable(retried.issues[0].toString()));
    QCOMPARE(failedListeners(engine.snapshot()), 0);
    QCOMPARE(greetingFrom(config.listeners[1].listen.section(u':', 1).toUShort()), QByteArray("up\n"));
}

void ApplyTransactionTest::countersSurviveApply()
{
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {serverAt(a.address()), serverAt(b.address())});
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());
    constexpr int connections = 4;
    for (int i = 0; i < connections; ++i)
        QVERIFY(!greetingFrom(port).isEmpty());
    QTRY_COMPARE(engine.snapshot().listeners[0].activeConnections, quint64(0));
    const StatsSnapshot before = engine.snapshot();

    config.upstreams[0].servers[0].weight = 3; // rebuilds the group: fresh balancer state
    config.listeners[0].proxyTimeoutMs = 30000; // a new Listener on the same socket
    QVERIFY(engine.apply(config).ok());
    const StatsSnapshot after = engine.snapshot();
    QCOMPARE(after.listeners[0].acceptedConnections, quint64(connections));
    QCOMPARE(after.listeners[0].bytesToClients, before.listeners[0].bytesToClients);
    QCOMPARE(after.servers.size(), 2);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(after.servers[i].selectedTotal, before.servers[i].selectedTotal);
        QCOMPARE(after.servers[i].bytesReceived, before.servers[i].bytesReceived);
    }
    QCOMPARE(after.servers[0].selectedTotal + after.servers[1].selectedTotal, quint64(connections));

    // Moved to another port: its totals go on there.
    const quint16 movedPort = findFreePort();
    config.listeners[0].listen = QStringLiteral("127.0.0.1:%1").arg(movedPort);
    QVERIFY(engine.apply(config).ok());
    QVERIFY(!greetingFrom(movedPort).isEmpty());
    QTRY_COMPARE(engine.snapshot().listeners[0].acceptedConnections, quint64(connections + 1));
}

void ApplyTransactionTest::sighupMovedListenerKeepsServing()
{
#if defined(_WIN32)
    QSKIP("SIGHUP is POSIX");
#else
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("kept"));
    const quint16 oldPort = findFreePort();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    QVERIFY(writeFile(path, oneListenerJson(oldPort, backend.address())));
    PortierdProcess portierd;
    QVERIFY(portierd.start({QStringLiteral("--config"), path}));
    QVERIFY2(portierd.waitForOutput(QStringLiteral("started with")), qPrintable(portierd.output()));

    auto occupier = std::make_unique<TestBackend>(TestBackend::Mode::Hold);
    QVERIFY(writeFile(path, oneListenerJson(occupier->port(), backend.address())));
    portierd.sendSignal(SIGHUP);
    QVERIFY2(portierd.waitForOutput(QStringLiteral("degraded: 1 of 1 listeners failed")), qPrintable(portierd.output()));
    QVERIFY2(portierd.output().contains(QStringLiteral("127.0.0.1:%1 keeps serving until then").arg(oldPort)), qPrintable(portierd.output()));
    QCOMPARE(greetingFrom(oldPort), QByteArray("kept\n"));

    const quint16 newPort = occupier->port();
    occupier.reset();
    portierd.sendSignal(SIGHUP);
    QVERIFY2(portierd.waitForOutput(QStringLiteral("listening on 127.0.0.1:%1").arg(newPort)), qPrintable(portierd.output()));
    QCOMPARE(greetingFrom(newPort), QByteArray("kept\n"));
    QVERIFY(portierd.terminate());
#endif
}

QTEST_GUILESS_MAIN(ApplyTransactionTest)
#include "tst_applytransaction.moc"
