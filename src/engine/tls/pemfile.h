#pragma once

#include "opensslptr.h"

#include <QString>
#include <vector>

// Reading certificates and private keys from PEM files, with messages that name the file
// and say what to do. Files are read through QFile (so paths work the same on Windows) and
// parsed from memory; OpenSSL never prompts on a terminal for a passphrase.
namespace PemFile {

// The certificate and then the rest of its chain, in file order. Empty on error.
std::vector<OpenSsl::X509Ptr> loadCertificates(const QString &file, QString *error);

// The private key, decrypted with one of the lines of passphraseFile (nginx's
// ssl_password_file: each line is tried in turn), or without a passphraseFile with the
// passphrase given at start (PassphraseStore). Null on error.
OpenSsl::KeyPtr loadPrivateKey(const QString &file, const QString &passphraseFile, QString *error);

// The whole file, or false with "cannot read FILE (reason)".
bool read(const QString &file, QByteArray *contents, QString *error);

// loadCertificates and loadPrivateKey on contents already read from file (named in messages),
// for a caller that reads the file once for several things.
std::vector<OpenSsl::X509Ptr> certificatesFrom(const QByteArray &contents, const QString &file, QString *error);
OpenSsl::KeyPtr privateKeyFrom(const QByteArray &contents, const QString &file, const QString &passphraseFile, QString *error);
// The key decrypted with this one passphrase (asked at start; see PassphraseStore).
OpenSsl::KeyPtr privateKeyWith(const QByteArray &contents, const QString &file, const QByteArray &passphrase, QString *error);

} // namespace PemFile
