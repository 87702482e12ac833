// One Portier per user, between real processes: this test binary runs copies of itself as
// the "second launch". A second instance hands over to the first (which is asked to show
// its window, and to open the file of a second `--config FILE` in the main window, asking
// about unsaved changes first) and ends; without a first one it becomes the first; a socket
// left behind by an instance that crashed is taken over.
#include "guienginefixture.h"
#include "logcapture.h"
#include "testclient.h"

#include <configdocument.h>
#include <configjson.h>
#include <engine.h>
#include <enginecontroller.h>
#include <listenerspage.h>
#include <mainwindow.h>
#include <singleinstance.h>

#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QUuid>
#include <cstdio>
#include <cstdlib>

namespace {

const char childVariable[] = "PORTIER_SINGLEINSTANCE_CHILD"; // the socket name
const char crashVariable[] = "PORTIER_SINGLEINSTANCE_CRASH"; // leave without cleaning up
const char openVariable[] = "PORTIER_SINGLEINSTANCE_OPEN";   // the second launch's --config

int childMain(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    SingleInstance instance(qEnvironmentVariable(childVariable));
    const bool primary = instance.claim(qEnvironmentVariable(openVariable));
    std::printf("%s\n", primary ? "primary" : "secondary");
    std::fflush(stdout);
    if (qEnvironmentVariableIsSet(crashVariable))
        std::_Exit(0); // no destructors: the listening socket's file stays behind
    return 0;
}

QString runChild(const QString &name, bool crash = false, int *exitCode = nullptr, const QString &open = QString(),
                 const QString &workingDirectory = QString())
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(childVariable), name);
    if (crash)
        environment.insert(QString::fromLatin1(crashVariable), QStringLiteral("1"));
    if (!open.isEmpty())
        environment.insert(QString::fromLatin1(openVariable), open);
    process.setProcessEnvironment(environment);
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    // Runs this process's event loop, which answers the child, until the child has finished
    // (or could not start, or 15 s have passed).
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, [&loop](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            loop.quit();
    });
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    process.start(QCoreApplication::applicationFilePath(), {});
    if (process.state() != QProcess::NotRunning)
        loop.exec();
    if (exitCode)
        *exitCode = process.exitCode();
    return QString::fromLatin1(process.readAllStandardOutput()).trimmed();
}


QString uniqueName()
{
    return QStringLiteral("portier-test-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
}

} // namespace

class SingleInstanceTest : public QObject
{
    Q_OBJECT

private slots:
    void secondLaunchRaisesFirst();
    void secondLaunchOpensFileInFirst();
    void firstLaunchBecomesPrimary();
    void crashedInstanceIsTakenOver();
    void defaultNameIsPerUser();
};

void SingleInstanceTest::secondLaunchRaisesFirst()
{
    const QString name = uniqueName();
    SingleInstance first(name);
    QVERIFY(first.claim());
    QVERIFY(first.isPrimary());
    QSignalSpy activation(&first, &SingleInstance::activationRequested);
    int exitCode = -1;
    QCOMPARE(runChild(name, false, &exitCode), QStringLiteral("secondary"));
    QCOMPARE(exitCode, 0);
    QTRY_COMPARE(activation.count(), 1);
    // And again: the first instance keeps answering.
    QCOMPARE(runChild(name), QStringLiteral("secondary"));
    QTRY_COMPARE(activation.count(), 2);
}

void SingleInstanceTest::secondLaunchOpensFileInFirst()
{
    // The first instance, wired as src/app/portier.cpp wires it, with unsaved edits.
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    EngineFixture engine;
    EngineController *controller = engine.controller.get();
    auto window = std::make_unique<MainWindow>(controller, &settings);
    QStringList asked;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    window->setPrompt([&](QMessageBox::Icon, const QString &, const QString &text, QMessageBox::StandardButtons) {
        asked << text;
        return answer;
    });
    window->listenersPage()->addListener();
    QVERIFY(window->document()->isModified());
    const Config edited = window->document()->config();

    const QString name = uniqueName();
    SingleInstance first(name);
    QVERIFY(first.claim());
    connect(&first, &SingleInstance::activationRequested, window.get(), &MainWindow::showAndRaise);
    connect(&first, &SingleInstance::openRequested, window.get(), &MainWindow::openFromCommandLine);
    QSignalSpy opened(&first, &SingleInstance::openRequested);

    // The file the second launch names, relative to its own working directory.
    Config config;
    config.workers = 1;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:%1").arg(findFreePort());
    listener.proxyPass = QStringLiteral("127.0.0.1:%1").arg(findFreePort());
    config.listeners << listener;
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("configs")));
    const QString path = dir.filePath(QStringLiteral("configs/handoff.json"));
    QString error;
    QVERIFY2(ConfigJson::save(config, path, &error), qPrintable(error));

    // Cancel at the unsaved-changes question: the edits stay.
    QCOMPARE(runChild(name, false, nullptr, QStringLiteral("configs/handoff.json"), dir.path()), QStringLiteral("secondary"));
    QTRY_COMPARE(opened.count(), 1);
    QCOMPARE(opened.last().at(0).toString(), QFileInfo(path).absoluteFilePath());
    QTRY_COMPARE(asked.size(), 1);
    QVERIFY2(asked.first().contains(QStringLiteral("not saved")), qPrintable(asked.first()));
    QVERIFY(window->isVisible());
    QCOMPARE(window->document()->config(), edited);
    QVERIFY(window->document()->filePath().isEmpty());

    // Discard: the file opens, and the stopped engine starts with it, as --config does.
    answer = QMessageBox::Discard;
    QCOMPARE(runChild(name, false, nullptr, path), QStringLiteral("secondary"));
    QTRY_COMPARE(opened.count(), 2);
    QTRY_COMPARE(window->document()->filePath(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(asked.size(), 2);
    QCOMPARE(window->document()->config(), config);
    QVERIFY(!window->document()->isModified());
    QTRY_COMPARE(controller->state(), EngineController::State::Running);
    QCOMPARE(*controller->runningConfig(), config);

}

void SingleInstanceTest::firstLaunchBecomesPrimary()
{
    QCOMPARE(runChild(uniqueName()), QStringLiteral("primary"));
}

void SingleInstanceTest::crashedInstanceIsTakenOver()
{
    const QString name = uniqueName();
    QCOMPARE(runChild(name, true), QStringLiteral("primary"));
    SingleInstance next(name);
    QVERIFY(next.claim()); // nobody answers on the old socket: take it over
    QSignalSpy activation(&next, &SingleInstance::activationRequested);
    QCOMPARE(runChild(name), QStringLiteral("secondary"));
    QTRY_COMPARE(activation.count(), 1);
}

void SingleInstanceTest::defaultNameIsPerUser()
{
    const QString name = SingleInstance::defaultName();
    QVERIFY(name.startsWith(QStringLiteral("portier-")));
    QCOMPARE(name, SingleInstance::defaultName());
    QVERIFY(!name.contains(u'/'));
}

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsSet(childVariable))
        return childMain(argc, argv);
    QApplication app(argc, argv);
    SingleInstanceTest test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_guisingleinstance.moc"
