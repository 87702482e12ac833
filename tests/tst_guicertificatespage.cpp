// The Certificates page: importing a PEM pair names the entry after the certificate, the
// fields round-trip into the config, the details come from the real file, and expiry and a
// key that does not fit are warned about. Certificates are made by the real openssl.
#include "opensslprocess.h"

#include <certificatespage.h>
#include <configdocument.h>
#include <fieldmarker.h>
#include <platform/privatefile.h>

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

namespace {
// Nobody but the owner (and SYSTEM on Windows) may read path: mode bits on Linux, the
// file's access list on Windows (where Qt's permissions() does not look at it).
bool onlyOwnerReads(const QString &path)
{
    bool readable = true;
    QString error;
    if (!PrivateFile::readableByOthers(path, &readable, &error))
        qWarning("%s", qUtf8Printable(error));
    return error.isEmpty() && !readable;
}
} // namespace

class CertificatesPageTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void importShowsDetails();
    void fieldsRoundTrip();
    void warnsAboutExpiryAndMismatch();
    void missingFileIsSaid();
    void encryptedKeyWithPassphraseFile();
    void generateMakesAUsableCertificate();

private:
    bool makeCertificate(const QString &name, const QString &commonName, int days, const QString &keyType);
    QTemporaryDir m_dir;
};

bool CertificatesPageTest::makeCertificate(const QString &name, const QString &commonName, int days, const QString &keyType)
{
    return runOpenssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), keyType, QStringLiteral("-nodes"),
                       QStringLiteral("-keyout"), m_dir.filePath(name + QStringLiteral("-key.pem")), QStringLiteral("-out"),
                       m_dir.filePath(name + QStringLiteral("-cert.pem")), QStringLiteral("-days"), QString::number(days),
                       QStringLiteral("-subj"), QStringLiteral("/CN=") + commonName})
               .exitCode
        == 0;
}

void CertificatesPageTest::initTestCase()
{
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty(),
             "openssl is not installed (scripts/install-deps.sh --test installs it)"); // fails, never skips
    QVERIFY(makeCertificate(QStringLiteral("site"), QStringLiteral("portier.test"), 365, QStringLiteral("rsa:2048")));
    QVERIFY(makeCertificate(QStringLiteral("soon"), QStringLiteral("soon.test"), 1, QStringLiteral("rsa:2048")));
    QVERIFY(makeCertificate(QStringLiteral("ec"), QStringLiteral("ec.test"), 365, QStringLiteral("ec:/dev/null")) ||
            makeCertificate(QStringLiteral("ec"), QStringLiteral("ec.test"), 365, QStringLiteral("rsa:1024")));
}

void CertificatesPageTest::importShowsDetails()
{
    ConfigDocument document;
    CertificatesPage page;
    page.setDocument(&document);
    page.importCertificate(m_dir.filePath(QStringLiteral("site-cert.pem")), m_dir.filePath(QStringLiteral("site-key.pem")));
    QCOMPARE(document.config().certificates.size(), 1);
    const CertificateConfig &entry = document.config().certificates.first();
    QCOMPARE(entry.name, QStringLiteral("portier.test"));
    QCOMPARE(page.currentIndex(), 0);
    const QString details = page.findChild<QLabel *>(QStringLiteral("detailsLabel"))->text();
    QVERIFY2(details.contains(QStringLiteral("portier.test")), qPrintable(details));
    QVERIFY(details.contains(QStringLiteral("self-signed")));
    QVERIFY(details.contains(QStringLiteral("RSA, 2048 bits")));
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("warningLabel"))->isHidden());

    // Importing the same one again gets a name of its own.
    page.importCertificate(m_dir.filePath(QStringLiteral("site-cert.pem")), m_dir.filePath(QStringLiteral("site-key.pem")));
    QCOMPARE(document.config().certificates.at(1).name, QStringLiteral("portier.test_2"));
    QCOMPARE(document.undoStack()->count(), 2);
}

