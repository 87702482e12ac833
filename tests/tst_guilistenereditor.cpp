// The listener editor: every field round-trips between the widgets and ListenerConfig,
// settings without a widget survive, and the validator's findings mark the right field.
#include <accessrulesedit.h>
#include <configvalidator.h>
#include <durationedit.h>
#include <fieldmarker.h>
#include <listenereditor.h>

#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

#if !defined(Q_OS_WIN)
#include <unistd.h>
#endif

Q_DECLARE_METATYPE(ListenerConfig)

class ListenerEditorTest : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void editingFieldsChangesValue();
    void invalidAddressMarksField();
    void accessRulesAreAnOrderedList();
    void badAccessAddressMarksItsRow();
    void udpWithTlsIsShownOnTheProtocol();
    void offersLocalAddresses();
    void listenNoteNamesWhatTheSystemAsks();
    void durationEditPicksLargestUnit_data();
    void durationEditPicksLargestUnit();
};

void ListenerEditorTest::roundTrip_data()
{
    QTest::addColumn<ListenerConfig>("listener");

    ListenerConfig plain;
    plain.listen = QStringLiteral("127.0.0.1:30003");
    plain.proxyPass = QStringLiteral("backend");
    plain.proxyTimeoutMs = 20000;
    QTest::newRow("article") << plain;

    ListenerConfig bare = plain;
    bare.listen = QStringLiteral("30003");
    QTest::newRow("bare port") << bare;

    ListenerConfig v6 = plain;
    v6.listen = QStringLiteral("[::1]:5353");
    v6.protocol = ListenerConfig::Protocol::Udp;
    QTest::newRow("ipv6 udp") << v6;

    ListenerConfig disabled = plain;
    disabled.enabled = false;
    disabled.proxyPass = QStringLiteral("10.0.0.5:80");
    disabled.proxyConnectTimeoutMs = 1500;
    disabled.proxyTimeoutMs = 2 * 60 * 60 * 1000;
    QTest::newRow("disabled, host:port, odd units") << disabled;

    ListenerConfig tls = plain;
    tls.ssl.enabled = true;
    tls.ssl.certificate = QStringLiteral("site");
    tls.ssl.protocols = {QStringLiteral("TLSv1.3")};
    tls.ssl.ciphers = QStringLiteral("HIGH");
    tls.ssl.sessionTimeoutMs = 2 * 60 * 60 * 1000;
    tls.ssl.sessionTickets = false;
    tls.ssl.sessionCache = QStringLiteral("shared:SSL:10m");
    tls.ssl.verifyClient = QStringLiteral("optional"); // no widget: must survive
    QTest::newRow("tls") << tls;

    ListenerConfig failover = plain;
    failover.proxyNextUpstream = false;
    failover.proxyNextUpstreamTries = 3;
    failover.proxyNextUpstreamTimeoutMs = 5000;
    failover.proxyHalfClose = false;
    failover.proxyResponses = 1; // no widget
    failover.sniRoutes.insert(QStringLiteral("a.test"), QStringLiteral("backend"));
    QTest::newRow("failover and kept fields") << failover;

    ListenerConfig access = plain;
    access.access = {{AccessRuleConfig::Action::Allow, QStringLiteral("127.0.0.1")},
                     {AccessRuleConfig::Action::Deny, QStringLiteral("10.0.0.1/8")},
                     {AccessRuleConfig::Action::Allow, QStringLiteral("2001:db8::/32")},
                     {AccessRuleConfig::Action::Deny, QStringLiteral("all")}};
    QTest::newRow("access rules") << access;
}

void ListenerEditorTest::roundTrip()
{
    QFETCH(ListenerConfig, listener);
    ListenerEditor editor;
    editor.setChoices({QStringLiteral("backend"), QStringLiteral("other")}, {QStringLiteral("site")});
    QSignalSpy edited(&editor, &ListenerEditor::edited);
    editor.setListener(listener);
    QCOMPARE(edited.count(), 0); // showing a value is not an edit
    QCOMPARE(editor.listener(), listener);

    // And into a second editor through the widgets' values only.
    ListenerEditor second;
    second.setChoices({QStringLiteral("backend")}, {QStringLiteral("site")});
    second.setListener(editor.listener());
    QCOMPARE(second.listener(), listener);
}

