// portierd: the headless twin of Portier. The same Engine, driven by a config file and
// by signals (SIGHUP re-reads the file, SIGINT/SIGTERM stop), with no Widgets linked.
#include "apicommands.h"
#include "passphraseprompt.h"

#include <apiserver.h>

#include <configbackup.h>
#include <configjson.h>
#include <configvalidator.h>
#include <demobackend.h>
#include <engine.h>
#include <errorlog.h>
#include <hostresolver.h>
#include <nginxcommandline.h>
#include <platform/signalwatcher.h>
#include <platform/stoprequest.h>
#include <preflight.h>
#include <tls/certificatecommand.h>
#if defined(Q_OS_WIN)
#include "windowsservice.h"
#else
class WindowsService;
#endif

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QHostAddress>
#include <cstdio>

namespace {

void printLine(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

void report(ErrorLog *log, const QString &message)
{
    if (log)
        log->write(ErrorLog::Level::Emerg, message);
    else
        printLine(stderr, QStringLiteral("portierd: ") + message);
}

// A file that does not load or validate: name the last good version, if it would run, and
// how to take it back. Never used silently: the file the user names is the one that runs.
void offerBackup(const QString &path, ErrorLog *log)
{
    const std::optional<ConfigBackup> backup = ConfigBackup::find(path);
    if (!backup)
        return;
    ConfigIssues issues = backup->issues;
    QStringList warnings;
    if (issues.isEmpty())
        issues = Preflight::check(backup->resolvedConfig(), &warnings);
    if (issues.isEmpty())
        report(log, QStringLiteral("%1 (the version before the last save) passes --check; to go back to it: cp %2 %3")
                        .arg(backup->describe(), backup->path, path));
    else
        report(log, QStringLiteral("%1 does not pass --check either: %2").arg(backup->describe(), issues.constFirst().toString()));
}

// Reads, resolves and validates the file; prints every problem. nullopt when unusable.
std::optional<Config> readConfig(const QString &path, ErrorLog *log)
{
    ConfigJson::LoadResult loaded = ConfigJson::load(path);
    ConfigJson::resolvePaths(&loaded.config, QFileInfo(path).absolutePath());
    // Report the file's problems and the values' problems together: one pass to fix it all.
    loaded.issues += ConfigValidator::validate(loaded.config);
    if (loaded.issues.isEmpty() && !log) // --check: host names must resolve too (blocking is fine here)
        loaded.issues += HostResolver::check(loaded.config);
    if (loaded.issues.isEmpty())
        return loaded.config;
    for (const ConfigIssue &issue : std::as_const(loaded.issues))
        report(log, path + QStringLiteral(": ") + issue.toString());
    offerBackup(path, log);
    return std::nullopt;
}

// Encrypted keys without a passphrase_file: their passphrases, typed on the terminal.
bool askPassphrases(const QString &path, const Config &config, ErrorLog *log)
{
    const ConfigIssues issues = PassphrasePrompt::askAll(config);
    for (const ConfigIssue &issue : issues)
        report(log, path + QStringLiteral(": ") + issue.toString());
    return issues.isEmpty();
}

struct Demo
{
    std::unique_ptr<DemoBackend> first;
    std::unique_ptr<DemoBackend> second;
};

bool startDemo(Demo *demo)
{
    demo->first = std::make_unique<DemoBackend>(QStringLiteral("backend 7773"));
    demo->second = std::make_unique<DemoBackend>(QStringLiteral("backend 7774"));
    for (auto [backend, port] : {std::pair{demo->first.get(), quint16(7773)}, std::pair{demo->second.get(), quint16(7774)}}) {
        if (!backend->listen(QHostAddress::LocalHost, port)) {
            printLine(stderr, QStringLiteral("portierd: --demo: cannot listen on 127.0.0.1:%1 (%2); is another demo running?")
                                  .arg(port).arg(backend->errorString()));
            return false;
        }
    }
    printLine(stderr, QStringLiteral("portierd: demo backends answer on 127.0.0.1:7773 and 127.0.0.1:7774"));
    return true;
}

// Prints what an --export-nginx or --import-nginx run has to say and hands back its exit code.
int finish(const NginxCommandLine::Outcome &outcome)
{
    for (const QString &message : outcome.messages)
        printLine(stderr, message);
    if (!outcome.output.isEmpty()) {
        std::fwrite(outcome.output.constData(), 1, size_t(outcome.output.size()), stdout);
        std::fflush(stdout);
    }
    return outcome.exitCode;
}

// Runs the engine on the file until a signal, a console event or the service manager stops it.
// service: the Windows service connection when running under the SCM, else null.
int serve(const QString &path, bool demoRequested, WindowsService *service)
{
    SignalWatcher signalWatcher;
    Engine engine;
    const std::optional<Config> config = readConfig(path, engine.errorLog().get());
    if (!config || !askPassphrases(path, *config, engine.errorLog().get()))
        return 1;

    Demo demo;
    if (demoRequested && !startDemo(&demo))
        return 1;

    engine.resolveHostNames(*config); // before serving: the first connections find their servers
    const Engine::ApplyResult result = engine.apply(*config);
    if (!result.applied) {
        for (const ConfigIssue &issue : result.issues)
            engine.errorLog()->write(ErrorLog::Level::Emerg, path + QStringLiteral(": ") + issue.toString());
        return 1;
    }
    const auto listening = engine.snapshot().listeners;
    if (!listening.isEmpty() && std::none_of(listening.begin(), listening.end(), [](const ListenerStats &l) { return l.listening; })) {
        engine.errorLog()->write(ErrorLog::Level::Emerg, QStringLiteral("no listener could start; exiting"));
        return 1;
    }
    // A config PUT through the API is applied as SIGHUP's is, and written to the file first
    // (keeping the old one as .bak), so a restart or a SIGHUP runs what the API applied.
    ApiServer api(&engine, [&engine, path](const Config &received) -> ConfigIssues {
        Config resolved = received;
        ConfigJson::resolvePaths(&resolved, QFileInfo(path).absolutePath());
        QString error;
        if (!ConfigJson::save(received, path, &error))
            return {{QString(), QStringLiteral("not applied: cannot write %1: %2").arg(path, error)}};
        const Engine::ApplyResult applied = engine.apply(resolved);
        return applied.issues;
    });
    if (const QString error = api.apply(*config); !error.isEmpty()) {
        engine.errorLog()->write(ErrorLog::Level::Emerg, path + QStringLiteral(": ") + error);
        return 1;
    }
    QObject::connect(&engine, &Engine::applied, &api, [&api, &engine] {
        if (const QString error = api.apply(engine.config()); !error.isEmpty())
            engine.errorLog()->write(ErrorLog::Level::Error, error + QStringLiteral("; the API stays as it was"));
    });
    engine.errorLog()->write(ErrorLog::Level::Notice, QStringLiteral("portierd %1 started with %2 worker threads from %3")
                                                          .arg(QStringLiteral(PORTIER_VERSION)).arg(engine.workerCount()).arg(path));

    QObject::connect(&signalWatcher, &SignalWatcher::reloadRequested, &engine, [&engine, path] {
        ErrorLog *log = engine.errorLog().get();
        log->write(ErrorLog::Level::Notice, QStringLiteral("signal SIGHUP received, reconfiguring from %1").arg(path));
        const std::optional<Config> fresh = readConfig(path, log);
        if (!fresh) {
            log->write(ErrorLog::Level::Error, QStringLiteral("reload refused; the running configuration stays"));
            return;
        }
        const Engine::ApplyResult applied = engine.apply(*fresh);
        if (!applied.applied)
            log->write(ErrorLog::Level::Error, QStringLiteral("reload refused; the running configuration stays"));
        else
            log->write(ErrorLog::Level::Notice, QStringLiteral("reconfigured%1").arg(applied.issues.isEmpty() ? QString()
                                                                                                           : QStringLiteral(", with errors above")));
    });
    const auto terminate = [&engine](const QString &name) {
        engine.errorLog()->write(ErrorLog::Level::Notice, QStringLiteral("signal %1 received, exiting").arg(name));
        engine.stop();
        QCoreApplication::quit();
    };
    QObject::connect(&signalWatcher, &SignalWatcher::reopenRequested, &engine, [&engine] {
        engine.errorLog()->write(ErrorLog::Level::Notice, QStringLiteral("signal SIGUSR1 received, reopening logs"));
        engine.errorLog()->reopen();
        engine.reopenAccessLogs();
    });
    QObject::connect(&signalWatcher, &SignalWatcher::terminateRequested, &engine, terminate);
#if defined(Q_OS_WIN)
    if (service) {
        QObject::connect(service, &WindowsService::stopRequested, &engine, terminate);
        service->reportRunning();
    }
#else
    Q_UNUSED(service)
#endif

    const int code = QCoreApplication::exec();
    engine.errorLog()->write(ErrorLog::Level::Notice, QStringLiteral("exit"));
    return code;
}

// portierd --stop PID: the request is sent; the other portierd stops in its own time.
int requestStop(const QString &pidText)
{
    bool ok = false;
    const qint64 pid = pidText.toLongLong(&ok);
    QString error;
    if (!ok || pid <= 0)
        error = QStringLiteral("--stop: \"%1\" is not a process id; give portierd's, the number before '#' in its log lines")
                    .arg(pidText);
    else if (StopRequest::send(pid, &error))
        return 0;
    printLine(stderr, QStringLiteral("portierd: ") + error);
    return 1;
}

#if defined(Q_OS_WIN)
int manageService(bool install, const QString &configPath)
{
    QString error;
    if (install && configPath.isEmpty())
        error = QStringLiteral("--install-service needs the configuration the service runs: --config FILE");
    else if (install ? WindowsService::install(configPath, &error) : WindowsService::uninstall(&error))
        error.clear();
    if (!error.isEmpty()) {
        printLine(stderr, QStringLiteral("portierd: ") + error);
        return 1;
    }
    printLine(stderr, install ? QStringLiteral("portierd: service portierd installed (starts at boot); start it now with: net start portierd")
                              : QStringLiteral("portierd: service portierd removed"));
    return 0;
}
#endif

} // namespace

int main(int argc, char *argv[])
{
    // Qt's own UNIX event dispatcher instead of glib's, in every thread: measured here at
    // 61 vs 76 us of CPU per proxied connection. Must be set before the first event loop.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("portierd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PORTIER_VERSION));
    if (CertificateCommand::isRequested(app.arguments())) // --cert-info FILE, --gen-cert ...
        return CertificateCommand::run(app.arguments());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Portier's headless TCP/UDP load balancer (nginx stream {} compatible).\n"
        "Certificates: portierd --cert-info FILE; portierd --gen-cert --cn NAME [--san NAME ...] --out-cert F --out-key F"
        " [--days N] [--key-type rsa|ecdsa]"));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption configOption({QStringLiteral("c"), QStringLiteral("config")}, QStringLiteral("The configuration file (JSON)."),
                                          QStringLiteral("file"));
    const QCommandLineOption checkOption({QStringLiteral("t"), QStringLiteral("check")},
                                         QStringLiteral("Check the configuration file and exit: 0 when usable, 1 listing every problem."));
    const QCommandLineOption demoOption(QStringLiteral("demo"),
                                        QStringLiteral("Also start two demo backends on 127.0.0.1:7773 and 127.0.0.1:7774."));
    const QCommandLineOption exportOption(QStringLiteral("export-nginx"),
                                          QStringLiteral("Write the configuration (--config) as nginx stream {} syntax and exit."));
    const QCommandLineOption standaloneOption(QStringLiteral("standalone"),
                                              QStringLiteral("With --export-nginx: a complete nginx.conf instead of a stream {} block to include."));
    const QCommandLineOption nginxVersionOption(QStringLiteral("nginx-version"),
                                                QStringLiteral("With --export-nginx: the nginx release to write for (default 1.22, Debian 12's)."),
                                                QStringLiteral("X.Y"));
    const QCommandLineOption importOption(QStringLiteral("import-nginx"),
                                          QStringLiteral("Read an nginx config's stream {} block (and its includes) as a Portier configuration and exit."),
                                          QStringLiteral("nginx.conf"));
    const QCommandLineOption outputOption({QStringLiteral("o"), QStringLiteral("output")},
                                          QStringLiteral("With --export-nginx or --import-nginx: write to this file instead of standard output."),
                                          QStringLiteral("file"));
    parser.addOption(configOption);
    parser.addOption(checkOption);
    parser.addOption(demoOption);
    parser.addOption(exportOption);
    parser.addOption(standaloneOption);
    parser.addOption(nginxVersionOption);
    parser.addOption(importOption);
    parser.addOption(outputOption);
    const QCommandLineOption stopOption(QStringLiteral("stop"),
                                        QStringLiteral("Ask the portierd with this process id to stop gracefully, as Ctrl+C or SIGTERM would, and exit."),
                                        QStringLiteral("pid"));
    parser.addOption(stopOption);
    const QCommandLineOption statusOption(QStringLiteral("status"),
                                          QStringLiteral("Print the listeners and servers of the portierd running with --config FILE, through its API, and exit."));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("With --status: print JSON."));
    const QCommandLineOption tokenFileOption(QStringLiteral("token-file"),
                                             QStringLiteral("With --status, --drain, --disable or --enable: read the API token from this file (default: $PORTIER_API_TOKEN)."),
                                             QStringLiteral("file"));
    const QCommandLineOption newTokenOption(QStringLiteral("new-api-token"),
                                            QStringLiteral("Make an API token with this name, print it and the line for the config's \"api\" section, and exit."),
                                            QStringLiteral("name"));
    const QCommandLineOption writeOption(QStringLiteral("write"), QStringLiteral("With --new-api-token: the token may change things, not only read."));
    const QCommandLineOption drainOption(QStringLiteral("drain"),
                                         QStringLiteral("Through the API of the portierd running with --config FILE: give the server no new connections; "
                                                        "those it has finish."),
                                         QStringLiteral("group/server"));
    const QCommandLineOption disableOption(QStringLiteral("disable"), QStringLiteral("The same: mark the server down (no new connections)."),
                                           QStringLiteral("group/server"));
    const QCommandLineOption enableOption(QStringLiteral("enable"), QStringLiteral("The same: take the server back (ends a drain or a down)."),
                                          QStringLiteral("group/server"));
    for (const QCommandLineOption &option : {statusOption, jsonOption, tokenFileOption, newTokenOption, writeOption, drainOption, disableOption, enableOption})
        parser.addOption(option);
