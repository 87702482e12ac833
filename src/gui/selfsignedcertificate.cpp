#include "selfsignedcertificate.h"

#include <QHostAddress>
#include <QSaveFile>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <functional>
#include <memory>

namespace {

constexpr size_t keyBits = 2048;
constexpr int serialBytes = 16;

template<typename T, void (*Free)(T *)>
using Owned = std::unique_ptr<T, decltype([](T *p) { Free(p); })>;

QString opensslError(const char *what)
{
    const unsigned long code = ERR_get_error();
    char text[256] = {};
    ERR_error_string_n(code, text, sizeof text);
    return QStringLiteral("%1 failed (%2)").arg(QLatin1StringView(what), QString::fromLatin1(text));
}

QByteArray pem(const std::function<int(BIO *)> &write)
{
    Owned<BIO, BIO_free_all> bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1)
        return QByteArray();
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, int(size));
}

bool writeFile(const QString &path, const QByteArray &data, bool secret, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    if (secret)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(data);
    if (!file.commit()) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

bool SelfSignedCertificate::generate(const QString &commonName, int days, const QString &certificateFile, const QString &keyFile,
                                     QString *error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    if (commonName.trimmed().isEmpty()) {
        *error = QStringLiteral("the certificate needs a name, such as localhost");
        return false;
    }

    Owned<EVP_PKEY, EVP_PKEY_free> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", keyBits));
    if (!key) {
        *error = opensslError("generating an RSA key");
        return false;
    }
    Owned<X509, X509_free> certificate(X509_new());
    unsigned char serial[serialBytes];
    if (!certificate || RAND_bytes(serial, serialBytes) != 1) {
        *error = opensslError("making the certificate");
        return false;
    }
    serial[0] &= 0x7f; // a positive serial number
    Owned<BIGNUM, BN_free> serialNumber(BN_bin2bn(serial, serialBytes, nullptr));
    X509_set_version(certificate.get(), 2); // v3, for subjectAltName
    BN_to_ASN1_INTEGER(serialNumber.get(), X509_get_serialNumber(certificate.get()));
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), long(days) * 24 * 60 * 60);
    X509_set_pubkey(certificate.get(), key.get());

    const QByteArray name = commonName.trimmed().toUtf8();
    X509_NAME *subject = X509_get_subject_name(certificate.get());
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(name.constData()), -1, -1, 0);
    X509_set_issuer_name(certificate.get(), subject);

    // Clients check subjectAltName, not the common name.
    const QByteArray alternative = (QHostAddress().setAddress(commonName.trimmed()) ? QByteArrayLiteral("IP:") : QByteArrayLiteral("DNS:")) + name;
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate.get(), certificate.get(), nullptr, nullptr, 0);
    for (const auto &[nid, value] : {std::pair{NID_subject_alt_name, alternative}, std::pair{NID_basic_constraints, QByteArrayLiteral("critical,CA:FALSE")},
                                     std::pair{NID_ext_key_usage, QByteArrayLiteral("serverAuth")}}) {
        Owned<X509_EXTENSION, X509_EXTENSION_free> extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.constData()));
        if (!extension || X509_add_ext(certificate.get(), extension.get(), -1) != 1) {
            *error = opensslError("adding an extension");
            return false;
        }
    }
    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0) {
        *error = opensslError("signing the certificate");
        return false;
    }

    const QByteArray certificatePem = pem([&](BIO *bio) { return PEM_write_bio_X509(bio, certificate.get()); });
    const QByteArray keyPem = pem([&](BIO *bio) { return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
    if (certificatePem.isEmpty() || keyPem.isEmpty()) {
        *error = opensslError("writing PEM");
        return false;
    }
    return writeFile(keyFile, keyPem, true, error) && writeFile(certificateFile, certificatePem, false, error);
}
