// A listener set to answer with text (nginx return) in the listener editor: the text with its
// escapes round-trips, checking the box makes the listener return instead of forward (and
// the validator accepts it), and a validator finding on "return" marks the text field.
#include <configvalidator.h>
#include <fieldmarker.h>
#include <listenereditor.h>
#include <returntextedit.h>

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

class GuiReturnTextTest : public QObject
{
    Q_OBJECT

private slots:
    void escapesRoundTrip_data();
    void escapesRoundTrip();
    void listenerReturnsText();
    void issueMarksTheTextField();
};

void GuiReturnTextTest::escapesRoundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("line");
    QTest::newRow("line break") << QStringLiteral("hello $remote_addr\n") << QStringLiteral("hello $remote_addr\\n");
    QTest::newRow("backslash and tab") << QStringLiteral("a\\b\tc\r") << QStringLiteral("a\\\\b\\tc\\r");
    QTest::newRow("empty") << QString() << QString();
}

void GuiReturnTextTest::escapesRoundTrip()
{
    QFETCH(QString, text);
    QFETCH(QString, line);
    QCOMPARE(ReturnTextEdit::escaped(text), line);
    QCOMPARE(ReturnTextEdit::unescaped(line), text);
}

void GuiReturnTextTest::listenerReturnsText()
{
    ListenerEditor editor;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:30010");
    listener.proxyPass = QStringLiteral("$pool");
    editor.setListener(listener);
    QCOMPARE(editor.listener().proxyPass, QStringLiteral("$pool")); // a variable is typed like a group name
    QVERIFY(!editor.listener().returnText);

    QSignalSpy edited(&editor, &ListenerEditor::edited);
    auto *check = editor.findChild<QCheckBox *>(QStringLiteral("returnCheck"));
    auto *edit = editor.findChild<QLineEdit *>(QStringLiteral("returnEdit"));
    auto *target = editor.findChild<QComboBox *>(QStringLiteral("targetCombo"));
    QVERIFY(check && edit && target);
    QVERIFY(!edit->isEnabled());
    check->setChecked(true);
    QTest::keyClicks(edit, QStringLiteral("hi $remote_addr\\n"));
    QVERIFY(edited.count() >= 2);
    QVERIFY(!target->isEnabled());
    const ListenerConfig returning = editor.listener();
    QCOMPARE(returning.returnText.value_or(QStringLiteral("<none>")), QStringLiteral("hi $remote_addr\n"));
    QVERIFY(returning.proxyPass.isEmpty());
    Config config;
    config.listeners << returning;
    QVERIFY(ConfigValidator::validate(config).isEmpty());

    editor.setListener(returning);
    QVERIFY(check->isChecked());
    QCOMPARE(edit->text(), QStringLiteral("hi $remote_addr\\n"));
}

void GuiReturnTextTest::issueMarksTheTextField()
{
    ListenerEditor editor;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:30010");
    listener.returnText = QStringLiteral("$nope");
    editor.setListener(listener);
    Config config;
    config.listeners << listener;
    ConfigIssues issues;
    for (ConfigIssue issue : ConfigValidator::validate(config)) {
        issue.path.remove(QStringLiteral("listeners[0]."));
        issues << issue;
    }
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues.first().path, QStringLiteral("return"));
    editor.setIssues(issues);
    QVERIFY(FieldMarker::isMarked(editor.findChild<QLineEdit *>(QStringLiteral("returnEdit"))));
}

QTEST_MAIN(GuiReturnTextTest)
#include "tst_guireturntext.moc"
