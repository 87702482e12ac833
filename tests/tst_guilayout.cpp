// The main window's layouts at the sizes people use: at 800×500 the window is no larger than
// the screen, every field of every page (Dashboard, Listeners, Upstream groups, Certificates,
// Connections, the Log dock, Preferences) can be scrolled into view whole, and the
// dashboard's tables show at least three rows; at 2560×1440 no field stretches across the
// screen; splitters come back where the user left them. The same checks run again at
// QT_SCALE_FACTOR 1.5 and 2 in a child process (the factor must be set before QApplication),
// where the window's minimum size times the scale must fit a 1440×900 screen.
#include "guienginefixture.h"
#include "layoutchecks.h"

#include <connectionspage.h>
#include <logspage.h>
#include <serversview.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScreen>
#include <QSplitter>
#include <QTemporaryDir>

using namespace LayoutChecks;

namespace {

// Rows in the dashboard's tables: more listeners and servers than three rows hold.
StatsSnapshot busySnapshot()
{
    StatsSnapshot snapshot;
    snapshot.time = QDateTime::currentDateTime();
    for (int i = 0; i < 5; ++i) {
        ListenerStats listener;
        listener.listen = QStringLiteral("127.0.0.1:%1").arg(30003 + i);
        listener.protocol = QStringLiteral("tcp");
        listener.listening = true;
        listener.activeConnections = quint64(3 * i);
        listener.acceptedConnections = quint64(120 * i);
        listener.bytesFromClients = quint64(4096) << i;
        listener.bytesToClients = quint64(65536) << i;
        snapshot.listeners << listener;
    }
    for (int i = 0; i < 6; ++i) {
        ServerStats server;
        server.upstream = QStringLiteral("backend");
        server.address = QStringLiteral("127.0.0.1:%1").arg(7773 + i);
        server.activeConnections = quint64(i);
        server.selectedTotal = quint64(40 * i);
        snapshot.servers << server;
    }
    return snapshot;
}

} // namespace

class LayoutTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void minimumSizeFitsScreen();
    void everyFieldReachableAtSmallSize();
    void dashboardTablesKeepRows();
    void preferencesFitScreen();
    void fieldsStayReadableOnWideScreens();
    void splittersRemembered();
    void screenshots_data();
    void screenshots();
    void atScale_data();
    void atScale();

private:
    qreal scale() const { return qApp->devicePixelRatio(); }
    void showAt(const QSize &size);

    std::unique_ptr<WindowFixture> m_fixture;
    MainWindow *m_window = nullptr;
};

void LayoutTest::initTestCase()
{
    QApplication::setStyle(QStringLiteral("Fusion"));
    // In the child the factor must have taken: a run at 1× would pass for the wrong reason.
    const QByteArray factor = qgetenv("QT_SCALE_FACTOR");
    if (!factor.isEmpty())
        QCOMPARE(scale(), factor.toDouble());
}

void LayoutTest::init()
{
    m_fixture = std::make_unique<WindowFixture>();
    m_window = &m_fixture->window;
    m_window->document()->reset(fullConfig());
}

void LayoutTest::cleanup()
{
    m_fixture.reset();
}

void LayoutTest::showAt(const QSize &size)
{
    m_window->resize(size);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    settle();
}

void LayoutTest::minimumSizeFitsScreen()
{
    showAt(smallWindow());
    const QSize screen = screenFor(scale());
    const QSize minimum = m_window->minimumSizeHint().expandedTo(m_window->minimumSize());
    QVERIFY2(minimum.width() <= screen.width() && minimum.height() <= screen.height(),
             qPrintable(QStringLiteral("minimum %1×%2 at scale %3; the screen holds %4×%5 (%6)")
                            .arg(minimum.width())
                            .arg(minimum.height())
                            .arg(scale())
                            .arg(screen.width())
                            .arg(screen.height())
                            .arg(minimumSizes(m_window))));
    qInfo("minimum %d×%d at scale %g (the screen: %d×%d)", minimum.width(), minimum.height(), scale(), screen.width(), screen.height());
    m_window->resize(screen);
    settle();
    QCOMPARE(m_window->size(), screen);
}

