#include "certificatetools.h"

#include "opensslerror.h"
#include "pemfile.h"
#include "platform/privatefile.h"

#include <QHostAddress>

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

namespace {

constexpr int rsaBits = 2048;
constexpr char ecdsaCurve[] = "P-256";

QString nameText(const X509_NAME *name)
{
    const OpenSsl::BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QString::fromUtf8(data, qsizetype(size));
}

QStringList altNames(X509 *certificate)
{
    QStringList names;
    auto *general = static_cast<GENERAL_NAMES *>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
    if (!general)
        return names;
    for (int i = 0; i < sk_GENERAL_NAME_num(general); ++i) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(general, i);
        if (name->type == GEN_DNS) {
            const ASN1_STRING *text = name->d.dNSName;
            names << QStringLiteral("DNS:") + QString::fromLatin1(reinterpret_cast<const char *>(ASN1_STRING_get0_data(text)), ASN1_STRING_length(text));
        } else if (name->type == GEN_IPADD) {
            const ASN1_OCTET_STRING *octets = name->d.iPAddress;
            const auto *bytes = ASN1_STRING_get0_data(octets);
            QHostAddress address;
            if (ASN1_STRING_length(octets) == 4)
                address.setAddress(quint32(bytes[0]) << 24 | quint32(bytes[1]) << 16 | quint32(bytes[2]) << 8 | bytes[3]);
            else if (ASN1_STRING_length(octets) == 16)
                address.setAddress(bytes);
            names << QStringLiteral("IP:") + address.toString();
        } else if (name->type == GEN_EMAIL) {
            const ASN1_STRING *text = name->d.rfc822Name;
            names << QStringLiteral("email:") + QString::fromLatin1(reinterpret_cast<const char *>(ASN1_STRING_get0_data(text)), ASN1_STRING_length(text));
        }
    }
    GENERAL_NAMES_free(general);
    return names;
}

QString keyTypeName(const EVP_PKEY *key)
{
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
        return QStringLiteral("RSA");
    case EVP_PKEY_EC:
        return QStringLiteral("EC");
    case EVP_PKEY_ED25519:
        return QStringLiteral("ED25519");
    case EVP_PKEY_ED448:
        return QStringLiteral("ED448");
    case EVP_PKEY_DSA:
        return QStringLiteral("DSA");
    default:
        return QString::fromLatin1(OBJ_nid2sn(EVP_PKEY_get_base_id(key)));
    }
}

QString dateText(const QDateTime &time)
{
    return time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

// Writes data to path, readable by its owner only (PrivateFile::write), naming the file.
bool writePrivate(const QString &path, const QByteArray &data, QString *error)
{
    QString reason;
    switch (PrivateFile::write(path, data, &reason)) {
    case PrivateFile::Written::Private:
        return true;
    case PrivateFile::Written::NotPrivate:
        *error = QStringLiteral("%1 was written, but %2; remove it or make it private by hand").arg(path, reason);
        return false;
    case PrivateFile::Written::No:
        break;
    }
    *error = QStringLiteral("cannot write %1 (%2)").arg(path, reason);
    return false;
}

bool addExtension(X509 *certificate, int nid, const QByteArray &value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.constData());
    if (!extension)
        return false;
    const bool added = X509_add_ext(certificate, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return added;
}

} // namespace

QDateTime CertificateTools::toDateTime(const ASN1_TIME *time)
{
    struct tm parts = {};
    if (!time || ASN1_TIME_to_tm(time, &parts) != 1)
        return QDateTime();
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday), QTime(parts.tm_hour, parts.tm_min, parts.tm_sec),
                     Qt::UTC);
}

namespace {

QString commonNameOf(const X509_NAME *name)
{
    const int at = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (at < 0)
        return QString();
    const ASN1_STRING *value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at));
    unsigned char *utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, value);
    if (length < 0)
        return QString();
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(utf8), length);
    OPENSSL_free(utf8);
    return text;
}

