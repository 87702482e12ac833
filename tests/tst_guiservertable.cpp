// The dashboard's servers table on a real engine (in its own thread, through
// EngineController, as portier runs it), with real widgets offscreen: the model shows what the
// engine counts, the rates follow a paced sender, and the context menu and toolbar steer the
// running engine. Real backends and clients on 127.0.0.1.
#include "guienginefixture.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"

#include <configdocument.h>
#include <dashboardpage.h>
#include <serverstatsmodel.h>
#include <serversview.h>

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <atomic>
#include <chrono>
#include <thread>

namespace {

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

int rowOf(const ServerStatsModel *model, int index)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->serverAt(row).index == index)
            return row;
    }
    return -1;
}

} // namespace

class GuiServerTableTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void countersEqualEngineAndBytesSent();
    void ratesFollowPacedSender();
    void contextMenuSteersEngine();
    void weightDialogChangesEngine();
    void saveAsConfigurationIsUndoable();
    void failuresAreSummedUpAndFilterable();
    void dashboardWithTraffic();

private:
    bool start(const Config &config);
    StatsSnapshot engineSnapshot();
    ServerStats engineServer(int index);
    void selectServer(int index);

    std::unique_ptr<EngineFixture> m_engine;
    std::unique_ptr<ServersView> m_view;
};

void GuiServerTableTest::init()
{
    m_engine = std::make_unique<EngineFixture>(1000);
    m_view = std::make_unique<ServersView>();
    m_view->setController(m_engine->controller.get());
    connect(m_engine->controller.get(), &EngineController::statsUpdated, m_view.get(), &ServersView::showStats);
    m_view->resize(1200, 300);
    m_view->show();
}

void GuiServerTableTest::cleanup()
{
    m_view.reset();
    m_engine.reset();
}

bool GuiServerTableTest::start(const Config &config)
{
    QSignalSpy applied(m_engine->controller.get(), &EngineController::applyFinished);
    m_engine->controller->apply(config, QString());
    return applied.wait(10000) && applied.first().first().toBool();
}

StatsSnapshot GuiServerTableTest::engineSnapshot()
{
    StatsSnapshot snapshot;
    Engine *engine = m_engine->engine;
    QMetaObject::invokeMethod(engine, [engine, &snapshot] { snapshot = engine->snapshot(); }, Qt::BlockingQueuedConnection);
    return snapshot;
}

ServerStats GuiServerTableTest::engineServer(int index)
{
    for (const ServerStats &server : engineSnapshot().servers) {
        if (server.index == index)
            return server;
    }
    return ServerStats();
}

void GuiServerTableTest::selectServer(int index)
{
    const int row = rowOf(m_view->model(), index);
    QVERIFY(row >= 0);
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(m_view->table()->model());
    QVERIFY(proxy);
    m_view->table()->clearSelection();
    m_view->table()->selectRow(proxy->mapFromSource(m_view->model()->index(row, 0)).row());
    QCOMPARE(m_view->selectedServers(), QList<int>{row});
}

void GuiServerTableTest::countersEqualEngineAndBytesSent()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    QVERIFY(start(proxyConfig(port, {backend.address()})));

    constexpr qint64 size = 3 * 1000 * 1000 + 17;
    TestClient client;
    QVERIFY(client.connectTo(port));
    std::thread sender([&client] {
        client.sendAll(TestBackend::pattern(3, 0, size));
        client.shutdownWrite();
    });
    bool closed = false;
    const qint64 echoed = client.readUntilClosed(20000, &closed).size();
    sender.join();
    QCOMPARE(echoed, size);
    QTRY_COMPARE_WITH_TIMEOUT(m_view->model()->rowCount(), 1, 5000);
    // The snapshot after the session ended (the one of the apply had no traffic yet).
    QTRY_COMPARE_WITH_TIMEOUT(m_view->model()->serverAt(0).bytesReceived, quint64(size), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_view->model()->serverAt(0).activeConnections, quint64(0), 10000);
    const ServerStats shown = m_view->model()->serverAt(0);
    QCOMPARE(shown.bytesSent, quint64(size));
    QCOMPARE(shown.bytesReceived, quint64(size));
    const ServerStats engine = engineServer(0);
    QCOMPARE(shown.bytesSent, engine.bytesSent);
    QCOMPARE(shown.bytesReceived, engine.bytesReceived);
    QCOMPARE(shown.selectedTotal, engine.selectedTotal);
    QCOMPARE(shown.state, engine.state);
    QCOMPARE(shown.weight, engine.weight);
    const ServerStatsModel *model = m_view->model();
    QCOMPARE(model->data(model->index(0, ServerStatsModel::Sent)).toString(), QLocale().toString(2.9, 'f', 1) + QStringLiteral(" MiB")); // 2.86 MiB
    QCOMPARE(model->data(model->index(0, ServerStatsModel::Sent), ServerStatsModel::SortRole).toULongLong(), quint64(size));
    QCOMPARE(model->data(model->index(0, ServerStatsModel::Connections)).toString(), QStringLiteral("1"));
    QCOMPARE(model->data(model->index(0, ServerStatsModel::State)).toString(), QStringLiteral("up"));
}

