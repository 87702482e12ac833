// Renders every page and dialog to PNG in <build>/screenshots/ for people to review: the
// main window on each page (with a running engine, traffic, a validation problem, test
// results, a certificate), the preferences dialog, the nginx import and export dialogs and
// the tray menu, the Connections page and the log dock with live sessions; English and Chinese.
#include "guienginefixture.h"
#include "logcapture.h"
#include "opensslprocess.h"
#include "testbackend.h"
#include "testclient.h"

#include <appicon.h>
#include <certificatespage.h>
#include <configdocument.h>
#include <connectionsmodel.h>
#include <connectionspage.h>
#include <dashboardpage.h>
#include <desktopintegration.h>
#include <engine.h>
#include <enginecontroller.h>
#include <listenereditor.h>
#include <listenerspage.h>
#include <logspage.h>
#include <mainwindow.h>
#include <nginxexportdialog.h>
#include <nginximportdialog.h>
#include <preferencesdialog.h>
#include <trafficplotbar.h>
#include <translations.h>
#include <upstreameditor.h>
#include <upstreamspage.h>

#include <QApplication>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QDir>
#include <QMenu>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTranslator>
#include <cmath>

namespace {

constexpr int liveSessions = 36; // the Connections page under load: more rows than fit

QString screenshotDir()
{
    const QString dir = QDir(QCoreApplication::applicationDirPath() + QStringLiteral("/../screenshots")).absolutePath();
    QDir().mkpath(dir);
    return dir;
}

bool save(QWidget *widget, const QString &name)
{
    const QString path = screenshotDir() + u'/' + name + QStringLiteral(".png");
    // A page shown for the first time lays itself out on posted events: let them run.
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
    }
    const bool ok = widget->grab().save(path);
    if (ok)
        qInfo("screenshot: %s", qPrintable(path));
    return ok;
}

StatsSnapshot syntheticTraffic(int second, quint64 *from, quint64 *to)
{
    StatsSnapshot s;
    s.time = QDateTime::currentDateTime().addSecs(second - 300);
    const double wave = 0.5 + 0.5 * std::sin(second / 20.0);
    *from += quint64(200 * 1024 * wave + 20 * 1024);
    *to += quint64(900 * 1024 * wave * wave + 50 * 1024);
    ListenerStats listener;
    listener.listen = QStringLiteral("127.0.0.1:30003");
    listener.protocol = QStringLiteral("tcp");
    listener.listening = true;
    listener.activeConnections = quint64(3 + 5 * wave);
    listener.acceptedConnections = quint64(second * 2);
    listener.bytesFromClients = *from;
    listener.bytesToClients = *to;
    s.listeners << listener;
    for (const char *address : {"127.0.0.1:7773", "127.0.0.1:7774"}) {
        ServerStats server;
        server.upstream = QStringLiteral("backend");
        server.address = QLatin1StringView(address);
        server.activeConnections = listener.activeConnections / 2;
        server.selectedTotal = quint64(second);
        s.servers << server;
    }
    s.servers[0].connectTimeAverageMs = 0.4;
    s.servers[1].state = ServerStats::State::Failed;
    s.servers[1].failedForMs = 7200;
    s.servers[1].connectFailures = 3;
    return s;
}

} // namespace

class ScreenshotsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void english();
    void chinese();

private:
    void renderAll(const QString &suffix);

    QTemporaryDir m_dir;
    std::unique_ptr<EngineFixture> m_engine;
    std::unique_ptr<TestBackend> m_backend;
    QString m_certificate;
    QString m_key;
};

void ScreenshotsTest::initTestCase()
{
    QApplication::setStyle(QStringLiteral("Fusion"));
    Translations::install(qApp, QStringLiteral("en"));
    m_engine = std::make_unique<EngineFixture>();
    m_backend = std::make_unique<TestBackend>(TestBackend::Mode::Name, QStringLiteral("alpha"), 0);
    // The Certificates page shows a real certificate, made by the real openssl.
    m_certificate = m_dir.filePath(QStringLiteral("cert.pem"));
    m_key = m_dir.filePath(QStringLiteral("key.pem"));
    const OpensslRun made = runOpenssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                                        QStringLiteral("-nodes"), QStringLiteral("-keyout"), m_key, QStringLiteral("-out"), m_certificate,
                                        QStringLiteral("-days"), QStringLiteral("20"), QStringLiteral("-subj"), QStringLiteral("/CN=portier.test")});
    QVERIFY2(made.exitCode == 0, qPrintable(made.output));
}

