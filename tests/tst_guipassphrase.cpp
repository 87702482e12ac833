// The window starting the engine on a certificate whose encrypted key has no passphrase_file:
// it asks for the passphrase (again when it is wrong), keeps it in memory only, and does not
// start when the user cancels.

#include "guienginefixture.h"
#include "opensslprocess.h"
#include "testclient.h"

#include <configdocument.h>
#include <configjson.h>
#include <mainwindow.h>
#include <passphraseasker.h>
#include <tls/passphrasestore.h>

#include <QAction>
#include <QDirIterator>
#include <QTest>

class GuiPassphraseTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup() { PassphraseStore::forgetAll(); }
    void startAsksUntilThePassphraseOpensTheKey();
    void cancelledDialogDoesNotStart();

private:
    Config tlsConfig(quint16 port) const;

    QTemporaryDir m_dir;
    QString m_key;
    QString m_certificate;
};

void GuiPassphraseTest::initTestCase()
{
    m_certificate = m_dir.filePath(QStringLiteral("site.crt"));
    m_key = m_dir.filePath(QStringLiteral("site.key"));
    const OpensslRun run = runOpenssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                                       QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-days"),
                                       QStringLiteral("30"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                                       QStringLiteral("-passout"), QStringLiteral("pass:s3cret-word"), QStringLiteral("-keyout"), m_key,
                                       QStringLiteral("-out"), m_certificate});
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
}

Config GuiPassphraseTest::tlsConfig(quint16 port) const
{
    Config config;
    config.workers = 1;
    UpstreamConfig group;
    group.name = QStringLiteral("backend");
    ServerConfig server;
    server.address = QStringLiteral("127.0.0.1:9");
    group.servers << server;
    config.upstreams << group;
    CertificateConfig certificate;
    certificate.name = QStringLiteral("site");
    certificate.certificateFile = m_certificate;
    certificate.keyFile = m_key;
    config.certificates << certificate;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:%1").arg(port);
    listener.proxyPass = group.name;
    listener.ssl.enabled = true;
    listener.ssl.certificate = certificate.name;
    config.listeners << listener;
    return config;
}

void GuiPassphraseTest::startAsksUntilThePassphraseOpensTheKey()
{
    WindowFixture fixture;
    const quint16 port = findFreePort();
    const QString path = fixture.dir.filePath(QStringLiteral("portier.json"));
    QString error;
    QVERIFY(ConfigJson::save(tlsConfig(port), path, &error));
    QVERIFY(fixture.window.openFile(path));

    QStringList asked;
    fixture.window.passphraseAsker().setDialog([&](const QString &certificate, const QString &keyFile, bool retry) -> std::optional<QByteArray> {
        asked << QStringLiteral("%1 %2 %3").arg(certificate, keyFile).arg(retry);
        return retry ? QByteArray("s3cret-word") : QByteArray("wrong");
    });
    fixture.window.findChild<QAction *>(QStringLiteral("actionStart"))->trigger();
    QCOMPARE(asked, (QStringList{QStringLiteral("site %1 0").arg(m_key), QStringLiteral("site %1 1").arg(m_key)}));
    QTRY_COMPARE(fixture.engine.controller->state(), EngineController::State::Running);
    TestClient client;
    QVERIFY(client.connectTo(port));

    // Kept in memory: a second start does not ask, and no file in the folder holds it.
    QVERIFY(PassphraseStore::lookup(m_key).has_value());
    for (QDirIterator it(fixture.dir.path(), QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
        QFile file(it.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains("s3cret-word"), qPrintable(file.fileName()));
    }
}

void GuiPassphraseTest::cancelledDialogDoesNotStart()
{
    WindowFixture fixture;
    const QString path = fixture.dir.filePath(QStringLiteral("portier.json"));
    QString error;
    QVERIFY(ConfigJson::save(tlsConfig(findFreePort()), path, &error));
    QVERIFY(fixture.window.openFile(path));
    int asked = 0;
    fixture.window.passphraseAsker().setDialog([&](const QString &, const QString &, bool) -> std::optional<QByteArray> {
        ++asked;
        return std::nullopt;
    });
    fixture.window.findChild<QAction *>(QStringLiteral("actionStart"))->trigger();
    QCOMPARE(asked, 1);
    QCOMPARE(fixture.engine.controller->state(), EngineController::State::Stopped);
}

QTEST_MAIN(GuiPassphraseTest)
#include "tst_guipassphrase.moc"
