// portier: the desktop program. Composition only: the engine runs in its own thread, the
// window shows what its StatsSnapshots say.
#include <configjson.h>
#include <demobackend.h>
#include <engine.h>
#include <errorlog.h>
#include <mainwindow.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QThread>

namespace {

// Loads and applies a config file in the engine's thread; returns the problems in words.
QStringList loadInto(Engine *engine, const QString &path)
{
    ConfigJson::LoadResult loaded = ConfigJson::load(path);
    ConfigJson::resolvePaths(&loaded.config, QFileInfo(path).absolutePath());
    QStringList problems;
    for (const ConfigIssue &issue : std::as_const(loaded.issues))
        problems << issue.toString();
    if (!problems.isEmpty())
        return problems;
    Engine::ApplyResult result;
    QMetaObject::invokeMethod(engine, [&] { result = engine->apply(loaded.config); }, Qt::BlockingQueuedConnection);
    for (const ConfigIssue &issue : std::as_const(result.issues))
        problems << issue.toString();
    return problems;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Portier"));
    QApplication::setOrganizationName(QStringLiteral("Portier"));
    QApplication::setApplicationVersion(QStringLiteral(PORTIER_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Portier, a desktop TCP/UDP load balancer."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOption({QStringLiteral("c"), QStringLiteral("config")}, QStringLiteral("The configuration file (JSON)."),
                                          QStringLiteral("file"));
    const QCommandLineOption demoOption(QStringLiteral("demo"), QStringLiteral("Also start two demo backends on 127.0.0.1:7773 and :7774."));
    parser.addOption(configOption);
    parser.addOption(demoOption);
    parser.process(app);

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
    QObject::connect(&engineThread, &QThread::finished, engine, &QObject::deleteLater);
    engineThread.start();

    MainWindow window;
    QObject::connect(engine, &Engine::statsUpdated, &window, &MainWindow::showStats);
    auto open = [&](const QString &path) {
        const QStringList problems = loadInto(engine, path);
        window.setConfigDescription(QObject::tr("Configuration: %1").arg(QDir::toNativeSeparators(path)));
        if (!problems.isEmpty())
            window.showError(QObject::tr("%1 has problems:\n\n%2").arg(path, problems.join(u'\n')));
    };
    QObject::connect(&window, &MainWindow::openRequested, &window, open);
    window.show();
    if (parser.isSet(configOption))
        open(parser.value(configOption));

    const int code = app.exec();
    QMetaObject::invokeMethod(engine, [engine] { engine->stop(); }, Qt::BlockingQueuedConnection);
    engineThread.quit();
    engineThread.wait();
    return code;
}
