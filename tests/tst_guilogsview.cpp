// The error log live in the window: with a real engine in its own thread and a backend port
// on 127.0.0.1 that refuses connections, the Log dock shows the "connect() failed ...
// Connection refused" line within a second of the engine writing it, and a click on its "*N"
// shows that connection's lines only. The view's own tools on a log of the test's: level
// filter, search, pause with a count, copy, save, and the bounded ring.
#include "guienginefixture.h"
#include "testbackend.h"
#include "testclient.h"

#include <configdocument.h>

#include <logfiltermodel.h>
#include <logmodel.h>
#include <logspage.h>

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLineEdit>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <mutex>

namespace {

// The row of the view's first line containing text, or -1.
int shownRow(const LogsPage &page, const QString &text)
{
    const QStringList lines = page.shownLines();
    for (int i = 0; i < lines.size(); ++i) {
        if (lines.at(i).contains(text))
            return i;
    }
    return -1;
}

} // namespace

class GuiLogsViewTest : public QObject
{
    Q_OBJECT

private slots:
    void refusedUpstreamShowsWithinASecondAndByConnection();
    void keepsUpWithTraffic();
    void levelAndTextFilters();
    void pauseHoldsAndCounts();
    void copyAndSaveWriteTheLinesAsTheFileHasThem();
    void ringKeepsTheNewest();
};

void GuiLogsViewTest::refusedUpstreamShowsWithinASecondAndByConnection()
{
    WindowFixture fixture;
    fixture.window.resize(1100, 700);
    fixture.window.show();
    LogsPage *page = fixture.window.logsPage();
    QVERIFY(page);
    QVERIFY(fixture.window.logsDock()->isVisible());

    // When the engine writes the refused line, seen from the log itself (any thread).
    std::mutex mutex;
    QElapsedTimer clock;
    clock.start();
    qint64 writtenAt = -1;
    const int observer = fixture.engine.engine->errorLog()->addObserver([&](ErrorLog::Level, quint64, const QString &line) {
        std::lock_guard locker(mutex);
        if (writtenAt < 0 && line.contains(QLatin1StringView("Connection refused")))
            writtenAt = clock.elapsed();
    });
    auto cleanup = qScopeGuard([&] { fixture.engine.engine->errorLog()->removeObserver(observer); });

    const quint16 refused = findFreePort(); // nothing listens there: connect() is refused
    const quint16 port = findFreePort();
    Config config;
    config.workers = 1;
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    ServerConfig server;
    server.address = QStringLiteral("127.0.0.1:%1").arg(refused);
    upstream.servers << server;
    config.upstreams << upstream;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:%1").arg(port);
    listener.proxyPass = QStringLiteral("backend");
    config.listeners << listener;
    fixture.engine.controller->apply(config, fixture.dir.path());
    QTRY_VERIFY_WITH_TIMEOUT(fixture.engine.controller->isRunning(), 10000);

    TestClient first;
    QVERIFY(first.connectTo(port));
    QVERIFY(first.waitForClose(10000)); // the engine gave up on the refused server
    QTRY_VERIFY_WITH_TIMEOUT(shownRow(*page, QStringLiteral("Connection refused")) >= 0, 10000);
    qint64 shownAt = clock.elapsed();
    {
        std::lock_guard locker(mutex);
        QVERIFY(writtenAt >= 0);
        shownAt -= writtenAt;
    }
    // The QTRY loop looks every 50 ms, so this is an upper bound of the hand-off's delay.
    qInfo("the refused line was in the view %lld ms after the engine wrote it", shownAt);
    QVERIFY2(shownAt < 1000, qPrintable(QStringLiteral("shown %1 ms after it was written").arg(shownAt)));

    // A second connection, so the filter has lines to leave out.
    TestClient second;
    QVERIFY(second.connectTo(port));
    QVERIFY(second.waitForClose(10000));
    QTRY_VERIFY_WITH_TIMEOUT(page->shownLines().filter(QStringLiteral("Connection refused")).size() >= 2, 10000);

    const int row = shownRow(*page, QStringLiteral("Connection refused"));
    QTableView *view = page->findChild<QTableView *>(QStringLiteral("view"));
    const QModelIndex cell = view->model()->index(row, LogModel::ConnectionColumn);
    const quint64 connection = cell.data(LogModel::ConnectionRole).toULongLong();
    QVERIFY(connection > 0);
    QCOMPARE(cell.data().toString(), QStringLiteral("*%1").arg(connection));
    view->scrollTo(cell);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());

    QCOMPARE(page->filter()->connection(), connection);
    QCOMPARE(page->findChild<QLineEdit *>(QStringLiteral("connectionEdit"))->text(), QStringLiteral("*%1").arg(connection));
    const QStringList lines = page->shownLines();
    QVERIFY(!lines.isEmpty());
    for (const QString &line : lines)
        QVERIFY2(line.contains(QStringLiteral(": *%1 ").arg(connection)), qPrintable(line));
    QVERIFY(page->model()->rowCount() > lines.size()); // the other connection's lines are there, not shown
    QVERIFY2(page->statusText().contains(QStringLiteral("connection *%1").arg(connection)), qPrintable(page->statusText()));

    // Typed by hand, with or without the star; a slot for the connections view to come.
    fixture.window.showConnectionLog(0);
    QCOMPARE(page->filter()->connection(), quint64(0));
    QCOMPARE(page->shownLines().size(), page->model()->rowCount());
}

