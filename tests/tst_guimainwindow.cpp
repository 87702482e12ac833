// The main window with a real engine in its own thread: validation as you type disables
// Apply, Apply reconfigures the running engine without dropping connections (a listener
// added in the GUI reaches a real backend), undo/redo, revert, the unsaved-changes prompt,
// and closing with and without a tray.
#include "guienginefixture.h"
#include "logcapture.h"
#include "testbackend.h"
#include "testclient.h"

#include <autostart.h>
#include <configdocument.h>
#include <configjson.h>
#include <durationedit.h>
#include <engine.h>
#include <enginecontroller.h>
#include <fieldmarker.h>
#include <listenereditor.h>
#include <listenerspage.h>
#include <mainwindow.h>
#include <preferencesdialog.h>
#include <upstreameditor.h>
#include <upstreamspage.h>

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QStandardPaths>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

namespace {


Config sampleConfig(const QString &server, quint16 listenPort)
{
    Config config;
    config.workers = 1;
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    ServerConfig s;
    s.address = server;
    upstream.servers << s;
    config.upstreams << upstream;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:") + QString::number(listenPort);
    listener.proxyPass = QStringLiteral("backend");
    listener.proxyTimeoutMs = 20000;
    config.listeners << listener;
    return config;
}

} // namespace

class MainWindowTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void invalidInputMarksFieldAndDisablesApply();
    void applyAddsListenerThatReachesBackend();
    void undoRedoRestoresValues();
    void revertReturnsToRunningConfig();
    void renamingGroupFollowsInListeners();
    void unsavedChangesPromptAppears();
    void closeWithoutTrayAsksToQuit();
    void closeWithTrayHidesWithOneNotice();
    void saveAndOpen();
    void preferencesWriteAutostartAndSettings();
    void noSnapshotsAfterEngineStopped();
    void healthCheckVerdictReachesController();
    void listenerRowsFollowStatsByPosition();

private:
    std::unique_ptr<WindowFixture> m_fixture;
    QTemporaryDir *m_dir = nullptr; // the fixture's, by their short names
    QSettings *m_settings = nullptr;
    EngineFixture *m_engine = nullptr;
    MainWindow *m_window = nullptr;
};

void MainWindowTest::init()
{
    m_fixture = std::make_unique<WindowFixture>();
    m_dir = &m_fixture->dir;
    m_settings = &m_fixture->settings;
    m_engine = &m_fixture->engine;
    m_window = &m_fixture->window;
}

void MainWindowTest::cleanup()
{
    m_fixture.reset();
}

void MainWindowTest::invalidInputMarksFieldAndDisablesApply()
{
    m_window->document()->reset(sampleConfig(QStringLiteral("127.0.0.1:7773"), findFreePort()));
    QAction *apply = m_window->action("actionApply");
    QVERIFY(apply->isEnabled());
    m_window->showPage(MainWindow::ListenersPageIndex);
    ListenerEditor *editor = m_window->listenersPage()->editor();
    auto *address = editor->findChild<QComboBox *>(QStringLiteral("addressCombo"));

    address->setCurrentText(QStringLiteral("localhost.invalid"));
    QVERIFY(m_window->document()->hasErrors());
    QVERIFY(FieldMarker::isMarked(address));
    QVERIFY(!apply->isEnabled());
    QVERIFY(!m_window->action("actionStart")->isEnabled());
    // In the window's words, not the JSON path portierd --check prints.
    QVERIFY2(m_window->problemsText().contains(QStringLiteral("Listener localhost.invalid:")), qPrintable(m_window->problemsText()));
    QVERIFY2(!m_window->problemsText().contains(QStringLiteral("listeners[0]")), qPrintable(m_window->problemsText()));

    address->setCurrentText(QStringLiteral("127.0.0.1"));
    QVERIFY(!m_window->document()->hasErrors());
    QVERIFY(!FieldMarker::isMarked(address));
    QVERIFY(apply->isEnabled());

    // A group field too: an empty name.
    m_window->showPage(MainWindow::UpstreamsPageIndex);
    auto *name = m_window->upstreamsPage()->editor()->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    name->clear();
    QVERIFY(FieldMarker::isMarked(name));
    QVERIFY(!apply->isEnabled());
    QTest::keyClicks(name, QStringLiteral("pool"));
    QVERIFY(!FieldMarker::isMarked(name));
    QVERIFY(apply->isEnabled());
    QCOMPARE(m_window->document()->config().listeners[0].proxyPass, QStringLiteral("pool"));
}

