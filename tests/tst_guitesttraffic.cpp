// "Send test traffic": where it goes (the listener's own address, loopback for a wildcard)
// and the messages when it cannot go (not running, not listening, disabled, TLS); through a
// real engine and real backends on 127.0.0.1 it moves the listener's counters by exactly
// what it sent (TCP and UDP), the controller's history records it, and a run stops by itself
// within its bounds, also when nothing answers. The dashboard is then shot offscreen with
// the plot showing several series under test traffic.
#include "guienginefixture.h"
#include "nginxerrorlog.h" // freeUdpPort
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"
#include "testudpbackend.h"

#include <configdocument.h>
#include <dashboardpage.h>
#include <listenerspage.h>
#include <testtraffic.h>
#include <testtrafficdialog.h>
#include <trafficplot.h>
#include <trafficplotbar.h>

#include <QComboBox>
#include <QDir>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

namespace {

QString screenshotDir()
{
    const QString dir = QDir(QCoreApplication::applicationDirPath() + QStringLiteral("/../screenshots")).absolutePath();
    QDir().mkpath(dir);
    return dir;
}

QString save(QWidget *widget, const QString &name)
{
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
    }
    const QString path = screenshotDir() + u'/' + name + QStringLiteral(".png");
    if (!widget->grab().save(path))
        return QString();
    qInfo("screenshot: %s", qPrintable(path));
    return path;
}

ListenerStats listening(const QString &listen, const QString &protocol = QStringLiteral("tcp"))
{
    ListenerStats stats;
    stats.listen = listen;
    stats.protocol = protocol;
    stats.listening = true;
    return stats;
}

ListenerConfig listenerConfig(const QString &listen)
{
    ListenerConfig listener;
    listener.listen = listen;
    return listener;
}

const ListenerStats *statsOf(const StatsSnapshot &snapshot, quint16 port)
{
    for (const ListenerStats &stats : snapshot.listeners) {
        if (stats.listen.endsWith(u':' + QString::number(port)))
            return &stats;
    }
    return nullptr;
}

// Bytes the history holds for a series over the last hour: rate × covered time per bucket.
double recordedBytes(const TrafficHistory &history, const QString &series, double TrafficHistory::Sample::*direction)
{
    double bytes = 0;
    for (const auto &sample : history.samples(series, TrafficHistory::OneHour))
        bytes += sample.*direction * double(sample.coveredMs) / 1000.0;
    return bytes;
}

} // namespace

class GuiTestTrafficTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void targets_data();
    void targets();
    void refusals_data();
    void refusals();
    void dialogSaysWhenTheEngineIsStopped();
    void tcpTrafficMovesTheListenersCounters();
    void udpTrafficMovesTheListenersCounters();
    void stopsByItselfWhenNothingAnswers();
    void stopButtonEndsTheRun();
    void listenersPageSendsThroughTheRunningListener();
    void dashboardUnderTestTraffic();

private:
    bool start(const Config &config);
    StatsSnapshot freshSnapshot();
    // Starts the engine on `config` (one listener, on `port`) and gives the listener's counters
    // now and where test traffic goes; false (with *error) when it does not listen.
    bool startListener(const Config &config, quint16 port, ListenerStats *base, std::optional<TestTraffic::Target> *target, QString *error);
    // How far a listener counter moved since `base`, in the latest snapshot.
    quint64 countedSince(quint16 port, const ListenerStats &base, quint64 ListenerStats::*field) const;

    std::unique_ptr<EngineFixture> m_engine;
};

void GuiTestTrafficTest::init()
{
    m_engine = std::make_unique<EngineFixture>(100);
}

void GuiTestTrafficTest::cleanup()
{
    m_engine.reset();
}

bool GuiTestTrafficTest::start(const Config &config)
{
    QSignalSpy applied(m_engine->controller.get(), &EngineController::applyFinished);
    m_engine->controller->apply(config, QString());
    return applied.wait(10000) && applied.first().first().toBool();
}

bool GuiTestTrafficTest::startListener(const Config &config, quint16 port, ListenerStats *base, std::optional<TestTraffic::Target> *target,
                                       QString *error)
{
    if (!start(config)) {
        *error = QStringLiteral("the engine refused the config");
        return false;
    }
    const ListenerStats *stats = statsOf(freshSnapshot(), port);
    if (!stats || !stats->listening) {
        *error = QStringLiteral("listener %1 is not listening").arg(port);
        return false;
    }
    *base = *stats;
    *target = TestTraffic::targetFor(m_engine->controller->runningConfig()->listeners.first(), base, error);
    return target->has_value();
}