void ListenerEditorTest::editingFieldsChangesValue()
{
    ListenerEditor editor;
    editor.setChoices({QStringLiteral("backend"), QStringLiteral("other")}, {});
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:30003");
    listener.proxyPass = QStringLiteral("backend");
    editor.setListener(listener);
    QSignalSpy edited(&editor, &ListenerEditor::edited);

    editor.findChild<QSpinBox *>(QStringLiteral("portSpin"))->setValue(30010);
    QCOMPARE(edited.last().at(0).toString(), QStringLiteral("listen"));
    editor.findChild<QComboBox *>(QStringLiteral("addressCombo"))->setCurrentText(QStringLiteral("0.0.0.0"));
    editor.findChild<QComboBox *>(QStringLiteral("targetCombo"))->setCurrentText(QStringLiteral("other"));
    QCOMPARE(edited.last().at(0).toString(), QStringLiteral("proxy_pass"));
    auto *timeout = editor.findChild<DurationEdit *>(QStringLiteral("proxyTimeoutEdit"));
    timeout->numberField()->setValue(45);
    timeout->unitField()->setCurrentIndex(1); // s
    editor.findChild<QCheckBox *>(QStringLiteral("enabledCheck"))->setChecked(false);

    const ListenerConfig edited_ = editor.listener();
    QCOMPARE(edited_.listen, QStringLiteral("0.0.0.0:30010"));
    QCOMPARE(edited_.proxyPass, QStringLiteral("other"));
    QCOMPARE(edited_.proxyTimeoutMs, 45000);
    QVERIFY(!edited_.enabled);
}

void ListenerEditorTest::invalidAddressMarksField()
{
    ListenerEditor editor;
    Config config;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:30003");
    listener.proxyPass = QStringLiteral("127.0.0.1:7773");
    editor.setListener(listener);
    editor.findChild<QComboBox *>(QStringLiteral("addressCombo"))->setCurrentText(QStringLiteral("not-an-ip"));
    config.listeners << editor.listener();
    const ConfigIssues issues = FieldMarker::under(ConfigValidator::validate(config), QStringLiteral("listeners[0]"));
    QVERIFY(!issues.isEmpty());
    editor.setIssues(issues);
    auto *address = editor.findChild<QComboBox *>(QStringLiteral("addressCombo"));
    QVERIFY(FieldMarker::isMarked(address));
    QVERIFY(address->toolTip().contains(QStringLiteral("not-an-ip")));
    auto *label = editor.findChild<QLabel *>(QStringLiteral("issuesLabel"));
    QVERIFY(!label->isHidden());
    QVERIFY(label->text().contains(QStringLiteral("Listen on")));
    QVERIFY(!FieldMarker::isMarked(editor.findChild<QComboBox *>(QStringLiteral("targetCombo"))));

    editor.setIssues({});
    QVERIFY(!FieldMarker::isMarked(address));
    QVERIFY(label->isHidden());
}

