// Tray notifications follow the engine's real state changes, once per change: with a real
// engine in its own thread and two real backends on 127.0.0.1, a backend killed gives exactly
// one "unavailable" notice, and none saying it is back while it is still down (the old tray
// said "back in rotation" when fail_timeout ran out); brought back up, it gives exactly one
// "back". The icon shows the problem meanwhile, and traffic or idle otherwise. Each kind of
// notification has its switch; a certificate close to expiry is told once.
#include "guienginefixture.h"
#include "testbackend.h"
#include "testclient.h"

#include <certificateexpirywatch.h>
#include <desktopintegration.h>
#include <tls/certificatetools.h>

#include <QTemporaryDir>

#include <QSignalSpy>
#include <QTest>

namespace {

int countTitles(const QSignalSpy &spy, const QString &word)
{
    int n = 0;
    for (const QList<QVariant> &call : spy)
        n += call.at(0).toString().contains(word) ? 1 : 0;
    return n;
}

// One connection through the proxy: sends a byte and waits for its echo or the close.
void poke(quint16 port)
{
    TestClient client;
    if (!client.connectTo(port))
        return;
    client.sendAll("x");
    client.readSome(1, 5000);
}

const ServerStats *serverAt(const StatsSnapshot &snapshot, const QString &address)
{
    for (const ServerStats &server : snapshot.servers) {
        if (server.address == address)
            return &server;
    }
    return nullptr;
}

} // namespace

class GuiTrayNotificationsTest : public QObject
{
    Q_OBJECT

private slots:
    void killedServerIsToldOnceAndBackOnce();
    void switchesPerKind();
    void certificateExpiryIsToldOnce();
    void certificateFileCloseToExpiryIsTold();
};

