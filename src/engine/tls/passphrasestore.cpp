#include "passphrasestore.h"

#include "pemfile.h"

#include <QHash>
#include <QMutex>

#include <openssl/crypto.h>

namespace {
QMutex mutex;
QHash<QString, QByteArray> &passphrases()
{
    static QHash<QString, QByteArray> store;
    return store;
}

void wipe(QByteArray *bytes)
{
    if (!bytes->isEmpty())
        OPENSSL_cleanse(bytes->data(), size_t(bytes->size()));
}
} // namespace

void PassphraseStore::remember(const QString &keyFile, const QByteArray &passphrase)
{
    const QMutexLocker locker(&mutex);
    auto it = passphrases().find(keyFile);
    if (it != passphrases().end())
        wipe(&*it);
    passphrases().insert(keyFile, passphrase);
}

std::optional<QByteArray> PassphraseStore::lookup(const QString &keyFile)
{
    const QMutexLocker locker(&mutex);
    const auto it = passphrases().constFind(keyFile);
    if (it == passphrases().constEnd())
        return std::nullopt;
    return *it;
}

void PassphraseStore::forgetAll()
{
    const QMutexLocker locker(&mutex);
    for (QByteArray &passphrase : passphrases())
        wipe(&passphrase);
    passphrases().clear();
}

bool PassphraseStore::isEncrypted(const QString &keyFile)
{
    QByteArray contents;
    QString error;
    if (!PemFile::read(keyFile, &contents, &error))
        return false; // the loader reports an unreadable file in its own words
    return contents.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || contents.contains("Proc-Type: 4,ENCRYPTED");
}

bool PassphraseStore::opens(const QString &keyFile, const QByteArray &passphrase)
{
    QByteArray contents;
    QString error;
    return PemFile::read(keyFile, &contents, &error) && PemFile::privateKeyWith(contents, keyFile, passphrase, &error);
}

QList<PassphraseStore::Request> PassphraseStore::needed(const Config &config)
{
    QList<Request> requests;
    for (qsizetype i = 0; i < config.certificates.size(); ++i) {
        const CertificateConfig &certificate = config.certificates.at(i);
        const bool used = std::any_of(config.listeners.begin(), config.listeners.end(), [&](const ListenerConfig &listener) {
            return listener.enabled && listener.ssl.enabled && listener.ssl.certificate == certificate.name;
        });
        const QString keyFile = certificate.keyFile.isEmpty() ? certificate.certificateFile : certificate.keyFile;
        if (used && certificate.passphraseFile.isEmpty() && !lookup(keyFile) && isEncrypted(keyFile))
            requests << Request{i, certificate.name, keyFile};
    }
    return requests;
}
