// The listener's access log editor and the log formats dialog: values round-trip between the
// widgets and the config, edits change the log, the validator's findings mark the right
// field, and the dialog refuses what nginx -t would.
#include <accesslogedit.h>
#include <configvalidator.h>
#include <fieldmarker.h>
#include <listenereditor.h>
#include <logformatsdialog.h>

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

class GuiAccessLogEditTest : public QObject
{
    Q_OBJECT

private slots:
    void roundTripThroughTheListenerEditor();
    void editsChangeTheLog();
    void validatorFindingsMarkTheirField();
    void formatsDialogRefusesWhatNginxWould();
    void formatsDialogReturnsWhatWasEdited();
};

namespace {

AccessLogConfig sample()
{
    return {QStringLiteral("/var/log/portier/a.log"), QStringLiteral("basic"), 32 * 1024, 5000, QStringLiteral("$upstream_addr")};
}

} // namespace

void GuiAccessLogEditTest::roundTripThroughTheListenerEditor()
{
    ListenerEditor editor;
    editor.setLogFormatNames({QStringLiteral("basic"), QStringLiteral("j")});
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:4000");
    listener.proxyPass = QStringLiteral("backend");
    listener.accessLog = sample();
    editor.setListener(listener);
    QCOMPARE(editor.listener().accessLog, sample());
    AccessLogEdit *edit = editor.accessLogEdit();
    QVERIFY(edit);
    QCOMPARE(edit->pathField()->text(), QStringLiteral("/var/log/portier/a.log"));
    QCOMPARE(edit->formatField()->currentText(), QStringLiteral("basic"));
    QCOMPARE(edit->bufferField()->text(), QStringLiteral("32k"));
    QCOMPARE(edit->flushField()->text(), QStringLiteral("5s"));
    QCOMPARE(edit->conditionField()->text(), QStringLiteral("$upstream_addr"));
    listener.accessLog = AccessLogConfig();
    editor.setListener(listener);
    QCOMPARE(editor.listener().accessLog, AccessLogConfig());
}

void GuiAccessLogEditTest::editsChangeTheLog()
{
    ListenerEditor editor;
    editor.setLogFormatNames({QStringLiteral("basic"), QStringLiteral("j")});
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:4000");
    editor.setListener(listener);
    QSignalSpy edited(&editor, &ListenerEditor::edited);
    AccessLogEdit *edit = editor.accessLogEdit();
    QTest::keyClicks(edit->pathField(), QStringLiteral("/tmp/x.log"));
    QVERIFY(!edited.isEmpty());
    QCOMPARE(edited.last().value(0).toString(), QStringLiteral("access_log"));
    QCOMPARE(editor.listener().accessLog.path, QStringLiteral("/tmp/x.log"));
    QCOMPARE(editor.listener().accessLog.format, QStringLiteral("basic"));
    edit->formatField()->setCurrentText(QStringLiteral("j"));
    QCOMPARE(editor.listener().accessLog.format, QStringLiteral("j"));
    QTest::keyClicks(edit->bufferField(), QStringLiteral("64k"));
    QCOMPARE(editor.listener().accessLog.buffer, 64 * 1024);
    QTest::keyClicks(edit->flushField(), QStringLiteral("2s"));
    QCOMPARE(editor.listener().accessLog.flushMs, 2000);
    edit->bufferField()->clear();
    QTest::keyClicks(edit->bufferField(), QStringLiteral("lots"));
    QVERIFY(FieldMarker::isMarked(edit->bufferField())); // not a size: marked, the last good value kept
    QCOMPARE(editor.listener().accessLog.buffer, 64 * 1024);
}

void GuiAccessLogEditTest::validatorFindingsMarkTheirField()
{
    Config config;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:4000");
    listener.proxyPass = QStringLiteral("127.0.0.1:4001");
    listener.accessLog = {QStringLiteral("/tmp/x.log"), QStringLiteral("nope"), 0, 0, {}};
    config.listeners << listener;
    const ConfigIssues issues = FieldMarker::under(ConfigValidator::validate(config), QStringLiteral("listeners[0]"));
    ListenerEditor editor;
    editor.setListener(listener);
    editor.setIssues(issues);
    QVERIFY(FieldMarker::isMarked(editor.accessLogEdit()->formatField()));
    QVERIFY(!FieldMarker::isMarked(editor.accessLogEdit()->pathField()));
    auto *label = editor.findChild<QLabel *>(QStringLiteral("issuesLabel"));
    QVERIFY(label);
    QVERIFY2(label->text().contains(QStringLiteral("Access log format: unknown log format")) && label->text().contains(QStringLiteral("nope")),
             qPrintable(label->text()));
}

void GuiAccessLogEditTest::formatsDialogRefusesWhatNginxWould()
{
    LogFormatsDialog dialog({LogFormatConfig{QStringLiteral("a"), LogFormatConfig::Escape::Default, QStringLiteral("$request")}});
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected)); // stays open
    QVERIFY(dialog.errorLabel()->isVisibleTo(&dialog));
    QVERIFY2(dialog.errorLabel()->text().contains(QStringLiteral("unknown \"request\" variable")), qPrintable(dialog.errorLabel()->text()));
}

void GuiAccessLogEditTest::formatsDialogReturnsWhatWasEdited()
{
    LogFormatsDialog dialog({LogFormatConfig{QStringLiteral("a"), LogFormatConfig::Escape::Default, QStringLiteral("$status")}});
    dialog.table()->item(0, 2)->setText(QStringLiteral("$remote_addr $status"));
    auto *escape = qobject_cast<QComboBox *>(dialog.table()->cellWidget(0, 1));
    QVERIFY(escape);
    escape->setCurrentText(QStringLiteral("json"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.formats(),
             (QList<LogFormatConfig>{LogFormatConfig{QStringLiteral("a"), LogFormatConfig::Escape::Json, QStringLiteral("$remote_addr $status")}}));
}

QTEST_MAIN(GuiAccessLogEditTest)
#include "tst_guiaccesslogedit.moc"