void MainWindowTest::applyAddsListenerThatReachesBackend()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("alpha"));
    QVERIFY(backend.isListening());
    const quint16 firstPort = findFreePort();
    m_window->document()->reset(sampleConfig(backend.address(), firstPort));
    QSignalSpy applied(m_engine->controller.get(), &EngineController::applyFinished);
    m_window->action("actionStart")->trigger();
    QVERIFY(applied.wait(10000));
    QVERIFY(applied.last().at(0).toBool());
    QCOMPARE(m_engine->controller->state(), EngineController::State::Running);
    QVERIFY(!m_window->action("actionApply")->isEnabled()); // nothing to apply

    // A connection through the first listener, kept open across the apply.
    TestClient held;
    QVERIFY(held.connectTo(firstPort));
    QCOMPARE(held.readLine(), QByteArray("alpha\n"));

    // Add a listener in the GUI: port of our choosing, forwarding to the group.
    m_window->showPage(MainWindow::ListenersPageIndex);
    m_window->listenersPage()->addListener();
    QCOMPARE(m_window->document()->config().listeners.size(), 2);
    QCOMPARE(m_window->listenersPage()->currentIndex(), 1);
    const quint16 newPort = findFreePort();
    ListenerEditor *editor = m_window->listenersPage()->editor();
    editor->findChild<QSpinBox *>(QStringLiteral("portSpin"))->setValue(newPort);
    editor->findChild<QComboBox *>(QStringLiteral("targetCombo"))->setCurrentText(QStringLiteral("backend"));
    QCOMPARE(m_window->document()->config().listeners[1].listen, QStringLiteral("127.0.0.1:%1").arg(newPort));
    QVERIFY(m_window->action("actionApply")->isEnabled());
    QVERIFY(m_window->action("actionRevert")->isEnabled());

    m_window->action("actionApply")->trigger();
    QVERIFY(applied.wait(10000));
    QVERIFY(applied.last().at(0).toBool());
    QVERIFY(applied.last().at(1).value<ConfigIssues>().isEmpty());
    QVERIFY(!m_window->action("actionApply")->isEnabled());

    QTRY_VERIFY2(m_window->statusText().contains(QStringLiteral("Listeners up: 2/2")), qPrintable(m_window->statusText()));
    QVERIFY(m_window->statusText().contains(QStringLiteral("Running")));
    QVERIFY(m_window->problemsText().contains(QStringLiteral("The engine runs this configuration")));

    TestClient client;
    QVERIFY(client.connectTo(newPort));
    QCOMPARE(client.readLine(), QByteArray("alpha\n"));
    QVERIFY(client.sendAll("through the new listener\n"));
    QCOMPARE(client.readLine(), QByteArray("through the new listener\n"));

    // The connection established before the apply still works.
    QVERIFY(held.sendAll("still here\n"));
    QCOMPARE(held.readLine(), QByteArray("still here\n"));

    // Stop closes everything.
    QSignalSpy states(m_engine->controller.get(), &EngineController::stateChanged);
    m_window->action("actionStop")->trigger();
    QTRY_COMPARE(m_engine->controller->state(), EngineController::State::Stopped);
    QVERIFY(m_window->action("actionStart")->isEnabled());
    QVERIFY(m_window->statusText().contains(QStringLiteral("Stopped")));
    QVERIFY(m_window->statusText().contains(QStringLiteral("Listeners up: 0/2")));
}

void MainWindowTest::undoRedoRestoresValues()
{
    m_window->document()->reset(sampleConfig(QStringLiteral("127.0.0.1:7773"), 30003));
    QVERIFY(!m_window->document()->isModified());
    QAction *undo = m_window->action("actionUndo");
    QAction *redo = m_window->action("actionRedo");
    QVERIFY(!undo->isEnabled());
    ListenerEditor *editor = m_window->listenersPage()->editor();
    auto *port = editor->findChild<QSpinBox *>(QStringLiteral("portSpin"));
    auto *timeout = editor->findChild<DurationEdit *>(QStringLiteral("proxyTimeoutEdit"));

    // Several changes of one field are one step.
    port->setValue(30004);
    port->setValue(30005);
    timeout->numberField()->setValue(45);
    QVERIFY(m_window->document()->isModified());
    QCOMPARE(m_window->document()->undoStack()->count(), 2);
    QCOMPARE(m_window->document()->config().listeners[0].listen, QStringLiteral("127.0.0.1:30005"));
    QCOMPARE(m_window->document()->config().listeners[0].proxyTimeoutMs, 45000);

    undo->trigger();
    QCOMPARE(m_window->document()->config().listeners[0].proxyTimeoutMs, 20000);
    QCOMPARE(timeout->milliseconds(), 20000); // the widget follows
    undo->trigger();
    QCOMPARE(m_window->document()->config().listeners[0].listen, QStringLiteral("127.0.0.1:30003"));
    QCOMPARE(port->value(), 30003);
    QVERIFY(!m_window->document()->isModified());
    QVERIFY(!undo->isEnabled());

    redo->trigger();
    QCOMPARE(port->value(), 30005);
    redo->trigger();
    QCOMPARE(timeout->milliseconds(), 45000);

    // Structural edits undo too: removing and re-adding a listener.
    m_window->listenersPage()->removeListener();
    QVERIFY(m_window->document()->config().listeners.isEmpty());
    undo->trigger();
    QCOMPARE(m_window->document()->config().listeners.size(), 1);
    QCOMPARE(m_window->document()->config().listeners[0].proxyTimeoutMs, 45000);
}