void GuiLogsViewTest::keepsUpWithTraffic()
{
    // A group of a refused port (max_fails=0: never taken out) and an echo server: about half
    // the connections log a refused connect and go on to the echo server.
    WindowFixture fixture;
    fixture.window.resize(1100, 760);
    fixture.window.show();
    TestBackend echo(TestBackend::Mode::Echo, QStringLiteral("echo"));
    const quint16 refused = findFreePort();
    const quint16 port = findFreePort();
    Config config;
    config.workers = 2;
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    for (const QString &address : {QStringLiteral("127.0.0.1:%1").arg(refused), echo.address()}) {
        ServerConfig server;
        server.address = address;
        server.maxFails = 0;
        upstream.servers << server;
    }
    config.upstreams << upstream;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:%1").arg(port);
    listener.proxyPass = QStringLiteral("backend");
    config.listeners << listener;
    fixture.window.document()->reset(config);
    fixture.window.showPage(MainWindow::DashboardPageIndex);
    fixture.window.applyConfig();
    QTRY_VERIFY_WITH_TIMEOUT(fixture.engine.controller->isRunning(), 10000);

    constexpr int connections = 200;
    for (int i = 0; i < connections; ++i) {
        TestClient client;
        QVERIFY(client.connectTo(port));
        QVERIFY(client.sendAll(QByteArray(512, 'x')));
        QCOMPARE(client.readSome(512, 10000).size() > 0, true);
        if (i % 20 == 0)
            QCoreApplication::processEvents(); // the window lives on meanwhile, as it would
    }
    // Every refused line the engine wrote (the capture sees them as written) is in the view.
    const QString refusedText = QStringLiteral("Connection refused");
    const int written = fixture.engine.log->count(refusedText);
    QVERIFY2(written >= connections / 4, qPrintable(QString::number(written)));
    LogsPage *page = fixture.window.logsPage();
    QTRY_COMPARE_WITH_TIMEOUT(int(page->shownLines().filter(refusedText).size()), written, 10000);

    const QString screens = qEnvironmentVariable("PORTIER_SCREENSHOT_DIR");
    if (!screens.isEmpty()) {
        QSignalSpy stats(fixture.engine.controller.get(), &EngineController::statsUpdated);
        QVERIFY(stats.wait(5000));
        QVERIFY(fixture.window.grab().save(screens + QStringLiteral("/logs-view.png")));
        page->showConnection(page->model()->entry(page->model()->rowCount() - 1).connection);
        QVERIFY(fixture.window.grab().save(screens + QStringLiteral("/logs-view-connection.png")));
        page->showConnection(0);
    }
}