CertificateTools::CertificateInfo infoOf(const std::vector<OpenSsl::X509Ptr> &chain)
{
    X509 *leaf = chain.front().get();
    CertificateTools::CertificateInfo info;
    info.subject = nameText(X509_get_subject_name(leaf));
    info.commonName = commonNameOf(X509_get_subject_name(leaf));
    info.issuer = nameText(X509_get_issuer_name(leaf));
    info.subjectAltNames = altNames(leaf);
    info.notBefore = CertificateTools::toDateTime(X509_get0_notBefore(leaf));
    info.notAfter = CertificateTools::toDateTime(X509_get0_notAfter(leaf));
    // Self-signed: issued by its own name and signed by its own key (X509_check_issued would
    // also demand keyCertSign, which a server's own certificate rightly lacks).
    info.selfSigned = X509_NAME_cmp(X509_get_subject_name(leaf), X509_get_issuer_name(leaf)) == 0
                      && X509_verify(leaf, X509_get0_pubkey(leaf)) == 1;
    info.chainLength = int(chain.size());
    if (BIGNUM *serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(leaf), nullptr)) {
        char *hex = BN_bn2hex(serial);
        info.serialNumber = QString::fromLatin1(hex);
        OPENSSL_free(hex);
        BN_free(serial);
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestSize = 0;
    if (X509_digest(leaf, EVP_sha256(), digest, &digestSize) == 1)
        info.sha256Fingerprint = QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), int(digestSize)).toHex(':').toUpper());
    if (EVP_PKEY *publicKey = X509_get0_pubkey(leaf)) {
        info.keyType = keyTypeName(publicKey);
        info.keyBits = EVP_PKEY_get_bits(publicKey);
        char group[80] = {};
        size_t groupSize = 0;
        if (EVP_PKEY_get_base_id(publicKey) == EVP_PKEY_EC && EVP_PKEY_get_group_name(publicKey, group, sizeof(group), &groupSize) == 1)
            info.curve = QString::fromLatin1(group, qsizetype(groupSize));
    }
    OpenSslError::clear();
    return info;
}

} // namespace

std::optional<CertificateTools::CertificateInfo> CertificateTools::inspectCertificate(const QString &certificateFile, QString *error)
{
    const std::vector<OpenSsl::X509Ptr> chain = PemFile::loadCertificates(certificateFile, error);
    if (chain.empty())
        return std::nullopt;
    return infoOf(chain);
}

std::optional<bool> CertificateTools::keyMatches(const QString &certificateFile, const QString &keyFile, const QString &passphraseFile,
                                                 QString *error)
{
    const std::vector<OpenSsl::X509Ptr> chain = PemFile::loadCertificates(certificateFile, error);
    if (chain.empty())
        return std::nullopt;
    const OpenSsl::KeyPtr key = PemFile::loadPrivateKey(keyFile, passphraseFile, error);
    if (!key)
        return std::nullopt;
    const bool matches = X509_check_private_key(chain.front().get(), key.get()) == 1;
    OpenSslError::clear();
    return matches;
}

std::optional<CertificateTools::CertificateInfo> CertificateTools::inspect(const QString &certificateFile, const QString &keyFile,
                                                                           const QString &passphraseFile, QString *error)
{
    // Read once: the chain, and the key too when the file holds one.
    QByteArray contents;
    if (!PemFile::read(certificateFile, &contents, error))
        return std::nullopt;
    const std::vector<OpenSsl::X509Ptr> chain = PemFile::certificatesFrom(contents, certificateFile, error);
    if (chain.empty())
        return std::nullopt;
    X509 *leaf = chain.front().get();
    CertificateInfo info = infoOf(chain);

    // The key: the named file, or the certificate's own file when it holds one too.
    QString keyError;
    OpenSsl::KeyPtr key;
    if (!keyFile.isEmpty()) {
        key = PemFile::loadPrivateKey(keyFile, passphraseFile, &keyError);
        if (!key) {
            *error = keyError;
            return std::nullopt;
        }
    } else if (contents.contains("PRIVATE KEY-----")) {
        key = PemFile::privateKeyFrom(contents, certificateFile, passphraseFile, &keyError);
        if (!key) {
            *error = keyError;
            return std::nullopt;
        }
    }
    if (key)
        info.keyMatches = X509_check_private_key(leaf, key.get()) == 1;
    OpenSslError::clear();
    return info;
}

