// The listener editor's "Socket options" group: its fields round-trip with
// ListenSocketConfig, an edit is reported as "socket", keepalive timers are editable only
// when chosen, buffer sizes are typed as nginx writes them, and a UDP listener cannot set a
// backlog or keepalive (nginx refuses both) but can set its buffers.
// And the editor's last-port field for a port range.
#include <listenereditor.h>
#include <socketoptionsedit.h>

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

class SocketOptionsEditTest : public QObject
{
    Q_OBJECT

private slots:
    void showsAndReturnsSettings_data();
    void showsAndReturnsSettings();
    void timersOnlyWhenChosen();
    void buffersTakeNginxSizes();
    void listenerEditorCarriesThem();
    void udpHasNoBacklogOrKeepAlive();
    void portRangeInTheListenerEditor();
};

void SocketOptionsEditTest::showsAndReturnsSettings_data()
{
    QTest::addColumn<QString>("keepAlive");
    QTest::addColumn<int>("row");
    QTest::newRow("default") << QString() << int(SocketOptionsEdit::SystemDefault);
    QTest::newRow("on") << QStringLiteral("on") << int(SocketOptionsEdit::On);
    QTest::newRow("off") << QStringLiteral("off") << int(SocketOptionsEdit::Off);
    QTest::newRow("timers") << QStringLiteral("30m::10") << int(SocketOptionsEdit::Timers);
}

void SocketOptionsEditTest::showsAndReturnsSettings()
{
    QFETCH(QString, keepAlive);
    QFETCH(int, row);
    SocketOptionsEdit edit;
    QCOMPARE(edit.settings(), ListenSocketConfig());
    ListenSocketConfig settings;
    settings.backlog = 2048;
    QString error;
    if (!keepAlive.isEmpty())
        QVERIFY(settings.setKeepAliveText(keepAlive, &error));
    settings.ipv6Only = false;
    settings.reusePort = true;
    settings.bind = true;
    settings.rcvbuf = 256 * 1024;
    settings.sndbuf = 1000;
#if defined(Q_OS_LINUX)
    settings.fastOpen = 64; // Portier sets it on Linux only
#endif
    edit.setSettings(settings);
    QCOMPARE(edit.backlogSpin()->value(), 2048);
    QCOMPARE(edit.rcvbufEdit()->text(), QStringLiteral("256k"));
    QCOMPARE(edit.sndbufEdit()->text(), QStringLiteral("1000"));
    QCOMPARE(edit.fastOpenSpin()->value(), settings.fastOpen);
    QCOMPARE(edit.keepAliveCombo()->currentIndex(), row);
    QVERIFY(!edit.ipv6OnlyCheck()->isChecked());
    QVERIFY(edit.reusePortCheck()->isChecked());
    QVERIFY(edit.bindCheck()->isChecked());
    QCOMPARE(edit.settings(), settings);
}

void SocketOptionsEditTest::timersOnlyWhenChosen()
{
    SocketOptionsEdit edit;
    QSignalSpy changed(&edit, &SocketOptionsEdit::changed);
    QVERIFY(!edit.keepIdleSpin()->isEnabled());
    edit.keepAliveCombo()->setCurrentIndex(SocketOptionsEdit::Timers);
    QVERIFY(edit.keepIdleSpin()->isEnabled());
    edit.keepIdleSpin()->setValue(600);
    edit.keepCountSpin()->setValue(5);
    QCOMPARE(edit.settings().keepAliveText(), QStringLiteral("10m::5"));
    QCOMPARE(changed.size(), 3);
    edit.keepAliveCombo()->setCurrentIndex(SocketOptionsEdit::On); // plain on drops the timers
    QVERIFY(!edit.keepIdleSpin()->isEnabled());
    QCOMPARE(edit.settings().keepAliveText(), QStringLiteral("on"));
}

