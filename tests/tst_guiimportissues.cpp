// The nginx import preview keeps errors and warnings apart: a config nginx 1.22 accepts, with
// one directive whose loss would change routing (a geo {} variable that the upstream's hash
// key reads: an error) and one whose loss changes nothing of the kind
// (tcp_nodelay: a warning), shows each with its icon and its count, errors first, and keeps
// Import off with the reason until the error is gone.
#include "nginxprefix.h"

#include <nginximportdialog.h>

#include <QLabel>
#include <QPushButton>
#include <QTest>
#include <QTreeWidget>

namespace {

const QByteArray errorAndWarning = "stream {\n"
                                   "    geo $limited {\n"
                                   "        default 1;\n"
                                   "        10.0.0.0/8 0;\n"
                                   "    }\n"
                                   "    upstream backend {\n"
                                   "        hash $limited;\n"
                                   "        server 127.0.0.1:30021;\n"
                                   "    }\n"
                                   "    tcp_nodelay off;\n"
                                   "    server {\n"
                                   "        listen 127.0.0.1:30020;\n"
                                   "        proxy_pass backend;\n"
                                   "    }\n"
                                   "}\n";

} // namespace

class GuiImportIssuesTest : public QObject
{
    Q_OBJECT

private slots:
    void nginxAcceptsTheFile();
    void errorsAndWarningsApart();
    void warningAloneAllowsImport();
};

void GuiImportIssuesTest::nginxAcceptsTheFile()
{
    // "Nothing that nginx accepts is called invalid": the error is about what would be lost.
#if defined(Q_OS_WIN)
    QSKIP("needs Debian's nginx and its stream module (Linux only)");
#endif
    NginxPrefix prefix;
    QVERIFY2(NginxPrefix::missingNginx().isEmpty(), qPrintable(NginxPrefix::missingNginx()));
    QString output;
    QVERIFY2(prefix.checkSnippet(QStringLiteral("both"), errorAndWarning, &output), qPrintable(output));
}

void GuiImportIssuesTest::errorsAndWarningsApart()
{
    NginxPrefix prefix;
    QVERIFY(prefix.write(QStringLiteral("both.conf"), errorAndWarning));
    NginxImportDialog dialog;
    dialog.importFile(prefix.filePath(QStringLiteral("both.conf")));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    QCOMPARE(dialog.counts().errors, 1);
    QCOMPARE(dialog.counts().warnings, 1);
    // "1 error" with the English plural forms loaded, "1 error(s)" without them
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("errorCountLabel"))->text().startsWith(QStringLiteral("1 error")));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("warningCountLabel"))->text().startsWith(QStringLiteral("1 warning")));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("errorCountLabel"))->isVisible());

    auto *tree = dialog.findChild<QTreeWidget *>(QStringLiteral("issuesTree"));
    QCOMPARE(tree->topLevelItemCount(), 2);
    const QTreeWidgetItem *first = tree->topLevelItem(0);
    const QTreeWidgetItem *second = tree->topLevelItem(1);
    QCOMPARE(first->data(0, Qt::AccessibleTextRole).toString(), QStringLiteral("error")); // errors lead
    QCOMPARE(first->text(0), QStringLiteral("both.conf:2"));
    QVERIFY2(first->text(1).contains(QStringLiteral("geo {} is not carried over")) && first->text(1).contains(QStringLiteral("$limited")),
             qPrintable(first->text(1)));
    QCOMPARE(second->data(0, Qt::AccessibleTextRole).toString(), QStringLiteral("warning"));
    QCOMPARE(second->text(0), QStringLiteral("both.conf:10"));
    QVERIFY2(second->text(1).contains(QStringLiteral("\"tcp_nodelay\" is not carried over")), qPrintable(second->text(1)));
    // Different icons for the two kinds.
    QVERIFY(first->icon(0).pixmap(16).toImage() != second->icon(0).pixmap(16).toImage());

    QVERIFY(!dialog.canImport());
    QVERIFY(!dialog.importButton()->isEnabled());
    QVERIFY2(dialog.importButton()->toolTip().contains(QStringLiteral("while there are errors")), qPrintable(dialog.importButton()->toolTip()));
    const QString verdict = dialog.findChild<QLabel *>(QStringLiteral("verdictLabel"))->text();
    QVERIFY2(verdict.contains(QStringLiteral("1 error")) && verdict.contains(QStringLiteral("nothing to import")), qPrintable(verdict));
}

void GuiImportIssuesTest::warningAloneAllowsImport()
{
    // The same file hashing another key: nothing reads the geo variable, so dropping it loses nothing.
    QByteArray text = errorAndWarning;
    text.replace("hash $limited;", "hash $remote_addr;");
    NginxPrefix prefix;
    QVERIFY(prefix.write(QStringLiteral("warnings.conf"), text));
    NginxImportDialog dialog;
    dialog.importFile(prefix.filePath(QStringLiteral("warnings.conf")));
    QCOMPARE(dialog.counts().errors, 0);
    QCOMPARE(dialog.counts().warnings, 2); // geo {} and tcp_nodelay
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("errorCountLabel"))->text().startsWith(QStringLiteral("0 error")));
    QVERIFY(dialog.canImport());
    QVERIFY(dialog.importButton()->isEnabled());
}

QTEST_MAIN(GuiImportIssuesTest)
#include "tst_guiimportissues.moc"