void CertificatesPageTest::fieldsRoundTrip()
{
    ConfigDocument document;
    Config config;
    CertificateConfig entry;
    entry.name = QStringLiteral("site");
    entry.certificateFile = QStringLiteral("certs/site.pem");
    entry.keyFile = QStringLiteral("certs/site.key");
    entry.passphraseFile = QStringLiteral("certs/pass.txt");
    entry.allowExpired = true;
    config.certificates << entry;
    ListenerConfig listener;
    listener.ssl.certificate = QStringLiteral("site");
    config.listeners << listener;
    document.reset(config);
    CertificatesPage page;
    page.setDocument(&document);
    QCOMPARE(page.findChild<QLineEdit *>(QStringLiteral("certificateFileEdit"))->text(), entry.certificateFile);
    QCOMPARE(page.findChild<QLineEdit *>(QStringLiteral("passphraseFileEdit"))->text(), entry.passphraseFile);
    QVERIFY(page.findChild<QCheckBox *>(QStringLiteral("allowExpiredCheck"))->isChecked());

    page.findChild<QLineEdit *>(QStringLiteral("keyFileEdit"))->setText(QStringLiteral("other.key"));
    page.findChild<QCheckBox *>(QStringLiteral("allowExpiredCheck"))->setChecked(false);
    page.findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("www"));
    const CertificateConfig edited = document.config().certificates.first();
    QCOMPARE(edited.keyFile, QStringLiteral("other.key"));
    QVERIFY(!edited.allowExpired);
    QCOMPARE(edited.name, QStringLiteral("www"));
    QCOMPARE(document.config().listeners.first().ssl.certificate, QStringLiteral("www")); // followed the rename

    // An empty name is marked.
    page.findChild<QLineEdit *>(QStringLiteral("nameEdit"))->clear();
    QVERIFY(FieldMarker::isMarked(page.findChild<QLineEdit *>(QStringLiteral("nameEdit"))));
    QVERIFY(!page.findChild<QLabel *>(QStringLiteral("issuesLabel"))->isHidden());
}

void CertificatesPageTest::warnsAboutExpiryAndMismatch()
{
    CertificateConfig soon;
    soon.certificateFile = m_dir.filePath(QStringLiteral("soon-cert.pem"));
    soon.keyFile = m_dir.filePath(QStringLiteral("soon-key.pem"));
    const auto expiring = CertificatesPage::inspect(soon, QString());
    QVERIFY(expiring.readable);
    QVERIFY2(expiring.warning.contains(QStringLiteral("Expires in")), qPrintable(expiring.warning));

    CertificateConfig mismatched;
    mismatched.certificateFile = m_dir.filePath(QStringLiteral("site-cert.pem"));
    mismatched.keyFile = m_dir.filePath(QStringLiteral("ec-key.pem"));
    const auto wrongKey = CertificatesPage::inspect(mismatched, QString());
    QVERIFY2(!wrongKey.warning.isEmpty(), qPrintable(wrongKey.details));

    // Another RSA-2048 key: the same type and size, but not this certificate's. Apply would
    // refuse it (X509_check_private_key), so the page must not call it a fit.
    CertificateConfig sameSize;
    sameSize.certificateFile = m_dir.filePath(QStringLiteral("site-cert.pem"));
    sameSize.keyFile = m_dir.filePath(QStringLiteral("soon-key.pem"));
    const auto otherKey = CertificatesPage::inspect(sameSize, QString());
    QVERIFY(otherKey.readable);
    QVERIFY2(otherKey.warning.contains(QStringLiteral("does not belong to this certificate")), qPrintable(otherKey.warning));

    CertificateConfig good;
    good.certificateFile = QStringLiteral("site-cert.pem"); // relative: against the config's folder
    good.keyFile = QStringLiteral("site-key.pem");
    const auto fine = CertificatesPage::inspect(good, m_dir.path());
    QVERIFY(fine.readable);
    QVERIFY2(fine.warning.isEmpty(), qPrintable(fine.warning));
}

void CertificatesPageTest::missingFileIsSaid()
{
    CertificateConfig missing;
    missing.certificateFile = m_dir.filePath(QStringLiteral("nope.pem"));
    const auto result = CertificatesPage::inspect(missing, QString());
    QVERIFY(!result.readable);
    QVERIFY(result.warning.contains(QStringLiteral("does not exist")));
    CertificateConfig notPem;
    notPem.certificateFile = m_dir.filePath(QStringLiteral("site-key.pem"));
    QVERIFY(CertificatesPage::inspect(notPem, QString()).warning.contains(QStringLiteral("no PEM certificate")));
}

