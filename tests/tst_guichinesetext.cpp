// In Chinese, the window shows no English word that is not a name, a unit, an nginx
// directive or a technical token: every page of the main window (running engine, a live
// connection) and every dialog reachable without a modal block, with all their visible
// labels, buttons, group boxes, tabs, table headers and cells, combo items, menus and
// spin box suffixes. Tooltips are skipped. A word found names the widget that shows it.
#include "guienginefixture.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"

#include <aboutdialog.h>
#include <configdocument.h>
#include <connectionsmodel.h>
#include <connectionspage.h>
#include <connectionzonesdialog.h>
#include <dashboardpage.h>
#include <listenerspage.h>
#include <logformatsdialog.h>
#include <logspage.h>
#include <newgroupdialog.h>
#include <nginxexportdialog.h>
#include <nginximportdialog.h>
#include <preferencesdialog.h>
#include <remoteconnectdialog.h>
#include <testtrafficdialog.h>
#include <trafficplotbar.h>
#include <translations.h>

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>
#include <QTextDocument>

namespace {

// Words that stay English in a Chinese window: names, units, protocols, nginx's own words.
const QSet<QString> &allowed()
{
    static const QSet<QString> words = [] {
        QSet<QString> set;
        for (const char *word :
             {"Portier", "portier", "portierd", "nginx", "NGINX", "Plus", "Qt", "TCP", "UDP", "TLS", "SSL", "SNI", "PROXY", "JSON", "API",
              "HTTP", "HTTPS", "IPv4", "IPv6", "IP", "DNS", "PEM", "SHA", "OpenSSL", "openssl", "CA", "CN", "URL", "GET", "NAME", "CERT",
              "B", "KiB", "MiB", "GiB", "TiB", "s", "ms", "min", "h", "MIT", // MIT: a licence's name
              "tcp", "udp", "English", // a listener's protocol as its config writes it; the language's own name
              // nginx's words in parentheses after the Chinese: directives, parameters, blocks, log levels
              "hash", "random", "consistent", "listen", "allow", "deny", "on", "off", "reuseport", "bind", "backlog", "rcvbuf", "sndbuf",
              "fastopen", "ssl", "stream",
              "http", "pid", "api", "server", "resolve", "debug", "info", "notice", "warn", "error", "crit", "alert", "emerg",
              // the test data's names and an example
              "localhost", "alpha", "backend", "hello"})
            set.insert(QString::fromLatin1(word));
        return set;
    }();
    return words;
}

// The English words of a text, less what is allowed; a chunk with a digit, a dot inside,
// ':', '/', '_', '$', '@' or '=' is an address, a path, a variable or a directive.
QStringList englishWords(QString text)
{
    if (Qt::mightBeRichText(text)) {
        QTextDocument document;
        document.setHtml(text);
        text = document.toPlainText();
    }
    // "应用(&A)", and "应用(A)" as a tool button shows it
    static const QRegularExpression mnemonic(QStringLiteral("\\(&?[A-Za-z0-9]\\)"));
    text.remove(mnemonic);
    text.remove(u'&');
    static const QRegularExpression space(QStringLiteral("[\\s\\x{3000}-\\x{303f}\\x{ff00}-\\x{ffef}()\\[\\]{}\"'“”‘’,;…]+"));
    static const QRegularExpression technical(QStringLiteral("^-|[0-9:/\\\\_$@=*<>#]|\\.[A-Za-z]"));
    static const QRegularExpression word(QStringLiteral("[A-Za-z]+(?:-[A-Za-z]+)*"));
    QStringList found;
    for (const QString &chunk : text.split(space, Qt::SkipEmptyParts)) {
        if (chunk.contains(technical))
            continue;
        for (auto match = word.globalMatch(chunk); match.hasNext();) {
            const QString w = match.next().captured();
            bool ok = true;
            for (const QString &part : w.split(u'-'))
                ok = ok && allowed().contains(part);
            if (!ok)
                found << w;
        }
    }
    return found;
}

QString describe(const QObject *object)
{
    QStringList path;
    for (const QObject *o = object; o; o = o->parent())
        path.prepend(QString::fromLatin1(o->metaObject()->className()) + (o->objectName().isEmpty() ? QString() : u'#' + o->objectName()));
    return path.join(u'/');
}

void check(QStringList *problems, const QObject *where, const QString &text)
{
    const QStringList words = englishWords(text);
    if (!words.isEmpty())
        *problems << describe(where) + QStringLiteral(": \"") + text.simplified().left(160) + QStringLiteral("\" -> ") + words.join(u' ');
}

void checkMenu(QStringList *problems, const QMenu *menu)
{
    check(problems, menu, menu->title());
    for (const QAction *action : menu->actions()) {
        if (action->menu())
            checkMenu(problems, action->menu());
        else if (!action->isSeparator())
            check(problems, menu, action->text());
    }
}

// Views whose cells are English on purpose. issuesTree: the nginx importer's notes
// (src/nginx, shared with portierd's --import on the command line), not yet translated.
const QStringList &englishByDesign()
{
    static const QStringList names{QStringLiteral("issuesTree")};
    return names;
}

// Cells too, except the log's: its lines are English on purpose, as nginx's error log is
// (EngineController keeps them so), and its level and text are what a search would match.
void checkModel(QStringList *problems, const QAbstractItemView *view, bool cells)
{
    const QAbstractItemModel *model = view->model();
    if (!model)
        return;
    for (int c = 0; c < model->columnCount(); ++c)
        check(problems, view, model->headerData(c, Qt::Horizontal).toString());
    // Cells: states and kinds are words; the first rows say enough.
    for (int r = 0; cells && r < std::min(model->rowCount(), 20); ++r)
        for (int c = 0; c < model->columnCount(); ++c)
            check(problems, view, model->index(r, c).data().toString());
}

// Every visible widget under top, and the tabs of every tab widget in turn.
void walk(QStringList *problems, QWidget *top)
{
    QCoreApplication::processEvents();
    check(problems, top, top->windowTitle());
    QList<QWidget *> widgets = top->findChildren<QWidget *>();
    widgets.prepend(top);
    for (QWidget *w : widgets) {
        if (!w->isVisibleTo(top) && w != top)
            continue;
        if (auto *label = qobject_cast<QLabel *>(w))
            check(problems, w, label->text());
        else if (auto *button = qobject_cast<QAbstractButton *>(w))
            check(problems, w, button->text());
        else if (auto *box = qobject_cast<QGroupBox *>(w))
            check(problems, w, box->title());
        else if (auto *edit = qobject_cast<QLineEdit *>(w))
            check(problems, w, edit->placeholderText());
        else if (auto *combo = qobject_cast<QComboBox *>(w)) {
            if (!combo->isEditable())
                for (int i = 0; i < combo->count(); ++i)
                    check(problems, w, combo->itemText(i));
        } else if (auto *spin = qobject_cast<QSpinBox *>(w))
            check(problems, w, spin->prefix() + u' ' + spin->suffix() + u' ' + spin->specialValueText());
        else if (auto *tabs = qobject_cast<QTabWidget *>(w)) {
            for (int i = 0; i < tabs->count(); ++i)
                check(problems, w, tabs->tabText(i));
        } else if (auto *dock = qobject_cast<QDockWidget *>(w))
            check(problems, w, dock->windowTitle());
        else if (auto *view = qobject_cast<QAbstractItemView *>(w); view && !qobject_cast<QHeaderView *>(w))
            checkModel(problems, view, qobject_cast<LogsPage *>(view->parentWidget()) == nullptr && !englishByDesign().contains(view->objectName()));
        else if (auto *bar = qobject_cast<QMenuBar *>(w)) {
            for (const QAction *action : bar->actions())
                if (action->menu())
                    checkMenu(problems, action->menu());
        }
        if (auto *button = qobject_cast<QAbstractButton *>(w); button && button->property("menu").isValid())
            if (auto *menu = button->findChild<QMenu *>())
                checkMenu(problems, menu);
    }
    for (QTabWidget *tabs : top->findChildren<QTabWidget *>()) {
        if (!tabs->isVisibleTo(top))
            continue;
        const int current = tabs->currentIndex();
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QCoreApplication::processEvents();
            for (QLabel *label : tabs->widget(i)->findChildren<QLabel *>())
                if (label->isVisibleTo(tabs->widget(i)))
                    check(problems, label, label->text());
            for (QAbstractButton *button : tabs->widget(i)->findChildren<QAbstractButton *>())
                if (button->isVisibleTo(tabs->widget(i)))
                    check(problems, button, button->text());
            for (QGroupBox *box : tabs->widget(i)->findChildren<QGroupBox *>())
                if (box->isVisibleTo(tabs->widget(i)))
                    check(problems, box, box->title());
        }
        tabs->setCurrentIndex(current);
    }
}

} // namespace

class ChineseTextTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void detectorFindsEnglish();
    void everyPageAndDialog();
};

void ChineseTextTest::initTestCase()
{
    QApplication::setStyle(QStringLiteral("Fusion"));
    const QString language = Translations::install(qApp, QStringLiteral("zh_CN"));
    QVERIFY2(language.startsWith(QStringLiteral("zh")), qPrintable(QStringLiteral("installed: ") + language));
}

// The checker itself: it must see English, and pass names, units and tokens.
void ChineseTextTest::detectorFindsEnglish()
{
    QCOMPARE(englishWords(QStringLiteral("监听器 127.0.0.1:80 已停止")), QStringList());
    QCOMPARE(englishWords(QStringLiteral("通过 TCP 发送 5 KiB/s（proxy_pass backend）")), QStringList());
    QCOMPARE(englishWords(QStringLiteral("<b>监听器</b> Listener stopped")), (QStringList{QStringLiteral("Listener"), QStringLiteral("stopped")}));
    QCOMPARE(englishWords(QStringLiteral("&Apply")), QStringList{QStringLiteral("Apply")});
    QCOMPARE(englishWords(QStringLiteral("应用(&A)")), QStringList());
}

void ChineseTextTest::everyPageAndDialog()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("alpha"));
    const quint16 port = findFreePort();
    WindowFixture fixture;
    MainWindow &window = fixture.window;
    window.setPrompt([](QMessageBox::Icon, const QString &, const QString &, QMessageBox::StandardButtons) { return QMessageBox::Ok; });
    window.resize(1100, 720);
    window.document()->reset(proxyConfig(port, QStringList{backend.address()}, 1));
    QSignalSpy applied(fixture.engine.controller.get(), &EngineController::applyFinished);
    window.startEngine();
    QVERIFY(applied.wait(10000));
    TestClient client; // a live connection for the Connections page
    QVERIFY(client.connectTo(port));
    QCOMPARE(client.readLine(), QByteArray("alpha\n"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QStringList problems;
    for (const MainWindow::Page page : {MainWindow::DashboardPageIndex, MainWindow::ListenersPageIndex, MainWindow::UpstreamsPageIndex,
                                        MainWindow::CertificatesPageIndex, MainWindow::ConnectionsPageIndex}) {
        window.showPage(page);
        if (page == MainWindow::ConnectionsPageIndex) // the live session's row, in the page's first batch
            QTRY_VERIFY_WITH_TIMEOUT(window.connectionsPage()->model()->rowCount() == 1, 5000);
        walk(&problems, &window);
    }
    window.dashboardPage()->plotBar()->updateSeriesMenu();
    checkMenu(&problems, window.dashboardPage()->plotBar()->seriesMenu());

    auto walkDialog = [&](QWidget *dialog) {
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        walk(&problems, dialog);
        dialog->close();
    };
    PreferencesDialog preferences(&window);
    walkDialog(&preferences);
    RemoteConnectDialog remote(&window);
    walkDialog(&remote);
    NginxImportDialog import(&window);
    import.importFile(QStringLiteral(PORTIER_TEST_DATA "/nginx/article-shadowsocks.conf"));
    walkDialog(&import);
    NginxExportDialog exporter(&window);
    exporter.setConfig(window.document()->config(), window.document()->baseDirectory(), window.document()->displayName());
    walkDialog(&exporter);
    ConnectionZonesDialog zones({}, &window);
    walkDialog(&zones);
    LogFormatsDialog formats({}, &window);
    walkDialog(&formats);
    AboutDialog about(&window);
    walkDialog(&about);
    NewGroupDialog newGroup(window.document()->config(), 0, &window);
    walkDialog(&newGroup);
    window.showPage(MainWindow::ListenersPageIndex);
    window.listenersPage()->setCurrentIndex(0);
    TestTrafficDialog *traffic = window.listenersPage()->sendTestTraffic();
    QVERIFY(traffic);
    QTRY_VERIFY_WITH_TIMEOUT(traffic->traffic().progress().completed >= 1, 10000);
    walkDialog(traffic);

    problems.removeDuplicates();
    for (const QString &problem : std::as_const(problems))
        qWarning("English: %s", qPrintable(problem));
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 English texts in the Chinese window (listed above)").arg(problems.size())));
}

QTEST_MAIN(ChineseTextTest)
#include "tst_guichinesetext.moc"
