#include "apicredentials.h"

#include "tls/opensslptr.h"
#include "tls/pemfile.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

#include <openssl/pem.h>

namespace ApiCredentials {

namespace {

// Qt reads keys as PEM of a known algorithm; the decrypted key goes over in memory only.
QSslKey toQt(EVP_PKEY *key)
{
    OpenSsl::BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return QSslKey();
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    QByteArray pem(data, size);
    QSsl::KeyAlgorithm algorithm = QSsl::Rsa;
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_EC: algorithm = QSsl::Ec; break;
    case EVP_PKEY_DSA: algorithm = QSsl::Dsa; break;
    case EVP_PKEY_DH: algorithm = QSsl::Dh; break;
    default: break;
    }
    QSslKey result(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
    pem.fill('\0');
    return result;
}

} // namespace

QSslConfiguration serverConfiguration(const CertificateConfig &certificate, QString *error)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certificate.certificateFile, QSsl::Pem, QSslCertificate::PatternSyntax::FixedString);
    if (chain.isEmpty()) {
        *error = QStringLiteral("certificate \"%1\": %2 holds no PEM certificate").arg(certificate.name, certificate.certificateFile);
        return QSslConfiguration();
    }
    const OpenSsl::KeyPtr key = PemFile::loadPrivateKey(certificate.keyFile, certificate.passphraseFile, error);
    if (!key) {
        *error = QStringLiteral("certificate \"%1\": %2").arg(certificate.name, *error);
        return QSslConfiguration();
    }
    const QSslKey qtKey = toQt(key.get());
    if (qtKey.isNull()) {
        *error = QStringLiteral("certificate \"%1\": the key in %2 is of a kind the API's TLS cannot use; use an RSA or EC key")
                     .arg(certificate.name, certificate.keyFile);
        return QSslConfiguration();
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(qtKey);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    return configuration;
}

} // namespace ApiCredentials
