// The desktop window on a second, real portierd (started here on ephemeral loopback ports with
// an API token): its servers in the servers table, a weight changed there reaching that
// portierd (its API and its next picks say so), Apply through PUT changing its running config,
// a wrong token shown as "authentication failed" with nothing changed, and HTTPS trust on first
// use (the fingerprint asked about, a changed certificate refused).
#include "guienginefixture.h"
#include "portierdprocess.h"
#include "testbackend.h"
#include "testclient.h"
#include "tls/certificatetools.h"

#include <apiconfig.h>
#include <configdocument.h>
#include <configjson.h>
#include <dashboardpage.h>
#include <remoteconnectdialog.h>
#include <remotecontroller.h>
#include <remoteendpoint.h>
#include <remoteinstances.h>
#include <serverstatsmodel.h>
#include <serversview.h>

#include <QAction>
#include <QCryptographicHash>
#include <QDir>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSslCertificate>
#include <QTableView>
#include <QtTest>

class GuiRemoteTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void serversShowAndWeightReachesPortierd();
    void applySendsTheEditedConfig();
    void wrongTokenChangesNothing();
    void httpsAsksOnceAndRefusesAChangedCertificate();
    void connectDialogNamesABadAddress_data();
    void connectDialogNamesABadAddress();

private:
    struct Remote
    {
        std::unique_ptr<PortierdProcess> process;
        QString configPath;
        quint16 apiPort = 0;
        quint16 listenPort = 0;
    };
    // portierd with groups "backend" (a, b) behind one listener and the API on loopback.
    bool startPortierd(Remote *remote, const QString &name, const QString &a, const QString &b, const QString &apiExtra = QString(),
                       quint16 apiPort = 0);
    QJsonObject apiGet(quint16 port, const QString &path);
    QString picks(quint16 port, int count);
    RemoteController *connectAndWait(WindowFixture &fixture, const QString &address, const QByteArray &token);
    QString certificate(const QString &name, QString *keyFile);

    QTemporaryDir m_dir;
    QByteArray m_token = ApiToken::generate();
    QNetworkAccessManager m_network;
};

void GuiRemoteTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(PortierdProcess::binary()), "portierd is not built ($PORTIERD): run the tests through ctest"); // fails, never skips
}

bool GuiRemoteTest::startPortierd(Remote *remote, const QString &name, const QString &a, const QString &b, const QString &apiExtra, quint16 apiPort)
{
    remote->listenPort = findFreePort();
    remote->apiPort = apiPort ? apiPort : findFreePort();
    remote->configPath = m_dir.filePath(name + QStringLiteral(".json"));
    QFile file(remote->configPath);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QStringLiteral(R"({
  "workers": 1,
  %5
  "upstreams": [{"name": "backend", "servers": [{"address": "%1"}, {"address": "%2"}]}],
  "listeners": [{"listen": "127.0.0.1:%3", "proxy_pass": "backend"}],
  "api": {"listen": "127.0.0.1:%4", "tokens": [{"name": "desktop", "sha256": "%6", "access": "write"}]%7}
})")
                   .arg(a, b)
                   .arg(remote->listenPort)
                   .arg(remote->apiPort)
                   .arg(apiExtra.isEmpty() ? QString() : apiExtra.section(u'|', 0, 0), ApiToken::digest(m_token),
                        apiExtra.isEmpty() ? QString() : apiExtra.section(u'|', 1, 1))
                   .toUtf8());
    file.close();
    remote->process = std::make_unique<PortierdProcess>();
    return remote->process->start({QStringLiteral("--config"), remote->configPath})
        && remote->process->waitForOutput(QStringLiteral("api: listening on"));
}

// Asks portierd's API directly (plain HTTP on loopback), as a second client would.
QJsonObject GuiRemoteTest::apiGet(quint16 port, const QString &path)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
    request.setRawHeader("Authorization", "Bearer " + m_token);
    QNetworkReply *reply = m_network.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(20000))
        return QJsonObject();
    const QJsonObject object = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return object;
}

QString GuiRemoteTest::picks(quint16 port, int count)
{
    QString names;
    for (int i = 0; i < count; ++i) {
        TestClient client;
        if (client.connectTo(port))
            names += QString::fromUtf8(client.readLine().trimmed());
    }
    return names;
}

RemoteController *GuiRemoteTest::connectAndWait(WindowFixture &fixture, const QString &address, const QByteArray &token)
{
    RemoteInstances *remotes = fixture.window.remoteInstances();
    QSignalSpy connected(remotes, &RemoteInstances::connected);
    remotes->connectTo(address, token);
    if (connected.isEmpty() && !connected.wait(20000))
        return nullptr;
    return connected.at(0).at(0).value<RemoteController *>();
}

