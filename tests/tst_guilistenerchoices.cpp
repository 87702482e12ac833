// The listener's choices: the list marks TLS listeners, the TLS session cache is chosen
// (every form the engine accepts goes through the fields and back through the config
// unchanged), the only certificate is preselected when TLS is turned on, and "New group…"
// beside Forward to creates an upstream group and forwards the listener to it.
#include <configdocument.h>
#include <configjson.h>
#include <configvalidator.h>
#include <listenereditor.h>
#include <listenerspage.h>
#include <newgroupdialog.h>
#include <sessioncacheedit.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>
#include <functional>

namespace {

Config twoListeners()
{
    Config config;
    UpstreamConfig group;
    group.name = QStringLiteral("backend");
    ServerConfig server;
    server.address = QStringLiteral("127.0.0.1:7773");
    group.servers << server;
    config.upstreams << group;
    CertificateConfig certificate;
    certificate.name = QStringLiteral("site");
    certificate.certificateFile = QStringLiteral("site.pem");
    certificate.keyFile = QStringLiteral("site.key");
    config.certificates << certificate;
    ListenerConfig plain;
    plain.listen = QStringLiteral("127.0.0.1:30003");
    plain.proxyPass = QStringLiteral("backend");
    ListenerConfig tls = plain;
    tls.listen = QStringLiteral("127.0.0.1:30443");
    tls.ssl.enabled = true;
    tls.ssl.certificate = QStringLiteral("site");
    config.listeners << plain << tls;
    return config;
}

} // namespace

class TestGuiListenerChoices : public QObject
{
    Q_OBJECT

private slots:
    void listMarksTlsListeners();
    void sessionCacheRoundTrips_data();
    void sessionCacheRoundTrips();
    void sessionCacheFieldsWriteAcceptedForms();
    void onlyCertificateIsPreselected();
    void newGroupCreatesAndSelects();
    void newGroupRefusesTakenName();
};

void TestGuiListenerChoices::listMarksTlsListeners()
{
    ConfigDocument document;
    document.reset(twoListeners());
    ListenersPage page;
    page.setDocument(&document);
    auto *list = page.findChild<QListWidget *>(QStringLiteral("list"));
    QVERIFY(list);
    QCOMPARE(list->count(), 2);
    QVERIFY2(!list->item(0)->text().contains(QStringLiteral("TLS")), qPrintable(list->item(0)->text()));
    QVERIFY2(list->item(1)->text().contains(QStringLiteral("(TLS)")), qPrintable(list->item(1)->text()));
    // Turning TLS off drops the mark.
    Config config = document.config();
    config.listeners[1].ssl.enabled = false;
    document.edit(config, QStringLiteral("TLS off"));
    QVERIFY2(!list->item(1)->text().contains(QStringLiteral("TLS")), qPrintable(list->item(1)->text()));
}

void TestGuiListenerChoices::sessionCacheRoundTrips_data()
{
    QTest::addColumn<QString>("written");
    QTest::addColumn<int>("kind");
    QTest::newRow("off") << QStringLiteral("off") << int(SessionCacheEdit::Off);
    QTest::newRow("none") << QStringLiteral("none") << int(SessionCacheEdit::None);
    QTest::newRow("builtin") << QStringLiteral("builtin") << int(SessionCacheEdit::Builtin);
    QTest::newRow("builtin:N") << QStringLiteral("builtin:1000") << int(SessionCacheEdit::Builtin);
    QTest::newRow("shared m") << QStringLiteral("shared:SSL:10m") << int(SessionCacheEdit::Shared);
    QTest::newRow("shared k") << QStringLiteral("shared:tls_cache:512k") << int(SessionCacheEdit::Shared);
    QTest::newRow("shared g") << QStringLiteral("shared:big:1g") << int(SessionCacheEdit::Shared);
    QTest::newRow("shared bytes") << QStringLiteral("shared:SSL:1048576") << int(SessionCacheEdit::Shared);
    QTest::newRow("shared M, as written") << QStringLiteral("shared:SSL:10M") << int(SessionCacheEdit::Shared);
    QTest::newRow("builtin and shared") << QStringLiteral("builtin:1000 shared:SSL:1m") << int(SessionCacheEdit::BuiltinAndShared);
    QTest::newRow("shared then builtin") << QStringLiteral("shared:SSL:1m builtin") << int(SessionCacheEdit::BuiltinAndShared);
    QTest::newRow("two zones, kept") << QStringLiteral("shared:A:1m shared:B:2m") << int(SessionCacheEdit::AsWritten);
    QTest::newRow("invalid, kept") << QStringLiteral("sharde:SSL:10m") << int(SessionCacheEdit::AsWritten);
}

