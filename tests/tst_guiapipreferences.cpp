// Preferences > API: validation that names the field and the value, a token created there
// shown once and kept only as its digest (also in the settings file), and the settings
// turning a real ApiServer on, off and onto tokens as the desktop program does.
#include "guienginefixture.h"
#include "testclient.h"

#include <apipreferencespage.h>
#include <apiserver.h>
#include <desktopapisettings.h>
#include <preferencesdialog.h>

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTabWidget>
#include <QtTest>

class GuiApiPreferencesTest : public QObject
{
    Q_OBJECT

private slots:
    void problemsNameFieldAndValue_data();
    void problemsNameFieldAndValue();
    void tokenIsShownOnceAndStoredHashed();
    void settingsDriveARealApi();

private:
    int status(quint16 port, const QByteArray &token);
    QNetworkAccessManager m_network;
};

void GuiApiPreferencesTest::problemsNameFieldAndValue_data()
{
    QTest::addColumn<QString>("listen");
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("not an address") << QStringLiteral("nonsense") << QString() << QStringList{QStringLiteral("Listen address: \"nonsense\"")};
    QTest::newRow("beyond loopback")
        << QStringLiteral("0.0.0.0:8081") << QString()
        << QStringList{QStringLiteral("HTTPS certificate: the API listens on 0.0.0.0"), QStringLiteral("Tokens: the API listens on 0.0.0.0")};
    QTest::newRow("missing certificate file") << QStringLiteral("127.0.0.1:8081") << QStringLiteral("/nonexistent/api.crt")
                                              << QStringList{QStringLiteral("HTTPS certificate: \"/nonexistent/api.crt\" is not a file"),
                                                             QStringLiteral("HTTPS certificate: the certificate /nonexistent/api.crt needs its key file")};
}

void GuiApiPreferencesTest::problemsNameFieldAndValue()
{
    QFETCH(QString, listen);
    QFETCH(QString, certificate);
    QFETCH(QStringList, expected);
    PreferencesDialog dialog;
    ApiPreferencesPage *page = dialog.apiPage();
    page->enabledCheck()->setChecked(true);
    page->listenEdit()->setText(listen);
    page->findChild<QLineEdit *>(QStringLiteral("apiCertificate"))->setText(certificate);
    const QString shown = page->problemsLabel()->text();
    for (const QString &line : expected)
        QVERIFY2(shown.contains(line), qPrintable(shown));
    QVERIFY(!page->problemsLabel()->isHidden());
    dialog.show();
    dialog.accept();
    QVERIFY(dialog.isVisible()); // refused: still open on the API page
    QCOMPARE(dialog.result(), int(QDialog::Rejected));

    // Off, nothing is checked: the dialog takes it.
    page->enabledCheck()->setChecked(false);
    QVERIFY(page->problems().isEmpty());
    QVERIFY(page->problemsLabel()->isHidden());
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void GuiApiPreferencesTest::tokenIsShownOnceAndStoredHashed()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    PreferencesDialog dialog;
    dialog.apiPage()->enabledCheck()->setChecked(true);
    const QByteArray token = dialog.apiPage()->createToken(QStringLiteral("laptop"), true);
    QVERIFY(token.size() >= 40);
    const Preferences chosen = dialog.preferences();
    QCOMPARE(chosen.api.tokens.size(), 1);
    QCOMPARE(chosen.api.tokens.at(0).name, QStringLiteral("laptop"));
    QCOMPARE(chosen.api.tokens.at(0).sha256, ApiToken::digest(token));
    QVERIFY(chosen.api.tokens.at(0).write);
    {
        QSettings settings(path, QSettings::IniFormat);
        chosen.save(&settings);
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray stored = file.readAll();
    QVERIFY(stored.contains(ApiToken::digest(token).toLatin1()));
    QVERIFY(!stored.contains(token));
    QSettings settings(path, QSettings::IniFormat);
    QCOMPARE(Preferences::load(settings).api, chosen.api);

    // The page as the user sees it (a tool's output, looked at by eye).
    dialog.apiPage()->setKnownCertificates({{QStringLiteral("10.0.0.5:8081"), QByteArray(32, '\x5a')}});
    dialog.findChild<QTabWidget *>(QStringLiteral("preferencesTabs"))->setCurrentWidget(dialog.apiPage());
    dialog.show();
    QVERIFY(dialog.grab().save(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("preferences-api.png"))));
}

int GuiApiPreferencesTest::status(quint16 port, const QByteArray &token)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/portier/v1/stats").arg(port)));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    QNetworkReply *reply = m_network.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(20000))
        return -1;
    reply->deleteLater();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

void GuiApiPreferencesTest::settingsDriveARealApi()
{
    Engine engine;
    ApiServer api(&engine, nullptr);
    DesktopApiSettings settings;
    settings.enabled = true;
    settings.listen = QStringLiteral("127.0.0.1:%1").arg(findFreePort());
    PreferencesDialog dialog;
    dialog.apiPage()->setSettings(settings);
    const QByteArray token = dialog.apiPage()->createToken(QStringLiteral("desktop"), false);
    settings = dialog.apiPage()->settings();
    QCOMPARE(api.apply(settings.effective(engine.config())), QString());
    QVERIFY(api.isListening());
    QCOMPARE(status(api.port(), token), 200);
    QCOMPARE(status(api.port(), "wrong"), 401);

    // Off: the config's own "api" section (none here) decides, so the API stops.
    settings.enabled = false;
    QCOMPARE(api.apply(settings.effective(engine.config())), QString());
    QVERIFY(!api.isListening());
}

QTEST_MAIN(GuiApiPreferencesTest)
#include "tst_guiapipreferences.moc"