QString CertificateTools::describe(const CertificateInfo &info, const QDateTime &now)
{
    QStringList lines;
    lines << QStringLiteral("subject:     %1").arg(info.subject);
    lines << QStringLiteral("names:       %1").arg(info.subjectAltNames.isEmpty() ? QStringLiteral("(none)") : info.subjectAltNames.join(QStringLiteral(", ")));
    lines << QStringLiteral("issuer:      %1%2").arg(info.issuer, info.selfSigned ? QStringLiteral(" (self-signed)") : QString());
    lines << QStringLiteral("valid from:  %1").arg(dateText(info.notBefore));
    lines << QStringLiteral("valid until: %1").arg(dateText(info.notAfter));
    QString key = QStringLiteral("%1 %2 bits").arg(info.keyType).arg(info.keyBits);
    if (!info.curve.isEmpty())
        key += QStringLiteral(" (%1)").arg(info.curve);
    lines << QStringLiteral("key:         %1").arg(key);
    if (info.keyMatches.has_value())
        lines << QStringLiteral("private key: %1").arg(*info.keyMatches ? QStringLiteral("matches the certificate")
                                                                       : QStringLiteral("DOES NOT match the certificate"));
    else
        lines << QStringLiteral("private key: not checked (name it with --key)");
    if (info.chainLength > 1)
        lines << QStringLiteral("chain:       %1 certificates in the file").arg(info.chainLength);
    lines << QStringLiteral("serial:      %1").arg(info.serialNumber);
    lines << QStringLiteral("sha256:      %1").arg(info.sha256Fingerprint);
    if (info.isExpired(now))
        lines << QStringLiteral("warning: the certificate expired on %1; renew it").arg(dateText(info.notAfter));
    else if (info.daysLeft(now) < expiryWarningDays)
        lines << QStringLiteral("warning: the certificate expires on %1, in %2 day(s); renew it soon").arg(dateText(info.notAfter)).arg(info.daysLeft(now));
    if (now < info.notBefore)
        lines << QStringLiteral("warning: the certificate is not valid before %1; check this machine's clock").arg(dateText(info.notBefore));
    return lines.join(u'\n');
}