void MainWindowTest::revertReturnsToRunningConfig()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("alpha"));
    const Config running = sampleConfig(backend.address(), findFreePort());
    m_window->document()->reset(running);
    QSignalSpy applied(m_engine->controller.get(), &EngineController::applyFinished);
    m_window->startEngine();
    QVERIFY(applied.wait(10000));
    QVERIFY(!m_window->action("actionRevert")->isEnabled());
    m_window->listenersPage()->editor()->findChild<QSpinBox *>(QStringLiteral("portSpin"))->setValue(1);
    QVERIFY(m_window->action("actionRevert")->isEnabled());
    m_window->action("actionRevert")->trigger();
    QCOMPARE(m_window->document()->config(), running);
    QVERIFY(!m_window->action("actionRevert")->isEnabled());
    QVERIFY(!m_window->action("actionApply")->isEnabled());
}

void MainWindowTest::renamingGroupFollowsInListeners()
{
    m_window->document()->reset(sampleConfig(QStringLiteral("127.0.0.1:7773"), 30003));
    auto *name = m_window->upstreamsPage()->editor()->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    name->setText(QStringLiteral("web"));
    QCOMPARE(m_window->document()->config().upstreams[0].name, QStringLiteral("web"));
    QCOMPARE(m_window->document()->config().listeners[0].proxyPass, QStringLiteral("web"));
    QVERIFY(!m_window->document()->hasErrors());
    m_window->action("actionUndo")->trigger();
    QCOMPARE(m_window->document()->config().listeners[0].proxyPass, QStringLiteral("backend"));
}

void MainWindowTest::unsavedChangesPromptAppears()
{
    // The real QMessageBox, answered from a timer while it runs its own event loop.
    m_window->setPrompt(nullptr);
    m_window->show();
    m_window->document()->reset(sampleConfig(QStringLiteral("127.0.0.1:7773"), 30003));
    m_window->listenersPage()->addListener();
    QVERIFY(m_window->document()->isModified());

    QString seen;
    auto answerWith = [&seen](QMessageBox::StandardButton button) {
        QTimer::singleShot(0, qApp, [&seen, button] {
            QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            seen = box->text();
            box->button(button)->click();
        });
    };
    answerWith(QMessageBox::Cancel);
    m_window->action("actionNew")->trigger();
    QVERIFY2(seen.contains(QStringLiteral("not saved")), qPrintable(seen));
    QCOMPARE(m_window->document()->config().listeners.size(), 2); // cancelled: nothing happened

    seen.clear();
    answerWith(QMessageBox::Discard);
    m_window->action("actionNew")->trigger();
    QVERIFY(!seen.isEmpty());
    QVERIFY(m_window->document()->config().listeners.isEmpty());
    QVERIFY(!m_window->document()->isModified());

    // Quit asks too; Cancel keeps Portier running.
    m_window->listenersPage()->addListener();
    QSignalSpy quit(m_window, &MainWindow::quitRequested);
    seen.clear();
    answerWith(QMessageBox::Cancel);
    m_window->action("actionQuit")->trigger();
    QVERIFY(!seen.isEmpty());
    QCOMPARE(quit.count(), 0);
    // Save writes the file and quits.
    const QString path = m_dir->filePath(QStringLiteral("quit.json"));
    QVERIFY(m_window->saveFile(path));
    m_window->action("actionQuit")->trigger();
    QCOMPARE(quit.count(), 1);
}

