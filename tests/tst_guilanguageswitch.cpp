// The language chosen in Preferences applies at once: a main window started in English shows
// Chinese on every page after Translations::install("zh_CN") (its navigator, menus, actions,
// form labels, buttons, texts built in code and texts with numbers filled in), and English
// again after switching back, without a restart.
#include "guienginefixture.h"

#include <certificatespage.h>
#include <configdocument.h>
#include <connectionspage.h>
#include <dashboardpage.h>
#include <listenerspage.h>
#include <logspage.h>
#include <recordingtranslator.h>
#include <translations.h>
#include <upstreamspage.h>

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QTabWidget>
#include <QTest>
#include <functional>

namespace {

// One text the window shows: how to read it, and its tr() context and source.
struct Shown
{
    QString what;
    std::function<QString()> read;
    const char *context;
    QString source; // read in English at the start
};

QString labelText(QWidget *page, const char *name)
{
    auto *label = page->findChild<QLabel *>(QLatin1StringView(name));
    return label ? label->text() : QStringLiteral("<no label %1>").arg(QLatin1StringView(name));
}

QString buttonText(QWidget *page, const char *name)
{
    auto *button = page->findChild<QAbstractButton *>(QLatin1StringView(name));
    return button ? button->text() : QStringLiteral("<no button %1>").arg(QLatin1StringView(name));
}

} // namespace

class TestGuiLanguageSwitch : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { Translations::install(QCoreApplication::instance(), QStringLiteral("en")); }
    void cleanupTestCase() { Translations::install(QCoreApplication::instance(), QStringLiteral("en")); }
    void switchesBothWays();
    void sameWordOfTwoClassesKeepsEachTranslation();
};

void TestGuiLanguageSwitch::switchesBothWays()
{
    WindowFixture f;
    MainWindow &window = f.window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *navigator = window.findChild<QListWidget *>(QStringLiteral("navigator"));
    QVERIFY(navigator);
    auto *menuFile = window.menuBar()->findChild<QMenu *>(QStringLiteral("menuFile"));
    QVERIFY(menuFile);
    auto *tabs = window.connectionsPage()->findChild<QTabWidget *>();
    QVERIFY(tabs);
    auto item = [navigator](int row) { return [navigator, row] { return navigator->item(row)->text(); }; };
    QList<Shown> shown = {
        {QStringLiteral("navigator: Dashboard (form)"), item(MainWindow::DashboardPageIndex), "MainWindow", {}},
        {QStringLiteral("navigator: Connections (code)"), item(MainWindow::ConnectionsPageIndex), "MainWindow", {}},
        {QStringLiteral("menu File"), [menuFile] { return menuFile->title(); }, "MainWindow", {}},
        {QStringLiteral("action Open"), [&window] { return window.action("actionOpen")->text(); }, "MainWindow", {}},
        {QStringLiteral("action Undo's short label (code)"), [&window] { return window.action("actionUndo")->iconText(); }, "MainWindow", {}},
        {QStringLiteral("Log dock title (code)"), [&window] { return window.logsDock()->windowTitle(); }, "MainWindow", {}},
        {QStringLiteral("dashboard heading"), [&window] { return labelText(window.dashboardPage(), "heading"); }, "DashboardPage", {}},
        {QStringLiteral("listeners heading"), [&window] { return labelText(window.listenersPage(), "listHeading"); }, "ListenersPage", {}},
        {QStringLiteral("listener form label"), [&window] { return labelText(window.listenersPage(), "addressLabel"); }, "ListenerEditor", {}},
        {QStringLiteral("upstreams add button"), [&window] { return buttonText(window.upstreamsPage(), "addButton"); }, "UpstreamsPage", {}},
        {QStringLiteral("certificates heading"), [&window] { return labelText(window.certificatesPage(), "listHeading"); }, "CertificatesPage", {}},
        {QStringLiteral("log level label"), [&window] { return labelText(window.logsPage(), "levelLabel"); }, "LogsPage", {}},
        {QStringLiteral("connections tab (code)"), [tabs] { return tabs->tabText(0); }, "ConnectionsPage", {}},
    };
    for (Shown &text : shown) {
        text.source = text.read();
        QVERIFY2(!text.source.startsWith(u'<') || text.source.startsWith(QStringLiteral("<b>")), qPrintable(text.source));
    }
    const int listeners = int(window.document()->config().listeners.size());
    const QString listenersEnglish = navigator->item(MainWindow::ListenersPageIndex)->text();
    QCOMPARE(listenersEnglish, QStringLiteral("Listeners (%1)").arg(listeners));

    QCOMPARE(Translations::install(QCoreApplication::instance(), QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    for (const Shown &text : shown) {
        const QString chinese = QCoreApplication::translate(text.context, text.source.toUtf8().constData());
        QVERIFY2(chinese != text.source, qPrintable(text.what + QStringLiteral(": no Chinese for ") + text.source));
        QVERIFY2(text.read() == chinese, qPrintable(text.what + QStringLiteral(": shows ") + text.read() + QStringLiteral(", not ") + chinese));
    }
    // Built with a number filled in: MainWindow makes it again on QEvent::LanguageChange.
    const QString listenersChinese = window.tr("Listeners (%1)").arg(listeners);
    QVERIFY(listenersChinese != listenersEnglish);
    QTRY_COMPARE(navigator->item(MainWindow::ListenersPageIndex)->text(), listenersChinese);

    QVERIFY(Translations::install(QCoreApplication::instance(), QStringLiteral("en")).startsWith(QStringLiteral("en")));
    for (const Shown &text : shown)
        QVERIFY2(text.read() == text.source, qPrintable(text.what + QStringLiteral(": shows ") + text.read() + QStringLiteral(", not ") + text.source));
    QTRY_COMPARE(navigator->item(MainWindow::ListenersPageIndex)->text(), listenersEnglish);
}

void TestGuiLanguageSwitch::sameWordOfTwoClassesKeepsEachTranslation()
{
    // "Key" is a certificate's key (密钥) on the certificates page and a zone's key (键) in the
    // zones dialog: a widget showing "Key" gets its own class's word.
    auto *recorder = QCoreApplication::instance()->findChild<RecordingTranslator *>();
    QVERIFY(recorder);
    QCOMPARE(QCoreApplication::translate("ConnectionZonesDialog", "Key"), QStringLiteral("Key"));
    QCOMPARE(QCoreApplication::translate("CertificatesPage", "Key"), QStringLiteral("Key"));
    Translations::install(QCoreApplication::instance(), QStringLiteral("zh_CN"));
    const QString zone = QCoreApplication::translate("ConnectionZonesDialog", "Key");
    const QString certificate = QCoreApplication::translate("CertificatesPage", "Key");
    QVERIFY(zone != certificate && zone != QStringLiteral("Key") && certificate != QStringLiteral("Key"));
    QCOMPARE(recorder->retranslate(QStringLiteral("Key"), {"QLabel", "QWidget", "CertificatesPage", "MainWindow"}).value_or(QString()), certificate);
    QCOMPARE(recorder->retranslate(QStringLiteral("Key"), {"QLineEdit", "ConnectionZonesDialog"}).value_or(QString()), zone);
    QVERIFY(!recorder->retranslate(QStringLiteral("never shown")));
    Translations::install(QCoreApplication::instance(), QStringLiteral("en"));
    QCOMPARE(recorder->retranslate(certificate, {"CertificatesPage"}).value_or(QString()), QStringLiteral("Key"));
}

QTEST_MAIN(TestGuiLanguageSwitch)
#include "tst_guilanguageswitch.moc"