void TestGuiListenerChoices::sessionCacheRoundTrips()
{
    QFETCH(QString, written);
    QFETCH(int, kind);
    // Through the config's JSON, the editor's fields and back.
    Config config = twoListeners();
    config.listeners[1].ssl.sessionCache = written;
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(ConfigJson::toBytes(config));
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(loaded.issues.isEmpty() ? QString() : loaded.issues.first().toString()));
    ListenerEditor editor;
    editor.setChoices({QStringLiteral("backend")}, {QStringLiteral("site")});
    editor.setListener(loaded.config.listeners.at(1));
    auto *cache = editor.findChild<SessionCacheEdit *>();
    QVERIFY(cache);
    QCOMPARE(int(cache->kind()), kind);
    QCOMPARE(editor.listener().ssl.sessionCache, written);
    QCOMPARE(editor.listener(), loaded.config.listeners.at(1));
    QCOMPARE(ConfigJson::fromBytes(ConfigJson::toBytes(loaded.config)).config.listeners.at(1).ssl.sessionCache, written);
}

void TestGuiListenerChoices::sessionCacheFieldsWriteAcceptedForms()
{
    ListenerEditor editor;
    ListenerConfig listener = twoListeners().listeners.at(1);
    editor.setListener(listener);
    auto *cache = editor.findChild<SessionCacheEdit *>();
    auto *kindCombo = cache->findChild<QComboBox *>(QStringLiteral("sessionCacheKind"));
    auto *sessions = cache->findChild<QSpinBox *>(QStringLiteral("sessionCacheSessions"));
    auto *name = cache->findChild<QLineEdit *>(QStringLiteral("sessionCacheName"));
    auto *size = cache->findChild<QSpinBox *>(QStringLiteral("sessionCacheSize"));
    auto *unit = cache->findChild<QComboBox *>(QStringLiteral("sessionCacheUnit"));
    QVERIFY(kindCombo && sessions && name && size && unit);
    QCOMPARE(editor.listener().ssl.sessionCache, QStringLiteral("none"));
    QVERIFY(!sessions->isVisibleTo(cache) && !size->isVisibleTo(cache));

    struct Step
    {
        std::function<void()> act;
        QString expected;
    } steps[] = {
        {[&] { kindCombo->setCurrentIndex(kindCombo->findData(SessionCacheEdit::Off)); }, QStringLiteral("off")},
        {[&] { kindCombo->setCurrentIndex(kindCombo->findData(SessionCacheEdit::Builtin)); }, QStringLiteral("builtin")},
        {[&] { sessions->setValue(5000); }, QStringLiteral("builtin:5000")},
        {[&] { kindCombo->setCurrentIndex(kindCombo->findData(SessionCacheEdit::Shared)); }, QStringLiteral("shared:SSL:10m")},
        {[&] { name->setText(QStringLiteral("edge")); }, QStringLiteral("shared:edge:10m")},
        {[&] { size->setValue(256); }, QStringLiteral("shared:edge:256m")},
        {[&] { unit->setCurrentIndex(unit->findData(QStringLiteral("k"))); }, QStringLiteral("shared:edge:256k")},
        {[&] { kindCombo->setCurrentIndex(kindCombo->findData(SessionCacheEdit::BuiltinAndShared)); },
         QStringLiteral("builtin:5000 shared:edge:256k")},
        {[&] { kindCombo->setCurrentIndex(kindCombo->findData(SessionCacheEdit::None)); }, QStringLiteral("none")},
    };
    for (const Step &step : steps) {
        step.act();
        const QString value = editor.listener().ssl.sessionCache;
        QCOMPARE(value, step.expected);
        QString error;
        QVERIFY2(ConfigValidator::sessionCacheSessions(value, &error), qPrintable(value + QStringLiteral(": ") + error));
    }
}

