// The tray: its menu and actions exist (and work) whether or not a system tray does, the
// tooltip and listener entries follow the engine, notifications report upstream servers
// that fail and come back (and can be turned off); the preferences dialog and the
// autostart entry it writes.
#include <autostart.h>
#include <desktopintegration.h>
#include <preferences.h>
#include <preferencesdialog.h>
#include <settingsstore.h>
#include <translations.h>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QScopeGuard>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

namespace {

StatsSnapshot snapshot(ServerStats::State state, quint64 bytes, qint64 secondsFromStart)
{
    StatsSnapshot s;
    s.time = QDateTime::fromSecsSinceEpoch(1'700'000'000 + secondsFromStart);
    ListenerStats listener;
    listener.listen = QStringLiteral("127.0.0.1:30003");
    listener.protocol = QStringLiteral("tcp");
    listener.listening = true;
    listener.activeConnections = 2;
    listener.bytesFromClients = bytes;
    s.listeners << listener;
    ListenerStats failed;
    failed.listen = QStringLiteral("127.0.0.1:80");
    failed.protocol = QStringLiteral("tcp");
    failed.error = QStringLiteral("bind() to 127.0.0.1:80 failed (13: Permission denied)");
    s.listeners << failed;
    ServerStats server;
    server.upstream = QStringLiteral("backend");
    server.address = QStringLiteral("127.0.0.1:7774");
    server.state = state;
    s.servers << server;
    return s;
}

QStringList texts(const QMenu *menu)
{
    QStringList list;
    for (const QAction *action : menu->actions())
        list << action->text();
    return list;
}

} // namespace

class DesktopIntegrationTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { Translations::install(qApp, QStringLiteral("en")); } // plural forms
    void menuActionsEmitSignals();
    void actionsFollowEngineState();
    void tooltipAndListenersFollowStats();
    void serverStateChangesNotify();
    void notificationsCanBeTurnedOff();
    void healthCheckVerdictsAreToldWithReason();
    void serversSharingAnAddressAreToldApart();
    void restartIsAFirstLookAgain();
    void becomingDegradedNotifies();
    void preferencesRoundTrip();
    void preferencesDialogRoundTrip();
    void autostartEntry();
    void settingsLocation();
};

void DesktopIntegrationTest::menuActionsEmitSignals()
{
    // Offscreen there is no tray; the menu must still be complete and working.
    DesktopIntegration desktop;
    QVERIFY(desktop.menu());
    QVERIFY(desktop.menu()->actions().contains(desktop.toggleWindowAction()));
    QVERIFY(desktop.menu()->actions().contains(desktop.quitAction()));
    QVERIFY(desktop.menu()->actions().contains(desktop.listenersMenu()->menuAction()));
    QSignalSpy toggle(&desktop, &DesktopIntegration::toggleWindowRequested);
    QSignalSpy start(&desktop, &DesktopIntegration::startRequested);
    QSignalSpy stop(&desktop, &DesktopIntegration::stopRequested);
    QSignalSpy quit(&desktop, &DesktopIntegration::quitRequested);
    desktop.toggleWindowAction()->trigger();
    desktop.startAction()->trigger();
    desktop.setEngineState(EngineController::State::Running);
    desktop.stopAction()->trigger();
    desktop.quitAction()->trigger();
    QCOMPARE(toggle.count(), 1);
    QCOMPARE(start.count(), 1);
    QCOMPARE(stop.count(), 1);
    QCOMPARE(quit.count(), 1);

    desktop.setWindowVisible(true);
    QVERIFY(desktop.toggleWindowAction()->text().contains(QStringLiteral("Hide")));
    desktop.setWindowVisible(false);
    QVERIFY(desktop.toggleWindowAction()->text().contains(QStringLiteral("Show")));
}

void DesktopIntegrationTest::actionsFollowEngineState()
{
    DesktopIntegration desktop;
    QVERIFY(desktop.startAction()->isEnabled());
    QVERIFY(!desktop.stopAction()->isEnabled());
    desktop.setEngineState(EngineController::State::Running);
    QVERIFY(!desktop.startAction()->isEnabled());
    QVERIFY(desktop.stopAction()->isEnabled());
    QVERIFY(desktop.toolTip().contains(QStringLiteral("Running")));
    desktop.setEngineState(EngineController::State::Stopped);
    QVERIFY(desktop.toolTip().contains(QStringLiteral("Stopped")));
    QVERIFY(texts(desktop.listenersMenu()).join(u' ').contains(QStringLiteral("stopped")));
}