void MainWindowTest::closeWithoutTrayAsksToQuit()
{
    m_window->setTrayAvailable(false);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QStringList asked;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    m_window->setPrompt([&](QMessageBox::Icon, const QString &title, const QString &, QMessageBox::StandardButtons) {
        asked << title;
        return answer;
    });
    QSignalSpy quit(m_window, &MainWindow::quitRequested);
    QVERIFY(!m_window->close());
    QCOMPARE(asked, QStringList{QStringLiteral("Quit Portier?")});
    QVERIFY(m_window->isVisible());
    QCOMPARE(quit.count(), 0);

    answer = QMessageBox::Close;
    QVERIFY(m_window->close());
    QCOMPARE(quit.count(), 1);
}

void MainWindowTest::closeWithTrayHidesWithOneNotice()
{
    m_window->setTrayAvailable(true);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QSignalSpy notice(m_window, &MainWindow::trayNoticeRequested);
    QSignalSpy visibility(m_window, &MainWindow::visibilityChanged);
    QSignalSpy quit(m_window, &MainWindow::quitRequested);
    m_window->close();
    QVERIFY(!m_window->isVisible());
    QCOMPARE(notice.count(), 1);
    QCOMPARE(visibility.last().at(0).toBool(), false);
    QCOMPARE(quit.count(), 0);
    m_window->toggleVisibility();
    QVERIFY(m_window->isVisible());
    m_window->close();
    QCOMPARE(notice.count(), 1); // once only, remembered in the settings
    QVERIFY(Preferences::load(*m_settings).trayNoticeShown);
}

