#pragma once

#include <config.h>

#include <QWidget>
#include <memory>

class ConfigDocument;

namespace CertificateTools {
struct CertificateInfo;
}

namespace Ui {
class CertificatesPage;
}

// The Certificates page: the PEM certificate/key pairs that TLS listeners name. Import adds
// one, Generate makes a self-signed one; the details (subject, issuer, validity, fingerprint)
// and the verdict on the key come from the engine's CertificateTools, the code a listener
// loads them with at Apply, with a warning when it has expired, is about to, or the key is
// not the certificate's. GUI thread.
class CertificatesPage : public QWidget
{
    Q_OBJECT

public:
    explicit CertificatesPage(QWidget *parent = nullptr);
    ~CertificatesPage() override;

    void setDocument(ConfigDocument *document);
    int currentIndex() const;
    void setCurrentIndex(int index);

    // Adds an entry for these files (named after the certificate's common name).
    void importCertificate(const QString &certificateFile, const QString &keyFile, const QString &passphraseFile = QString());

    // An encrypted private key (PEM "ENCRYPTED") needs a passphrase to be read.
    static bool keyNeedsPassphrase(const QString &keyFile);
    static bool passphraseOpensKey(const QString &keyFile, const QByteArray &passphrase);
    // Writes the passphrase to a file only its owner may read (nginx ssl_password_file).
    static bool writePassphraseFile(const QString &path, const QByteArray &passphrase, QString *error);

    // What the details and warning labels say, for the certificate entry given (paths
    // relative to baseDirectory).
    struct Inspection
    {
        QString details;  // rich text
        QString warning;  // rich text; empty when all is well
        bool readable = false;
    };
    static Inspection inspect(const CertificateConfig &certificate, const QString &baseDirectory);

    // Makes a self-signed certificate for name in directory and adds it; false with the
    // reason in *error.
    bool generateCertificate(const QString &name, const QString &directory, QString *error);

public slots:
    void importWithDialogs();
    void generateWithDialogs();
    void removeCertificate();
    void refresh();

private:
    static QString detailsOf(const CertificateTools::CertificateInfo &info);
    static QStringList dateWarnings(const CertificateTools::CertificateInfo &info, bool allowExpired);
    // Empty when the key is the certificate's.
    static QString keyWarningOf(const QString &certificatePath, const QString &keyPath, const QString &passphrasePath);

    void commit(const QString &key);
    void showCurrent();
    CertificateConfig editedCertificate() const;

    std::unique_ptr<Ui::CertificatesPage> m_ui;
    ConfigDocument *m_document = nullptr;
    bool m_updating = false;
};
