// File > Import nginx config… and File > Export nginx config…: the import dialog shows
// what was not carried over (file:line and why) and the config that would result, and
// taking it is one undoable edit; the export dialog previews the text live for each form,
// target version and load_module, the preview passes a real `nginx -t`, and what nginx would
// refuse is listed in words with nothing to save.
#include "guienginefixture.h"
#include "logcapture.h"
#include "nginxerrorlog.h"
#include "nginxprefix.h"
#include "testclient.h"

#include <configdocument.h>
#include <engine.h>
#include <enginecontroller.h>
#include <fieldmarker.h>
#include <mainwindow.h>
#include <nginxexportdialog.h>
#include <nginximportdialog.h>
#include <translations.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QTreeWidget>
#include <functional>

namespace {

const QString shadowsocks = QStringLiteral(PORTIER_TEST_DATA "/nginx/article-shadowsocks.conf");

// Every item's text in every column, one "a | b" line per item, depth first.
QStringList treeLines(const QTreeWidget *tree)
{
    QStringList lines;
    std::function<void(const QTreeWidgetItem *)> walk = [&](const QTreeWidgetItem *item) {
        QStringList columns;
        for (int c = 0; c < item->columnCount(); ++c)
            columns << item->text(c);
        lines << columns.join(QStringLiteral(" | "));
        for (int i = 0; i < item->childCount(); ++i)
            walk(item->child(i));
    };
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        walk(tree->topLevelItem(i));
    return lines;
}

bool containsLine(const QStringList &lines, const QString &fragment)
{
    return std::any_of(lines.begin(), lines.end(), [&](const QString &line) { return line.contains(fragment); });
}

// Runs check on the dialog of type T once it is shown modally, then closes it with accept.
template<typename T>
void whenShown(std::function<void(T *)> check, bool accept = true)
{
    QTimer::singleShot(0, qApp, [check, accept] {
        QTRY_VERIFY(qobject_cast<T *>(QApplication::activeModalWidget()));
        auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget());
        check(dialog);
        if (accept)
            dialog->accept();
        else
            dialog->reject();
    });
}


} // namespace

class NginxDialogsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void importShowsSkippedBlockAndListener();
    void importWithErrorsLeavesNothingToImport();
    void importIntoDocumentIsUndoable();
    void exportPreviewPassesNginx_data();
    void exportPreviewPassesNginx();
    void exportPreviewFollowsOptions();
    void exportErrorsInWords();
    void exportInvalidVersionMarksField();
    void exportSaveAndCopy();
    void exportFromWindowRemembersOptions();

private:
    // Listeners on free loopback ports, a TLS one with a certificate named relative to the
    // prefix, a group nginx 1.22 has no method for, and active health checks.
    Config richConfig() const;

    std::unique_ptr<NginxPrefix> m_prefix;
};

void NginxDialogsTest::initTestCase()
{
#if defined(Q_OS_WIN)
    // Every export test checks its preview with a real `nginx -t` (Debian's nginx and its
    // stream module); there is none for the Windows build to run.
    QSKIP("needs Debian's nginx and its stream module for nginx -t (Linux only)");
#endif
    Translations::install(qApp, QStringLiteral("en")); // plural forms
    const QString missing = NginxPrefix::missingNginx();
    QVERIFY2(missing.isEmpty(), qPrintable(missing)); // says: run scripts/test.sh
    m_prefix = std::make_unique<NginxPrefix>();
    QVERIFY(m_prefix->isValid());
    QString error;
    QVERIFY2(m_prefix->makeCertificate(QStringLiteral("keys/site.pem"), QStringLiteral("keys/site.key"), &error), qPrintable(error));
}