QString GuiRemoteTest::certificate(const QString &name, QString *keyFile)
{
    CertificateTools::GenerateOptions options;
    options.commonName = name;
    options.subjectAltNames = {QStringLiteral("127.0.0.1")};
    options.keyType = CertificateTools::KeyType::Ecdsa;
    options.certificateFile = m_dir.filePath(name + QStringLiteral(".crt"));
    options.keyFile = m_dir.filePath(name + QStringLiteral(".key"));
    QString error;
    if (!CertificateTools::generate(options, &error))
        qWarning("%s", qPrintable(error));
    *keyFile = options.keyFile;
    return options.certificateFile;
}

void GuiRemoteTest::serversShowAndWeightReachesPortierd()
{
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    Remote remote;
    QVERIFY(startPortierd(&remote, QStringLiteral("weights"), a.address(), b.address()));
    WindowFixture fixture;
    fixture.window.resize(1280, 820);
    fixture.window.show();
    fixture.window.showPage(MainWindow::DashboardPageIndex);
    RemoteController *controller = connectAndWait(fixture, QStringLiteral("http://127.0.0.1:%1").arg(remote.apiPort), m_token);
    QVERIFY(controller);
    QCOMPARE(fixture.window.activeInstance(), controller);
    QTRY_COMPARE_WITH_TIMEOUT(controller->state(), InstanceController::State::Running, 20000);
    QCOMPARE(controller->link(), RemoteController::Link::Connected);

    // The remote's servers, in the window's table; its config in the document.
    ServersView *view = fixture.window.dashboardPage()->serversView();
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 2, 10000);
    QStringList addresses{view->model()->serverAt(0).address, view->model()->serverAt(1).address};
    addresses.sort();
    QStringList expected{a.address(), b.address()};
    expected.sort();
    QCOMPARE(addresses, expected);
    QCOMPARE(fixture.window.document()->config().upstreams.value(0).servers.size(), 2);
    QVERIFY(fixture.window.remoteInstances()->list()->item(1)->text().contains(QStringLiteral("connected")));
    const QString name = QStringLiteral("portierd at 127.0.0.1:%1").arg(remote.apiPort);
    QTRY_VERIFY2(fixture.window.statusText().contains(name + QStringLiteral(": Running")), qPrintable(fixture.window.statusText()));
    QVERIFY2(fixture.window.problemsText().contains(name + QStringLiteral(" runs this configuration")), qPrintable(fixture.window.problemsText()));

    // Weight 3 on a, through the table's own action path.
    int rowA = -1;
    for (int row = 0; row < view->model()->rowCount(); ++row)
        rowA = view->model()->serverAt(row).address == a.address() ? row : rowA;
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(view->table()->model());
    view->table()->selectionModel()->select(proxy->mapFromSource(view->model()->index(rowA, 0)),
                                            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QVERIFY(view->weightAction()->isEnabled());
    QSignalSpy steered(controller, &InstanceController::serverSteered);
    view->setWeightOfSelected(3);
    QVERIFY(steered.wait(10000));
    QCOMPARE(steered.at(0).at(2).toString(), QString());

    // portierd runs it: its API says so, and its next picks follow 3:1.
    QCOMPARE(apiGet(remote.apiPort, QStringLiteral("/api/9/stream/upstreams/backend/servers/0")).value(QStringLiteral("weight")).toInt(), 3);
    QCOMPARE(picks(remote.listenPort, 4).count(u'a'), 3);
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->serverAt(rowA).weight, 3, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(view->model()->serverAt(rowA).selectedTotal >= 3, 5000);

    // What the window looks like on a remote instance (a tool's output, checked by eye).
    const QString shot = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("remote-instance.png"));
    QVERIFY(fixture.window.grab().save(shot));
    qInfo("screenshot: %s", qPrintable(shot));

    // Back to this computer: the table is its (stopped) engine's again.
    fixture.window.remoteInstances()->list()->setCurrentRow(0);
    QCOMPARE(fixture.window.activeInstance(), fixture.engine.controller.get());
    QCOMPARE(view->model()->rowCount(), 0);
    QVERIFY(remote.process->terminate());
}