void GuiTrayNotificationsTest::killedServerIsToldOnceAndBackOnce()
{
    EngineFixture engine(100);
    DesktopIntegration desktop;
    EngineController *controller = engine.controller.get();
    connect(controller, &EngineController::stateChanged, &desktop, &DesktopIntegration::setEngineState);
    connect(controller, &EngineController::statsUpdated, &desktop, &DesktopIntegration::showStats);
    connect(controller, &EngineController::serverHealthChanged, &desktop, &DesktopIntegration::serverHealthChanged);
    QSignalSpy notified(&desktop, &DesktopIntegration::notified);
    // The icon after each snapshot (connected after the tray, so it has seen the snapshot).
    QList<AppIcon::Look> looks;
    connect(controller, &EngineController::statsUpdated, &desktop, [&] { looks << desktop.look(); });

    TestBackend a(TestBackend::Mode::Echo, QStringLiteral("a"));
    auto b = std::make_unique<TestBackend>(TestBackend::Mode::Echo, QStringLiteral("b"));
    QVERIFY(a.isListening() && b->isListening());
    const quint16 bPort = b->port();
    const QString bAddress = b->address();
    const quint16 port = findFreePort();
    Config config;
    config.workers = 1;
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    for (const QString &address : {a.address(), bAddress}) {
        ServerConfig server;
        server.address = address;
        server.maxFails = 1;
        server.failTimeoutMs = 1000;
        upstream.servers << server;
    }
    config.upstreams << upstream;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:%1").arg(port);
    listener.proxyPass = QStringLiteral("backend");
    config.listeners << listener;
    controller->apply(config, QString());
    QTRY_VERIFY_WITH_TIMEOUT(controller->isRunning(), 10000);
    for (int i = 0; i < 4; ++i)
        poke(port);
    QTRY_VERIFY_WITH_TIMEOUT(looks.contains(AppIcon::Look::Traffic), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(desktop.look(), AppIcon::Look::Running, 10000); // idle again
    QVERIFY2(desktop.toolTip().contains(QStringLiteral("from clients")), qPrintable(desktop.toolTip()));
    QCOMPARE(notified.count(), 0);

    b.reset(); // killed: its port refuses now
    QTRY_VERIFY_WITH_TIMEOUT((poke(port), countTitles(notified, QStringLiteral("unavailable")) == 1), 10000);
    QVERIFY(desktop.showsDegraded());
    QVERIFY2(desktop.toolTip().contains(QStringLiteral("Server %1 in group backend is down").arg(bAddress)), qPrintable(desktop.toolTip()));

    // fail_timeout runs out (the engine tries it again) while it is still down: no "back",
    // and the failed retry is not a second "unavailable".
    QTRY_VERIFY_WITH_TIMEOUT(serverAt(controller->lastSnapshot(), bAddress)
                                 && serverAt(controller->lastSnapshot(), bAddress)->state == ServerStats::State::Up,
                             10000);
    QVERIFY(serverAt(controller->lastSnapshot(), bAddress)->failing);
    QTRY_VERIFY_WITH_TIMEOUT((poke(port), serverAt(controller->lastSnapshot(), bAddress)->fails >= 2), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(serverAt(controller->lastSnapshot(), bAddress)->state == ServerStats::State::Up, 10000);
    QCOMPARE(countTitles(notified, QStringLiteral("back")), 0);
    QCOMPARE(countTitles(notified, QStringLiteral("unavailable")), 1);
    QVERIFY(desktop.showsDegraded());

    // Back up on the same port: told once, when a connection to it has worked.
    TestBackend again(TestBackend::Mode::Echo, QStringLiteral("b"), bPort);
    QVERIFY(again.isListening());
    QTRY_VERIFY_WITH_TIMEOUT((poke(port), countTitles(notified, QStringLiteral("back")) == 1), 15000);
    QVERIFY(again.accepted() > 0);
    for (int i = 0; i < 4; ++i)
        poke(port);
    const qint64 seen = notified.count();
    QSignalSpy stats(controller, &EngineController::statsUpdated);
    QVERIFY(stats.wait(5000) && stats.wait(5000)); // two more snapshots tell nothing new
    QCOMPARE(notified.count(), seen);
    QCOMPARE(countTitles(notified, QStringLiteral("back")), 1);
    QCOMPARE(countTitles(notified, QStringLiteral("unavailable")), 1);
    QVERIFY(!desktop.showsDegraded());
}

void GuiTrayNotificationsTest::switchesPerKind()
{
    auto snapshot = [](bool serverFailing, bool listenerFailed, qint64 seconds) {
        StatsSnapshot s;
        s.time = QDateTime::fromSecsSinceEpoch(1'700'000'000 + seconds);
        ListenerStats listener;
        listener.index = 0;
        listener.listen = QStringLiteral("127.0.0.1:1");
        listener.protocol = QStringLiteral("tcp");
        listener.listening = !listenerFailed;
        listener.error = listenerFailed ? QStringLiteral("bind() failed (98: Address already in use)") : QString();
        s.listeners << listener;
        ServerStats server;
        server.upstream = QStringLiteral("g");
        server.index = 0;
        server.address = QStringLiteral("127.0.0.1:2");
        server.failing = serverFailing;
        s.servers << server;
        return s;
    };
    DesktopIntegration desktop;
    desktop.setEngineState(EngineController::State::Running);
    QSignalSpy notified(&desktop, &DesktopIntegration::notified);
    Preferences preferences;
    preferences.notifyServers = false;
    desktop.setPreferences(preferences);
    desktop.showStats(snapshot(false, false, 0));
    desktop.showStats(snapshot(true, true, 1));
    QCOMPARE(notified.count(), 1); // the listener, not the server
    QVERIFY(notified.last().at(0).toString().contains(QStringLiteral("degraded")));
    preferences.notifyServers = true;
    preferences.notifyListeners = false;
    desktop.setPreferences(preferences);
    desktop.showStats(snapshot(false, false, 2));
    QCOMPARE(notified.count(), 2); // the server is back
    desktop.showStats(snapshot(false, true, 3));
    QCOMPARE(notified.count(), 2); // the listener failing again: switched off
}

void GuiTrayNotificationsTest::certificateExpiryIsToldOnce()
{
    DesktopIntegration desktop;
    QSignalSpy notified(&desktop, &DesktopIntegration::notified);
    Preferences preferences;
    preferences.certificateDays = 10;
    desktop.setPreferences(preferences);
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);
    desktop.certificateExpires(QStringLiteral("site"), now.addDays(30), now); // not yet
    QCOMPARE(notified.count(), 0);
    desktop.certificateExpires(QStringLiteral("site"), now.addDays(30), now.addDays(21));
    QCOMPARE(notified.count(), 1);
    QVERIFY2(notified.last().at(1).toString().contains(QStringLiteral("in 9 day")), qPrintable(notified.last().at(1).toString()));
    desktop.certificateExpires(QStringLiteral("site"), now.addDays(30), now.addDays(22)); // told already
    QCOMPARE(notified.count(), 1);
    desktop.certificateExpires(QStringLiteral("site"), now.addDays(30), now.addDays(31)); // expired: same date, told already
    QCOMPARE(notified.count(), 1);
    preferences.notifyCertificates = false;
    desktop.setPreferences(preferences);
    desktop.certificateExpires(QStringLiteral("other"), now.addDays(1), now);
    QCOMPARE(notified.count(), 1);
}

void GuiTrayNotificationsTest::certificateFileCloseToExpiryIsTold()
{
    // A real certificate file valid for 5 more days, read by the watch as portier wires it.
    QTemporaryDir dir;
    CertificateTools::GenerateOptions options;
    options.commonName = QStringLiteral("soon.test");
    options.days = 5;
    options.keyType = CertificateTools::KeyType::Ecdsa;
    options.certificateFile = dir.filePath(QStringLiteral("soon.pem"));
    options.keyFile = dir.filePath(QStringLiteral("soon.key"));
    QString error;
    QVERIFY2(CertificateTools::generate(options, &error), qPrintable(error));
    CertificateConfig certificate;
    certificate.name = QStringLiteral("soon");
    certificate.certificateFile = options.certificateFile;
    certificate.keyFile = options.keyFile;

    DesktopIntegration desktop;
    CertificateExpiryWatch watch;
    connect(&watch, &CertificateExpiryWatch::expires, &desktop, &DesktopIntegration::certificateExpires);
    QSignalSpy expires(&watch, &CertificateExpiryWatch::expires);
    QSignalSpy notified(&desktop, &DesktopIntegration::notified);
    watch.watch({certificate});
    QCOMPARE(expires.count(), 1);
    QCOMPARE(notified.count(), 1);
    QVERIFY2(notified.last().at(1).toString().contains(QStringLiteral("Certificate soon expires on")), qPrintable(notified.last().at(1).toString()));
    watch.checkNow(); // the six-hourly look: nothing new
    QCOMPARE(expires.count(), 2);
    QCOMPARE(notified.count(), 1);

    Preferences preferences;
    preferences.certificateDays = 3; // 5 days left is not yet worth a word
    DesktopIntegration quieter;
    quieter.setPreferences(preferences);
    QSignalSpy quiet(&quieter, &DesktopIntegration::notified);
    connect(&watch, &CertificateExpiryWatch::expires, &quieter, &DesktopIntegration::certificateExpires);
    watch.checkNow();
    QCOMPARE(quiet.count(), 0);
}

QTEST_MAIN(GuiTrayNotificationsTest)
#include "tst_guitraynotifications.moc"