void GuiLogsViewTest::levelAndTextFilters()
{
    auto log = std::make_shared<ErrorLog>();
    log->setStderrEnabled(false);
    log->configure(ErrorLogConfig{QString(), QStringLiteral("debug"), {}}, nullptr);
    LogsPage page;
    page.attach(log);
    log->write(ErrorLog::Level::Error, 7, QStringLiteral("connect() failed (111: Connection refused)"));
    log->write(ErrorLog::Level::Warn, 8, QStringLiteral("upstream timed out"));
    log->write(ErrorLog::Level::Notice, QStringLiteral("listening on 127.0.0.1:1"));
    log->write(ErrorLog::Level::Info, 7, QStringLiteral("client closed"));
    QTRY_COMPARE(page.model()->rowCount(), 4);
    QCOMPARE(page.model()->entry(0).message(), QStringLiteral("connect() failed (111: Connection refused)"));
    QCOMPARE(page.model()->entry(2).connection, quint64(0));
    QCOMPARE(page.model()->entry(2).message(), QStringLiteral("listening on 127.0.0.1:1"));

    auto *level = page.findChild<QComboBox *>(QStringLiteral("levelCombo"));
    level->setCurrentIndex(level->findData(int(ErrorLog::Level::Warn)));
    QCOMPARE(page.shownLines().size(), 2);
    level->setCurrentIndex(level->findData(int(ErrorLog::Level::Debug)));
    page.findChild<QLineEdit *>(QStringLiteral("searchEdit"))->setText(QStringLiteral("REFUSED"));
    QCOMPARE(page.shownLines().size(), 1);
    QVERIFY2(page.statusText().contains(QStringLiteral("1 of 4 line")), qPrintable(page.statusText()));
    page.findChild<QLineEdit *>(QStringLiteral("searchEdit"))->clear();
    page.findChild<QLineEdit *>(QStringLiteral("connectionEdit"))->setText(QStringLiteral("7"));
    QCOMPARE(page.shownLines().size(), 2);
    page.findChild<QLineEdit *>(QStringLiteral("connectionEdit"))->setText(QStringLiteral("x"));
    QCOMPARE(page.shownLines().size(), 4); // not a number: no filter, and the field says so in red
}

void GuiLogsViewTest::pauseHoldsAndCounts()
{
    auto log = std::make_shared<ErrorLog>();
    log->setStderrEnabled(false);
    LogsPage page;
    page.attach(log);
    log->write(ErrorLog::Level::Error, QStringLiteral("before"));
    QTRY_COMPARE(page.model()->rowCount(), 1);
    page.setPaused(true);
    for (int i = 0; i < 5; ++i)
        log->write(ErrorLog::Level::Error, QStringLiteral("held %1").arg(i));
    QTRY_COMPARE(page.heldLines(), 5);
    QCOMPARE(page.model()->rowCount(), 1);
    QVERIFY2(page.statusText().contains(QStringLiteral("paused: 5 new line")), qPrintable(page.statusText()));
    page.setPaused(false);
    QCOMPARE(page.model()->rowCount(), 6);
    QCOMPARE(page.heldLines(), 0);
    QVERIFY(page.model()->entry(5).line.endsWith(QLatin1StringView("held 4")));
}

void GuiLogsViewTest::copyAndSaveWriteTheLinesAsTheFileHasThem()
{
    auto log = std::make_shared<ErrorLog>();
    log->setStderrEnabled(false);
    LogsPage page;
    page.attach(log);
    for (int i = 0; i < 3; ++i)
        log->write(ErrorLog::Level::Error, quint64(i + 1), QStringLiteral("line %1").arg(i));
    QTRY_COMPARE(page.model()->rowCount(), 3);
    QTableView *view = page.findChild<QTableView *>(QStringLiteral("view"));
    view->selectionModel()->select(view->model()->index(0, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    view->selectionModel()->select(view->model()->index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    page.copySelected();
    const QString copied = QApplication::clipboard()->text();
    QCOMPARE(copied, page.model()->entry(0).line + u'\n' + page.model()->entry(2).line + u'\n');
    QVERIFY(copied.contains(QLatin1StringView("[error]")) && copied.contains(QLatin1StringView(": *3 line 2")));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("saved.log"));
    QString error;
    page.showConnection(2);
    QVERIFY2(page.saveShown(path, &error), qPrintable(error));
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(saved.readAll()), page.model()->entry(1).line + u'\n');
    QVERIFY(!page.saveShown(dir.filePath(QStringLiteral("no/such/folder/x.log")), &error));
    QVERIFY(!error.isEmpty());
}

void GuiLogsViewTest::ringKeepsTheNewest()
{
    auto log = std::make_shared<ErrorLog>();
    log->setStderrEnabled(false);
    LogsPage page;
    page.model()->setCapacity(100);
    page.attach(log);
    for (int i = 0; i < 250; ++i)
        log->write(ErrorLog::Level::Error, QStringLiteral("n%1.").arg(i));
    QTRY_VERIFY(page.model()->rowCount() == 100 && page.model()->entry(99).line.endsWith(QLatin1StringView("n249.")));
    QVERIFY(page.model()->entry(0).line.endsWith(QLatin1StringView("n150.")));
    QCOMPARE(page.model()->discarded(), quint64(150));
    QCOMPARE(LogModel::defaultCapacity, 10000);
}

QTEST_MAIN(GuiLogsViewTest)
#include "tst_guilogsview.moc"