void LayoutTest::everyFieldReachableAtSmallSize()
{
    showAt(screenFor(scale()));
    m_window->logsDock()->show();
    QStringList problems;
    const std::pair<MainWindow::Page, const char *> pages[] = {
        {MainWindow::DashboardPageIndex, "Dashboard"},       {MainWindow::ListenersPageIndex, "Listeners"},
        {MainWindow::UpstreamsPageIndex, "Upstream groups"}, {MainWindow::CertificatesPageIndex, "Certificates"},
        {MainWindow::ConnectionsPageIndex, "Connections"},
    };
    for (const auto &[page, name] : pages) {
        m_window->showPage(page);
        settle();
        QWidget *shown = m_window->findChild<QStackedWidget *>(QStringLiteral("pages"))->currentWidget();
        for (const QString &problem : unreachableFields(shown))
            problems << QLatin1StringView(name) + QStringLiteral(": ") + problem;
    }
    for (const QString &problem : unreachableFields(m_window->logsPage()))
        problems << QStringLiteral("Log: ") + problem;
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void LayoutTest::dashboardTablesKeepRows()
{
    showAt(screenFor(scale()));
    m_window->logsDock()->show();
    m_window->showPage(MainWindow::DashboardPageIndex);
    settle();
    QStringList problems;
    for (const char *name : {"listenersTable", "serversTable"}) {
        auto *table = m_window->dashboardPage()->findChild<QTableView *>(QLatin1StringView(name));
        QVERIFY2(table, name);
        // A table below the fold is reached as a form's field is: scrolled into view.
        for (QWidget *w = table->parentWidget(); w; w = w->parentWidget()) {
            if (auto *scroll = qobject_cast<QScrollArea *>(w)) {
                scrollTo(scroll, table);
                break;
            }
        }
        settle();
        if (const QString problem = tooFewRows(table, 3); !problem.isEmpty())
            problems << problem;
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void LayoutTest::preferencesFitScreen()
{
    PreferencesDialog dialog(m_window);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QSize screen = screenFor(scale());
    const QSize minimum = dialog.minimumSizeHint().expandedTo(dialog.minimumSize());
    QVERIFY2(minimum.width() <= screen.width() && minimum.height() <= screen.height(),
             qPrintable(QStringLiteral("preferences need %1×%2").arg(minimum.width()).arg(minimum.height())));
    dialog.resize(minimum);
    settle();
    QStringList problems;
    auto *tabs = dialog.findChild<QTabWidget *>(QStringLiteral("preferencesTabs"));
    QVERIFY(tabs);
    for (int i = 0; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        settle();
        for (const QString &problem : unreachableFields(tabs->currentWidget()))
            problems << tabs->tabText(i) + QStringLiteral(": ") + problem;
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void LayoutTest::fieldsStayReadableOnWideScreens()
{
    showAt(QSize(2560, 1440));
    m_window->logsDock()->hide();
    QStringList problems;
    for (const MainWindow::Page page : {MainWindow::ListenersPageIndex, MainWindow::UpstreamsPageIndex, MainWindow::CertificatesPageIndex}) {
        m_window->showPage(page);
        settle();
        problems << overWideFields(m_window->findChild<QStackedWidget *>(QStringLiteral("pages"))->currentWidget(), 900);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void LayoutTest::splittersRemembered()
{
    showAt(QSize(1200, 800));
    m_window->showPage(MainWindow::DashboardPageIndex);
    settle();
    auto *splitter = m_window->dashboardPage()->findChild<QSplitter *>(QStringLiteral("splitter"));
    QVERIFY(splitter);
    QList<int> sizes = splitter->sizes();
    QCOMPARE(sizes.size(), 2);
    const int total = sizes.at(0) + sizes.at(1);
    // The user drags the handle: the plot gets a third of the height.
    splitter->setSizes({total / 3, total - total / 3});
    emit splitter->splitterMoved(total / 3, 1);
    const QList<int> chosen = splitter->sizes();
    m_window->setTrayAvailable(true); // closing hides the window and saves its state
    m_window->close();
    m_fixture->settings.sync();

    // A new window on the same settings puts the handle back.
    MainWindow again(m_fixture->engine.controller.get(), &m_fixture->settings);
    again.document()->reset(fullConfig());
    again.resize(1200, 800);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    again.showPage(MainWindow::DashboardPageIndex);
    settle();
    auto *restored = again.dashboardPage()->findChild<QSplitter *>(QStringLiteral("splitter"));
    QTRY_COMPARE(restored->sizes(), chosen);
}

void LayoutTest::screenshots_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("small") << screenFor(scale());
    QTest::newRow("1440x900") << QSize(1440, 900);
    QTest::newRow("2560x1440") << QSize(2560, 1440);
}

// Every page at each size into <build>/screenshots/sizes, for people to look at.
void LayoutTest::screenshots()
{
    QFETCH(QSize, size);
    const QString dir = QDir(QCoreApplication::applicationDirPath() + QStringLiteral("/../screenshots/sizes")).absolutePath();
    QVERIFY(QDir().mkpath(dir));
    const QString prefix = QStringLiteral("%1/%2x%3@%4x-").arg(dir).arg(size.width()).arg(size.height()).arg(scale());
    showAt(size);
    m_window->logsDock()->show();
    emit m_fixture->engine.controller->statsUpdated(busySnapshot());
    const std::pair<MainWindow::Page, const char *> pages[] = {
        {MainWindow::DashboardPageIndex, "1-dashboard"},       {MainWindow::ListenersPageIndex, "2-listeners"},
        {MainWindow::UpstreamsPageIndex, "3-upstreams"},       {MainWindow::CertificatesPageIndex, "4-certificates"},
        {MainWindow::ConnectionsPageIndex, "5-connections"},
    };
    for (const auto &[page, name] : pages) {
        m_window->showPage(page);
        settle();
        QVERIFY(m_window->grab().save(prefix + QLatin1StringView(name) + QStringLiteral(".png")));
    }
    // The first start: nothing configured, the guide on the Dashboard.
    m_window->document()->reset(Config());
    m_window->showPage(MainWindow::DashboardPageIndex);
    settle();
    QVERIFY(m_window->grab().save(prefix + QStringLiteral("0-first-start.png")));
    PreferencesDialog preferences(m_window);
    preferences.show();
    QVERIFY(QTest::qWaitForWindowExposed(&preferences));
    settle();
    QVERIFY(preferences.grab().save(prefix + QStringLiteral("6-preferences.png")));
}

void LayoutTest::atScale_data()
{
    QTest::addColumn<QString>("factor");
    QTest::newRow("1.5") << QStringLiteral("1.5");
    QTest::newRow("2") << QStringLiteral("2");
}

// The checks above in a process of their own at the factor; here only in the parent.
void LayoutTest::atScale()
{
    if (qEnvironmentVariableIsSet("QT_SCALE_FACTOR"))
        QFAIL("atScale runs only in the parent process");
    QFETCH(QString, factor);
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_SCALE_FACTOR"), factor);
#if !defined(Q_OS_WIN)
    // Windows keeps its own platform: Qt's offscreen one does not run under Wine.
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
#endif
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::MergedChannels);
    // The child's results go to a file: a Windows GUI program's stdout does not reach a pipe
    // under Wine.
    QTemporaryDir dir;
    const QString results = dir.filePath(QStringLiteral("child.txt"));
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("minimumSizeFitsScreen"), QStringLiteral("everyFieldReachableAtSmallSize"),
                 QStringLiteral("dashboardTablesKeepRows"), QStringLiteral("preferencesFitScreen"), QStringLiteral("screenshots:small"),
                 QStringLiteral("-o"), results + QStringLiteral(",txt")});
    QVERIFY(child.waitForFinished(120000));
    QFile file(results);
    const QByteArray output = child.readAll() + (file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(no results file)"));
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, output.constData());
    QVERIFY2(output.contains("Totals: 7 passed, 0 failed, 0 skipped"), output.constData());
}

QTEST_MAIN(LayoutTest)
#include "tst_guilayout.moc"