#if defined(Q_OS_WIN)
    const QCommandLineOption installServiceOption(QStringLiteral("install-service"),
                                                  QStringLiteral("Register portierd as a Windows service that starts at boot with --config FILE, and exit."));
    const QCommandLineOption uninstallServiceOption(QStringLiteral("uninstall-service"), QStringLiteral("Stop and remove the portierd service, and exit."));
    QCommandLineOption serviceOption(QStringLiteral("service"), QStringLiteral("Run under the Service Control Manager (set by --install-service)."));
    serviceOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(installServiceOption);
    parser.addOption(uninstallServiceOption);
    parser.addOption(serviceOption);
#endif
    // Not parser.process(): on Windows, Qt 6.4 shows --help, --version and usage errors in a
    // message box whenever the process has no console window of its own (under Wine, from a
    // service manager, through some remote shells), and nothing reaches the console. A
    // console program prints them.
    if (!parser.parse(QCoreApplication::arguments())) {
        printLine(stderr, QStringLiteral("portierd: ") + parser.errorText() + QStringLiteral(" (see portierd --help)"));
        return 2;
    }
    if (parser.isSet(helpOption) || parser.isSet(QStringLiteral("help-all"))) {
        printLine(stdout, parser.helpText().trimmed());
        return 0;
    }
    if (parser.isSet(versionOption)) {
        printLine(stdout, QStringLiteral("portierd ") + QCoreApplication::applicationVersion());
        return 0;
    }
    if (parser.isSet(stopOption))
        return requestStop(parser.value(stopOption));
    if (parser.isSet(newTokenOption))
        return ApiCommands::newToken(parser.value(newTokenOption), parser.isSet(writeOption));
    for (const QCommandLineOption *steering : {&drainOption, &disableOption, &enableOption}) {
        if (!parser.isSet(*steering))
            continue;
        if (!parser.isSet(configOption)) {
            printLine(stderr, QStringLiteral("portierd: --%1 needs the running portierd's configuration file: --config FILE").arg(steering->names().constFirst()));
            return 2;
        }
        return ApiCommands::steer(parser.value(configOption), parser.value(tokenFileOption), steering->names().constFirst(), parser.value(*steering));
    }
    if (parser.isSet(statusOption)) {
        if (!parser.isSet(configOption)) {
            printLine(stderr, QStringLiteral("portierd: --status needs the running portierd's configuration file: --config FILE"));
            return 2;
        }
        return ApiCommands::status(parser.value(configOption), parser.value(tokenFileOption), parser.isSet(jsonOption));
    }
