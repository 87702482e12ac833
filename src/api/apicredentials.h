#pragma once

#include "config.h"

#include <QSslConfiguration>

// The API's HTTPS identity from one of the config's certificates, read by the same loader
// as the listeners' (passphrase files and passphrases given at start included), so one
// certificate serves both. Empty configuration and *error set when it cannot be used.
namespace ApiCredentials {

QSslConfiguration serverConfiguration(const CertificateConfig &certificate, QString *error);

} // namespace ApiCredentials