void ScreenshotsTest::cleanupTestCase()
{
    m_engine.reset(); // stops the engine and its thread
}

void ScreenshotsTest::renderAll(const QString &suffix)
{
    QSettings settings(m_dir.filePath(QStringLiteral("settings-") + suffix + QStringLiteral(".ini")), QSettings::IniFormat);
    MainWindow window(m_engine->controller.get(), &settings);
    window.setPrompt([](QMessageBox::Icon, const QString &, const QString &, QMessageBox::StandardButtons) { return QMessageBox::Ok; });
    window.resize(1100, 720);

    // The article's setup, running, with a second server that does not answer.
    const quint16 listenPort = findFreePort();
    const quint16 deadPort = findFreePort();
    Config config;
    config.workers = 1;
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    upstream.servers << ServerConfig{m_backend->address()};
    ServerConfig dead;
    dead.address = QStringLiteral("127.0.0.1:") + QString::number(deadPort);
    dead.weight = 2;
    upstream.servers << dead;
    config.upstreams << upstream;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:") + QString::number(listenPort);
    listener.proxyPass = QStringLiteral("backend");
    listener.proxyTimeoutMs = 20000;
    listener.access = {{AccessRuleConfig::Action::Allow, QStringLiteral("127.0.0.1")},
                       {AccessRuleConfig::Action::Allow, QStringLiteral("192.168.1.0/24")},
                       {AccessRuleConfig::Action::Deny, QStringLiteral("all")}};
    config.listeners << listener;
    config.certificates << CertificateConfig{QStringLiteral("portier.test"), m_certificate, m_key, QString(), false};
    const QString path = m_dir.filePath(QStringLiteral("portier-") + suffix + QStringLiteral(".json"));
    window.document()->reset(config);
    QVERIFY(window.saveFile(path));
    QSignalSpy applied(m_engine->controller.get(), &EngineController::applyFinished);
    window.startEngine();
    QVERIFY(applied.wait(10000));
    TestClient client;
    QVERIFY(client.connectTo(listenPort));
    client.readLine();

    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    quint64 from = 0, to = 0;
    for (int second = 0; second <= 300; ++second)
        emit m_engine->controller->statsUpdated(syntheticTraffic(second, &from, &to)); // the history is the controller's

    window.showPage(MainWindow::DashboardPageIndex);
    // Several series: the total, the listener and both servers.
    TrafficPlotBar *plotBar = window.dashboardPage()->plotBar();
    plotBar->updateSeriesMenu();
    int series = 0;
    for (QAction *action : plotBar->seriesMenu()->actions()) {
        if (action->isCheckable() && (action->isChecked() || action->text().contains(QStringLiteral(":30003"))
                                      || action->text().contains(QStringLiteral(":777")))) {
            action->setChecked(true);
            ++series;
        }
    }
    QCOMPARE(series, 4);
    window.logsDock()->hide(); // the plot at full height; the dock has its own screenshot
    QVERIFY(save(&window, QStringLiteral("01-dashboard") + suffix));

    // Under load: live sessions through the real engine, some first tried on the dead
    // server (its log lines in the dock), on the Connections page and in the log.
    std::vector<TestClient> sessions(liveSessions);
    for (TestClient &session : sessions) {
        QVERIFY(session.connectTo(listenPort));
        QCOMPARE(session.readLine(), QByteArray("alpha\n"));
    }
    window.showPage(MainWindow::ConnectionsPageIndex);
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionsPage()->model()->rowCount() >= liveSessions, 10000);
    // and the status bar's count from the engine's own figures
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->controller->lastSnapshot().totalActiveConnections() >= quint64(liveSessions), 10000);
    QVERIFY(save(&window, QStringLiteral("12-connections") + suffix));
    window.logsDock()->show();
    QTRY_VERIFY_WITH_TIMEOUT(!window.logsPage()->shownLines().isEmpty(), 10000);
    QVERIFY(save(&window, QStringLiteral("13-connections-log") + suffix));
    sessions.clear();
    window.logsDock()->hide();

    // The other pages show the engine's own figures again (the listener's green dot).
    emit m_engine->controller->statsUpdated(m_engine->controller->lastSnapshot());
    window.showPage(MainWindow::ListenersPageIndex);
    QVERIFY(save(&window, QStringLiteral("02-listeners") + suffix));

    window.showPage(MainWindow::UpstreamsPageIndex);
    UpstreamEditor *upstreamEditor = window.upstreamsPage()->editor();
    QSignalSpy tested(upstreamEditor, &UpstreamEditor::testFinished);
    upstreamEditor->testServers();
    QVERIFY(tested.wait(10000));
    QVERIFY(save(&window, QStringLiteral("03-upstreams") + suffix));

    window.showPage(MainWindow::CertificatesPageIndex);
    QVERIFY(save(&window, QStringLiteral("04-certificates") + suffix));

    // File > Import nginx config… on the article's Shadowsocks relay (an http {} block skipped).
    {
        NginxImportDialog dialog(&window);
        dialog.importFile(QStringLiteral(PORTIER_TEST_DATA "/nginx/article-shadowsocks.conf"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(save(&dialog, QStringLiteral("09-import-nginx") + suffix));
    }
    // File > Export nginx config… of the running setup, as a standalone nginx.conf.
    NginxExportDialog exportDialog(&window);
    NginxExporter::Options standalone;
    standalone.form = NginxExporter::Form::Standalone;
    exportDialog.setOptions(standalone);
    exportDialog.setConfig(window.document()->config(), window.document()->baseDirectory(), window.document()->displayName());
    exportDialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&exportDialog));
    QVERIFY(save(&exportDialog, QStringLiteral("10-export-nginx") + suffix));
    exportDialog.hide();

    // Validation: a second listener with mistakes, and an unsupported strategy.
    window.showPage(MainWindow::ListenersPageIndex);
    window.listenersPage()->addListener();
    ListenerEditor *listenerEditor = window.listenersPage()->editor();
    listenerEditor->findChild<QComboBox *>(QStringLiteral("addressCombo"))->setCurrentText(QStringLiteral("192.168.1.x"));
    listenerEditor->findChild<QComboBox *>(QStringLiteral("protocolCombo"))->setCurrentIndex(1);
    QVERIFY(save(&window, QStringLiteral("05-listener-problems") + suffix));
    window.showPage(MainWindow::UpstreamsPageIndex);
    upstreamEditor->findChild<QComboBox *>(QStringLiteral("methodCombo"))->setCurrentIndex(3); // hash, no key
    QVERIFY(save(&window, QStringLiteral("06-upstream-problems") + suffix));

    // What nginx would refuse, in words, with nothing to save.
    exportDialog.setOptions(NginxExporter::Options());
    exportDialog.setConfig(window.document()->config(), window.document()->baseDirectory(), window.document()->displayName());
    exportDialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&exportDialog));
    QVERIFY(save(&exportDialog, QStringLiteral("11-export-nginx-errors") + suffix));
    exportDialog.hide();

    PreferencesDialog preferences(&window);
    preferences.show();
    QVERIFY(QTest::qWaitForWindowExposed(&preferences));
    QVERIFY(save(&preferences, QStringLiteral("07-preferences") + suffix));

    DesktopIntegration desktop;
    desktop.setEngineState(EngineController::State::Running);
    desktop.showStats(m_engine->controller->lastSnapshot());
    desktop.setWindowVisible(true);
    desktop.menu()->popup(QPoint(10, 10));
    QVERIFY(QTest::qWaitForWindowExposed(desktop.menu()));
    QVERIFY(save(desktop.menu(), QStringLiteral("08-tray-menu") + suffix));
    desktop.menu()->hide();

    m_engine->controller->stop();
    QTRY_COMPARE(m_engine->controller->state(), EngineController::State::Stopped);
    window.document()->undoStack()->setClean();
}

void ScreenshotsTest::english()
{
    renderAll(QString());
    // The painted application icon, running and stopped, at the size desktops use most.
    for (const bool running : {true, false}) {
        const QString path = screenshotDir() + (running ? QStringLiteral("/00-icon.png") : QStringLiteral("/00-icon-stopped.png"));
        QVERIFY(AppIcon::pixmap(256, running).save(path));
    }
}

void ScreenshotsTest::chinese()
{
    // The build always embeds portier_zh_CN.qm; without it install() falls back to English
    // ("en_US"), and the screenshots would silently show English.
    const QString language = Translations::install(qApp, QStringLiteral("zh_CN"));
    QVERIFY2(language.startsWith(QStringLiteral("zh")), qPrintable(QStringLiteral("installed: ") + language));
    renderAll(QStringLiteral("-zh_CN"));
}

QTEST_MAIN(ScreenshotsTest)
#include "tst_guiscreenshots.moc"