void GuiServerTableTest::ratesFollowPacedSender()
{
    // 16 KiB every 20 ms (819,200 B/s) for 5 s, on a schedule of absolute times so a late
    // wake-up catches up; the echo comes back at the same rate.
    constexpr qint64 chunk = 16 * 1024;
    constexpr qint64 intervalMs = 20;
    constexpr int chunks = 250;
    constexpr double offered = double(chunk) * 1000.0 / double(intervalMs);
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    QVERIFY(start(proxyConfig(port, {backend.address()})));
    TestClient client;
    QVERIFY(client.connectTo(port));

    struct Window { qint64 fromMs, toMs; double send, receive; };
    QList<Window> windows;
    qint64 previousMs = -1;
    connect(m_engine->controller.get(), &EngineController::statsUpdated, this, [&](const StatsSnapshot &snapshot) {
        const int row = rowOf(m_view->model(), 0); // the view took this snapshot first
        if (row >= 0 && previousMs >= 0 && snapshot.monotonicMs - previousMs >= 500)
            windows << Window{previousMs, snapshot.monotonicMs, m_view->model()->sendRate(row), m_view->model()->receiveRate(row)};
        if (previousMs < 0 || snapshot.monotonicMs - previousMs >= 500)
            previousMs = snapshot.monotonicMs;
    });

    std::atomic<qint64> received{0};
    std::atomic<bool> done{false};
    std::thread reader([&] {
        while (received.load() < chunk * chunks && !done.load()) {
            const QByteArray data = client.readSome(chunk, 1000);
            received += data.size();
        }
    });
    const qint64 startMs = steadyMs();
    std::thread sender([&] {
        const QByteArray data = TestBackend::pattern(9, 0, chunk);
        for (int i = 0; i < chunks; ++i) {
            const qint64 due = startMs + i * intervalMs;
            if (const qint64 wait = due - steadyMs(); wait > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(wait)); // pacing is the point here
            if (!client.sendAll(data))
                break;
        }
    });
    const qint64 endMs = startMs + chunks * intervalMs;
    QTRY_VERIFY_WITH_TIMEOUT(received.load() == chunk * chunks, 30000);
    sender.join();
    done = true;
    reader.join();

    int checked = 0;
    for (const Window &window : std::as_const(windows)) {
        if (window.fromMs < startMs + 100 || window.toMs > endMs)
            continue; // the first chunks and the tail are not a steady rate
        ++checked;
        qInfo("%lld ms window: sent %.0f B/s, received %.0f B/s, offered %.0f B/s", window.toMs - window.fromMs, window.send,
              window.receive, offered);
        QVERIFY2(qAbs(window.send - offered) <= offered * 0.10,
                 qPrintable(QStringLiteral("sent %1 B/s, offered %2 B/s").arg(window.send).arg(offered)));
        QVERIFY2(qAbs(window.receive - offered) <= offered * 0.10,
                 qPrintable(QStringLiteral("received %1 B/s, offered %2 B/s").arg(window.receive).arg(offered)));
    }
    QVERIFY2(checked >= 3, qPrintable(QStringLiteral("only %1 whole windows inside the 5 s").arg(checked)));
}