Config NginxDialogsTest::richConfig() const
{
    Config config;
    config.workers = 2;
    config.certificates << CertificateConfig{QStringLiteral("site"), QStringLiteral("keys/site.pem"), QStringLiteral("keys/site.key"), QString(), false};

    UpstreamConfig backend;
    backend.name = QStringLiteral("backend");
    backend.method = UpstreamConfig::Method::Hash;
    backend.hashKey = QStringLiteral("$remote_addr");
    backend.consistent = true;
    ServerConfig first;
    first.address = QStringLiteral("127.0.0.2:9999");
    first.weight = 3;
    ServerConfig second;
    second.address = QStringLiteral("127.0.0.3:9999");
    second.maxConns = 10;
    second.failTimeoutMs = 30000;
    backend.servers << first << second;
    config.upstreams << backend;

    UpstreamConfig timed;
    timed.name = QStringLiteral("timed pool"); // made safe for nginx
    timed.method = UpstreamConfig::Method::LeastTime;
    timed.healthCheck.enabled = true;
    timed.healthCheck.intervalMs = 2000;
    ServerConfig a;
    a.address = QStringLiteral("127.0.0.4:7000");
    ServerConfig b;
    b.address = QStringLiteral("127.0.0.5:7000");
    b.backup = true;
    timed.servers << a << b;
    config.upstreams << timed;

    ListenerConfig plain;
    plain.listen = QStringLiteral("127.0.0.1:%1").arg(findFreePort());
    plain.proxyPass = QStringLiteral("backend");
    plain.proxyTimeoutMs = 20000;
    config.listeners << plain;
    ListenerConfig udp;
    udp.listen = QStringLiteral("127.0.0.1:%1").arg(freeUdpPort()); // nginx -t binds it
    udp.protocol = ListenerConfig::Protocol::Udp;
    udp.proxyPass = QStringLiteral("timed pool");
    udp.proxyResponses = 1;
    config.listeners << udp;
    ListenerConfig tls;
    tls.listen = QStringLiteral("127.0.0.1:%1").arg(findFreePort());
    tls.proxyPass = QStringLiteral("backend");
    tls.ssl.enabled = true;
    tls.ssl.certificate = QStringLiteral("site");
    tls.ssl.sessionCache = QStringLiteral("shared:SSL:10m");
    config.listeners << tls;
    ListenerConfig off;
    off.listen = QStringLiteral("127.0.0.1:%1").arg(findFreePort());
    off.proxyPass = QStringLiteral("backend");
    off.enabled = false;
    config.listeners << off;
    return config;
}

void NginxDialogsTest::importShowsSkippedBlockAndListener()
{
    NginxImportDialog dialog;
    dialog.importFile(shadowsocks);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    // The skipped http {} block, placed at its line, with the reason.
    const QStringList issues = treeLines(dialog.findChild<QTreeWidget *>(QStringLiteral("issuesTree")));
    QVERIFY2(containsLine(issues, QStringLiteral("article-shadowsocks.conf:4 | http {} skipped: Portier takes only stream {}")),
             qPrintable(issues.join(u'\n')));
    QCOMPARE(issues.size(), 1); // the commented-out server is ignored, as nginx ignores it
    QVERIFY(dialog.findChild<QWidget *>(QStringLiteral("issuesGroup"))->isVisible());
    const QString verdict = dialog.findChild<QLabel *>(QStringLiteral("verdictLabel"))->text();
    QVERIFY2(verdict.contains(QStringLiteral("carried over")), qPrintable(verdict));

    // The preview: the listener, its group and the one server left.
    const QStringList summary = treeLines(dialog.findChild<QTreeWidget *>(QStringLiteral("summaryTree")));
    QVERIFY2(containsLine(summary, QStringLiteral("Listeners (1)")), qPrintable(summary.join(u'\n')));
    QVERIFY2(containsLine(summary, QStringLiteral("127.0.0.1:9000 → backend | TCP · proxy_timeout 20s")), qPrintable(summary.join(u'\n')));
    QVERIFY2(containsLine(summary, QStringLiteral("backend | round robin · 1 server")), qPrintable(summary.join(u'\n')));
    QVERIFY2(containsLine(summary, QStringLiteral("127.0.0.2:9999 | weight=1")), qPrintable(summary.join(u'\n')));
    QVERIFY(!containsLine(summary, QStringLiteral("127.0.0.3")));
    const QString json = dialog.findChild<QPlainTextEdit *>(QStringLiteral("jsonView"))->toPlainText();
    QVERIFY2(json.contains(QStringLiteral("\"listen\": \"127.0.0.1:9000\"")), qPrintable(json));

    QVERIFY(dialog.canImport());
    QVERIFY(dialog.importButton()->isEnabled());
    QCOMPARE(dialog.result().config.listeners.size(), 1);
    QCOMPARE(dialog.result().config.listeners.at(0).proxyTimeoutMs, 20000);
}

