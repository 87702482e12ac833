#pragma once

#include <config.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

// Passphrases of encrypted private keys given when Portier starts ("asked at start"), for a
// certificate with no passphrase_file: held in this process's memory only, never written,
// and wiped when forgotten. The GUI asks in a dialog and portierd on its terminal; the key
// loader (PemFile) looks here when a key has no passphrase_file. Process-wide, as the OS key
// store it stands in for would be; any thread (a mutex guards it).
namespace PassphraseStore {

// keyFile is the absolute path the engine opens (ConfigJson::resolvePaths).
void remember(const QString &keyFile, const QByteArray &passphrase);
std::optional<QByteArray> lookup(const QString &keyFile);
void forgetAll();

struct Request
{
    qsizetype index = -1; // in Config::certificates
    QString certificate;  // its name
    QString keyFile;      // absolute
};

// The certificates of enabled TLS listeners whose key is encrypted and has no passphrase_file
// and no passphrase remembered yet: each will be asked for. config's paths must be resolved.
QList<Request> needed(const Config &config);
// Whether the key file is a PEM key under a passphrase.
bool isEncrypted(const QString &keyFile);
// Whether the passphrase opens it.
bool opens(const QString &keyFile, const QByteArray &passphrase);

} // namespace PassphraseStore
