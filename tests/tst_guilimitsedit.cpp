// The listener's limits editor and the zones dialog: values round-trip between the widgets
// and the config, a rate is read in nginx's size forms, the validator's findings mark the
// right field, and the dialog refuses what nginx -t would.
#include <configvalidator.h>
#include <connectionzonesdialog.h>
#include <fieldmarker.h>
#include <limitsedit.h>
#include <listenereditor.h>

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

class GuiLimitsEditTest : public QObject
{
    Q_OBJECT

private slots:
    void roundTripThroughTheListenerEditor();
    void editsChangeTheLimits();
    void validatorFindingsMarkTheirField();
    void zonesDialogRefusesWhatNginxWould();
};

namespace {

ListenerLimitsConfig sample()
{
    ListenerLimitsConfig limits;
    limits.connections << ConnectionLimitConfig{QStringLiteral("perip"), 3} << ConnectionLimitConfig{QStringLiteral("all"), 100};
    limits.logLevel = QStringLiteral("warn");
    limits.dryRun = true;
    limits.maxConnections = 250;
    limits.uploadRate = 512 * 1024;
    limits.downloadRate = 3000;
    return limits;
}

} // namespace

void GuiLimitsEditTest::roundTripThroughTheListenerEditor()
{
    ListenerEditor editor;
    editor.setZoneNames({QStringLiteral("perip"), QStringLiteral("all")});
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:4000");
    listener.proxyPass = QStringLiteral("backend");
    listener.limits = sample();
    editor.setListener(listener);
    QCOMPARE(editor.listener().limits, sample());
    auto *limits = editor.findChild<LimitsEdit *>();
    QVERIFY(limits);
    QCOMPARE(limits->limitCount(), 2);
    QCOMPARE(limits->zoneField(1)->currentText(), QStringLiteral("all"));
    QCOMPARE(limits->uploadRateField()->text(), QStringLiteral("512k"));
    QCOMPARE(limits->maxConnectionsField()->value(), 250);
}

void GuiLimitsEditTest::editsChangeTheLimits()
{
    LimitsEdit edit;
    edit.setZoneNames({QStringLiteral("perip")});
    QSignalSpy changed(&edit, &LimitsEdit::changed);
    edit.addButton()->click();
    QCOMPARE(edit.limits().connections, (QList<ConnectionLimitConfig>{{QStringLiteral("perip"), 1}}));
    edit.connectionsField(0)->setValue(7);
    QCOMPARE(edit.limits().connections.at(0).connections, 7);
    QTest::keyClicks(edit.downloadRateField(), QStringLiteral("1m"));
    QCOMPARE(edit.limits().downloadRate, 1024 * 1024);
    edit.uploadRateField()->clear();
    QTest::keyClicks(edit.uploadRateField(), QStringLiteral("fast"));
    QCOMPARE(edit.limits().uploadRate, 0); // not a rate: kept, and the field says why
    QVERIFY(FieldMarker::isMarked(edit.uploadRateField()));
    edit.dryRunField()->setChecked(true);
    QVERIFY(edit.limits().dryRun);
    QVERIFY(changed.count() >= 4);
}

void GuiLimitsEditTest::validatorFindingsMarkTheirField()
{
    Config config;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:4000");
    listener.proxyPass = QStringLiteral("127.0.0.1:9");
    listener.limits.connections << ConnectionLimitConfig{QStringLiteral("nosuch"), 1};
    config.listeners << listener;
    const ConfigIssues issues = FieldMarker::under(ConfigValidator::validate(config), QStringLiteral("listeners[0]"));
    ListenerEditor editor;
    editor.setListener(listener);
    editor.setIssues(issues);
    auto *limits = editor.findChild<LimitsEdit *>();
    QVERIFY(FieldMarker::isMarked(limits->zoneField(0)));
    auto *label = editor.findChild<QLabel *>(QStringLiteral("issuesLabel"));
    QVERIFY2(label->text().contains(QStringLiteral("Limit 1: ")) && label->text().contains(QStringLiteral("nosuch")) // HTML-escaped quotes
                 && label->text().contains(QStringLiteral("is not a zone")),
             qPrintable(label->text()));
}

void GuiLimitsEditTest::zonesDialogRefusesWhatNginxWould()
{
    ConnectionZonesDialog dialog({ConnectionZoneConfig{QStringLiteral("perip"), QStringLiteral("$binary_remote_addr"), 1024 * 1024}});
    dialog.table()->item(0, 1)->setText(QStringLiteral("$http_host"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected)); // still open
    QVERIFY(dialog.errorLabel()->text().contains(QStringLiteral("unknown \"http_host\" variable")));
    dialog.table()->item(0, 1)->setText(QStringLiteral("$remote_addr:$server_port"));
    dialog.table()->item(0, 2)->setText(QStringLiteral("64k"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.zones(), (QList<ConnectionZoneConfig>{{QStringLiteral("perip"), QStringLiteral("$remote_addr:$server_port"), 64 * 1024}}));
}

QTEST_MAIN(GuiLimitsEditTest)
#include "tst_guilimitsedit.moc"
