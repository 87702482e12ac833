// The status is the truth, in the window and the tray, with a real engine in its own thread:
// "Running" only while every enabled listener is up; a listener whose port is taken shows
// "Degraded: 1 of 2 listeners failed" in red with the reason and a Retry that brings it up
// once the port is free (without touching the other listener's connections); a config the
// engine refuses leaves "Running" and what runs untouched.
#include "errortext.h"
#include "guienginefixture.h"
#include "testbackend.h"
#include "testclient.h"

#include <configdocument.h>
#include <desktopintegration.h>
#include <mainwindow.h>

#include <QAction>
#include <QApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

ListenerConfig listenerOn(quint16 port)
{
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:%1").arg(port);
    listener.proxyPass = QStringLiteral("backend");
    return listener;
}

Config twoListeners(const QString &server, quint16 first, quint16 second)
{
    Config config;
    config.workers = 1;
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    ServerConfig s;
    s.address = server;
    upstream.servers << s;
    config.upstreams << upstream;
    config.listeners << listenerOn(first) << listenerOn(second);
    return config;
}

} // namespace

class GuiDegradedTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void busyPortShowsDegradedAndRetryRecovers();
    void refusedApplyKeepsRunningAndSaysSo();

private:
    std::unique_ptr<WindowFixture> m_fixture;
    QTemporaryDir *m_dir = nullptr; // the fixture's, by their short names
    EngineFixture *m_engine = nullptr;
    MainWindow *m_window = nullptr;
    DesktopIntegration *m_desktop = nullptr;
};

void GuiDegradedTest::init()
{
    m_fixture = std::make_unique<WindowFixture>();
    m_dir = &m_fixture->dir;
    m_engine = &m_fixture->engine;
    m_window = &m_fixture->window;
    // Wired as portier wires them.
    m_desktop = new DesktopIntegration;
    EngineController *controller = m_engine->controller.get();
    connect(controller, &EngineController::stateChanged, m_desktop, &DesktopIntegration::setEngineState);
    connect(controller, &EngineController::statsUpdated, m_desktop, &DesktopIntegration::showStats);
    connect(m_desktop, &DesktopIntegration::retryRequested, controller, &EngineController::retry);
}

void GuiDegradedTest::cleanup()
{
    delete m_desktop;
    m_fixture.reset();
}

