// portier: the desktop program. Composition only, in qBittorrent's order: settings, then the
// engine in its own thread, then desktop integration (tray), then the main window; then the
// wiring between them. Every decision lives in the classes of src/gui.
#include <apiserver.h>
#include <appicon.h>
#include <certificateexpirywatch.h>
#include <configdocument.h>
#include <configjson.h>
#include <demobackend.h>
#include <desktopapisettings.h>
#include <desktopintegration.h>
#include <engine.h>
#include <enginecontroller.h>
#include <errorlog.h>
#include <mainwindow.h>
#include <instancechannel.h>
#include <preferences.h>
#include <settingsstore.h>
#include <singleinstance.h>
#include <translations.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QHostAddress>
#include <QSettings>
#include <QThread>

#if defined(Q_OS_WIN)
#include <windows.h>
#endif

namespace {
// Under Wine, Qt's GDI font engine leaves the text of every line edit and spin box blank
// (labels, lists and placeholders still draw; seen on Xvfb with Wine 8); Qt's FreeType engine
// draws all of it. Real Windows keeps its default (GDI, ClearType). Before QApplication.
void useFreeTypeUnderWine()
{
#if defined(Q_OS_WIN)
    const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    const bool wine = ntdll && GetProcAddress(ntdll, "wine_get_version");
    if (wine && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "windows:fontengine=freetype");
#endif
}
} // namespace