bool CertificateTools::generate(const GenerateOptions &options, QString *error)
{
    if (options.commonName.isEmpty()) {
        *error = QStringLiteral("the certificate needs a name: --cn localhost, for example");
        return false;
    }
    if (options.days < 1) {
        *error = QStringLiteral("days: %1 must be 1 or more").arg(options.days);
        return false;
    }
    if (options.certificateFile.isEmpty() || options.keyFile.isEmpty()) {
        *error = QStringLiteral("name both files to write: --out-cert FILE --out-key FILE");
        return false;
    }
    QStringList names;
    for (const QString &name : options.subjectAltNames) {
        if (name.startsWith(QStringLiteral("DNS:")) || name.startsWith(QStringLiteral("IP:")))
            names << name;
        else if (!QHostAddress(name).isNull())
            names << QStringLiteral("IP:") + name;
        else if (!name.isEmpty())
            names << QStringLiteral("DNS:") + name;
    }
    if (names.isEmpty()) // clients match names against the SANs only, never the CN
        names << (QHostAddress(options.commonName).isNull() ? QStringLiteral("DNS:") : QStringLiteral("IP:")) + options.commonName;

    OpenSslError::clear();
    OpenSsl::KeyPtr key(options.keyType == KeyType::Rsa ? EVP_RSA_gen(rsaBits) : EVP_EC_gen(ecdsaCurve));
    OpenSsl::X509Ptr certificate(X509_new());
    if (!key || !certificate) {
        *error = QStringLiteral("OpenSSL could not make the key (%1)").arg(OpenSslError::take());
        return false;
    }
    X509 *x = certificate.get();
    X509_set_version(x, 2); // X.509 v3: extensions
    unsigned char serial[16];
    RAND_bytes(serial, sizeof(serial));
    serial[0] &= 0x7f; // positive
    BIGNUM *serialNumber = BN_bin2bn(serial, sizeof(serial), nullptr);
    BN_to_ASN1_INTEGER(serialNumber, X509_get_serialNumber(x));
    BN_free(serialNumber);
    const QDateTime from = options.notBefore.isValid() ? options.notBefore : QDateTime::currentDateTimeUtc();
    ASN1_TIME_set(X509_getm_notBefore(x), time_t(from.toSecsSinceEpoch()));
    ASN1_TIME_set(X509_getm_notAfter(x), time_t(from.toSecsSinceEpoch() + qint64(options.days) * 86400));
    X509_NAME *subject = X509_get_subject_name(x);
    const QByteArray cn = options.commonName.toUtf8();
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(cn.constData()), int(cn.size()), -1, 0);
    X509_set_issuer_name(x, subject);
    X509_set_pubkey(x, key.get());

    // An end-entity certificate for servers (browsers refuse a CA certificate as a server's
    // own); clients that pin it trust it as its own anchor, which `openssl verify -CAfile`
    // accepts.
    const bool extensionsAdded = addExtension(x, NID_basic_constraints, "critical,CA:FALSE")
                                 && addExtension(x, NID_key_usage,
                                                 options.keyType == KeyType::Rsa ? "critical,digitalSignature,keyEncipherment"
                                                                                 : "critical,digitalSignature")
                                 && addExtension(x, NID_ext_key_usage, "serverAuth")
                                 && addExtension(x, NID_subject_key_identifier, "hash")
                                 && addExtension(x, NID_subject_alt_name, names.join(u',').toUtf8());
    if (!extensionsAdded) {
        *error = QStringLiteral("a subject alternative name is not usable: %1 (%2)").arg(names.join(QStringLiteral(", ")), OpenSslError::take());
        return false;
    }
    if (X509_sign(x, key.get(), EVP_sha256()) <= 0) {
        *error = QStringLiteral("OpenSSL could not sign the certificate (%1)").arg(OpenSslError::take());
        return false;
    }

    auto pem = [](auto write) {
        const OpenSsl::BioPtr bio(BIO_new(BIO_s_mem()));
        write(bio.get());
        char *data = nullptr;
        const long size = BIO_get_mem_data(bio.get(), &data);
        return QByteArray(data, qsizetype(size));
    };
    const QByteArray certificatePem = pem([&](BIO *bio) { PEM_write_bio_X509(bio, x); });
    const QByteArray keyPem = pem([&](BIO *bio) { PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
    return writePrivate(options.keyFile, keyPem, error) && writePrivate(options.certificateFile, certificatePem, error);
}

bool CertificateTools::load(const CertificateConfig &certificate, LoadedCertificate *loaded, QString *error, QStringList *warnings)
{
    loaded->chain = PemFile::loadCertificates(certificate.certificateFile, error);
    if (loaded->chain.empty())
        return false;
    loaded->key = PemFile::loadPrivateKey(certificate.keyFile, certificate.passphraseFile, error);
    if (!loaded->key)
        return false;
    X509 *leaf = loaded->chain.front().get();
    if (X509_check_private_key(leaf, loaded->key.get()) != 1) {
        OpenSslError::clear();
        *error = QStringLiteral("the key in %1 does not belong to the certificate in %2; use the key the certificate was made for")
                     .arg(certificate.keyFile, certificate.certificateFile);
        return false;
    }
    bool readable = false;
    QString protectionError;
    if (warnings && PrivateFile::readableByOthers(certificate.keyFile, &readable, &protectionError) && readable)
        *warnings << QStringLiteral("the private key %1 can be read by other users of this machine; make it private: %2")
                         .arg(certificate.keyFile, PrivateFile::restrictCommand(certificate.keyFile));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime notAfter = toDateTime(X509_get0_notAfter(leaf));
    if (now > notAfter) {
        if (!certificate.allowExpired) {
            *error = QStringLiteral("the certificate in %1 expired on %2; renew it, or set \"allow_expired\": true in its certificates entry")
                         .arg(certificate.certificateFile, dateText(notAfter));
            return false;
        }
        if (warnings)
            *warnings << QStringLiteral("the certificate in %1 expired on %2 and is used because allow_expired is set; clients will refuse it")
                             .arg(certificate.certificateFile, dateText(notAfter));
    } else if (warnings && now.secsTo(notAfter) < expiryWarningDays * 86400) {
        *warnings << QStringLiteral("the certificate in %1 expires on %2, in %3 day(s); renew it soon")
                         .arg(certificate.certificateFile, dateText(notAfter))
                         .arg(now.secsTo(notAfter) / 86400);
    }
    return true;
}