void MainWindowTest::saveAndOpen()
{
    const Config config = sampleConfig(QStringLiteral("127.0.0.1:7773"), 30003);
    m_window->document()->reset(config);
    m_window->listenersPage()->editor()->findChild<QSpinBox *>(QStringLiteral("portSpin"))->setValue(30100);
    const QString path = m_dir->filePath(QStringLiteral("saved.json"));
    QVERIFY(m_window->saveFile(path));
    QVERIFY(!m_window->document()->isModified());
    QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("saved.json")));
    const ConfigJson::LoadResult loaded = ConfigJson::load(path);
    QVERIFY(loaded.issues.isEmpty());
    QCOMPARE(loaded.config.listeners[0].listen, QStringLiteral("127.0.0.1:30100"));

    m_window->newFile();
    QVERIFY(m_window->document()->config().listeners.isEmpty());
    QVERIFY(m_window->openFile(path));
    QCOMPARE(m_window->document()->config(), loaded.config);
    QCOMPARE(m_settings->value(QStringLiteral("lastConfig")).toString(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(m_settings->value(QStringLiteral("recentFiles")).toStringList().value(0), QFileInfo(path).absoluteFilePath());

    // A broken file is refused with its problems, and the document stays.
    QFile bad(m_dir->filePath(QStringLiteral("bad.json")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{ \"listeners\": [ { \"listen\": 5, \"colour\": \"blue\" } ] }");
    bad.close();
    QString warning;
    m_window->setPrompt([&](QMessageBox::Icon, const QString &, const QString &text, QMessageBox::StandardButtons) {
        warning = text;
        return QMessageBox::Ok;
    });
    QVERIFY(!m_window->openFile(bad.fileName()));
    QVERIFY2(warning.contains(QStringLiteral("colour")), qPrintable(warning));
    QCOMPARE(m_window->document()->config(), loaded.config);
}

void MainWindowTest::preferencesWriteAutostartAndSettings()
{
    QStandardPaths::setTestModeEnabled(true); // the autostart entry goes to a test folder
    Autostart autostart(QCoreApplication::applicationFilePath());
    autostart.setEnabled(false);
    QSignalSpy changed(m_window, &MainWindow::preferencesChanged);
    auto answer = [](bool startAtLogin, bool notifications) {
        QTimer::singleShot(0, qApp, [=] {
            QTRY_VERIFY(qobject_cast<PreferencesDialog *>(QApplication::activeModalWidget()));
            auto *dialog = qobject_cast<PreferencesDialog *>(QApplication::activeModalWidget());
            dialog->findChild<QCheckBox *>(QStringLiteral("startAtLoginCheck"))->setChecked(startAtLogin);
            dialog->findChild<QCheckBox *>(QStringLiteral("notificationsCheck"))->setChecked(notifications);
            dialog->accept();
        });
    };
    answer(true, false);
    m_window->action("actionPreferences")->trigger();
    QCOMPARE(changed.count(), 1);
    QVERIFY(autostart.isEnabled());
    QVERIFY(!changed.last().at(0).value<Preferences>().notifications);
    QVERIFY(!Preferences::load(*m_settings).notifications);
    QVERIFY(Preferences::load(*m_settings).startAtLogin);

    answer(false, true);
    m_window->action("actionPreferences")->trigger();
    QVERIFY(!autostart.isEnabled());
    QVERIFY(Preferences::load(*m_settings).notifications);
}

void MainWindowTest::noSnapshotsAfterEngineStopped()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("alpha"));
    m_window->document()->reset(sampleConfig(backend.address(), findFreePort()));
    QSignalSpy stats(m_engine->controller.get(), &EngineController::statsUpdated);
    m_window->startEngine();
    QTRY_VERIFY(stats.count() >= 3); // every 100 ms
    QVERIFY(!m_window->listenersPage()->findChild<QListWidget *>(QStringLiteral("list"))->item(0)->toolTip().contains(QStringLiteral("Not running")));

    QSignalSpy states(m_engine->controller.get(), &EngineController::stateChanged);
    m_window->stopEngine();
    QTRY_COMPARE(m_engine->controller->state(), EngineController::State::Stopped);
    const qsizetype atStop = stats.count();
    QVERIFY(m_engine->controller->lastSnapshot().listeners.isEmpty());
    QTest::qWait(400); // four stats intervals: the engine sends none after stopped()
    QCOMPARE(stats.count(), atStop);
    QCOMPARE(states.count(), 2); // Stopping, Stopped
    QVERIFY(m_window->statusText().contains(QStringLiteral("Stopped")));
    QVERIFY(m_window->listenersPage()->findChild<QListWidget *>(QStringLiteral("list"))->item(0)->toolTip().contains(QStringLiteral("Not running")));
}

void MainWindowTest::healthCheckVerdictReachesController()
{
    Config config = sampleConfig(QStringLiteral("127.0.0.1:%1").arg(findFreePort()), findFreePort()); // nothing listens there
    HealthCheckConfig &check = config.upstreams[0].healthCheck;
    check.enabled = true;
    check.intervalMs = 100;
    check.timeoutMs = 1000;
    m_window->document()->reset(config);
    QSignalSpy verdicts(m_engine->controller.get(), &EngineController::serverHealthChanged);
    m_window->startEngine();
    QVERIFY(verdicts.wait(10000));
    QCOMPARE(verdicts.first().at(0).toString(), QStringLiteral("backend"));
    QCOMPARE(verdicts.first().at(1).toString(), config.upstreams[0].servers[0].address);
    QCOMPARE(verdicts.first().at(2).toBool(), false);
    QVERIFY(!verdicts.first().at(3).toString().isEmpty()); // why, in words
}

void MainWindowTest::listenerRowsFollowStatsByPosition()
{
    // A TCP and a UDP listener on one port: each row shows its own listener's state.
    Config config = sampleConfig(QStringLiteral("127.0.0.1:7773"), 30003);
    ListenerConfig udp = config.listeners[0];
    udp.protocol = ListenerConfig::Protocol::Udp;
    config.listeners << udp;
    m_window->document()->reset(config);
    StatsSnapshot snapshot;
    for (int i = 0; i < 2; ++i) {
        ListenerStats stats;
        stats.index = i;
        stats.listen = QStringLiteral("127.0.0.1:30003");
        stats.protocol = i == 0 ? QStringLiteral("tcp") : QStringLiteral("udp");
        stats.listening = i == 0;
        stats.activeConnections = 3;
        stats.error = i == 0 ? QString() : QStringLiteral("bind() to 127.0.0.1:30003 failed (98: Address already in use)");
        snapshot.listeners << stats;
    }
    m_window->listenersPage()->showStats(snapshot);
    auto *list = m_window->listenersPage()->findChild<QListWidget *>(QStringLiteral("list"));
    QVERIFY2(list->item(0)->toolTip().startsWith(QStringLiteral("Listening; 3 active")), qPrintable(list->item(0)->toolTip()));
    QVERIFY2(list->item(1)->toolTip().contains(QStringLiteral("Address already in use")), qPrintable(list->item(1)->toolTip()));

    // A row added before the running pair (not applied yet) does not take their states.
    Config edited = config;
    ListenerConfig added = config.listeners[0];
    added.listen = QStringLiteral("127.0.0.1:30010");
    edited.listeners.prepend(added);
    m_window->document()->edit(edited, QStringLiteral("add"));
    QVERIFY(list->item(0)->toolTip().contains(QStringLiteral("Not running")));
    QVERIFY(list->item(1)->toolTip().startsWith(QStringLiteral("Listening; 3 active")));
    QVERIFY(list->item(2)->toolTip().contains(QStringLiteral("Address already in use")));
}

QTEST_MAIN(MainWindowTest)
#include "tst_guimainwindow.moc"
