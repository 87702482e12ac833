#pragma once

#include "opensslptr.h"

#include <config.h>

#include <QDateTime>
#include <QStringList>
#include <optional>
#include <vector>

// Certificate tools: what the TLS listeners load, what `portierd --cert-info` shows, what
// `portierd --gen-cert` makes, and what the GUI's certificate page shows and makes, so the page
// judges a key as Apply will. Plain functions, usable from any thread.
namespace CertificateTools {

enum class KeyType { Rsa, Ecdsa };

// A certificate that expires within this many days is reported, so it gets renewed in time.
inline constexpr qint64 expiryWarningDays = 30;

struct CertificateInfo
{
    QString subject;            // "CN=localhost,O=Example"
    QString commonName;         // "localhost" (the subject's first CN), empty when it has none
    QString issuer;
    QStringList subjectAltNames; // "DNS:localhost", "IP:127.0.0.1"
    QDateTime notBefore;        // UTC
    QDateTime notAfter;         // UTC
    QString keyType;            // "RSA", "EC", "ED25519", ...
    int keyBits = 0;
    QString curve;              // EC keys: "prime256v1", ...
    bool selfSigned = false;
    int chainLength = 1;        // certificates in the file, the leaf included
    QString serialNumber;       // hex
    QString sha256Fingerprint;  // "AB:CD:..."
    std::optional<bool> keyMatches; // set when a key was read

    bool isExpired(const QDateTime &now = QDateTime::currentDateTimeUtc()) const { return now > notAfter; }
    qint64 daysLeft(const QDateTime &now = QDateTime::currentDateTimeUtc()) const { return now.secsTo(notAfter) / 86400; }
};

// Reads the certificate (and the rest of its chain) from certificateFile. The key is read
// from keyFile, or when keyFile is empty from certificateFile itself if it holds one;
// passphraseFile as nginx's ssl_password_file.
std::optional<CertificateInfo> inspect(const QString &certificateFile, const QString &keyFile, const QString &passphraseFile,
                                       QString *error);
// The certificate's facts alone (keyMatches stays unset).
std::optional<CertificateInfo> inspectCertificate(const QString &certificateFile, QString *error);
// Whether keyFile's private key belongs to certificateFile's certificate, as a listener's load()
// judges it (X509_check_private_key: the public key itself, not its size); the key decrypted
// with passphraseFile, or without one with the passphrase given at start (PassphraseStore).
// Nothing, with *error naming the file, when either cannot be read.
std::optional<bool> keyMatches(const QString &certificateFile, const QString &keyFile, const QString &passphraseFile, QString *error);

// Several lines for a person: subject, names, issuer, validity, key, and a warning when it
// has expired or expires within 30 days.
QString describe(const CertificateInfo &info, const QDateTime &now = QDateTime::currentDateTimeUtc());

struct GenerateOptions
{
    QString commonName;
    QStringList subjectAltNames; // "a.test", "127.0.0.1", or typed "DNS:a.test" / "IP:::1"
    int days = 365;
    KeyType keyType = KeyType::Rsa; // RSA 2048 or ECDSA P-256
    QString certificateFile;
    QString keyFile;
    QDateTime notBefore; // invalid: now
};
// A self-signed certificate and its unencrypted key, both written with owner-only
// permissions (the key is a secret; the pair is kept together).
bool generate(const GenerateOptions &options, QString *error);

// A certificate entry loaded for a listener: chain (leaf first) and key, checked to belong
// together and not to have expired (unless allow_expired). Errors name the file.
struct LoadedCertificate
{
    std::vector<OpenSsl::X509Ptr> chain;
    OpenSsl::KeyPtr key;
};
bool load(const CertificateConfig &certificate, LoadedCertificate *loaded, QString *error, QStringList *warnings);

QDateTime toDateTime(const ASN1_TIME *time);

} // namespace CertificateTools
