// One Portier per user, between real processes: this test binary runs copies of itself as
// the "second launch". A second instance hands over to the first (which is asked to show
// its window, and to open the file of a second `--config FILE` in the main window, asking
// about unsaved changes first) and ends; without a first one it becomes the first; a socket
// left behind by an instance that crashed is taken over. The channel lives in the user's
// private runtime folder, and only this user's processes count: a folder or a socket of
// someone else's is refused, never trusted (run as root, the test plays the other user
// with setpriv as "nobody").
#include "guienginefixture.h"
#include "logcapture.h"
#include "testclient.h"

#include <configdocument.h>
#include <configjson.h>
#include <engine.h>
#include <enginecontroller.h>
#include <instancechannel.h>
#include <listenerspage.h>
#include <mainwindow.h>
#include <singleinstance.h>

#include <QApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QEventLoop>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QSocketNotifier>
#include <QStandardPaths>
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
#if !defined(Q_OS_WIN)
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace {

const char childVariable[] = "PORTIER_SINGLEINSTANCE_CHILD"; // the socket name
const char crashVariable[] = "PORTIER_SINGLEINSTANCE_CRASH"; // leave without cleaning up
const char openVariable[] = "PORTIER_SINGLEINSTANCE_OPEN";   // the second launch's --config
const char serveVariable[] = "PORTIER_SINGLEINSTANCE_SERVE"; // stay primary until stdin closes
const char rawVariable[] = "PORTIER_SINGLEINSTANCE_RAW";     // send "activate" without checking who answers
const char atVariable[] = "PORTIER_SINGLEINSTANCE_AT";       // claim at this time (ms since the epoch)
const char holdVariable[] = "PORTIER_SINGLEINSTANCE_HOLD";   // then answer later launches until this file exists
constexpr int nobody = 65534;

#if !defined(Q_OS_WIN)
// The "other user" of a primary: claims, says so, then reports whether anyone reached it.
int serveChild(QCoreApplication &app, SingleInstance &instance)
{
    bool reached = false;
    QObject::connect(&instance, &SingleInstance::activationRequested, &app, [&reached] { reached = true; });
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&app] { app.quit(); }); // EOF: the parent is done
    QTimer::singleShot(15000, &app, &QCoreApplication::quit);
    app.exec();
    std::printf("%s\n", reached ? "reached" : "untouched");
    return 0;
}

// A client that skips the owner check, as a hostile one would: did the primary answer?
int rawChild()
{
    QLocalSocket socket;
    socket.connectToServer(qEnvironmentVariable(childVariable));
    if (!socket.waitForConnected(5000)) {
        std::printf("not connected\n");
        return 0;
    }
    socket.write("activate\n");
    socket.waitForBytesWritten(5000);
    const bool answered = socket.waitForReadyRead(5000) && socket.readAll().startsWith("ok");
    std::printf("%s\n", answered ? "answered" : "dropped");
    return 0;
}
#endif

int childMain(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
#if !defined(Q_OS_WIN)
    if (qEnvironmentVariableIsSet(rawVariable))
        return rawChild();
#endif
    SingleInstance instance(qEnvironmentVariable(childVariable));
    if (qEnvironmentVariableIsSet(atVariable)) {
        const qint64 wait = qEnvironmentVariable(atVariable).toLongLong() - QDateTime::currentMSecsSinceEpoch();
        if (wait > 0)
            QThread::msleep(quint64(wait));
        else
            std::fprintf(stderr, "late by %lld ms\n", static_cast<long long>(-wait)); // the race was not arranged
    }
    const bool primary = instance.claim(qEnvironmentVariable(openVariable));
    std::printf("%s\n", primary ? (instance.isPrimary() ? "primary" : "alone") : "secondary");
    std::fflush(stdout);
    if (qEnvironmentVariableIsSet(holdVariable)) {
        const QString release = qEnvironmentVariable(holdVariable);
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &app, [&app, &release] {
            if (QFile::exists(release))
                app.quit();
        });
        poll.start(50);
        QTimer::singleShot(60000, &app, &QCoreApplication::quit);
        app.exec();
        return 0;
    }