void DesktopIntegrationTest::tooltipAndListenersFollowStats()
{
    DesktopIntegration desktop;
    desktop.setEngineState(EngineController::State::Running);
    desktop.showStats(snapshot(ServerStats::State::Up, 0, 0));
    desktop.showStats(snapshot(ServerStats::State::Up, 2048, 2)); // 1 KiB/s
    const QString tip = desktop.toolTip();
    QVERIFY2(tip.contains(QStringLiteral("1 of 2 listeners up")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("2 active connections")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("1.00 KiB/s")), qPrintable(tip));
    const QStringList entries = texts(desktop.listenersMenu());
    QCOMPARE(entries.size(), 2);
    QVERIFY2(entries.at(0).contains(QStringLiteral("127.0.0.1:30003 tcp — listening")), qPrintable(entries.at(0)));
    QVERIFY2(entries.at(1).contains(QStringLiteral("failed")), qPrintable(entries.at(1)));
}

void DesktopIntegrationTest::serverStateChangesNotify()
{
    DesktopIntegration desktop;
    QSignalSpy notified(&desktop, &DesktopIntegration::notified);
    desktop.showStats(snapshot(ServerStats::State::Failed, 0, 0)); // first look: no news
    QCOMPARE(notified.count(), 0);
    desktop.showStats(snapshot(ServerStats::State::Up, 0, 1));
    QCOMPARE(notified.count(), 1);
    QVERIFY(notified.last().at(1).toString().contains(QStringLiteral("127.0.0.1:7774")));
    QVERIFY(notified.last().at(0).toString().contains(QStringLiteral("back")));
    desktop.showStats(snapshot(ServerStats::State::Failed, 0, 2));
    QCOMPARE(notified.count(), 2);
    QVERIFY(notified.last().at(0).toString().contains(QStringLiteral("unavailable")));
    // "down" is the user's own switch: not news.
    desktop.showStats(snapshot(ServerStats::State::Down, 0, 3));
    desktop.showStats(snapshot(ServerStats::State::Down, 0, 4));
    QCOMPARE(notified.count(), 2);
}

void DesktopIntegrationTest::becomingDegradedNotifies()
{
    DesktopIntegration desktop;
    QSignalSpy notified(&desktop, &DesktopIntegration::notified);
    StatsSnapshot healthy = snapshot(ServerStats::State::Up, 0, 0);
    healthy.listeners.removeLast(); // every listener up
    desktop.setEngineState(EngineController::State::Running);
    desktop.showStats(healthy);
    QCOMPARE(notified.count(), 0);
    desktop.showStats(snapshot(ServerStats::State::Up, 0, 1)); // port 80 failed
    QVERIFY(desktop.showsDegraded());
    QCOMPARE(notified.count(), 1);
    QVERIFY2(notified.last().at(0).toString().contains(QStringLiteral("degraded")), qPrintable(notified.last().at(0).toString()));
    const QString message = notified.last().at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("Degraded: 1 of 2 listeners failed")) && message.contains(QStringLiteral("Permission denied"))
                 && message.contains(QStringLiteral("Retry")),
             qPrintable(message));
    desktop.showStats(snapshot(ServerStats::State::Up, 0, 2)); // still degraded: told once
    QCOMPARE(notified.count(), 1);
    desktop.setNotificationsEnabled(false);
    desktop.showStats(healthy);
    desktop.showStats(snapshot(ServerStats::State::Up, 0, 3));
    QCOMPARE(notified.count(), 1);
}

void DesktopIntegrationTest::notificationsCanBeTurnedOff()
{
    DesktopIntegration desktop;
    desktop.setNotificationsEnabled(false);
    QSignalSpy notified(&desktop, &DesktopIntegration::notified);
    desktop.showStats(snapshot(ServerStats::State::Up, 0, 0));
    desktop.showStats(snapshot(ServerStats::State::Failed, 0, 1));
    QCOMPARE(notified.count(), 0);
}