void CertificatesPageTest::encryptedKeyWithPassphraseFile()
{
    const QString key = m_dir.filePath(QStringLiteral("locked-key.pem"));
    const QString certificate = m_dir.filePath(QStringLiteral("locked-cert.pem"));
    const OpensslRun made = runOpenssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                                        QStringLiteral("-passout"), QStringLiteral("pass:s3cret"), QStringLiteral("-keyout"), key,
                                        QStringLiteral("-out"), certificate, QStringLiteral("-days"), QStringLiteral("365"),
                                        QStringLiteral("-subj"), QStringLiteral("/CN=locked.test")});
    QVERIFY2(made.exitCode == 0, qPrintable(made.output));

    QVERIFY(CertificatesPage::keyNeedsPassphrase(key));
    QVERIFY(!CertificatesPage::keyNeedsPassphrase(m_dir.filePath(QStringLiteral("site-key.pem"))));
    QVERIFY(!CertificatesPage::passphraseOpensKey(key, "wrong"));
    QVERIFY(CertificatesPage::passphraseOpensKey(key, "s3cret"));

    CertificateConfig entry;
    entry.certificateFile = certificate;
    entry.keyFile = key;
    QVERIFY(CertificatesPage::inspect(entry, QString()).warning.contains(QStringLiteral("encrypted")));

    const QString passphraseFile = m_dir.filePath(QStringLiteral("locked.pass"));
    QString error;
    QVERIFY2(CertificatesPage::writePassphraseFile(passphraseFile, "s3cret", &error), qPrintable(error));
    QVERIFY(onlyOwnerReads(passphraseFile));
    entry.passphraseFile = passphraseFile;
    const auto opened = CertificatesPage::inspect(entry, QString());
    QVERIFY2(opened.warning.isEmpty(), qPrintable(opened.warning));

    ConfigDocument document;
    CertificatesPage page;
    page.setDocument(&document);
    page.importCertificate(certificate, key, passphraseFile);
    QCOMPARE(document.config().certificates.first().passphraseFile, passphraseFile);
    QCOMPARE(document.config().certificates.first().name, QStringLiteral("locked.test"));
}

void CertificatesPageTest::generateMakesAUsableCertificate()
{
    ConfigDocument document;
    CertificatesPage page;
    page.setDocument(&document);
    QVERIFY(page.findChild<QToolButton *>(QStringLiteral("generateButton"))->isEnabled());
    QTemporaryDir dir;
    QString error;
    QVERIFY2(page.generateCertificate(QStringLiteral("portier.local"), dir.path(), &error), qPrintable(error));
    QCOMPARE(document.config().certificates.size(), 1);
    const CertificateConfig entry = document.config().certificates.first();
    QCOMPARE(entry.name, QStringLiteral("portier.local"));
    const auto inspection = CertificatesPage::inspect(entry, QString());
    QVERIFY(inspection.readable);
    QVERIFY2(inspection.warning.isEmpty(), qPrintable(inspection.warning)); // the key fits, not expiring
    QVERIFY(inspection.details.contains(QStringLiteral("self-signed")));
    QVERIFY(inspection.details.contains(QStringLiteral("RSA, 2048 bits")));
    const QSslCertificate certificate = QSslCertificate::fromPath(entry.certificateFile).value(0);
    QVERIFY(certificate.subjectAlternativeNames().values(QSsl::DnsEntry).contains(QStringLiteral("portier.local")));
    QVERIFY(certificate.expiryDate() > QDateTime::currentDateTimeUtc().addDays(360));
    QVERIFY(onlyOwnerReads(entry.keyFile));

    // The real openssl agrees the pair belongs together.
    const OpensslRun checkhost = runOpenssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-checkhost"),
                                             QStringLiteral("portier.local"), QStringLiteral("-in"), entry.certificateFile});
    QVERIFY2(checkhost.exitCode == 0, qPrintable(checkhost.output)); // it finished, and well
    QVERIFY2(checkhost.output.contains(QStringLiteral("does match")), qPrintable(QStringLiteral("openssl x509 -checkhost: ") + checkhost.output));

    // Never overwrites.
    QVERIFY(!page.generateCertificate(QStringLiteral("portier.local"), dir.path(), &error));
    QVERIFY(error.contains(QStringLiteral("already exists")));
    // An address goes in as an IP subjectAltName.
    QVERIFY2(page.generateCertificate(QStringLiteral("127.0.0.1"), dir.path(), &error), qPrintable(error));
    const QSslCertificate byAddress = QSslCertificate::fromPath(document.config().certificates.last().certificateFile).value(0);
    QVERIFY(byAddress.subjectAlternativeNames().values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
}

QTEST_MAIN(CertificatesPageTest)
#include "tst_guicertificatespage.moc"