#if !defined(Q_OS_WIN)
    if (qEnvironmentVariableIsSet(serveVariable))
        return serveChild(app, instance);
#endif
    if (qEnvironmentVariableIsSet(crashVariable))
        std::_Exit(0); // no destructors: the listening socket's file stays behind
    return 0;
}

// Starts this test binary as a second launch on the channel name (see childMain).
void startChild(QProcess &process, const QString &name, bool crash = false, const QString &open = QString(),
                const QString &workingDirectory = QString())
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(childVariable), name);
    if (crash)
        environment.insert(QString::fromLatin1(crashVariable), QStringLiteral("1"));
    if (!open.isEmpty())
        environment.insert(QString::fromLatin1(openVariable), open);
    process.setProcessEnvironment(environment);
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(QCoreApplication::applicationFilePath(), {});
}

QString runChild(const QString &name, bool crash = false, int *exitCode = nullptr, const QString &open = QString(),
                 const QString &workingDirectory = QString())
{
    QProcess process;
    // Runs this process's event loop, which answers the child, until the child has finished
    // (or could not start, or 15 s have passed).
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, [&loop](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            loop.quit();
    });
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    startChild(process, name, crash, open, workingDirectory);
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
    void busyFirstInstanceKeepsItsPlace();
    void firstLaunchBecomesPrimary();
    void crashedInstanceIsTakenOver();
    void simultaneousLaunchesElectOnePrimary();
    void launchWaitsForOneBecomingPrimary();
    void defaultAddressInRuntimeFolder();
    void fallbackFolderIsPrivate();
    void unsafeFolderRefused_data();
    void unsafeFolderRefused();
    void otherUsersPrimaryIsNotTrusted();
    void otherUsersConnectionIsDropped();
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

void SingleInstanceTest::busyFirstInstanceKeepsItsPlace()
{
    // A first instance too busy to answer within the second launch's connect timeout (its
    // event loop held by a long task; here: blocked in waitForFinished for twice that) is
    // still there: the second launch must neither take its channel over nor run as a second
    // one, but wait for it, so the request reaches the first once it is free again.
    const QString name = uniqueName();
    SingleInstance first(name);
    QVERIFY(first.claim());
    QSignalSpy activation(&first, &SingleInstance::activationRequested);
    QProcess child;
    startChild(child, name);
    QVERIFY(child.waitForStarted(15000));
    child.waitForFinished(4000); // busy for twice the connect timeout, not answering
    QTRY_COMPARE_WITH_TIMEOUT(activation.count(), 1, 15000); // free again: the waiting request is handled
    QVERIFY2(child.state() == QProcess::NotRunning || child.waitForFinished(15000), "the second launch did not end");
    QCOMPARE(QString::fromLatin1(child.readAllStandardOutput()).trimmed(), QStringLiteral("secondary"));
    QVERIFY(first.isPrimary());
    QCOMPARE(runChild(name), QStringLiteral("secondary")); // and the channel is still the first's
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

void SingleInstanceTest::simultaneousLaunchesElectOnePrimary()
{
    // Four launches at the same moment (a double click twice over, a login that starts it
    // while the user does): none finds a primary, so each would listen. Exactly one may; the
    // others must find it and hand over. They claim at one agreed time and all stay until
    // every one has answered, so a late one still finds the primary. (This race is not
    // certain to happen in a run; launchWaitsForOneBecomingPrimary is the deterministic form.)
    const QString name = uniqueName();
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString release = folder.filePath(QStringLiteral("release"));
    constexpr int launches = 4;
    std::vector<std::unique_ptr<QProcess>> processes;
    const qint64 at = QDateTime::currentMSecsSinceEpoch() + 2000; // started by then, under Wine too
    for (int i = 0; i < launches; ++i) {
        auto process = std::make_unique<QProcess>();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QString::fromLatin1(childVariable), name);
        environment.insert(QString::fromLatin1(atVariable), QString::number(at));
        environment.insert(QString::fromLatin1(holdVariable), release);
        process->setProcessEnvironment(environment);
        process->start(QCoreApplication::applicationFilePath(), {});
        processes.push_back(std::move(process));
    }
    QStringList answers;
    QByteArray late;
    const QDeadlineTimer deadline(60000);
    for (auto &process : processes) {
        while (!process->canReadLine() && process->state() != QProcess::NotRunning && !deadline.hasExpired())
            process->waitForReadyRead(200);
        answers << QString::fromLatin1(process->readLine()).trimmed();
    }
    QFile marker(release);
    QVERIFY(marker.open(QIODevice::WriteOnly)); // every one answered: they may go
    marker.close();
    for (auto &process : processes) {
        QVERIFY(process->waitForFinished(20000));
        late += process->readAllStandardError();
    }
    answers.sort();
    QVERIFY2(answers.join(u' ') == QStringLiteral("primary secondary secondary secondary"),
             qPrintable(answers.join(u' ') + QStringLiteral("; ") + QString::fromLatin1(late.trimmed())));
}