void NginxDialogsTest::importWithErrorsLeavesNothingToImport()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.conf"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("stream {\n    server {\n        listen 127.0.0.1:9000\n        proxy_pass backend;\n    }\n}\n");
    file.close();

    NginxImportDialog dialog;
    dialog.importFile(path);
    QVERIFY(!dialog.canImport());
    QVERIFY(!dialog.importButton()->isEnabled());
    const QStringList issues = treeLines(dialog.findChild<QTreeWidget *>(QStringLiteral("issuesTree")));
    QVERIFY2(containsLine(issues, QStringLiteral("broken.conf:")), qPrintable(issues.join(u'\n')));
    const QString verdict = dialog.findChild<QLabel *>(QStringLiteral("verdictLabel"))->text();
    QVERIFY2(verdict.contains(QStringLiteral("nothing to import")), qPrintable(verdict));
    QCOMPARE(dialog.findChild<QTreeWidget *>(QStringLiteral("summaryTree"))->topLevelItemCount(), 0);

    // Fixed in an editor, then Read again.
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("stream {\n    server {\n        listen 127.0.0.1:9000;\n        proxy_pass 127.0.0.2:80;\n    }\n}\n");
    file.close();
    dialog.findChild<QPushButton *>(QStringLiteral("rereadButton"))->click();
    QVERIFY(dialog.canImport());
    QVERIFY(dialog.importButton()->isEnabled());
    QVERIFY(!dialog.findChild<QWidget *>(QStringLiteral("issuesGroup"))->isVisibleTo(&dialog));
}

void NginxDialogsTest::importIntoDocumentIsUndoable()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    EngineFixture engine;
    MainWindow window(engine.controller.get(), &settings);
    Config before;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:30003");
    listener.proxyPass = QStringLiteral("127.0.0.1:7773");
    before.listeners << listener;
    window.document()->reset(before);
    QVERIFY(!window.document()->isModified());

    // Cancel changes nothing.
    whenShown<NginxImportDialog>([](NginxImportDialog *) {}, false);
    QVERIFY(!window.importNginxFile(shadowsocks));
    QCOMPARE(window.document()->config(), before);

    Config imported;
    whenShown<NginxImportDialog>([&imported](NginxImportDialog *dialog) {
        QVERIFY(dialog->importButton()->isEnabled());
        imported = dialog->result().config;
    });
    QVERIFY(window.importNginxFile(shadowsocks));
    QCOMPARE(window.document()->config(), imported);
    QCOMPARE(window.document()->config().listeners.at(0).listen, QStringLiteral("127.0.0.1:9000"));
    QVERIFY(window.document()->isModified());
    QVERIFY(window.isWindowModified());
    QCOMPARE(window.document()->undoStack()->undoText(), QStringLiteral("Import nginx config article-shadowsocks.conf"));

    window.action("actionUndo")->trigger();
    QCOMPARE(window.document()->config(), before);
    QVERIFY(!window.document()->isModified());
    window.action("actionRedo")->trigger();
    QCOMPARE(window.document()->config(), imported);
}

void NginxDialogsTest::exportPreviewPassesNginx_data()
{
    QTest::addColumn<bool>("standalone");
    QTest::addColumn<QString>("version"); // typed into the combo
    QTest::newRow("snippet for 1.22") << false << QStringLiteral("1.22 (Debian 12)");
    QTest::newRow("standalone for 1.22") << true << QStringLiteral("1.22 (Debian 12)");
    QTest::newRow("snippet for 1.18, typed") << false << QStringLiteral("1.18.0");
    QTest::newRow("standalone for 1.20, typed") << true << QStringLiteral("1.20");
}

