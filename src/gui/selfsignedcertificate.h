#pragma once

#include <QString>

// Makes a self-signed certificate and its private key as PEM files, for trying TLS
// listeners on a desktop: RSA 2048, SHA-256, the name as subject and as subjectAltName
// (DNS, or IP for an address). OpenSSL, which the engine's TLS uses too. Any thread.
namespace SelfSignedCertificate {

constexpr int defaultDays = 365;

// The key file is written readable by its owner only. On failure says why in words.
bool generate(const QString &commonName, int days, const QString &certificateFile, const QString &keyFile, QString *error);

} // namespace SelfSignedCertificate
