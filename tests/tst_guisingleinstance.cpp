// One Portier per user, between real processes: this test binary runs copies of itself as
// the "second launch". A second instance hands over to the first (which is asked to show
// its window) and ends; without a first one it becomes the first; a socket left behind by
// an instance that crashed is taken over.
#include <singleinstance.h>

#include <QApplication>
#include <QDeadlineTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>
#include <cstdio>
#include <cstdlib>

namespace {

const char childVariable[] = "PORTIER_SINGLEINSTANCE_CHILD"; // the socket name
const char crashVariable[] = "PORTIER_SINGLEINSTANCE_CRASH"; // leave without cleaning up

int childMain(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    SingleInstance instance(qEnvironmentVariable(childVariable));
    const bool primary = instance.claim();
    std::printf("%s\n", primary ? "primary" : "secondary");
    std::fflush(stdout);
    if (qEnvironmentVariableIsSet(crashVariable))
        std::_Exit(0); // no destructors: the listening socket's file stays behind
    return 0;
}

QString runChild(const QString &name, bool crash = false, int *exitCode = nullptr)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(childVariable), name);
    if (crash)
        environment.insert(QString::fromLatin1(crashVariable), QStringLiteral("1"));
    process.setProcessEnvironment(environment);
    process.start(QCoreApplication::applicationFilePath(), {});
    // Let this process's event loop answer the child while it waits.
    QDeadlineTimer deadline(15000);
    while (process.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(10);
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