void DesktopIntegrationTest::healthCheckVerdictsAreToldWithReason()
{
    DesktopIntegration desktop;
    QSignalSpy notified(&desktop, &DesktopIntegration::notified);
    desktop.showStats(snapshot(ServerStats::State::Up, 0, 0));
    // The engine sends the verdict first, then the snapshot that shows it: told once, with why.
    desktop.serverHealthChanged(QStringLiteral("backend"), QStringLiteral("127.0.0.1:7774"), false, QStringLiteral("Connection refused"));
    desktop.showStats(snapshot(ServerStats::State::Unhealthy, 0, 1));
    desktop.showStats(snapshot(ServerStats::State::Unhealthy, 0, 2));
    QCOMPARE(notified.count(), 1);
    QVERIFY(notified.last().at(0).toString().contains(QStringLiteral("unhealthy")));
    const QString down = notified.last().at(1).toString();
    QVERIFY2(down.contains(QStringLiteral("127.0.0.1:7774 in group backend failed its health checks: Connection refused")), qPrintable(down));

    desktop.serverHealthChanged(QStringLiteral("backend"), QStringLiteral("127.0.0.1:7774"), true, QStringLiteral("connected"));
    desktop.showStats(snapshot(ServerStats::State::Up, 0, 3));
    QCOMPARE(notified.count(), 2);
    QVERIFY(notified.last().at(0).toString().contains(QStringLiteral("back")));
    QVERIFY2(notified.last().at(1).toString().contains(QStringLiteral("passes its health checks again")), qPrintable(notified.last().at(1).toString()));

    // Unhealthy without a health check's word (a host name that does not resolve): still news.
    desktop.showStats(snapshot(ServerStats::State::Unhealthy, 0, 4));
    QCOMPARE(notified.count(), 3);
    QVERIFY(notified.last().at(0).toString().contains(QStringLiteral("unavailable")));

    desktop.setNotificationsEnabled(false);
    desktop.serverHealthChanged(QStringLiteral("backend"), QStringLiteral("127.0.0.1:7774"), true, QStringLiteral("connected"));
    QCOMPARE(notified.count(), 3);
}

void DesktopIntegrationTest::serversSharingAnAddressAreToldApart()
{
    // Two servers of one group on one address (say, with different weights): by position.
    auto twoServers = [](ServerStats::State second, qint64 seconds) {
        StatsSnapshot s = snapshot(ServerStats::State::Up, 0, seconds);
        s.servers[0].index = 0;
        ServerStats other = s.servers[0];
        other.index = 1;
        other.state = second;
        s.servers << other;
        return s;
    };
    DesktopIntegration desktop;
    QSignalSpy notified(&desktop, &DesktopIntegration::notified);
    desktop.showStats(twoServers(ServerStats::State::Up, 0));
    desktop.showStats(twoServers(ServerStats::State::Failed, 1));
    QCOMPARE(notified.count(), 1);
    desktop.showStats(twoServers(ServerStats::State::Failed, 2));
    QCOMPARE(notified.count(), 1);
    desktop.showStats(twoServers(ServerStats::State::Up, 3));
    QCOMPARE(notified.count(), 2);
}

void DesktopIntegrationTest::restartIsAFirstLookAgain()
{
    DesktopIntegration desktop;
    QSignalSpy notified(&desktop, &DesktopIntegration::notified);
    // Every listener up, so only the server's state could be news.
    StatsSnapshot failed = snapshot(ServerStats::State::Failed, 0, 0);
    failed.listeners.removeLast();
    StatsSnapshot up = snapshot(ServerStats::State::Up, 0, 10);
    up.listeners.removeLast();
    desktop.setEngineState(EngineController::State::Running);
    desktop.showStats(failed);
    desktop.setEngineState(EngineController::State::Stopped);
    desktop.setEngineState(EngineController::State::Running);
    desktop.showStats(up); // a fresh start, not a recovery
    QCOMPARE(notified.count(), 0);
}

void DesktopIntegrationTest::preferencesRoundTrip()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("p.ini")), QSettings::IniFormat);
    QCOMPARE(Preferences::load(settings), Preferences());
    Preferences preferences;
    preferences.startMinimized = true;
    preferences.startEngineOnLaunch = false;
    preferences.language = QStringLiteral("zh_CN");
    preferences.notifications = false;
    preferences.trayNoticeShown = true;
    preferences.save(&settings);
    QCOMPARE(Preferences::load(settings), preferences);
}

void DesktopIntegrationTest::preferencesDialogRoundTrip()
{
    PreferencesDialog dialog;
    Preferences preferences;
    preferences.startAtLogin = true;
    preferences.startMinimized = true;
    preferences.notifications = false;
    preferences.language = QStringLiteral("zh_CN");
    preferences.trayNoticeShown = true; // no widget: kept
    dialog.setPreferences(preferences);
    QCOMPARE(dialog.preferences(), preferences);
    dialog.findChild<QCheckBox *>(QStringLiteral("startEngineCheck"))->setChecked(false);
    dialog.findChild<QComboBox *>(QStringLiteral("languageCombo"))->setCurrentIndex(0);
    QVERIFY(!dialog.preferences().startEngineOnLaunch);
    QVERIFY(dialog.preferences().language.isEmpty());
}