void GuiDegradedTest::busyPortShowsDegradedAndRetryRecovers()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("up"));
    auto occupier = std::make_unique<TestBackend>(TestBackend::Mode::Hold);
    const quint16 freePort = findFreePort();
    const quint16 busyPort = occupier->port();
    m_window->document()->reset(twoListeners(backend.address(), freePort, busyPort));
    QSignalSpy applied(m_engine->controller.get(), &EngineController::applyFinished);
    m_window->action("actionStart")->trigger();
    QVERIFY(applied.wait(10000));

    // The window: red, the count, the reason, Retry, and Apply usable for the same config.
    const QString status = m_window->statusText();
    QVERIFY2(status.contains(QStringLiteral("Engine: Degraded: 1 of 2 listeners failed")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("#c62828")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("bind() to 127.0.0.1:%1 failed (%2): the port is in use by another program")
                                 .arg(busyPort).arg(ErrorText::addressInUse())),
             qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("Listeners up: 1/2")), qPrintable(status));
    QAction *retry = m_window->action("actionRetry");
    QVERIFY(retry);
    QVERIFY(retry->isEnabled());
    QVERIFY(m_window->action("actionApply")->isEnabled());
    // The tray says the same.
    QVERIFY(m_desktop->showsDegraded());
    QVERIFY2(m_desktop->toolTip().contains(QStringLiteral("Degraded: 1 of 2 listeners failed")), qPrintable(m_desktop->toolTip()));
    QVERIFY(m_desktop->retryAction()->isEnabled());

    TestClient held; // a connection through the listener that is up, kept across the retry
    QVERIFY(held.connectTo(freePort));
    QCOMPARE(held.readLine(), QByteArray("up\n"));

    // Retry while the port is still taken: still degraded, nothing else disturbed.
    retry->trigger();
    QVERIFY(applied.wait(10000));
    QVERIFY(m_window->statusText().contains(QStringLiteral("Degraded: 1 of 2 listeners failed")));

    // The port comes free: Retry (here from the tray) brings the listener up.
    occupier.reset();
    m_desktop->retryAction()->trigger();
    QVERIFY(applied.wait(10000));
    QVERIFY2(applied.last().at(1).value<ConfigIssues>().isEmpty(), qPrintable(applied.last().at(1).value<ConfigIssues>().value(0).toString()));
    QTRY_VERIFY2(m_window->statusText().contains(QStringLiteral("Engine: Running")), qPrintable(m_window->statusText()));
    QVERIFY(m_window->statusText().contains(QStringLiteral("Listeners up: 2/2")));
    QVERIFY(!m_window->statusText().contains(QStringLiteral("#c62828")));
    QVERIFY(!retry->isEnabled());
    QVERIFY(!m_window->action("actionApply")->isEnabled()); // nothing left to apply
    QTRY_VERIFY(!m_desktop->showsDegraded());
    QVERIFY2(m_desktop->toolTip().startsWith(QStringLiteral("Portier — Running")), qPrintable(m_desktop->toolTip()));
    TestClient fresh;
    QVERIFY(fresh.connectTo(busyPort));
    QCOMPARE(fresh.readLine(), QByteArray("up\n"));
    QVERIFY(held.sendAll("still here\n")); // Name mode echoes after its greeting
    QCOMPARE(held.readLine(), QByteArray("still here\n"));
}

void GuiDegradedTest::refusedApplyKeepsRunningAndSaysSo()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("old"));
    const quint16 first = findFreePort();
    const quint16 second = findFreePort();
    m_window->document()->reset(twoListeners(backend.address(), first, second));
    QSignalSpy applied(m_engine->controller.get(), &EngineController::applyFinished);
    m_window->action("actionStart")->trigger();
    QVERIFY(applied.wait(10000));
    QTRY_VERIFY(m_window->statusText().contains(QStringLiteral("Engine: Running")));

    // An imported config: one TLS listener whose certificate file is missing.
    Config imported = twoListeners(backend.address(), findFreePort(), findFreePort());
    imported.listeners.removeLast();
    imported.listeners[0].ssl.enabled = true;
    imported.listeners[0].ssl.certificate = QStringLiteral("site");
    CertificateConfig certificate;
    certificate.name = QStringLiteral("site");
    certificate.certificateFile = m_dir->filePath(QStringLiteral("missing.pem"));
    certificate.keyFile = m_dir->filePath(QStringLiteral("missing.key"));
    imported.certificates << certificate;
    m_window->document()->edit(imported, QStringLiteral("import"));
    m_window->action("actionApply")->trigger();
    QVERIFY(applied.wait(10000));
    QVERIFY(!applied.last().at(0).toBool());
    QVERIFY2(m_window->problemsText().contains(QStringLiteral("the previous one keeps running")), qPrintable(m_window->problemsText()));
    QVERIFY2(m_window->problemsText().contains(QStringLiteral("missing.pem")), qPrintable(m_window->problemsText()));
    QVERIFY2(m_window->statusText().contains(QStringLiteral("Engine: Running")), qPrintable(m_window->statusText()));
    QVERIFY(m_window->statusText().contains(QStringLiteral("Listeners up: 2/2")));
    for (const quint16 port : {first, second}) {
        TestClient client;
        QVERIFY(client.connectTo(port));
        QCOMPARE(client.readLine(), QByteArray("old\n"));
    }
}

QTEST_MAIN(GuiDegradedTest)
#include "tst_guidegraded.moc"