void ListenerEditorTest::accessRulesAreAnOrderedList()
{
    ListenerEditor editor;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:30003");
    listener.proxyPass = QStringLiteral("127.0.0.1:7773");
    listener.access = {{AccessRuleConfig::Action::Allow, QStringLiteral("127.0.0.1")}};
    editor.setListener(listener);
    auto *access = editor.findChild<AccessRulesEdit *>(QStringLiteral("accessEdit"));
    QVERIFY(access);
    QVERIFY(editor.findChild<QGroupBox *>(QStringLiteral("accessGroup"))->title().contains(QStringLiteral("Access")));
    QCOMPARE(access->count(), 1);
    QVERIFY(!access->upButton(0)->isEnabled() && !access->downButton(0)->isEnabled());
    QSignalSpy edited(&editor, &ListenerEditor::edited);

    // Add: a new "deny all" below, as nginx's idiom has it.
    QTest::mouseClick(access->addButton(), Qt::LeftButton);
    QCOMPARE(access->count(), 2);
    QCOMPARE(edited.count(), 1);
    QCOMPARE(edited.last().at(0).toString(), QStringLiteral("access"));
    QCOMPARE(editor.listener().access.value(1), (AccessRuleConfig{AccessRuleConfig::Action::Deny, QStringLiteral("all")}));

    // Type an address into the new row, make it an allow.
    QLineEdit *address = access->addressField(1);
    address->clear();
    QTest::keyClicks(address, QStringLiteral("10.0.0.0/8"));
    access->actionField(1)->setCurrentIndex(0);
    QCOMPARE(editor.listener().access.value(1), (AccessRuleConfig{AccessRuleConfig::Action::Allow, QStringLiteral("10.0.0.0/8")}));

    // Move it up: order is what decides.
    QVERIFY(access->upButton(1)->isEnabled());
    QTest::mouseClick(access->upButton(1), Qt::LeftButton);
    QCOMPARE(editor.listener().access.value(0).address, QStringLiteral("10.0.0.0/8"));
    QCOMPARE(editor.listener().access.value(1).address, QStringLiteral("127.0.0.1"));
    QTest::mouseClick(access->downButton(0), Qt::LeftButton);
    QCOMPARE(editor.listener().access.value(0).address, QStringLiteral("127.0.0.1"));

    // Remove the first: one rule left, and the editor says so.
    const int before = int(edited.count());
    QTest::mouseClick(access->removeButton(0), Qt::LeftButton);
    QCOMPARE(edited.count(), before + 1);
    QCOMPARE(editor.listener().access,
             (QList<AccessRuleConfig>{{AccessRuleConfig::Action::Allow, QStringLiteral("10.0.0.0/8")}}));

    // Showing the same value again keeps the rows (and the focus of the one being typed in).
    QLineEdit *kept = access->addressField(0);
    editor.setListener(editor.listener());
    QCOMPARE(access->addressField(0), kept);
}

void ListenerEditorTest::badAccessAddressMarksItsRow()
{
    ListenerEditor editor;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:30003");
    listener.proxyPass = QStringLiteral("127.0.0.1:7773");
    listener.access = {{AccessRuleConfig::Action::Allow, QStringLiteral("127.0.0.1")},
                       {AccessRuleConfig::Action::Deny, QStringLiteral("10.0.0.300")}};
    editor.setListener(listener);
    Config config;
    config.listeners << editor.listener();
    const ConfigIssues issues = FieldMarker::under(ConfigValidator::validate(config), QStringLiteral("listeners[0]"));
    QCOMPARE(issues.size(), 1);
    editor.setIssues(issues);
    auto *access = editor.findChild<AccessRulesEdit *>(QStringLiteral("accessEdit"));
    QVERIFY(!FieldMarker::isMarked(access->addressField(0)));
    QVERIFY(FieldMarker::isMarked(access->addressField(1)));
    QVERIFY(access->addressField(1)->toolTip().contains(QStringLiteral("\"10.0.0.300\"")));
    auto *label = editor.findChild<QLabel *>(QStringLiteral("issuesLabel"));
    QVERIFY(!label->isHidden());
    QVERIFY2(label->text().contains(QStringLiteral("Access rule 2")), qPrintable(label->text()));
    QVERIFY2(label->text().contains(QStringLiteral("10.0.0.0/8")), qPrintable(label->text())); // what to write

    // Fixed by typing: the mark goes with the issue.
    access->addressField(1)->clear();
    QTest::keyClicks(access->addressField(1), QStringLiteral("10.0.0.3"));
    config.listeners[0] = editor.listener();
    editor.setIssues(FieldMarker::under(ConfigValidator::validate(config), QStringLiteral("listeners[0]")));
    QVERIFY(!FieldMarker::isMarked(access->addressField(1)));
    QVERIFY(label->isHidden());
}