void GuiServerTableTest::contextMenuSteersEngine()
{
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    const quint16 port = findFreePort();
    QVERIFY(start(proxyConfig(port, {a.address(), b.address()})));
    QTRY_COMPARE_WITH_TIMEOUT(m_view->model()->rowCount(), 2, 5000);
    TestClient held;
    QVERIFY(held.connectTo(port));
    QCOMPARE(held.readLine(), QByteArray("a\n"));
    selectServer(0);

    // Drain from the context menu, as the user opens it on the row.
    bool triggered = false;
    QTimer::singleShot(0, this, [&] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        QVERIFY(menu);
        for (QAction *action : menu->actions()) {
            if (action->objectName() == QStringLiteral("drainServer") && action->isEnabled()) {
                action->trigger();
                triggered = true;
            }
        }
        menu->close();
    });
    QTableView *table = m_view->table();
    const int proxyRow = qobject_cast<QSortFilterProxyModel *>(table->model())->mapFromSource(m_view->model()->index(rowOf(m_view->model(), 0), 0)).row();
    emit table->customContextMenuRequested(table->visualRect(table->model()->index(proxyRow, 0)).center());
    QVERIFY(triggered);
    QTRY_COMPARE_WITH_TIMEOUT(engineServer(0).state, ServerStats::State::Draining, 5000);
    const int row = rowOf(m_view->model(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_view->model()->data(m_view->model()->index(row, ServerStatsModel::State)).toString(),
                              ServerStatsModel::tr("draining (%n left)", nullptr, 1), 5000);
    TestClient next;
    QVERIFY(next.connectTo(port));
    QCOMPARE(next.readLine(), QByteArray("b\n"));
    held.close();
    QTRY_COMPARE_WITH_TIMEOUT(engineServer(0).state, ServerStats::State::Drained, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_view->model()->data(m_view->model()->index(rowOf(m_view->model(), 0), ServerStatsModel::State)).toString(),
                              QStringLiteral("drained"), 5000);

    // Enable and disable from the toolbar's actions.
    selectServer(0);
    QVERIFY(m_view->enableAction()->isEnabled());
    m_view->enableAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(engineServer(0).state, ServerStats::State::Up, 5000);
    selectServer(1);
    m_view->disableAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(engineServer(1).state, ServerStats::State::Down, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_view->model()->serverAt(rowOf(m_view->model(), 1)).state, ServerStats::State::Down, 5000);
    TestClient third;
    QVERIFY(third.connectTo(port));
    QCOMPARE(third.readLine(), QByteArray("a\n"));
}

void GuiServerTableTest::weightDialogChangesEngine()
{
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    const quint16 port = findFreePort();
    QVERIFY(start(proxyConfig(port, {a.address(), b.address()})));
    QTRY_COMPARE_WITH_TIMEOUT(m_view->model()->rowCount(), 2, 5000);
    selectServer(1);
    bool answered = false;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        QCOMPARE(dialog->intValue(), 1);
        dialog->setIntValue(4);
        dialog->accept();
        answered = true;
    });
    m_view->weightAction()->trigger();
    QVERIFY(answered);
    QTRY_COMPARE_WITH_TIMEOUT(engineServer(1).weight, 4, 5000);
    QVERIFY(engineServer(1).steered);
    const int row = rowOf(m_view->model(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_view->model()->data(m_view->model()->index(row, ServerStatsModel::Weight)).toString(), QStringLiteral("4 *"), 5000);
    QString sequence; // nginx's smooth weighted round robin for 1:4 from a fresh round
    for (int i = 0; i < 5; ++i) {
        TestClient client;
        QVERIFY(client.connectTo(port));
        sequence += QString::fromUtf8(client.readLine().trimmed());
    }
    QCOMPARE(sequence, QStringLiteral("bbabb"));
}