quint64 GuiTestTrafficTest::countedSince(quint16 port, const ListenerStats &base, quint64 ListenerStats::*field) const
{
    const ListenerStats *now = statsOf(m_engine->controller->lastSnapshot(), port);
    return now ? now->*field - base.*field : 0;
}

StatsSnapshot GuiTestTrafficTest::freshSnapshot()
{
    QSignalSpy stats(m_engine->controller.get(), &EngineController::statsUpdated);
    if (!stats.wait(5000))
        return StatsSnapshot();
    return stats.last().first().value<StatsSnapshot>();
}

void GuiTestTrafficTest::targets_data()
{
    QTest::addColumn<QString>("listen");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("udp");
    QTest::newRow("own address") << "127.0.0.1:30003" << "tcp" << "127.0.0.1" << 30003 << false;
    QTest::newRow("another loopback") << "127.0.0.2:30003" << "tcp" << "127.0.0.2" << 30003 << false;
    QTest::newRow("bare port: loopback") << "30003" << "tcp" << "127.0.0.1" << 30003 << false;
    QTest::newRow("0.0.0.0: loopback") << "0.0.0.0:30003" << "udp" << "127.0.0.1" << 30003 << true;
    QTest::newRow("[::]: ::1") << "[::]:30003" << "tcp" << "::1" << 30003 << false;
    QTest::newRow("[::1]") << "[::1]:30003" << "tcp" << "::1" << 30003 << false;
    QTest::newRow("range: first port") << "127.0.0.1:30010-30012" << "tcp" << "127.0.0.1" << 30010 << false;
}

void GuiTestTrafficTest::targets()
{
    QFETCH(QString, listen);
    QFETCH(QString, protocol);
    QFETCH(QString, address);
    QFETCH(int, port);
    QFETCH(bool, udp);
    const ListenerStats stats = listening(listen, protocol);
    QString error;
    const auto target = TestTraffic::targetFor(listenerConfig(listen), &stats, &error);
    QVERIFY2(target, qPrintable(error));
    QCOMPARE(target->address, QHostAddress(address));
    QCOMPARE(target->port, quint16(port));
    QCOMPARE(target->udp, udp);
}

void GuiTestTrafficTest::refusals_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("engine stopped") << 0 << "Listener 127.0.0.1:30003 is not running: start the engine";
    QTest::newRow("bind failed") << 1 << "Listener 127.0.0.1:30003 is not listening (bind() to 127.0.0.1:30003 failed (98: Address in use))";
    QTest::newRow("disabled") << 2 << "Listener 127.0.0.1:30003 is disabled";
    QTest::newRow("TLS") << 3 << "Listener 127.0.0.1:30003 terminates TLS";
    QTest::newRow("PROXY protocol") << 4 << "Listener 127.0.0.1:30003 expects a PROXY protocol header";
}

void GuiTestTrafficTest::refusals()
{
    QFETCH(int, kind);
    QFETCH(QString, expected);
    ListenerConfig listener = listenerConfig(QStringLiteral("127.0.0.1:30003"));
    ListenerStats stats = listening(listener.listen);
    if (kind == 1) {
        stats.listening = false;
        stats.error = QStringLiteral("bind() to 127.0.0.1:30003 failed (98: Address in use)");
    } else if (kind == 2) {
        stats.listening = false;
        stats.enabled = false;
    } else if (kind == 3) {
        listener.ssl.enabled = true;
    } else if (kind == 4) {
        listener.proxyProtocol.accept = true;
    }
    QString error;
    QVERIFY(!TestTraffic::targetFor(listener, kind == 0 ? nullptr : &stats, &error));
    QVERIFY2(error.startsWith(expected), qPrintable(error));
}

void GuiTestTrafficTest::dialogSaysWhenTheEngineIsStopped()
{
    QWidget parent;
    TestTrafficDialog *dialog = TestTrafficDialog::openFor(&parent, m_engine->controller.get(), QStringLiteral("127.0.0.1:30003"),
                                                           QStringLiteral("tcp"));
    QVERIFY(dialog->statusText().startsWith(QStringLiteral("Listener 127.0.0.1:30003 is not running")));
    QVERIFY(!dialog->traffic().isRunning());
    QVERIFY(!dialog->startButton()->isEnabled());
    QVERIFY(!dialog->stopButton()->isEnabled());
    QVERIFY(!save(dialog, QStringLiteral("testtraffic-not-running")).isEmpty());
    dialog->close();
}