void NginxDialogsTest::exportPreviewPassesNginx()
{
    QFETCH(bool, standalone);
    QFETCH(QString, version);
    NginxExportDialog dialog;
    dialog.setConfig(richConfig(), m_prefix->path(), QStringLiteral("rich.json"));
    (standalone ? dialog.findChild<QRadioButton *>(QStringLiteral("standaloneRadio"))
                : dialog.findChild<QRadioButton *>(QStringLiteral("snippetRadio")))
        ->setChecked(true);
    dialog.findChild<QComboBox *>(QStringLiteral("versionCombo"))->setEditText(version);
    if (standalone) {
        // nginx's own files inside the private prefix, so nginx -t touches nothing of the system's.
        dialog.findChild<QLineEdit *>(QStringLiteral("loadModuleEdit"))->setText(NginxProcess::streamModule());
        dialog.findChild<QLineEdit *>(QStringLiteral("pidEdit"))->setText(QStringLiteral("logs/nginx.pid"));
        dialog.findChild<QLineEdit *>(QStringLiteral("errorLogEdit"))->setText(QStringLiteral("logs/error.log"));
    }
    QVERIFY(dialog.isVersionValid());
    QCOMPARE(dialog.options().target, *NginxVersion::parse(version.section(u' ', 0, 0)));

    const QString text = dialog.findChild<QPlainTextEdit *>(QStringLiteral("previewEdit"))->toPlainText();
    QVERIFY2(!text.isEmpty(), qPrintable(QStringLiteral("no preview")));
    QCOMPARE(text, dialog.text());
    QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("saveButton"))->isEnabled());
    // The certificate, named relative to the document's folder, is written in full.
    QVERIFY2(text.contains(m_prefix->filePath(QStringLiteral("keys/site.pem"))), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("least_conn")));       // least_time's nearest for this nginx
    QVERIFY(text.contains(QStringLiteral("# portier: health_check")));
    QCOMPARE(text.contains(QStringLiteral("events {")), standalone);

    QString output;
    const QString name = QStringLiteral("dialog-%1").arg(QLatin1StringView(QTest::currentDataTag())).replace(u' ', u'-').remove(u',');
    const bool accepted = standalone ? m_prefix->checkStandalone(name, text.toUtf8(), &output) : m_prefix->checkSnippet(name, text.toUtf8(), &output);
    QVERIFY2(accepted, qPrintable(output + u'\n' + text));
    QVERIFY2(output.contains(QStringLiteral("test is successful")), qPrintable(output));
}