void GuiRemoteTest::applySendsTheEditedConfig()
{
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    Remote remote;
    QVERIFY(startPortierd(&remote, QStringLiteral("apply"), a.address(), b.address()));
    WindowFixture fixture;
    RemoteController *controller = connectAndWait(fixture, QStringLiteral("http://127.0.0.1:%1").arg(remote.apiPort), m_token);
    QVERIFY(controller);
    QTRY_COMPARE_WITH_TIMEOUT(controller->state(), InstanceController::State::Running, 20000);
    ConfigDocument *document = fixture.window.document();
    QTRY_COMPARE_WITH_TIMEOUT(document->config().listeners.size(), 1, 10000); // the remote's config, loaded
    QVERIFY(!fixture.window.action("actionApply")->isEnabled()); // it runs what the document holds

    Config edited = document->config();
    edited.upstreams[0].servers[1].weight = 4;
    document->edit(edited, QStringLiteral("weight 4"));
    QVERIFY(fixture.window.action("actionApply")->isEnabled());
    QSignalSpy finished(controller, &InstanceController::applyFinished);
    fixture.window.action("actionApply")->trigger();
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(fixture.window.problemsText()));

    // portierd runs it (and wrote it to its file), and the window knows.
    const QJsonObject running = apiGet(remote.apiPort, QStringLiteral("/portier/v1/config"));
    QCOMPARE(running[QStringLiteral("upstreams")][0][QStringLiteral("servers")][1][QStringLiteral("weight")].toInt(), 4);
    QCOMPARE(ConfigJson::load(remote.configPath).config.upstreams.value(0).servers.value(1).weight, 4);
    QCOMPARE(controller->runningConfig()->upstreams.value(0).servers.value(1).weight, 4);
    QVERIFY(!fixture.window.action("actionApply")->isEnabled());

    // A config the remote refuses (its listener's port is taken there) shows the remote's words.
    TestBackend blocker(TestBackend::Mode::Hold);
    edited = document->config();
    edited.listeners[0].listen = blocker.address();
    document->edit(edited, QStringLiteral("taken port"));
    finished.clear();
    fixture.window.action("actionApply")->trigger();
    QVERIFY(finished.wait(20000));
    const QString problems = fixture.window.problemsText();
    QVERIFY2(problems.contains(QStringLiteral("refused")) || problems.contains(blocker.address()), qPrintable(problems));
    QVERIFY(remote.process->terminate());
}

void GuiRemoteTest::wrongTokenChangesNothing()
{
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    Remote remote;
    QVERIFY(startPortierd(&remote, QStringLiteral("wrongtoken"), a.address(), b.address()));
    WindowFixture fixture;
    RemoteController *controller = connectAndWait(fixture, QStringLiteral("http://127.0.0.1:%1").arg(remote.apiPort), "not-the-token");
    QVERIFY(controller);
    QTRY_COMPARE_WITH_TIMEOUT(controller->link(), RemoteController::Link::AuthenticationFailed, 20000);
    QVERIFY(fixture.window.remoteInstances()->list()->item(1)->text().contains(QStringLiteral("authentication failed")));
    QVERIFY(controller->linkDetail().contains(QStringLiteral("401")));
    QCOMPARE(controller->state(), InstanceController::State::Stopped);
    QCOMPARE(fixture.window.dashboardPage()->serversView()->model()->rowCount(), 0);
    QVERIFY(!fixture.window.action("actionApply")->isEnabled());
    QSignalSpy steered(controller, &InstanceController::serverSteered);
    ServerChange change;
    change.weight = 5;
    controller->setServerState(QStringLiteral("backend"), 0, change);
    QCOMPARE(steered.size(), 1);
    QVERIFY(!steered.at(0).at(2).toString().isEmpty());
    QCOMPARE(apiGet(remote.apiPort, QStringLiteral("/api/9/stream/upstreams/backend/servers/0")).value(QStringLiteral("weight")).toInt(), 1);
    // portierd saw the wrong token and no change at all (it logs every PATCH and PUT).
    QVERIFY2(remote.process->output().contains(QStringLiteral("api: unknown token from 127.0.0.1")), qPrintable(remote.process->output()));
    QVERIFY2(!remote.process->output().contains(QStringLiteral("api: PATCH")) && !remote.process->output().contains(QStringLiteral("api: PUT")),
             qPrintable(remote.process->output()));
    QVERIFY(remote.process->terminate());
}

