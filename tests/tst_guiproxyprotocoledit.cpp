// The PROXY protocol group of the listener editor: its fields round-trip with
// ProxyProtocolConfig, an edit is reported once, and the listener editor carries the
// settings through (the realip fields are off while headers are not read).
#include <durationedit.h>
#include <listenereditor.h>
#include <proxyprotocoledit.h>

#include <QCheckBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

class ProxyProtocolEditTest : public QObject
{
    Q_OBJECT

private slots:
    void showsAndReturnsSettings();
    void editsAreReported();
    void listenerEditorCarriesThem();
};

void ProxyProtocolEditTest::showsAndReturnsSettings()
{
    ProxyProtocolEdit edit;
    QVERIFY(!edit.acceptCheck()->isChecked());
    QVERIFY(!edit.trustedEdit()->isEnabled()); // nothing to trust without reading headers
    QCOMPARE(edit.settings(), ProxyProtocolConfig());

    ProxyProtocolConfig settings;
    settings.accept = true;
    settings.timeoutMs = 5000;
    settings.trustedSources = QStringList{QStringLiteral("10.0.0.0/8"), QStringLiteral("::1")};
    settings.send = true;
    edit.setSettings(settings);
    QVERIFY(edit.acceptCheck()->isChecked());
    QVERIFY(edit.trustedEdit()->isEnabled());
    QCOMPARE(edit.trustedEdit()->text(), QStringLiteral("10.0.0.0/8 ::1"));
    QCOMPARE(edit.timeoutEdit()->milliseconds(), qint64(5000));
    QCOMPARE(edit.settings(), settings);
}

void ProxyProtocolEditTest::editsAreReported()
{
    ProxyProtocolEdit edit;
    QSignalSpy changed(&edit, &ProxyProtocolEdit::changed);
    edit.acceptCheck()->setChecked(true);
    QCOMPARE(changed.size(), 1);
    edit.trustedEdit()->setFocus();
    QTest::keyClicks(edit.trustedEdit(), QStringLiteral("192.168.1.5, 10.0.0.0/8"));
    QVERIFY(changed.size() > 1);
    edit.sendCheck()->setChecked(true);
    const ProxyProtocolConfig settings = edit.settings();
    QVERIFY(settings.accept);
    QVERIFY(settings.send);
    QCOMPARE(settings.trustedSources, QStringList({QStringLiteral("192.168.1.5"), QStringLiteral("10.0.0.0/8")}));
}

void ProxyProtocolEditTest::listenerEditorCarriesThem()
{
    ListenerEditor editor;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:30010");
    listener.proxyPass = QStringLiteral("backend");
    listener.proxyProtocol.accept = true;
    listener.proxyProtocol.trustedSources = QStringList{QStringLiteral("127.0.0.1")};
    editor.setListener(listener);
    QCOMPARE(editor.listener().proxyProtocol, listener.proxyProtocol);

    auto *edit = editor.findChild<ProxyProtocolEdit *>(QStringLiteral("proxyProtocolEdit"));
    QVERIFY(edit);
    QSignalSpy edited(&editor, &ListenerEditor::edited);
    edit->sendCheck()->setChecked(true);
    QCOMPARE(edited.size(), 1);
    QCOMPARE(edited.first().first().toString(), QStringLiteral("proxy_protocol"));
    QVERIFY(editor.listener().proxyProtocol.send);
}

QTEST_MAIN(ProxyProtocolEditTest)
#include "tst_guiproxyprotocoledit.moc"