void NginxDialogsTest::exportPreviewFollowsOptions()
{
    NginxExportDialog dialog;
    dialog.setConfig(richConfig(), m_prefix->path());
    auto *preview = dialog.findChild<QPlainTextEdit *>(QStringLiteral("previewEdit"));
    auto *loadModule = dialog.findChild<QLineEdit *>(QStringLiteral("loadModuleEdit"));
    QVERIFY(dialog.findChild<QRadioButton *>(QStringLiteral("snippetRadio"))->isChecked());
    QVERIFY(!loadModule->isEnabled()); // standalone only
    QVERIFY(!preview->toPlainText().contains(QStringLiteral("load_module")));
    QVERIFY(preview->toPlainText().contains(QStringLiteral("# portier: workers 2")));

    dialog.findChild<QRadioButton *>(QStringLiteral("standaloneRadio"))->setChecked(true);
    QVERIFY(loadModule->isEnabled());
    QVERIFY2(preview->toPlainText().contains(QStringLiteral("load_module /usr/lib/nginx/modules/ngx_stream_module.so;")),
             qPrintable(preview->toPlainText()));
    QVERIFY(preview->toPlainText().contains(QStringLiteral("worker_processes 2;")));
    loadModule->setText(QStringLiteral("/opt/nginx/modules/stream.so"));
    QVERIFY(preview->toPlainText().contains(QStringLiteral("load_module /opt/nginx/modules/stream.so;")));
    loadModule->clear(); // built in
    QVERIFY(!preview->toPlainText().contains(QStringLiteral("load_module")));

    // The target version decides what is written and what becomes a comment.
    auto *version = dialog.findChild<QComboBox *>(QStringLiteral("versionCombo"));
    version->setEditText(QStringLiteral("1.18"));
    QVERIFY2(preview->toPlainText().contains(QStringLiteral("nginx 1.18")), qPrintable(preview->toPlainText()));
    QVERIFY(!preview->toPlainText().contains(QStringLiteral("\n        proxy_half_close on;")));
    const QString note = dialog.findChild<QLabel *>(QStringLiteral("versionNote"))->text();
    QVERIFY2(note.contains(QStringLiteral("proxy_half_close")), qPrintable(note));
    version->setEditText(QStringLiteral("1.22"));
    QVERIFY(preview->toPlainText().contains(QStringLiteral("proxy_half_close on;")));
    QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("versionNote"))->text().contains(QStringLiteral("proxy_half_close")));

    // The warnings say what was written differently, in words.
    const QStringList messages = treeLines(dialog.findChild<QTreeWidget *>(QStringLiteral("messagesTree")));
    QVERIFY2(containsLine(messages, QStringLiteral("Upstream group timed pool, name | \"timed pool\" is written as timed_pool")),
             qPrintable(messages.join(u'\n')));
}

void NginxDialogsTest::exportErrorsInWords()
{
    Config config = richConfig();
    config.upstreams[0].hashKey.clear();
    config.upstreams[1].servers.clear();
    NginxExportDialog dialog;
    dialog.setConfig(config, m_prefix->path());
    QVERIFY(!dialog.result().ok());
    QVERIFY(dialog.text().isEmpty());
    QVERIFY(dialog.findChild<QPlainTextEdit *>(QStringLiteral("previewEdit"))->toPlainText().isEmpty());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("saveButton"))->isEnabled());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("copyButton"))->isEnabled());
    const QStringList messages = treeLines(dialog.findChild<QTreeWidget *>(QStringLiteral("messagesTree")));
    QVERIFY2(containsLine(messages, QStringLiteral("Upstream group backend, hash_key | is empty; method hash needs a key such as $remote_addr")),
             qPrintable(messages.join(u'\n')));
    QVERIFY2(containsLine(messages, QStringLiteral("Upstream group timed pool, servers | the group has no servers, which nginx refuses")),
             qPrintable(messages.join(u'\n')));
    const QString status = dialog.findChild<QLabel *>(QStringLiteral("statusLabel"))->text();
    QVERIFY2(status.contains(QStringLiteral("nginx would refuse 2 settings")), qPrintable(status));
    QString error;
    QTemporaryDir dir;
    QVERIFY(!dialog.saveTo(dir.filePath(QStringLiteral("x.conf")), &error));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.conf"))));

    // A server's field names the server.
    config = richConfig();
    config.upstreams[0].servers[1].weight = 0;
    dialog.setConfig(config, m_prefix->path());
    QVERIFY2(containsLine(treeLines(dialog.findChild<QTreeWidget *>(QStringLiteral("messagesTree"))),
                          QStringLiteral("Upstream group backend, server 2 (127.0.0.3:9999), weight | 0 must be 1 or more for nginx")),
             qPrintable(treeLines(dialog.findChild<QTreeWidget *>(QStringLiteral("messagesTree"))).join(u'\n')));
}