void GuiRemoteTest::httpsAsksOnceAndRefusesAChangedCertificate()
{
    TestBackend a(TestBackend::Mode::Name, QStringLiteral("a"));
    TestBackend b(TestBackend::Mode::Name, QStringLiteral("b"));
    QString key1, key2;
    const QString cert1 = certificate(QStringLiteral("first"), &key1);
    const QString cert2 = certificate(QStringLiteral("second"), &key2);
    const QByteArray sha1 = QSslCertificate::fromPath(cert1).value(0).digest(QCryptographicHash::Sha256);
    const QByteArray sha2 = QSslCertificate::fromPath(cert2).value(0).digest(QCryptographicHash::Sha256);
    QVERIFY(!sha1.isEmpty() && sha1 != sha2);
    auto certificates = [](const QString &cert, const QString &key) {
        return QStringLiteral(R"("certificates": [{"name": "api", "certificate_file": "%1", "key_file": "%2"}],|, "certificate": "api")").arg(cert, key);
    };
    Remote remote;
    QVERIFY(startPortierd(&remote, QStringLiteral("https1"), a.address(), b.address(), certificates(cert1, key1)));
    WindowFixture fixture;
    QStringList questions;
    fixture.window.setPrompt([&](QMessageBox::Icon icon, const QString &, const QString &text, QMessageBox::StandardButtons) {
        questions << text;
        return icon == QMessageBox::Question ? QMessageBox::Yes : QMessageBox::Ok;
    });
    const QString address = QStringLiteral("https://127.0.0.1:%1").arg(remote.apiPort);
    RemoteController *controller = connectAndWait(fixture, address, m_token);
    QVERIFY(controller);
    QCOMPARE(questions.size(), 1);
    QVERIFY2(questions.at(0).contains(RemoteEndpoint::fingerprintText(sha1)), qPrintable(questions.at(0)));
    QTRY_COMPARE_WITH_TIMEOUT(controller->state(), InstanceController::State::Running, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(fixture.window.dashboardPage()->serversView()->model()->rowCount(), 2, 10000);
    QCOMPARE(fixture.window.remoteInstances()->knownCertificates().sha256(QStringLiteral("127.0.0.1:%1").arg(remote.apiPort)), sha1);

    // The same address with another certificate: the running controller stops and says so.
    QVERIFY(remote.process->terminate());
    Remote replaced;
    QVERIFY(startPortierd(&replaced, QStringLiteral("https2"), a.address(), b.address(), certificates(cert2, key2), remote.apiPort));
    QTRY_COMPARE_WITH_TIMEOUT(controller->link(), RemoteController::Link::CertificateChanged, 20000);
    QVERIFY2(controller->linkDetail().contains(RemoteEndpoint::fingerprintText(sha2)), qPrintable(controller->linkDetail()));
    QCOMPARE(controller->state(), InstanceController::State::Stopped);

    // Connecting again is refused with both fingerprints, without a question.
    QSignalSpy failed(fixture.window.remoteInstances(), &RemoteInstances::connectFailed);
    questions.clear();
    fixture.window.remoteInstances()->connectTo(address, m_token);
    QVERIFY(failed.wait(20000));
    const QString refusal = failed.at(0).at(0).toString();
    QVERIFY2(refusal.contains(QStringLiteral("has changed")) && refusal.contains(RemoteEndpoint::fingerprintText(sha1))
                 && refusal.contains(RemoteEndpoint::fingerprintText(sha2)),
             qPrintable(refusal));
    QCOMPARE(questions.size(), 1); // the warning, not a trust question
    QVERIFY(!questions.at(0).contains(QStringLiteral("Trust it")));
    QVERIFY(replaced.process->terminate());
}

void GuiRemoteTest::connectDialogNamesABadAddress_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("error"); // empty: taken
    QTest::newRow("https") << QStringLiteral("https://10.0.0.5:8081") << QString();
    QTest::newRow("http, slash") << QStringLiteral("http://127.0.0.1:8081/") << QString();
    QTest::newRow("no scheme") << QStringLiteral("[::1]:8081") << QString();
    QTest::newRow("ftp") << QStringLiteral("ftp://10.0.0.5:21") << QStringLiteral("Address \"ftp://10.0.0.5:21\": the API speaks http:// or https:// only");
    QTest::newRow("no port") << QStringLiteral("10.0.0.5") << QStringLiteral("Address \"10.0.0.5\":");
    QTest::newRow("empty") << QString() << QStringLiteral("Address \"\":");
}

void GuiRemoteTest::connectDialogNamesABadAddress()
{
    QFETCH(QString, address);
    QFETCH(QString, error);
    RemoteConnectDialog dialog;
    QCOMPARE(dialog.tokenEdit()->echoMode(), QLineEdit::Password);
    dialog.addressEdit()->setText(address);
    dialog.tokenEdit()->setText(QStringLiteral("secret"));
    dialog.show();
    dialog.accept();
    auto *label = dialog.findChild<QLabel *>(QStringLiteral("remoteError"));
    if (error.isEmpty()) {
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.token(), QByteArray("secret"));
    } else {
        QVERIFY(dialog.isVisible());
        QVERIFY2(label->text().startsWith(error), qPrintable(label->text()));
    }
}

QTEST_MAIN(GuiRemoteTest)
#include "tst_guiremote.moc"