void ListenerEditorTest::udpWithTlsIsShownOnTheProtocol()
{
    // TLS runs over TCP (as in nginx): a UDP listener with ssl is refused, and the editor
    // marks the protocol field rather than hiding the problem.
    Config config;
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    upstream.servers << ServerConfig{QStringLiteral("127.0.0.1:7773")};
    config.upstreams << upstream;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:30003");
    listener.proxyPass = QStringLiteral("backend");
    listener.protocol = ListenerConfig::Protocol::Udp;
    listener.ssl.enabled = true;
    config.listeners << listener;
    ListenerEditor editor;
    editor.setListener(listener);
    editor.setIssues(FieldMarker::under(ConfigValidator::validate(config), QStringLiteral("listeners[0]")));
    QVERIFY(FieldMarker::isMarked(editor.findChild<QComboBox *>(QStringLiteral("protocolCombo"))));
}

void ListenerEditorTest::offersLocalAddresses()
{
    const QStringList addresses = ListenerEditor::localAddresses();
    QVERIFY(addresses.contains(QStringLiteral("0.0.0.0")));
    QVERIFY(addresses.contains(QStringLiteral("127.0.0.1")));
    ListenerEditor editor;
    QCOMPARE(editor.findChild<QComboBox *>(QStringLiteral("addressCombo"))->count(), addresses.size());
}

void ListenerEditorTest::durationEditPicksLargestUnit_data()
{
    QTest::addColumn<qint64>("milliseconds");
    QTest::addColumn<int>("number");
    QTest::addColumn<int>("unit");
    QTest::newRow("10m") << qint64(600000) << 10 << 2;
    QTest::newRow("90s") << qint64(90000) << 90 << 1;
    QTest::newRow("2h") << qint64(7200000) << 2 << 3;
    QTest::newRow("1500ms") << qint64(1500) << 1500 << 0;
    QTest::newRow("0") << qint64(0) << 0 << 1;
}

void ListenerEditorTest::durationEditPicksLargestUnit()
{
    QFETCH(qint64, milliseconds);
    QFETCH(int, number);
    QFETCH(int, unit);
    DurationEdit edit;
    edit.setMilliseconds(milliseconds);
    QCOMPARE(edit.numberField()->value(), number);
    QCOMPARE(edit.unitField()->currentIndex(), unit);
    QCOMPARE(edit.milliseconds(), milliseconds);
}

void ListenerEditorTest::listenNoteNamesWhatTheSystemAsks()
{
    QCOMPARE(ListenerEditor::listenNote(QStringLiteral("127.0.0.1"), 30003), QString());
#if defined(Q_OS_WIN)
    // No privileged ports on Windows; the firewall asks about what others can reach.
    QCOMPARE(ListenerEditor::listenNote(QStringLiteral("127.0.0.1"), 80), QString());
    QCOMPARE(ListenerEditor::listenNote(QStringLiteral("::1"), 80), QString());
    QVERIFY(ListenerEditor::listenNote(QStringLiteral("0.0.0.0"), 30003).contains(QStringLiteral("Windows Defender Firewall")));
    QVERIFY(ListenerEditor::listenNote(QString(), 80).contains(QStringLiteral("Windows Defender Firewall")));
#else
    QCOMPARE(ListenerEditor::listenNote(QStringLiteral("0.0.0.0"), 30003), QString()); // no firewall question on Linux
    const QString low = ListenerEditor::listenNote(QStringLiteral("0.0.0.0"), 1);
    if (::geteuid() == 0)
        QCOMPARE(low, QString()); // root may bind anything
    else
        QVERIFY2(low.contains(QStringLiteral("CAP_NET_BIND_SERVICE")), qPrintable(low));
#endif
    // The editor shows it under the address as the port changes.
    ListenerEditor editor;
    ListenerConfig listener;
    listener.listen = QStringLiteral("0.0.0.0:1");
    editor.setListener(listener);
    auto *note = editor.findChild<QLabel *>(QStringLiteral("listenNote"));
    QVERIFY(note);
    QCOMPARE(note->text(), ListenerEditor::listenNote(QStringLiteral("0.0.0.0"), 1));
    QCOMPARE(note->isVisibleTo(&editor), !note->text().isEmpty());
}

QTEST_MAIN(ListenerEditorTest)
#include "tst_guilistenereditor.moc"
