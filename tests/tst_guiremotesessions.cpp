// The Connections page and the Log dock on a second, real portierd (started here on ephemeral
// loopback ports with an API token): a TCP session through that portierd is listed, "Close
// selected" closes both its ends through the API, the dock shows the line that portierd wrote
// about it, switching to this computer and back switches what both show, and the list of
// remotes (address and token) is there again in a new window on the same settings.
#include "guienginefixture.h"
#include "portierdprocess.h"
#include "testbackend.h"
#include "testclient.h"

#include <apiconfig.h>
#include <closedsessionsmodel.h>
#include <connectionsmodel.h>
#include <connectionspage.h>
#include <logmodel.h>
#include <logspage.h>
#include <remotecontroller.h>
#include <remoteinstances.h>

#include <QFile>
#include <QItemSelectionModel>
#include <QListWidget>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QtTest>

namespace {
constexpr int shownWithinMs = 20000; // a poll a second; generous for a loaded machine

int rowWithClient(const ConnectionsModel &model, const QString &client)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.sessionAt(row).client == client)
            return row;
    }
    return -1;
}

bool logShows(const LogsPage *page, const QString &text)
{
    for (int row = 0; row < page->model()->rowCount(); ++row) {
        if (page->model()->entry(row).line.contains(text))
            return true;
    }
    return false;
}
} // namespace

class GuiRemoteSessionsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void connectionsAndLogFollowTheRemote();
    void remotesSurviveANewWindow();

private:
    // portierd with one listener in front of `backend` and the API on loopback, with m_token.
    bool startPortierd(PortierdProcess *process, const QString &name, const QString &backend, quint16 *listenPort, quint16 *apiPort);
    RemoteController *connectAndWait(MainWindow &window, quint16 apiPort);

    QTemporaryDir m_dir;
    QByteArray m_token = ApiToken::generate();
};

void GuiRemoteSessionsTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(PortierdProcess::binary()), "portierd is not built ($PORTIERD): run the tests through ctest"); // fails, never skips
}

bool GuiRemoteSessionsTest::startPortierd(PortierdProcess *process, const QString &name, const QString &backend, quint16 *listenPort,
                                          quint16 *apiPort)
{
    *listenPort = findFreePort();
    *apiPort = findFreePort();
    const QString path = m_dir.filePath(name + QStringLiteral(".json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QStringLiteral(R"({
  "workers": 2,
  "upstreams": [{"name": "backend", "servers": [{"address": "%1"}]}],
  "listeners": [{"listen": "127.0.0.1:%2", "proxy_pass": "backend"}],
  "api": {"listen": "127.0.0.1:%3", "tokens": [{"name": "desktop", "sha256": "%4", "access": "write"}]}
})")
                   .arg(backend)
                   .arg(*listenPort)
                   .arg(*apiPort)
                   .arg(ApiToken::digest(m_token))
                   .toUtf8());
    file.close();
    return process->start({QStringLiteral("--config"), path}) && process->waitForOutput(QStringLiteral("api: listening on"));
}

RemoteController *GuiRemoteSessionsTest::connectAndWait(MainWindow &window, quint16 apiPort)
{
    RemoteInstances *remotes = window.remoteInstances();
    QSignalSpy connected(remotes, &RemoteInstances::connected);
    remotes->connectTo(QStringLiteral("http://127.0.0.1:%1").arg(apiPort), m_token);
    if (connected.isEmpty() && !connected.wait(20000))
        return nullptr;
    return connected.at(0).at(0).value<RemoteController *>();
}

void GuiRemoteSessionsTest::connectionsAndLogFollowTheRemote()
{
    TestBackend backend(TestBackend::Mode::Hold);
    PortierdProcess portierd;
    quint16 listenPort = 0;
    quint16 apiPort = 0;
    QVERIFY2(startPortierd(&portierd, QStringLiteral("sessions"), backend.address(), &listenPort, &apiPort), qPrintable(portierd.output()));
    WindowFixture fixture;
    fixture.window.resize(1280, 820);
    fixture.window.show();
    fixture.window.showPage(MainWindow::ConnectionsPageIndex);
    QVERIFY(QTest::qWaitForWindowExposed(&fixture.window));
    RemoteController *remote = connectAndWait(fixture.window, apiPort);
    QVERIFY(remote);
    QCOMPARE(fixture.window.activeInstance(), remote);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), InstanceController::State::Running, shownWithinMs);

    // Two real sessions through that portierd; this computer's engine runs nothing.
    TestClient keep;
    TestClient target;
    QVERIFY(keep.connectTo(listenPort) && keep.sendAll("a"));
    QVERIFY(target.connectTo(listenPort) && target.sendAll("b"));
    QTRY_COMPARE_WITH_TIMEOUT(backend.accepted(), 2, 5000);
    ConnectionsPage &page = *fixture.window.connectionsPage();
    ConnectionsModel &model = *page.model();
    const QString targetText = QStringLiteral("127.0.0.1:%1").arg(target.localPort());
    QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() == 2 && rowWithClient(model, targetText) >= 0, shownWithinMs);
    const quint64 number = model.sessionAt(rowWithClient(model, targetText)).number;
    QCOMPARE(model.sessionAt(rowWithClient(model, targetText)).server, backend.address());
    QTRY_COMPARE_WITH_TIMEOUT(model.sessionAt(rowWithClient(model, targetText)).bytesFromClient, quint64(1), shownWithinMs);

    // "Close selected" goes to that portierd's API, which closes both ends.
    QTableView *view = page.liveView();
    const QModelIndex proxyIndex = page.filtered()->mapFromSource(model.index(rowWithClient(model, targetText), 0));
    view->selectionModel()->select(proxyIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QSignalSpy closed(remote, &InstanceController::sessionsClosed);
    page.closeSelected();
    QVERIFY(closed.wait(10000));
    QCOMPARE(closed.at(0).at(0).toInt(), 1);
    QVERIFY(target.waitForClose(5000));
    QTRY_COMPARE_WITH_TIMEOUT(backend.peerClosed(), 1, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() == 1 && rowWithClient(model, targetText) < 0, shownWithinMs);
    QTRY_VERIFY_WITH_TIMEOUT(page.closedModel()->rowOf(number) >= 0, shownWithinMs);
    const ClosedSession &ended = page.closedModel()->closedAt(page.closedModel()->rowOf(number));
    QCOMPARE(ended.end, SessionEnd::ClosedByOperator);
    QVERIFY2(ended.detail.startsWith(QStringLiteral("through the API from 127.0.0.1")), qPrintable(ended.detail));
    QVERIFY(keep.sendAll("still here")); // the other one was not touched
    QTRY_COMPARE_WITH_TIMEOUT(model.sessionAt(0).bytesFromClient, quint64(11), shownWithinMs);

    // The Log dock shows what portierd wrote about it (this process's engine wrote nothing).
    LogsPage *logs = fixture.window.logsPage();
    const QString line = QStringLiteral("*%1 closed by operator through the API from 127.0.0.1").arg(number);
    QTRY_VERIFY_WITH_TIMEOUT(logShows(logs, line), shownWithinMs);
    QCOMPARE(fixture.engine.log->count(line), 0);

    // This computer again: its (stopped) engine has no sessions and never wrote that line.
    fixture.window.remoteInstances()->list()->setCurrentRow(0);
    QCOMPARE(fixture.window.activeInstance(), fixture.engine.controller.get());
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(page.closedModel()->rowCount(), 0);
    QVERIFY(!logShows(logs, line));
    // And back: the remote's session and lines come again (the lines it keeps).
    fixture.window.remoteInstances()->list()->setCurrentRow(1);
    QCOMPARE(fixture.window.activeInstance(), remote);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, shownWithinMs);
    QTRY_VERIFY_WITH_TIMEOUT(logShows(logs, line), shownWithinMs);
    QTRY_VERIFY_WITH_TIMEOUT(page.closedModel()->rowOf(number) >= 0, shownWithinMs);
    QVERIFY(portierd.terminate());
}