#if defined(Q_OS_WIN)
    if (parser.isSet(installServiceOption) || parser.isSet(uninstallServiceOption))
        return manageService(parser.isSet(installServiceOption), parser.value(configOption));
#endif

    if (parser.isSet(importOption) && parser.isSet(exportOption)) {
        printLine(stderr, QStringLiteral("portierd: --import-nginx and --export-nginx go one way each; run them one at a time"));
        return 2;
    }
    if (parser.isSet(importOption))
        return finish(NginxCommandLine::importNginx(parser.value(importOption), parser.value(outputOption)));
    if (parser.isSet(exportOption)) {
        if (!parser.isSet(configOption)) {
            printLine(stderr, QStringLiteral("portierd: --export-nginx needs the configuration to export: --config FILE"));
            return 2;
        }
        return finish(NginxCommandLine::exportNginx({parser.value(configOption), parser.value(outputOption), parser.isSet(standaloneOption),
                                                     parser.value(nginxVersionOption)}));
    }

    if (!parser.isSet(configOption)) {
        printLine(stderr, QStringLiteral("portierd: no configuration file; run portierd --config FILE (see --help)"));
        return 2;
    }
    const QString path = parser.value(configOption);

    if (parser.isSet(checkOption)) {
        const std::optional<Config> checked = readConfig(path, nullptr);
        if (!checked)
            return 1;
        // Keys asked for at start are asked for here too when on a terminal (as nginx -t
        // does), so the check opens them; without one, the check fails as the start would.
        for (const QString &line : PassphrasePrompt::willAsk(*checked))
            printLine(stderr, QStringLiteral("portierd: note: ") + path + QStringLiteral(": ") + line);
        if (!askPassphrases(path, *checked, nullptr))
            return 1;
        // The same preflight every apply runs (files, keys, log folder, workers, addresses,
        // ports), binding each listener once without keeping it.
        QStringList warnings;
        const ConfigIssues machineIssues = Preflight::check(*checked, &warnings);
        for (const QString &warning : std::as_const(warnings))
            printLine(stderr, QStringLiteral("portierd: warning: ") + path + QStringLiteral(": ") + warning);
        for (const ConfigIssue &issue : machineIssues)
            printLine(stderr, QStringLiteral("portierd: ") + path + QStringLiteral(": ") + issue.toString());
        if (!machineIssues.isEmpty())
            return 1;
        printLine(stderr, QStringLiteral("portierd: the configuration file %1 syntax is ok").arg(path));
        printLine(stderr, QStringLiteral("portierd: configuration file %1 test is successful").arg(path));
        return 0;
    }

#if defined(Q_OS_WIN)
    if (parser.isSet(serviceOption)) {
        WindowsService service;
        QString error;
        if (!service.start(&error)) {
            printLine(stderr, QStringLiteral("portierd: ") + error);
            return 1;
        }
        const int code = serve(path, parser.isSet(demoOption), &service);
        service.reportStopped(code);
        return code;
    }
#endif
    return serve(path, parser.isSet(demoOption), nullptr);
}