void DesktopIntegrationTest::autostartEntry()
{
#if defined(Q_OS_WIN)
    // A Run key of the test's own under HKEY_CURRENT_USER, read back through the registry.
    const QString key = QStringLiteral("HKEY_CURRENT_USER\\Software\\Portier\\Tests\\Run-") + QUuid::createUuid().toString(QUuid::Id128);
    Autostart autostart(QStringLiteral("C:/Program Files/Portier Test/portier.exe"), key);
    QVERIFY(!autostart.isEnabled());
    QVERIFY(autostart.setEnabled(true));
    QVERIFY(autostart.isEnabled());
    QCOMPARE(QSettings(key, QSettings::NativeFormat).value(QStringLiteral("Portier")).toString(),
             QStringLiteral("\"C:\\Program Files\\Portier Test\\portier.exe\" --minimized"));
    QVERIFY(autostart.setEnabled(false));
    QVERIFY(!autostart.isEnabled());
    QVERIFY(!QSettings(key, QSettings::NativeFormat).contains(QStringLiteral("Portier")));
    QVERIFY(autostart.setEnabled(false)); // already off: fine
    QSettings(QStringLiteral("HKEY_CURRENT_USER\\Software\\Portier"), QSettings::NativeFormat).remove(QStringLiteral("Tests"));
#else
    QTemporaryDir dir;
    Autostart autostart(QStringLiteral("/opt/Portier Test/portier"), dir.filePath(QStringLiteral("autostart")));
    QVERIFY(!autostart.isEnabled());
    QVERIFY(autostart.setEnabled(true));
    QVERIFY(autostart.isEnabled());
    QFile entry(autostart.entryPath());
    QVERIFY(entry.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(entry.readAll());
    QVERIFY(text.startsWith(QStringLiteral("[Desktop Entry]")));
    QVERIFY2(text.contains(QStringLiteral("Exec=\"/opt/Portier Test/portier\" --minimized")), qPrintable(text));
    entry.close();
    QVERIFY(autostart.setEnabled(false));
    QVERIFY(!autostart.isEnabled());
    QVERIFY(autostart.setEnabled(false)); // already off: fine
#endif
}

void DesktopIntegrationTest::settingsLocation()
{
    // The names src/app/portier.cpp sets, which name the user's settings file.
    const QString organization = QCoreApplication::organizationName(), application = QCoreApplication::applicationName();
    QCoreApplication::setOrganizationName(QStringLiteral("Portier"));
    QCoreApplication::setApplicationName(QStringLiteral("Portier"));
    const auto restore = qScopeGuard([&] {
        QCoreApplication::setOrganizationName(organization);
        QCoreApplication::setApplicationName(application);
    });
    QTemporaryDir dir;
    QVERIFY(!SettingsStore::isPortable(dir.path()));
    const std::unique_ptr<QSettings> user = SettingsStore::open(dir.path());
    QVERIFY2(!user->fileName().startsWith(dir.path()), qPrintable(user->fileName()));
#if defined(Q_OS_WIN)
    // An INI file in the roaming AppData, not the registry.
    QCOMPARE(user->format(), QSettings::IniFormat);
    QVERIFY2(user->fileName().endsWith(QStringLiteral("/Portier/Portier.ini")), qPrintable(user->fileName()));
    QVERIFY2(user->fileName().contains(QStringLiteral("AppData/Roaming"), Qt::CaseInsensitive), qPrintable(user->fileName()));
#endif

    // The ZIP's marker: settings beside the program, where they are written.
    QFile marker(dir.filePath(SettingsStore::portableMarker));
    QVERIFY(marker.open(QIODevice::WriteOnly));
    marker.close();
    QVERIFY(SettingsStore::isPortable(dir.path()));
    {
        const std::unique_ptr<QSettings> portable = SettingsStore::open(dir.path());
        QCOMPARE(portable->format(), QSettings::IniFormat);
        QCOMPARE(portable->fileName(), dir.filePath(QStringLiteral("portier.ini")));
        Preferences preferences;
        preferences.startMinimized = true;
        preferences.save(portable.get());
    }
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("portier.ini"))));
    QVERIFY(Preferences::load(*SettingsStore::open(dir.path())).startMinimized);
}

QTEST_MAIN(DesktopIntegrationTest)
#include "tst_guidesktopintegration.moc"