void GuiTestTrafficTest::tcpTrafficMovesTheListenersCounters()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    ListenerStats baseStats;
    std::optional<TestTraffic::Target> target;
    QString error;
    QVERIFY2(startListener(proxyConfig(port, QStringList{backend.address()}, 1), port, &baseStats, &target, &error), qPrintable(error));
    TestTraffic traffic;
    TestTraffic::Plan plan;
    plan.connectionsPerSecond = 40;
    plan.durationMs = 1000;
    plan.payloadBytes = 3000;
    QSignalSpy finished(&traffic, &TestTraffic::finished);
    traffic.start(*target, plan);
    QVERIFY(traffic.isRunning());
    QVERIFY(finished.wait(plan.durationMs + plan.connectionTimeoutMs + 5000));
    QCOMPARE(finished.size(), 1);
    QVERIFY(!traffic.isRunning());
    const TestTraffic::Progress &progress = traffic.progress();
    QCOMPARE(progress.started, 40);
    QCOMPARE(progress.completed, 40);
    QCOMPARE(progress.failed, 0);
    QCOMPARE(progress.bytesSent, 40 * 3000);
    QCOMPARE(progress.bytesReceived, 40 * 3000);
    QVERIFY2(traffic.statusText().startsWith(QStringLiteral("Done: 40 of 40 connections, 40 answered, 0 failed")), qPrintable(traffic.statusText()));

    // The engine counted exactly that, and the controller's history recorded it.
    auto counted = [&](quint64 ListenerStats::*field) { return countedSince(port, baseStats, field); };
    QTRY_COMPARE_WITH_TIMEOUT(counted(&ListenerStats::bytesToClients), quint64(120000), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(counted(&ListenerStats::bytesFromClients), quint64(120000), 10000);
    QCOMPARE(counted(&ListenerStats::acceptedConnections), quint64(40));
    QTRY_COMPARE_WITH_TIMEOUT(counted(&ListenerStats::activeConnections) + baseStats.activeConnections, quint64(0), 10000);
    const TrafficHistory &history = m_engine->controller->trafficHistory();
    const QString series = TrafficHistory::listenerSeries(baseStats.listen, baseStats.protocol);
    QVERIFY(history.series().contains(series));
    QTRY_VERIFY_WITH_TIMEOUT(qAbs(recordedBytes(history, series, &TrafficHistory::Sample::fromClients) - 120000) < 0.5, 5000);
    QVERIFY(qAbs(recordedBytes(history, series, &TrafficHistory::Sample::toClients) - 120000) < 0.5);
}

void GuiTestTrafficTest::udpTrafficMovesTheListenersCounters()
{
    TestUdpBackend backend(TestUdpBackend::Mode::Echo);
    // Free for UDP: a TCP-free port may be another test's UDP socket (it failed so once, "not
    // listening", with the suite running two tests at a time).
    const quint16 port = freeUdpPort();
    ListenerStats baseStats;
    std::optional<TestTraffic::Target> target;
    QString error;
    QVERIFY2(startListener(proxyConfig(port, QStringList{backend.address()}, 1, ListenerConfig::Protocol::Udp), port, &baseStats, &target, &error), qPrintable(error));
    QVERIFY(target->udp);
    TestTraffic traffic;
    TestTraffic::Plan plan;
    plan.connectionsPerSecond = 20;
    plan.durationMs = 500;
    plan.payloadBytes = 1000;
    QSignalSpy finished(&traffic, &TestTraffic::finished);
    traffic.start(*target, plan);
    QVERIFY(finished.wait(plan.durationMs + plan.connectionTimeoutMs + 5000));
    QCOMPARE(traffic.progress().started, 10);
    QCOMPARE(traffic.progress().completed, 10);
    QCOMPARE(traffic.progress().bytesReceived, 10 * 1000);
    QCOMPARE(backend.received(), 10);

    auto counted = [&](quint64 ListenerStats::*field) { return countedSince(port, baseStats, field); };
    QTRY_COMPARE_WITH_TIMEOUT(counted(&ListenerStats::bytesToClients), quint64(10000), 10000);
    QCOMPARE(counted(&ListenerStats::bytesFromClients), quint64(10000));
    QCOMPARE(counted(&ListenerStats::datagramsFromClients), quint64(10));
    QCOMPARE(counted(&ListenerStats::datagramsToClients), quint64(10));
}