void SingleInstanceTest::launchWaitsForOneBecomingPrimary()
{
    // The race made certain: this test holds the lock, as a launch does while it becomes the
    // primary. A child launch claims at an agreed time and finds nobody; half a second later
    // a primary listens (a plain server here that answers "ok") and the test lets go of the
    // lock. The child must have waited for the lock, asked again and
    // handed over. Without the lock and the second ask it listened at once ("primary").
    const QString name = uniqueName();
    QLockFile lock(InstanceChannel::lockFilePath(name));
    QVERIFY2(lock.tryLock(0), qPrintable(InstanceChannel::lockFilePath(name)));
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(childVariable), name);
    const qint64 at = QDateTime::currentMSecsSinceEpoch() + 3000;
    environment.insert(QString::fromLatin1(atVariable), QString::number(at));
    child.setProcessEnvironment(environment);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForStarted(10000));

    QTest::qWait(int(qMax<qint64>(0, at + 500 - QDateTime::currentMSecsSinceEpoch())));
    QLocalServer primary;
    primary.setSocketOptions(QLocalServer::UserAccessOption);
    QVERIFY2(primary.listen(name), qPrintable(primary.errorString()));
    QByteArrayList requests;
    connect(&primary, &QLocalServer::newConnection, &primary, [&primary, &requests] {
        while (QLocalSocket *socket = primary.nextPendingConnection()) {
            connect(socket, &QLocalSocket::readyRead, socket, [socket, &requests] {
                if (!socket->canReadLine())
                    return;
                requests << socket->readLine();
                socket->write("ok\n");
                socket->flush();
                socket->disconnectFromServer();
            });
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    lock.unlock();

    QTRY_VERIFY_WITH_TIMEOUT(child.state() == QProcess::NotRunning, 20000);
    const QByteArray late = child.readAllStandardError();
    if (late.contains("late by"))
        QSKIP(qPrintable(QStringLiteral("the child started after the agreed time (%1), so the race was not arranged").arg(QString::fromLatin1(late.trimmed()))));
    QCOMPARE(QString::fromLatin1(child.readAllStandardOutput()).trimmed(), QStringLiteral("secondary"));
    QCOMPARE(requests, QByteArrayList{QByteArrayLiteral("activate\n")});
}

#if !defined(Q_OS_WIN)
namespace {

// Sets an environment variable for one scope (unset when value is null).
class ScopedEnvironment
{
public:
    ScopedEnvironment(const char *name, const QByteArray &value) : m_name(name), m_old(qgetenv(name)), m_wasSet(qEnvironmentVariableIsSet(name))
    {
        if (value.isNull())
            qunsetenv(name);
        else
            qputenv(name, value);
    }
    ~ScopedEnvironment()
    {
        if (m_wasSet)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }

private:
    const char *m_name;
    QByteArray m_old;
    bool m_wasSet;
};

// This test binary as user "nobody", in the role the environment gives it.
void startAsNobody(QProcess *process, const QProcessEnvironment &environment)
{
    process->setProcessEnvironment(environment);
    process->start(QStringLiteral("setpriv"), {QStringLiteral("--reuid=%1").arg(nobody), QStringLiteral("--regid=%1").arg(nobody),
                                               QStringLiteral("--clear-groups"), QCoreApplication::applicationFilePath()});
}

// A folder everyone may enter and write, as /tmp is, for sockets of two users.
QString sharedFolder(const QTemporaryDir &dir)
{
    ::chmod(QFile::encodeName(dir.path()).constData(), 01777);
    return dir.path();
}

bool canPlayAnotherUser()
{
    return ::geteuid() == 0 && !QStandardPaths::findExecutable(QStringLiteral("setpriv")).isEmpty();
}

} // namespace
#endif

void SingleInstanceTest::defaultAddressInRuntimeFolder()
{
#if defined(Q_OS_WIN)
    QString error;
    const std::optional<QString> address = InstanceChannel::defaultAddress(&error);
    QVERIFY2(address, qPrintable(error));
    QVERIFY(address->startsWith(QStringLiteral("portier-")));
    QVERIFY(!address->contains(u'/') && !address->contains(u'\\'));
    QCOMPARE(*InstanceChannel::defaultAddress(&error), *address); // one per user, the same each time
#else
    QTemporaryDir runtime; // 0700, ours: what logind makes
    ScopedEnvironment xdg("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
    QString error;
    const std::optional<QString> address = InstanceChannel::defaultAddress(&error);
    QVERIFY2(address, qPrintable(error));
    QCOMPARE(*address, runtime.filePath(QStringLiteral("portier-instance")));
    SingleInstance first(*address);
    QVERIFY(first.claim());
    QVERIFY(first.isPrimary());
    QSignalSpy activation(&first, &SingleInstance::activationRequested);
    QCOMPARE(runChild(*address), QStringLiteral("secondary"));
    QTRY_COMPARE(activation.count(), 1);
    QFileInfo socket(*address);
    QVERIFY(socket.exists());
    QCOMPARE(socket.ownerId(), uint(::geteuid()));
#endif
}

void SingleInstanceTest::fallbackFolderIsPrivate()
{
#if defined(Q_OS_WIN)
    QSKIP("Windows has no runtime folder: the channel is a named pipe with a per-user DACL (defaultAddressInRuntimeFolder)");
#else
    QTemporaryDir temp;
    ScopedEnvironment xdg("XDG_RUNTIME_DIR", QByteArray());
    ScopedEnvironment tmp("TMPDIR", QFile::encodeName(temp.path()));
    QString error;
    const std::optional<QString> address = InstanceChannel::defaultAddress(&error);
    QVERIFY2(address, qPrintable(error));
    const QString folder = temp.filePath(QStringLiteral("portier-%1").arg(::geteuid()));
    QCOMPARE(*address, folder + QStringLiteral("/portier-instance"));
    struct stat info = {};
    QCOMPARE(::lstat(QFile::encodeName(folder).constData(), &info), 0);
    QVERIFY(S_ISDIR(info.st_mode));
    QCOMPARE(info.st_mode & 0777, mode_t(0700));
    QVERIFY(InstanceChannel::defaultAddress(&error)); // and again, now that it exists
#endif
}

void SingleInstanceTest::unsafeFolderRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("open to others") << QStringLiteral("open") << QStringLiteral("open to other users");
    QTest::newRow("a link") << QStringLiteral("link") << QStringLiteral("not a folder");
    QTest::newRow("someone else's") << QStringLiteral("foreign") << QStringLiteral("not to you");
}

void SingleInstanceTest::unsafeFolderRefused()
{
#if defined(Q_OS_WIN)
    QSKIP("Windows has no runtime folder: the channel is a named pipe with a per-user DACL");
#else
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    // Planted where the fallback folder would be: /tmp is shared, anyone can put it there first.
    QTemporaryDir temp;
    ScopedEnvironment xdg("XDG_RUNTIME_DIR", QByteArray());
    ScopedEnvironment tmp("TMPDIR", QFile::encodeName(temp.path()));
    const QString folder = temp.filePath(QStringLiteral("portier-%1").arg(::geteuid()));
    if (kind == QStringLiteral("link")) {
        QVERIFY(QDir().mkpath(temp.filePath(QStringLiteral("elsewhere"))));
        QVERIFY(QFile::link(temp.filePath(QStringLiteral("elsewhere")), folder));
    } else {
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(::chmod(QFile::encodeName(folder).constData(), kind == QStringLiteral("open") ? 0777 : 0700) == 0);
        if (kind == QStringLiteral("foreign")) {
            if (::geteuid() != 0)
                QSKIP("giving a folder to another user needs root (CI runs the suite as root)");
            QVERIFY(::chown(QFile::encodeName(folder).constData(), nobody, nobody) == 0);
        }
    }
    QString error;
    QVERIFY(!InstanceChannel::defaultAddress(&error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.contains(folder), qPrintable(error));
#endif
}

void SingleInstanceTest::otherUsersPrimaryIsNotTrusted()
{
#if defined(Q_OS_WIN)
    QSKIP("needs a second Windows account; the owner check is GetNamedPipeServerProcessId and the token's SID");
#else
    if (!canPlayAnotherUser())
        QSKIP("playing another user needs root and setpriv (CI runs the suite as root)");
    // "nobody" got there first, in a shared folder (the old /tmp name was predictable).
    QTemporaryDir dir;
    const QString address = sharedFolder(dir) + QStringLiteral("/portier-instance");
    QProcess other;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(childVariable), address);
    environment.insert(QString::fromLatin1(serveVariable), QStringLiteral("1"));
    startAsNobody(&other, environment);
    QVERIFY(other.waitForStarted(5000));
    QVERIFY(other.waitForReadyRead(15000));
    QCOMPARE(other.readLine().trimmed(), QByteArray("primary"));
    QCOMPARE(QFileInfo(address).ownerId(), uint(nobody));

    // The victim opens a file: it runs alone instead of handing its launch over.
    SingleInstance victim(address);
    QVERIFY(victim.claim(QStringLiteral("/secret/customer.json")));
    QVERIFY(!victim.isPrimary());
    QVERIFY2(victim.warning().contains(QStringLiteral("another user")), qPrintable(victim.warning()));
    QVERIFY(QFileInfo::exists(address)); // not ours to remove

    other.closeWriteChannel();
    QVERIFY(other.waitForFinished(15000));
    QCOMPARE(other.readAllStandardOutput().trimmed(), QByteArray("untouched"));
#endif
}

void SingleInstanceTest::otherUsersConnectionIsDropped()
{
#if defined(Q_OS_WIN)
    QSKIP("needs a second Windows account; the owner check is GetNamedPipeClientProcessId and the token's SID");
#else
    if (!canPlayAnotherUser())
        QSKIP("playing another user needs root and setpriv (CI runs the suite as root)");
    QTemporaryDir dir;
    const QString address = sharedFolder(dir) + QStringLiteral("/portier-instance");
    SingleInstance first(address);
    QVERIFY(first.claim());
    QVERIFY(first.isPrimary());
    QSignalSpy activation(&first, &SingleInstance::activationRequested);
    // Past the socket's 0700 (as if a folder or mode let it through): the owner check still holds.
    QVERIFY(::chmod(QFile::encodeName(address).constData(), 0777) == 0);

    QProcess other;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(childVariable), address);
    environment.insert(QString::fromLatin1(rawVariable), QStringLiteral("1"));
    startAsNobody(&other, environment);
    QVERIFY(other.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(other.state() == QProcess::NotRunning, 20000); // runs this loop, which answers (or not)
    QCOMPARE(other.readAllStandardOutput().trimmed(), QByteArray("dropped"));
    QCOMPARE(activation.count(), 0);
#endif
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
