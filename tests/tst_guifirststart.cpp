// The first start: with nothing configured the window opens on the Dashboard with a guide
// (add a listener, import an nginx config, open the sample) that goes once something is
// configured; "Open the sample" opens the user's copy in the config folder, never the
// bundled file, which Save leaves as it was.
#include "guienginefixture.h"

#include <configdocument.h>
#include <firststartguide.h>
#include <listenerspage.h>
#include <sampleconfig.h>

#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTest>

namespace {

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace

class FirstStartTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void guideOnEmptyConfigGoesWithFirstListener();
    void guideNotShownWithConfig();
    void openSampleOpensUserCopy();

private:
    QString bundledSample() const { return SampleConfig::bundledPath(QCoreApplication::applicationDirPath()); }
};

void FirstStartTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // the config folder under ~/.qttest
    QCoreApplication::setOrganizationName(QStringLiteral("PortierTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_guifirststart"));
}

void FirstStartTest::init()
{
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)).removeRecursively();
}

void FirstStartTest::guideOnEmptyConfigGoesWithFirstListener()
{
    WindowFixture fixture;
    MainWindow &window = fixture.window;
    window.showPage(MainWindow::ListenersPageIndex); // as a saved page would
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *guide = window.findChild<FirstStartGuide *>();
    QVERIFY(guide);
    QVERIFY(guide->isVisible());
    QCOMPARE(window.findChild<QStackedWidget *>(QStringLiteral("pages"))->currentIndex(), int(MainWindow::DashboardPageIndex));

    // "Add a listener": the Listeners page with a new listener, and the guide is gone.
    auto *add = guide->findChild<QPushButton *>(QStringLiteral("guideAddListener"));
    QVERIFY(add);
    add->click();
    QCOMPARE(window.document()->config().listeners.size(), 1);
    QCOMPARE(window.findChild<QStackedWidget *>(QStringLiteral("pages"))->currentIndex(), int(MainWindow::ListenersPageIndex));
    QVERIFY(guide->isHidden());

    // Nothing configured again (undo): the guide comes back.
    window.document()->undoStack()->undo();
    QVERIFY(window.document()->config().listeners.isEmpty());
    QVERIFY(!guide->isHidden());
}

void FirstStartTest::guideNotShownWithConfig()
{
    WindowFixture fixture;
    Config config;
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    upstream.servers << ServerConfig{QStringLiteral("127.0.0.1:7773")};
    config.upstreams << upstream;
    fixture.window.document()->reset(config);
    fixture.window.showPage(MainWindow::UpstreamsPageIndex);
    fixture.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&fixture.window));
    QVERIFY(fixture.window.findChild<FirstStartGuide *>()->isHidden());
    QCOMPARE(fixture.window.findChild<QStackedWidget *>(QStringLiteral("pages"))->currentIndex(), int(MainWindow::UpstreamsPageIndex));
}

void FirstStartTest::openSampleOpensUserCopy()
{
    const QString bundled = bundledSample();
    const QByteArray before = fileHash(bundled);
    QVERIFY2(!before.isEmpty(), qPrintable(bundled));
    const QString tracked = QStringLiteral(PORTIER_SOURCE_DIR "/resources/samples/portier-sample.json");
    const QByteArray trackedBefore = fileHash(tracked);
    QVERIFY2(!trackedBefore.isEmpty(), qPrintable(tracked));

    WindowFixture fixture;
    MainWindow &window = fixture.window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.findChild<FirstStartGuide *>()->findChild<QPushButton *>(QStringLiteral("guideOpenSample"))->click();

    const QString opened = window.document()->filePath();
    QCOMPARE(opened, SampleConfig::userCopyPath());
    QVERIFY(opened.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)));
    QVERIFY2(!QDir::cleanPath(opened).startsWith(QDir::cleanPath(QStringLiteral(PORTIER_SOURCE_DIR))), qPrintable(opened));
    QCOMPARE(window.document()->config().listeners.size(), 1);
    QVERIFY(window.findChild<FirstStartGuide *>()->isHidden());

    // An edit saved goes to the copy; the bundled sample stays as it was.
    Config edited = window.document()->config();
    edited.listeners[0].listen = QStringLiteral("127.0.0.1:30004");
    window.document()->edit(edited, QStringLiteral("port"));
    QVERIFY(window.save());
    QCOMPARE(fileHash(bundled), before);
    QCOMPARE(fileHash(tracked), trackedBefore);
    QFile copy(opened);
    QVERIFY(copy.open(QIODevice::ReadOnly));
    QVERIFY(copy.readAll().contains("127.0.0.1:30004"));

    // Opening the sample again keeps the user's edits.
    window.openSample();
    QCOMPARE(window.document()->config().listeners.at(0).listen, QStringLiteral("127.0.0.1:30004"));
}

QTEST_MAIN(FirstStartTest)
#include "tst_guifirststart.moc"