void GuiTestTrafficTest::stopsByItselfWhenNothingAnswers()
{
    TestBackend backend(TestBackend::Mode::Hold); // reads and never answers
    const quint16 port = findFreePort();
    ListenerStats baseStats;
    std::optional<TestTraffic::Target> target;
    QString error;
    QVERIFY2(startListener(proxyConfig(port, QStringList{backend.address()}, 1), port, &baseStats, &target, &error), qPrintable(error));
    TestTraffic traffic;
    TestTraffic::Plan plan;
    plan.connectionsPerSecond = 20;
    plan.durationMs = 500;
    plan.payloadBytes = 2000;
    plan.connectionTimeoutMs = 300;
    QSignalSpy finished(&traffic, &TestTraffic::finished);
    traffic.start(*target, plan);
    // Nobody calls stop(): the run ends when every connection has timed out.
    QVERIFY(finished.wait(plan.durationMs + plan.connectionTimeoutMs + 5000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(traffic.progress().started, 10);
    QCOMPARE(traffic.progress().completed, 0);
    QCOMPARE(traffic.progress().failed, 10);
    QCOMPARE(traffic.progress().bytesSent, 10 * 2000);
    QCOMPARE(traffic.progress().bytesReceived, 0);
    auto counted = [&](quint64 ListenerStats::*field) { return countedSince(port, baseStats, field); };
    QTRY_COMPARE_WITH_TIMEOUT(counted(&ListenerStats::bytesFromClients), quint64(20000), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(counted(&ListenerStats::activeConnections) + baseStats.activeConnections, quint64(0), 10000);
}

void GuiTestTrafficTest::stopButtonEndsTheRun()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    QVERIFY(start(proxyConfig(port, QStringList{backend.address()}, 1)));
    QVERIFY(statsOf(freshSnapshot(), port));
    QWidget parent;
    TestTrafficDialog *dialog = TestTrafficDialog::openFor(&parent, m_engine->controller.get(), QStringLiteral("127.0.0.1:%1").arg(port),
                                                           QStringLiteral("tcp"));
    QVERIFY2(dialog->traffic().isRunning(), qPrintable(dialog->statusText())); // the default plan: 20/s for 15 s
    QCOMPARE(dialog->traffic().plan().connections(), 300);
    QVERIFY(!dialog->startButton()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(dialog->traffic().progress().completed >= 3, 10000);
    QVERIFY(dialog->statusText().startsWith(QStringLiteral("Sending to 127.0.0.1:%1: ").arg(port)));
    QVERIFY(!save(dialog, QStringLiteral("testtraffic-running")).isEmpty());
    QSignalSpy finished(&dialog->traffic(), &TestTraffic::finished);
    dialog->stopButton()->click();
    QCOMPARE(finished.size(), 1);
    QVERIFY(!dialog->traffic().isRunning());
    QVERIFY(dialog->traffic().progress().started < 300);
    QVERIFY2(dialog->statusText().startsWith(QStringLiteral("Stopped: ")), qPrintable(dialog->statusText()));
    QVERIFY(dialog->startButton()->isEnabled());
    dialog->close();
}

void GuiTestTrafficTest::listenersPageSendsThroughTheRunningListener()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    MainWindow window(m_engine->controller.get(), &settings);
    window.setPrompt([](QMessageBox::Icon, const QString &, const QString &, QMessageBox::StandardButtons) { return QMessageBox::Ok; });
    window.document()->reset(proxyConfig(port, QStringList{backend.address()}, 1));
    window.showPage(MainWindow::ListenersPageIndex);
    window.listenersPage()->setCurrentIndex(0);

    // Stopped: the dialog says so and sends nothing.
    TestTrafficDialog *dialog = window.listenersPage()->sendTestTraffic();
    QVERIFY(dialog);
    QVERIFY2(dialog->statusText().startsWith(QStringLiteral("Listener 127.0.0.1:%1 is not running").arg(port)), qPrintable(dialog->statusText()));
    QVERIFY(!dialog->traffic().isRunning());
    dialog->close();

    QSignalSpy applied(m_engine->controller.get(), &EngineController::applyFinished);
    window.startEngine();
    QVERIFY(applied.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(statsOf(m_engine->controller->lastSnapshot(), port), 5000);
    dialog = window.listenersPage()->sendTestTraffic();
    QVERIFY(dialog);
    QVERIFY2(dialog->traffic().isRunning(), qPrintable(dialog->statusText()));
    QCOMPARE(dialog->traffic().target().port, port);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->traffic().progress().completed >= 1, 10000);
    dialog->close(); // closing stops the run
    QVERIFY(!dialog->traffic().isRunning());
}

void GuiTestTrafficTest::dashboardUnderTestTraffic()
{
    // Two listeners over two echo servers, test traffic through both at different rates.
    TestBackend first(TestBackend::Mode::Echo), second(TestBackend::Mode::Echo);
    const quint16 portA = findFreePort();
    const quint16 portB = findFreePort();
    Config config = proxyConfig(portA, QStringList{first.address(), second.address()}, 1);
    ListenerConfig b = config.listeners.first();
    b.listen = QStringLiteral("127.0.0.1:%1").arg(portB);
    config.listeners << b;

    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    MainWindow window(m_engine->controller.get(), &settings);
    window.setPrompt([](QMessageBox::Icon, const QString &, const QString &, QMessageBox::StandardButtons) { return QMessageBox::Ok; });
    window.resize(1100, 900);
    window.document()->reset(config);
    QSignalSpy applied(m_engine->controller.get(), &EngineController::applyFinished);
    window.startEngine();
    QVERIFY(applied.wait(10000));
    window.showPage(MainWindow::DashboardPageIndex);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY_WITH_TIMEOUT(statsOf(m_engine->controller->lastSnapshot(), portB), 5000);
    freshSnapshot();

    DashboardPage *dashboard = window.dashboardPage();
    dashboard->plotBar()->rangeCombo()->setCurrentIndex(TrafficHistory::OneMinute);
    auto *table = dashboard->findChild<QTableWidget *>(QStringLiteral("listenersTable"));
    QVERIFY(table);
    QTRY_COMPARE(table->rowCount(), 2);
    QList<TestTrafficDialog *> dialogs;
    const std::pair<int, int> plans[] = {{20, 4096}, {8, 16384}}; // per listener: connections/s, bytes each
    for (int row = 0; row < 2; ++row) {
        table->setCurrentCell(row, 0);
        TestTrafficDialog *dialog = dashboard->sendTestTraffic();
        QVERIFY(dialog);
        dialog->traffic().stop();
        TestTraffic::Plan plan;
        plan.connectionsPerSecond = plans[row].first;
        plan.durationMs = 6000;
        plan.payloadBytes = plans[row].second;
        dialog->setPlan(plan);
        dialog->start();
        QVERIFY(dialog->traffic().isRunning());
        dialogs << dialog;
    }
    for (TestTrafficDialog *dialog : std::as_const(dialogs)) {
        if (dialog->traffic().isRunning()) {
            QSignalSpy finished(&dialog->traffic(), &TestTraffic::finished);
            QVERIFY(finished.wait(20000));
        }
        QCOMPARE(dialog->traffic().progress().failed, 0);
    }
    QCOMPARE(dialogs[0]->traffic().progress().bytesReceived, 120 * 4096);
    QCOMPARE(dialogs[1]->traffic().progress().bytesReceived, 48 * 16384);
    QVERIFY(!save(dialogs[1], QStringLiteral("testtraffic-done")).isEmpty());
    for (TestTrafficDialog *dialog : std::as_const(dialogs))
        dialog->close();
    // A second more of snapshots, so the last buckets hold the traffic's end.
    for (int i = 0; i < 10; ++i)
        freshSnapshot();

    TrafficPlot *plot = dashboard->plot();
    const QStringList series = m_engine->controller->trafficHistory().series();
    QCOMPARE(series.size(), 5); // total, two listeners, two servers
    plot->setVisibleSeries(series);
    // The cursor where the traffic was at its fullest: every series has a value there.
    const QRect area = plot->plotArea();
    int bestX = -1;
    double best = 0;
    for (int x = area.right(); x > area.left(); --x) {
        const auto reading = plot->readingAt(x);
        if (reading && reading->values.size() == 5 && reading->values.first().sample.bytesPerSecond() > best) {
            best = reading->values.first().sample.bytesPerSecond();
            bestX = x;
        }
    }
    QVERIFY(bestX > 0);
    const QPointF pos(bestX, area.center().y());
    QMouseEvent move(QEvent::MouseMove, pos, plot->mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(plot, &move);
    const auto reading = plot->hoverReading();
    QVERIFY(reading);
    QCOMPARE(reading->values.size(), 5);
    QVERIFY(reading->values.first().sample.bytesPerSecond() > 0);
    QVERIFY(!save(&window, QStringLiteral("testtraffic-dashboard")).isEmpty());
    plot->setPaused(true);
    QVERIFY(!save(plot, QStringLiteral("testtraffic-plot-paused")).isEmpty());
}

QTEST_MAIN(GuiTestTrafficTest)
#include "tst_guitesttraffic.moc"