void TestGuiListenerChoices::onlyCertificateIsPreselected()
{
    ListenerEditor editor;
    editor.setChoices({QStringLiteral("backend")}, {QStringLiteral("site")});
    ListenerConfig listener = twoListeners().listeners.at(0);
    editor.setListener(listener);
    auto *tls = editor.findChild<QGroupBox *>(QStringLiteral("tlsGroup"));
    auto *certificate = editor.findChild<QComboBox *>(QStringLiteral("certificateCombo"));
    QVERIFY(tls && certificate);
    QCOMPARE(editor.listener().ssl.certificate, QString());
    QSignalSpy edited(&editor, &ListenerEditor::edited);
    tls->setChecked(true);
    QCOMPARE(certificate->currentText(), QStringLiteral("site"));
    QCOMPARE(editor.listener().ssl.certificate, QStringLiteral("site"));
    QCOMPARE(edited.count(), 1); // one edit: TLS on, with its certificate

    // Two certificates: the user chooses.
    ListenerEditor two;
    two.setChoices({QStringLiteral("backend")}, {QStringLiteral("site"), QStringLiteral("other")});
    two.setListener(listener);
    two.findChild<QGroupBox *>(QStringLiteral("tlsGroup"))->setChecked(true);
    QCOMPARE(two.listener().ssl.certificate, QString());
}

void TestGuiListenerChoices::newGroupCreatesAndSelects()
{
    ConfigDocument document;
    document.reset(twoListeners());
    ListenersPage page;
    page.setDocument(&document);
    page.setCurrentIndex(0);
    auto *button = page.editor()->findChild<QToolButton *>(QStringLiteral("newGroupButton"));
    QVERIFY(button);
    button->click();
    auto *dialog = page.findChild<NewGroupDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->name(), QStringLiteral("backend_2")); // "backend" is taken
    dialog->setName(QStringLiteral("web"));
    dialog->setServer(QStringLiteral("127.0.0.1:8081"));
    QCOMPARE(dialog->problem(), QString());
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();

    const Config &config = document.config();
    QCOMPARE(config.upstreams.size(), 2);
    QVERIFY(config.findUpstream(QStringLiteral("web")));
    QCOMPARE(config.findUpstream(QStringLiteral("web"))->servers.size(), 1);
    QCOMPARE(config.findUpstream(QStringLiteral("web"))->servers.first().address, QStringLiteral("127.0.0.1:8081"));
    QCOMPARE(config.listeners.at(0).proxyPass, QStringLiteral("web"));
    QCOMPARE(config.listeners.at(1).proxyPass, QStringLiteral("backend"));
    auto *target = page.editor()->findChild<QComboBox *>(QStringLiteral("targetCombo"));
    QCOMPARE(target->currentText(), QStringLiteral("web"));
    QVERIFY(target->findText(QStringLiteral("web")) >= 0);
    // One edit, undone as one.
    document.undoStack()->undo();
    QCOMPARE(document.config().upstreams.size(), 1);
    QCOMPARE(document.config().listeners.at(0).proxyPass, QStringLiteral("backend"));
}

void TestGuiListenerChoices::newGroupRefusesTakenName()
{
    NewGroupDialog dialog(twoListeners(), 0);
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    dialog.setName(QStringLiteral("backend"));
    QVERIFY(!ok->isEnabled());
    QVERIFY2(dialog.problem().contains(QStringLiteral("\"backend\"")), qPrintable(dialog.problem()));
    dialog.setName(QStringLiteral("bad name"));
    QVERIFY(!ok->isEnabled());
    QVERIFY2(dialog.problem().contains(QStringLiteral("bad name")), qPrintable(dialog.problem()));
    dialog.setName(QStringLiteral("good"));
    dialog.setServer(QString());
    QVERIFY(!ok->isEnabled());
    dialog.setServer(QStringLiteral("127.0.0.1:9"));
    QVERIFY(ok->isEnabled());
}

QTEST_MAIN(TestGuiListenerChoices)
#include "tst_guilistenerchoices.moc"