void NginxDialogsTest::exportInvalidVersionMarksField()
{
    NginxExportDialog dialog;
    dialog.setConfig(richConfig(), m_prefix->path());
    auto *version = dialog.findChild<QComboBox *>(QStringLiteral("versionCombo"));
    version->setEditText(QStringLiteral("1.x"));
    QVERIFY(!dialog.isVersionValid());
    QVERIFY(FieldMarker::isMarked(version));
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("saveButton"))->isEnabled());
    QVERIFY(dialog.findChild<QPlainTextEdit *>(QStringLiteral("previewEdit"))->toPlainText().isEmpty());
    QVERIFY(containsLine(treeLines(dialog.findChild<QTreeWidget *>(QStringLiteral("messagesTree"))), QStringLiteral("is not an nginx version")));
    // A release picked from the list, whatever its label says in the user's language.
    version->setCurrentIndex(version->findData(QStringLiteral("1.26")));
    QVERIFY(dialog.isVersionValid());
    QCOMPARE(dialog.options().target, NginxVersion(1, 26));
    version->setEditText(QStringLiteral("1.x"));
    QVERIFY(!dialog.isVersionValid());
    version->setEditText(QStringLiteral("1.24.0"));
    QVERIFY(dialog.isVersionValid());
    QVERIFY(!FieldMarker::isMarked(version));
    QCOMPARE(dialog.options().target, NginxVersion(1, 24, 0));
    QVERIFY(!dialog.text().isEmpty());
}

void NginxDialogsTest::exportSaveAndCopy()
{
    NginxExportDialog dialog;
    dialog.setConfig(richConfig(), m_prefix->path());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("stream.conf"));
    QString error;
    QVERIFY2(dialog.saveTo(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()), dialog.text());
    const QString status = dialog.findChild<QLabel *>(QStringLiteral("statusLabel"))->text();
    QVERIFY2(status.contains(QStringLiteral("Saved")) && status.contains(QStringLiteral("include")), qPrintable(status));

    QApplication::clipboard()->clear();
    dialog.findChild<QPushButton *>(QStringLiteral("copyButton"))->click();
    QCOMPARE(QApplication::clipboard()->text(), dialog.text());
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("statusLabel"))->text().contains(QStringLiteral("clipboard")));
}

void NginxDialogsTest::exportFromWindowRemembersOptions()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    EngineFixture engine;
    MainWindow window(engine.controller.get(), &settings);
    window.setPrompt([](QMessageBox::Icon, const QString &title, const QString &text, QMessageBox::StandardButtons) {
        qWarning("unexpected prompt: %s: %s", qPrintable(title), qPrintable(text));
        return QMessageBox::Cancel;
    });
    // A saved document: relative paths mean its folder.
    QVERIFY(QDir(m_prefix->path()).mkpath(QStringLiteral("doc")));
    const Config config = richConfig();
    window.document()->reset(config);
    QVERIFY(window.saveFile(m_prefix->filePath(QStringLiteral("doc/portier.json"))));

    QString text;
    whenShown<NginxExportDialog>([&text](NginxExportDialog *dialog) {
        QVERIFY(dialog->findChild<QRadioButton *>(QStringLiteral("snippetRadio"))->isChecked());
        dialog->findChild<QRadioButton *>(QStringLiteral("standaloneRadio"))->setChecked(true);
        dialog->findChild<QComboBox *>(QStringLiteral("versionCombo"))->setEditText(QStringLiteral("1.24"));
        dialog->findChild<QLineEdit *>(QStringLiteral("pidEdit"))->setText(QStringLiteral("logs/nginx.pid"));
        text = dialog->text();
    }, false);
    window.action("actionExportNginx")->trigger();
    QVERIFY2(text.contains(m_prefix->filePath(QStringLiteral("doc/keys/site.pem"))), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("pid logs/nginx.pid;")));

    bool remembered = false;
    whenShown<NginxExportDialog>([&remembered](NginxExportDialog *dialog) {
        const NginxExporter::Options options = dialog->options();
        remembered = options.form == NginxExporter::Form::Standalone && options.target == NginxVersion(1, 24)
                     && options.pid == QStringLiteral("logs/nginx.pid");
    }, false);
    window.action("actionExportNginx")->trigger();
    QVERIFY(remembered);
    QVERIFY(!window.document()->isModified()); // exporting changes nothing
}

QTEST_MAIN(NginxDialogsTest)
#include "tst_guinginxdialogs.moc"