void SocketOptionsEditTest::buffersTakeNginxSizes()
{
    SocketOptionsEdit edit;
    QSignalSpy changed(&edit, &SocketOptionsEdit::changed);
    QVERIFY(edit.rcvbufEdit()->text().isEmpty()); // the system's
    QTest::keyClicks(edit.rcvbufEdit(), QStringLiteral("4m"));
    QCOMPARE(edit.settings().rcvbuf, qint64(4 * 1024 * 1024));
    QCOMPARE(changed.size(), 2);
    QTest::keyClicks(edit.sndbufEdit(), QStringLiteral("12q")); // the q is not taken
    QCOMPARE(edit.sndbufEdit()->text(), QStringLiteral("12"));
    QCOMPARE(edit.settings().sndbuf, qint64(12));
    QTest::keyClicks(edit.sndbufEdit(), QStringLiteral("k"));
    QCOMPARE(edit.settings().sndbuf, qint64(12 * 1024));
    edit.rcvbufEdit()->clear();
    QCOMPARE(edit.settings().rcvbuf, ListenSocketConfig::noBufferSize);
    QCOMPARE(edit.settings().nginxParameters(), QStringList{QStringLiteral("sndbuf=12k")});
}

void SocketOptionsEditTest::listenerEditorCarriesThem()
{
    ListenerEditor editor;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:30010");
    listener.proxyPass = QStringLiteral("backend");
    listener.socket.backlog = 100;
    listener.socket.reusePort = true;
    editor.setListener(listener);
    QCOMPARE(editor.listener().socket, listener.socket);

    auto *edit = editor.findChild<SocketOptionsEdit *>(QStringLiteral("socketOptionsEdit"));
    QVERIFY(edit);
    QSignalSpy edited(&editor, &ListenerEditor::edited);
    edit->keepAliveCombo()->setCurrentIndex(SocketOptionsEdit::Off);
    QCOMPARE(edited.size(), 1);
    QCOMPARE(edited.first().first().toString(), QStringLiteral("socket"));
    QCOMPARE(editor.listener().socket.keepAlive, ListenSocketConfig::KeepAlive::Off);
    QCOMPARE(editor.listener().socket.backlog, 100);
}

void SocketOptionsEditTest::udpHasNoBacklogOrKeepAlive()
{
    ListenerEditor editor;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:30011");
    listener.proxyPass = QStringLiteral("backend");
    listener.protocol = ListenerConfig::Protocol::Udp;
    editor.setListener(listener);
    auto *edit = editor.findChild<SocketOptionsEdit *>(QStringLiteral("socketOptionsEdit"));
    QVERIFY(!edit->backlogSpin()->isEnabled());
    QVERIFY(!edit->keepAliveCombo()->isEnabled());
    QVERIFY(edit->rcvbufEdit()->isEnabled()); // nginx takes rcvbuf= and sndbuf= with udp
    QVERIFY(edit->sndbufEdit()->isEnabled());
    QVERIFY(!edit->fastOpenSpin()->isEnabled());
    QVERIFY(edit->reusePortCheck()->isEnabled() || !edit->reusePortCheck()->isChecked());
    editor.findChild<QComboBox *>(QStringLiteral("protocolCombo"))->setCurrentIndex(0); // tcp
    QVERIFY(edit->backlogSpin()->isEnabled());
    QVERIFY(edit->keepAliveCombo()->isEnabled());
#if defined(Q_OS_LINUX)
    QVERIFY(edit->fastOpenSpin()->isEnabled());
#endif
}

// A range's last port sits beside the port: shown from the config, and written back as
// nginx writes a range; "single port" (0) gives a plain address again.
void SocketOptionsEditTest::portRangeInTheListenerEditor()
{
    ListenerEditor editor;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:12345-12350");
    listener.proxyPass = QStringLiteral("backend");
    editor.setListener(listener);
    auto *first = editor.findChild<QSpinBox *>(QStringLiteral("portSpin"));
    auto *last = editor.findChild<QSpinBox *>(QStringLiteral("lastPortSpin"));
    QVERIFY(first && last);
    QCOMPARE(first->value(), 12345);
    QCOMPARE(last->value(), 12350);
    QCOMPARE(editor.listener().listen, listener.listen);

    QSignalSpy edited(&editor, &ListenerEditor::edited);
    last->setValue(12347);
    QCOMPARE(edited.size(), 1);
    QCOMPARE(edited.first().first().toString(), QStringLiteral("listen"));
    QCOMPARE(editor.listener().listen, QStringLiteral("127.0.0.1:12345-12347"));
    last->setValue(0);
    QCOMPARE(editor.listener().listen, QStringLiteral("127.0.0.1:12345"));
}

QTEST_MAIN(SocketOptionsEditTest)
#include "tst_guisocketoptions.moc"
