#include "pemfile.h"

#include "opensslerror.h"
#include "passphrasestore.h"

#include <boundedfile.h>

#include <QFile>
#include <QFileInfo>

#include <openssl/pem.h>

namespace {

// A certificate chain with its key is a few KiB; a megabyte is a wrong file.
constexpr qint64 maxPemSize = 1024 * 1024;

struct PassphraseRequest
{
    const QByteArray *passphrase = nullptr;
    bool asked = false;
};

int passphraseCallback(char *buffer, int size, int, void *user)
{
    auto *request = static_cast<PassphraseRequest *>(user);
    request->asked = true;
    if (!request->passphrase)
        return 0; // no passphrase: fail instead of prompting on a terminal
    const int length = int(qMin<qsizetype>(size, request->passphrase->size()));
    std::memcpy(buffer, request->passphrase->constData(), size_t(length));
    return length;
}

OpenSsl::BioPtr memoryBio(const QByteArray &contents)
{
    return OpenSsl::BioPtr(BIO_new_mem_buf(contents.constData(), int(contents.size())));
}

} // namespace

bool PemFile::read(const QString &file, QByteArray *contents, QString *error)
{
    if (file.isEmpty()) {
        *error = QStringLiteral("no file named");
        return false;
    }
    if (QFileInfo(file).isDir()) {
        *error = QStringLiteral("cannot read %1 (it is a directory); name a PEM file").arg(file);
        return false;
    }
    const BoundedFile::Status status = BoundedFile::read(file, contents, error, maxPemSize);
    if (status == BoundedFile::Status::CannotOpen)
        *error = QStringLiteral("cannot read %1 (%2)").arg(file, *error);
    return status == BoundedFile::Status::Read;
}

std::vector<OpenSsl::X509Ptr> PemFile::loadCertificates(const QString &file, QString *error)
{
    QByteArray contents;
    if (!read(file, &contents, error))
        return {};
    return certificatesFrom(contents, file, error);
}

std::vector<OpenSsl::X509Ptr> PemFile::certificatesFrom(const QByteArray &contents, const QString &file, QString *error)
{
    std::vector<OpenSsl::X509Ptr> chain;
    OpenSslError::clear();
    const OpenSsl::BioPtr bio = memoryBio(contents);
    while (X509 *certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        chain.emplace_back(certificate);
    OpenSslError::clear(); // the end of the file reads as an error
    if (chain.empty())
        *error = QStringLiteral("%1 holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)").arg(file);
    return chain;
}

OpenSsl::KeyPtr PemFile::loadPrivateKey(const QString &file, const QString &passphraseFile, QString *error)
{
    QByteArray contents;
    if (!read(file, &contents, error))
        return nullptr;
    return privateKeyFrom(contents, file, passphraseFile, error);
}

OpenSsl::KeyPtr PemFile::privateKeyWith(const QByteArray &contents, const QString &file, const QByteArray &passphrase, QString *error)
{
    PassphraseRequest request;
    request.passphrase = &passphrase;
    OpenSslError::clear();
    const OpenSsl::BioPtr bio = memoryBio(contents);
    if (EVP_PKEY *key = PEM_read_bio_PrivateKey(bio.get(), nullptr, passphraseCallback, &request)) {
        OpenSslError::clear();
        return OpenSsl::KeyPtr(key);
    }
    *error = QStringLiteral("wrong passphrase for the key in %1 (%2)").arg(file, OpenSslError::take());
    return nullptr;
}

OpenSsl::KeyPtr PemFile::privateKeyFrom(const QByteArray &contents, const QString &file, const QString &passphraseFile, QString *error)
{
    QList<QByteArray> passphrases;
    if (!passphraseFile.isEmpty()) {
        QByteArray lines;
        if (!read(passphraseFile, &lines, error)) {
            *error = QStringLiteral("passphrase_file: ") + *error;
            return nullptr;
        }
        for (QByteArray line : lines.split('\n')) {
            if (line.endsWith('\r'))
                line.chop(1);
            if (!line.isEmpty())
                passphrases << line;
        }
        if (passphrases.isEmpty()) {
            *error = QStringLiteral("passphrase_file %1 is empty; write the key's passphrase on its first line").arg(passphraseFile);
            return nullptr;
        }
    } else if (const std::optional<QByteArray> given = PassphraseStore::lookup(file)) {
        passphrases << *given;
    }
    const bool givenAtStart = passphraseFile.isEmpty() && !passphrases.isEmpty();

    // Without a passphrase file one attempt with none; with one, each line in turn.
    const qsizetype attempts = qMax<qsizetype>(1, passphrases.size());
    bool asked = false;
    QString lastError;
    for (qsizetype i = 0; i < attempts; ++i) {
        PassphraseRequest request;
        request.passphrase = passphrases.isEmpty() ? nullptr : &passphrases[i];
        OpenSslError::clear();
        const OpenSsl::BioPtr bio = memoryBio(contents);
        if (EVP_PKEY *key = PEM_read_bio_PrivateKey(bio.get(), nullptr, passphraseCallback, &request)) {
            OpenSslError::clear();
            return OpenSsl::KeyPtr(key);
        }
        asked = asked || request.asked;
        lastError = OpenSslError::take();
    }
    if (asked && passphrases.isEmpty())
        *error = QStringLiteral("the key in %1 is protected by a passphrase; name a passphrase_file that holds it, or leave "
                                "passphrase_file empty and give the passphrase when Portier starts (portierd asks on its terminal)")
                     .arg(file);
    else if (asked && givenAtStart)
        *error = QStringLiteral("wrong passphrase for the key in %1 (the one given at start)").arg(file);
    else if (asked)
        *error = QStringLiteral("wrong passphrase for the key in %1 (tried %2 line(s) of %3)").arg(file).arg(passphrases.size()).arg(passphraseFile);
    else
        *error = QStringLiteral("%1 holds no usable PEM private key (%2)").arg(file, lastError.isEmpty() ? QStringLiteral("no key found") : lastError);
    return nullptr;
}