void GuiServerTableTest::saveAsConfigurationIsUndoable()
{
    TestBackend a(TestBackend::Mode::Echo);
    TestBackend b(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    const Config config = proxyConfig(port, {a.address(), b.address()});
    ConfigDocument document;
    document.reset(config);
    m_view->setDocument(&document);
    QVERIFY(start(config));
    QTRY_COMPARE_WITH_TIMEOUT(m_view->model()->rowCount(), 2, 5000);
    QVERIFY(!m_view->saveAction()->isEnabled()); // nothing steered yet

    selectServer(0);
    m_view->setWeightOfSelected(7);
    selectServer(1);
    m_view->drainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(m_view->saveAction()->isEnabled(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_view->model()->serverAt(rowOf(m_view->model(), 1)).state, ServerStats::State::Drained, 5000);
    m_view->saveAction()->trigger();
    QCOMPARE(document.config().upstreams[0].servers[0].weight, 7);
    QCOMPARE(document.config().upstreams[0].servers[0].down, false);
    QCOMPARE(document.config().upstreams[0].servers[1].weight, 1);
    QCOMPARE(document.config().upstreams[0].servers[1].down, true); // drained: saved as down
    QVERIFY(document.isModified());
    document.undoStack()->undo();
    QCOMPARE(document.config(), config);
    document.undoStack()->redo();

    // Applying what was saved: the config now says it, so nothing is left as run-time state.
    QVERIFY(start(document.config()));
    QTRY_VERIFY_WITH_TIMEOUT(!engineServer(0).steered && !engineServer(1).steered, 5000);
    QCOMPARE(engineServer(0).weight, 7);
    QCOMPARE(engineServer(1).state, ServerStats::State::Down);
}

void GuiServerTableTest::failuresAreSummedUpAndFilterable()
{
    TestBackend good(TestBackend::Mode::Echo);
    const QString closed = QStringLiteral("127.0.0.1:") + QString::number(findFreePort());
    const quint16 port = findFreePort();
    QVERIFY(start(proxyConfig(port, {good.address(), closed})));
    for (int i = 0; i < 2; ++i) { // the second pick is the closed server; the session moves on
        TestClient client;
        QVERIFY(client.connectTo(port));
        QVERIFY(client.sendAll("x"));
        QCOMPARE(client.readSome(1, 5000), QByteArray("x"));
    }
    QTRY_VERIFY_WITH_TIMEOUT(m_view->attentionLabel()->isVisible(), 5000);
    QVERIFY2(m_view->attentionLabel()->text().contains(closed), qPrintable(m_view->attentionLabel()->text()));
    QVERIFY2(m_view->attentionLabel()->text().contains(QStringLiteral("Connection refused")), qPrintable(m_view->attentionLabel()->text()));
    // Sorted by state, the failed server comes first.
    QAbstractItemModel *shown = m_view->table()->model();
    QVERIFY2(shown->index(0, ServerStatsModel::State).data().toString().startsWith(QStringLiteral("failed")),
             qPrintable(shown->index(0, ServerStatsModel::State).data().toString()));
    QVERIFY(shown->index(0, ServerStatsModel::Failures).data().toString().contains(QStringLiteral("Connection refused")));
    m_view->filterEdit()->setText(good.address());
    QCOMPARE(shown->rowCount(), 1);
    QCOMPARE(shown->index(0, ServerStatsModel::Server).data().toString(), good.address());
    m_view->filterEdit()->clear();
    QCOMPARE(shown->rowCount(), 2);
}

void GuiServerTableTest::dashboardWithTraffic()
{
    // The dashboard as the user sees it, with a server draining and one failed; written to
    // $PORTIER_SCREENS/servers-table.png when that is set.
    TestBackend a(TestBackend::Mode::Echo);
    TestBackend b(TestBackend::Mode::Echo);
    const QString closed = QStringLiteral("127.0.0.1:") + QString::number(findFreePort());
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {a.address(), b.address(), closed});
    ServerConfig backup = serverAt(QStringLiteral("127.0.0.1:") + QString::number(findFreePort()));
    backup.backup = true;
    config.upstreams[0].servers << backup;
    DashboardPage page;
    page.serversView()->setController(m_engine->controller.get());
    connect(m_engine->controller.get(), &EngineController::statsUpdated, &page, &DashboardPage::showStats);
    page.resize(1400, 800);
    page.show();
    QVERIFY(start(config));
    std::vector<std::unique_ptr<TestClient>> clients;
    for (int i = 0; i < 7; ++i) {
        clients.push_back(std::make_unique<TestClient>());
        QVERIFY(clients.back()->connectTo(port));
        QVERIFY(clients.back()->sendAll(TestBackend::pattern(1, 0, 200000 * (i + 1))));
        QCOMPARE(clients.back()->readSome(1, 5000).size(), 1);
    }
    QVERIFY(QMetaObject::invokeMethod(m_engine->engine, [e = m_engine->engine] { e->setServerState(QStringLiteral("backend"), 1, ServerChange{{}, {}, true}); }, Qt::BlockingQueuedConnection));
    QVERIFY(QMetaObject::invokeMethod(m_engine->engine, [e = m_engine->engine] { e->setServerState(QStringLiteral("backend"), 0, ServerChange{3, {}, {}}); }, Qt::BlockingQueuedConnection));
    ServersView *view = page.serversView();
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 4, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(view->attentionLabel()->isVisible(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->serverAt(rowOf(view->model(), 1)).state, ServerStats::State::Draining, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(view->model()->sendRate(rowOf(view->model(), 0)) >= 0, 5000);
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(view->table()->model());
    view->table()->selectRow(proxy->mapFromSource(view->model()->index(rowOf(view->model(), 1), 0)).row());
    QVERIFY(view->drainAction()->isEnabled() && view->weightAction()->isEnabled());
    const QString folder = qEnvironmentVariable("PORTIER_SCREENS");
    if (!folder.isEmpty()) {
        QDir().mkpath(folder);
        QVERIFY(page.grab().save(QDir(folder).filePath(QStringLiteral("servers-table.png"))));
    }
}

QTEST_MAIN(GuiServerTableTest)
#include "tst_guiservertable.moc"