void GuiRemoteSessionsTest::remotesSurviveANewWindow()
{
    TestBackend backend(TestBackend::Mode::Hold);
    PortierdProcess portierd;
    quint16 listenPort = 0;
    quint16 apiPort = 0;
    QVERIFY2(startPortierd(&portierd, QStringLiteral("saved"), backend.address(), &listenPort, &apiPort), qPrintable(portierd.output()));
    const QString settingsPath = m_dir.filePath(QStringLiteral("saved.ini"));
    {
        QSettings settings(settingsPath, QSettings::IniFormat);
        EngineFixture engine(100);
        MainWindow window(engine.controller.get(), &settings);
        QVERIFY(connectAndWait(window, apiPort));
    }
#ifndef Q_OS_WIN
    // It holds a token: its owner's only.
    QCOMPARE(QFile::permissions(settingsPath) & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
#endif
    QSettings settings(settingsPath, QSettings::IniFormat);
    EngineFixture engine(100);
    auto window = std::make_unique<MainWindow>(engine.controller.get(), &settings);
    const QList<RemoteController *> remotes = window->remoteInstances()->remotes();
    QCOMPARE(remotes.size(), 1);
    QCOMPARE(remotes.at(0)->endpoint().hostPort(), QStringLiteral("127.0.0.1:%1").arg(apiPort));
    QCOMPARE(window->activeInstance(), engine.controller.get()); // restored in the background, not shown
    // The saved token works: it polls that portierd again.
    QTRY_COMPARE_WITH_TIMEOUT(remotes.at(0)->link(), RemoteController::Link::Connected, shownWithinMs);

    // Disconnected by the user: gone from the next window too.
    window->remoteInstances()->disconnectRemote(remotes.at(0));
    window.reset();
    MainWindow third(engine.controller.get(), &settings);
    QCOMPARE(third.remoteInstances()->remotes().size(), 0);
    QVERIFY(portierd.terminate());
}

QTEST_MAIN(GuiRemoteSessionsTest)
#include "tst_guiremotesessions.moc"