int main(int argc, char *argv[])
{
    useFreeTypeUnderWine();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Portier"));
    QApplication::setOrganizationName(QStringLiteral("Portier"));
    QApplication::setApplicationVersion(QStringLiteral(PORTIER_VERSION));
    QApplication::setWindowIcon(AppIcon::icon());
    QApplication::setQuitOnLastWindowClosed(false); // the tray keeps Portier running

    // Settings first: the language decides every text that follows.
    const std::unique_ptr<QSettings> settingsStore = SettingsStore::open(QCoreApplication::applicationDirPath());
    QSettings &settings = *settingsStore;
    const Preferences preferences = Preferences::load(settings);
    Translations::install(&app, preferences.language);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Portier, a desktop TCP/UDP load balancer."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOption({QStringLiteral("c"), QStringLiteral("config")},
                                          QApplication::translate("main", "Open this configuration file (JSON) and start the engine; a Portier already running opens it instead."),
                                          QStringLiteral("file"));
    const QCommandLineOption demoOption(QStringLiteral("demo"),
                                        QApplication::translate("main", "Also start two demo backends on 127.0.0.1:7773 and :7774."));
    const QCommandLineOption minimizedOption(QStringLiteral("minimized"), QApplication::translate("main", "Start in the tray, without the window."));
    parser.addOption(configOption);
    parser.addOption(demoOption);
    parser.addOption(minimizedOption);
    parser.process(app);

    // One Portier per user: a second launch shows the first one's window (which opens the
    // file named with --config) and ends.
    QString channelError;
    const std::optional<QString> channel = InstanceChannel::defaultAddress(&channelError);
    SingleInstance instance(channel.value_or(QString()));
    if (!channel)
        qWarning("portier: no safe place for the single-instance channel (%s); running alone", qUtf8Printable(channelError));
    const bool runHere = !channel || instance.claim(parser.value(configOption));
    if (!instance.warning().isEmpty())
        qWarning("portier: %s", qUtf8Printable(instance.warning()));
    if (!runHere)
        return 0;

    std::unique_ptr<DemoBackend> demoA, demoB;
    if (parser.isSet(demoOption)) {
        demoA = std::make_unique<DemoBackend>(QStringLiteral("backend 7773"));
        demoB = std::make_unique<DemoBackend>(QStringLiteral("backend 7774"));
        demoA->listen(QHostAddress::LocalHost, 7773);
        demoB->listen(QHostAddress::LocalHost, 7774);
    }

    QThread engineThread;
    engineThread.setObjectName(QStringLiteral("portier-engine"));
    auto *engine = new Engine;
    engine->moveToThread(&engineThread);
    // The control API lives beside the engine, in its thread: as Preferences > API sets it, or
    // else as the open config's "api" section says. Configs are edited and applied in this
    // window, so the API does not take them. desktopApi is touched only in the engine's thread.
    auto *api = new ApiServer(engine, nullptr);
    api->moveToThread(&engineThread);
    auto desktopApi = std::make_shared<DesktopApiSettings>(preferences.api);
    const auto followApi = [api, engine, desktopApi] {
        if (const QString error = api->apply(desktopApi->effective(engine->config())); !error.isEmpty())
            engine->errorLog()->write(ErrorLog::Level::Error, error + QStringLiteral("; the API stays as it was"));
    };
    QObject::connect(engine, &Engine::applied, api, followApi);
    QObject::connect(&engineThread, &QThread::finished, api, &QObject::deleteLater);
    QObject::connect(&engineThread, &QThread::finished, engine, &QObject::deleteLater);
    engineThread.start();
    QMetaObject::invokeMethod(api, followApi); // on from the start when Preferences say so
    EngineController controller(engine);

    DesktopIntegration desktop;
    desktop.setPreferences(preferences);

    MainWindow window(&controller, &settings);
    window.setTrayAvailable(DesktopIntegration::isTrayAvailable());

    QObject::connect(&controller, &EngineController::stateChanged, &desktop, &DesktopIntegration::setEngineState);
    QObject::connect(&desktop, &DesktopIntegration::retryRequested, &controller, &EngineController::retry);
    QObject::connect(&controller, &EngineController::statsUpdated, &desktop, &DesktopIntegration::showStats);
    QObject::connect(&controller, &EngineController::serverHealthChanged, &desktop, &DesktopIntegration::serverHealthChanged);
    QObject::connect(&desktop, &DesktopIntegration::toggleWindowRequested, &window, &MainWindow::toggleVisibility);
    QObject::connect(&desktop, &DesktopIntegration::startRequested, &window, &MainWindow::startEngine);
    QObject::connect(&desktop, &DesktopIntegration::stopRequested, &window, &MainWindow::stopEngine);
    QObject::connect(&desktop, &DesktopIntegration::quitRequested, &window, &MainWindow::requestQuit);
    QObject::connect(&window, &MainWindow::visibilityChanged, &desktop, &DesktopIntegration::setWindowVisible);
    QObject::connect(&window, &MainWindow::trayNoticeRequested, &desktop, &DesktopIntegration::showMessage);
    QObject::connect(&window, &MainWindow::preferencesChanged, &desktop,
                     [&desktop](const Preferences &chosen) { desktop.setPreferences(chosen); });
    QObject::connect(&window, &MainWindow::preferencesChanged, api, [desktopApi, followApi](const Preferences &chosen) {
        *desktopApi = chosen.api;
        followApi();
    });
    // Certificates in use, watched for expiry while the engine runs them.
    CertificateExpiryWatch certificateWatch;
    QObject::connect(&certificateWatch, &CertificateExpiryWatch::expires, &desktop, &DesktopIntegration::certificateExpires);
    QObject::connect(&controller, &EngineController::applyFinished, &certificateWatch, [&](bool applied) {
        if (!applied || !controller.runningConfig())
            return;
        Config running = *controller.runningConfig();
        ConfigJson::resolvePaths(&running, window.document()->baseDirectory());
        certificateWatch.watch(running.certificates);
    });
    QObject::connect(&controller, &EngineController::stateChanged, &certificateWatch, [&](EngineController::State state) {
        if (state == EngineController::State::Stopped)
            certificateWatch.watch({});
    });
    QObject::connect(&window, &MainWindow::quitRequested, &app, &QApplication::quit);
    QObject::connect(&instance, &SingleInstance::activationRequested, &window, &MainWindow::showAndRaise);
    QObject::connect(&instance, &SingleInstance::openRequested, &window, &MainWindow::openFromCommandLine);

    // The file named on the command line starts at once (scripts/run.sh); otherwise the last
    // one, started when the preferences say so.
    if (parser.isSet(configOption)) {
        window.openFromCommandLine(parser.value(configOption));
    } else if (const QString last = settings.value(QStringLiteral("lastConfig")).toString(); !last.isEmpty() && QFileInfo::exists(last)) {
        if (window.openFile(last) && preferences.startEngineOnLaunch)
            window.startEngine();
    }

    const bool minimized = parser.isSet(minimizedOption) || preferences.startMinimized;
    if (!minimized)
        window.show();
    else if (!DesktopIntegration::isTrayAvailable())
        window.showMinimized(); // nowhere else to be found
    desktop.setWindowVisible(window.isVisible());

    const int code = app.exec();
    QMetaObject::invokeMethod(engine, [engine] { engine->stop(); }, Qt::BlockingQueuedConnection);
    engineThread.quit();
    engineThread.wait();
    return code;
}
