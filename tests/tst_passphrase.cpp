// Passphrases asked at start: a certificate whose key is encrypted may have no passphrase_file;
// the passphrase then lives in memory only (PassphraseStore), the loader uses it, and portierd
// without a terminal to ask on says what to do instead of starting without TLS.

#include "opensslprocess.h"
#include "portierdprocess.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"

#include <configjson.h>
#include <engine.h>
#include <tls/passphrasestore.h>

#include <QTemporaryDir>
#include <QTest>

#if defined(__linux__)
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>
#endif

class PassphraseTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup() { PassphraseStore::forgetAll(); }
    void engineUsesPassphraseGivenAtStart();
    void wrongPassphraseGivenAtStartIsNamed();
    void portierdWithoutTerminalSaysWhatToDo_data();
    void portierdWithoutTerminalSaysWhatToDo();
    void portierdAsksOnTheTerminalWithoutEcho();

private:
    Config tlsConfig(quint16 port) const;

    QTemporaryDir m_dir;
    QString m_certificate;
    QString m_key;
    TestBackend m_backend{TestBackend::Mode::Echo};
};

void PassphraseTest::initTestCase()
{
    m_certificate = m_dir.filePath(QStringLiteral("site.crt"));
    m_key = m_dir.filePath(QStringLiteral("site.key"));
    const OpensslRun run = runOpenssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                                       QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-days"),
                                       QStringLiteral("30"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                                       QStringLiteral("-passout"), QStringLiteral("pass:right"), QStringLiteral("-keyout"), m_key,
                                       QStringLiteral("-out"), m_certificate});
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    QVERIFY(PassphraseStore::isEncrypted(m_key));
}

Config PassphraseTest::tlsConfig(quint16 port) const
{
    Config config = proxyConfig(port, {m_backend.address()}, 1);
    CertificateConfig certificate;
    certificate.name = QStringLiteral("site");
    certificate.certificateFile = m_certificate;
    certificate.keyFile = m_key; // no passphrase_file: asked at start
    config.certificates << certificate;
    config.listeners[0].ssl.enabled = true;
    config.listeners[0].ssl.certificate = certificate.name;
    return config;
}

void PassphraseTest::engineUsesPassphraseGivenAtStart()
{
    const Config config = tlsConfig(findFreePort());
    const QList<PassphraseStore::Request> needed = PassphraseStore::needed(config);
    QCOMPARE(needed.size(), 1);
    QCOMPARE(needed.first().certificate, QStringLiteral("site"));
    QCOMPARE(needed.first().keyFile, m_key);

    Engine engine;
    Engine::ApplyResult refused = engine.apply(config);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.issues.value(0).toString().contains(QStringLiteral("give the passphrase when Portier starts")),
             qPrintable(refused.issues.value(0).toString()));

    QVERIFY(!PassphraseStore::opens(m_key, "wrong"));
    QVERIFY(PassphraseStore::opens(m_key, "right"));
    PassphraseStore::remember(m_key, "right");
    QVERIFY(PassphraseStore::needed(config).isEmpty());
    const Engine::ApplyResult applied = engine.apply(config);
    QVERIFY2(applied.ok(), qPrintable(applied.issues.value(0).toString()));
    QVERIFY(engine.snapshot().listeners.value(0).listening);
}

void PassphraseTest::wrongPassphraseGivenAtStartIsNamed()
{
    PassphraseStore::remember(m_key, "wrong");
    Engine engine;
    const Engine::ApplyResult result = engine.apply(tlsConfig(findFreePort()));
    QVERIFY(!result.ok());
    QVERIFY2(result.issues.value(0).toString().contains(QStringLiteral("wrong passphrase for the key in %1 (the one given at start)").arg(m_key)),
             qPrintable(result.issues.value(0).toString()));
}

void PassphraseTest::portierdWithoutTerminalSaysWhatToDo_data()
{
    QTest::addColumn<QStringList>("mode");
    QTest::newRow("--config") << QStringList{QStringLiteral("--config")};
    QTest::newRow("--check") << QStringList{QStringLiteral("--check"), QStringLiteral("--config")};
}

void PassphraseTest::portierdWithoutTerminalSaysWhatToDo()
{
    QFETCH(QStringList, mode);
    const quint16 port = findFreePort();
    const QString path = m_dir.filePath(QStringLiteral("portier.json"));
    QString error;
    QVERIFY2(ConfigJson::save(tlsConfig(port), path, &error), qPrintable(error));

    QString output; // QProcess gives portierd a pipe, not a terminal, on standard input
    QCOMPARE(PortierdProcess::run(mode << path, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("certificates[0]: certificate \"site\": the key %1 is encrypted and has no passphrase_file, "
                                            "and standard input is not a terminal to ask on; name a passphrase_file")
                                 .arg(m_key)),
             qPrintable(output));
    if (mode.contains(QStringLiteral("--check")))
        QVERIFY2(output.contains(QStringLiteral("note: %1: certificates[0]: certificate \"site\"").arg(path))
                     && output.contains(QStringLiteral("portierd asks for its passphrase at start")),
                 qPrintable(output));
    QVERIFY2(!output.contains(QStringLiteral("started with")), qPrintable(output));
    TestClient client;
    QVERIFY(!client.connectTo(port));
}

void PassphraseTest::portierdAsksOnTheTerminalWithoutEcho()
{
#if !defined(__linux__)
    QSKIP("a pseudo-terminal for portierd's standard input: Linux only here");
#else
    const QString path = m_dir.filePath(QStringLiteral("asks.json"));
    QString error;
    QVERIFY2(ConfigJson::save(tlsConfig(findFreePort()), path, &error), qPrintable(error));
    const int master = posix_openpt(O_RDWR | O_NOCTTY);
    QVERIFY(master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0);
    const QByteArray slaveName = ptsname(master);
    PortierdProcess portierd;
    portierd.process().setChildProcessModifier([slaveName] {
        const int slave = ::open(slaveName.constData(), O_RDWR);
        if (slave >= 0)
            ::dup2(slave, STDIN_FILENO);
    });
    QVERIFY(portierd.start({QStringLiteral("--check"), QStringLiteral("--config"), path}));
    const QString prompt = QStringLiteral("Passphrase for the key of certificate \"site\" (%1): ").arg(m_key);
    QVERIFY2(portierd.waitForOutput(prompt), qPrintable(portierd.output()));
    QVERIFY(::write(master, "wrong\n", 6) == 6);
    QVERIFY2(portierd.waitForOutput(QStringLiteral("That does not open it. ")), qPrintable(portierd.output()));
    QVERIFY(::write(master, "right\n", 6) == 6);
    QVERIFY2(portierd.waitForOutput(QStringLiteral("test is successful")), qPrintable(portierd.output()));
    QVERIFY(portierd.process().waitForFinished(10000));
    QCOMPARE(portierd.exitCode(), 0);
    // With echo on, the terminal would have written the passphrases back to its master side.
    QByteArray echoed;
    pollfd ready{master, POLLIN, 0};
    while (::poll(&ready, 1, 0) > 0 && (ready.revents & POLLIN)) {
        char buffer[256];
        const ssize_t n = ::read(master, buffer, sizeof buffer);
        if (n <= 0)
            break;
        echoed.append(buffer, n);
    }
    ::close(master);
    QVERIFY2(!echoed.contains("wrong") && !echoed.contains("right"), echoed.constData());
#endif
}

QTEST_GUILESS_MAIN(PassphraseTest)
#include "tst_passphrase.moc"
