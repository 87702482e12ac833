#include "savedremotes.h"

#include <platform/privatefile.h>

#include <QFileInfo>
#include <QSettings>
#include <QVariantMap>

namespace {
const QString key = QStringLiteral("remote/instances"); // one list: addresses hold ':' that keys would mangle
const QString addressField = QStringLiteral("address");
const QString tokenField = QStringLiteral("token");
const QString certificateField = QStringLiteral("sha256");
} // namespace

QList<RemoteEndpoint> SavedRemotes::load() const
{
    QList<RemoteEndpoint> endpoints;
    for (const QVariant &value : m_settings->value(key).toList()) {
        const QVariantMap entry = value.toMap();
        QString error;
        std::optional<RemoteEndpoint> endpoint = RemoteEndpoint::parse(entry.value(addressField).toString(), &error);
        if (!endpoint)
            continue; // written by this class, so only a hand edit gets here
        endpoint->token = entry.value(tokenField).toString().toUtf8();
        endpoint->certificateSha256 = QByteArray::fromHex(entry.value(certificateField).toString().toLatin1());
        endpoints << *endpoint;
    }
    return endpoints;
}

void SavedRemotes::save(const QList<RemoteEndpoint> &endpoints)
{
    QVariantList list;
    bool tokens = false;
    for (const RemoteEndpoint &endpoint : endpoints) {
        list << QVariantMap{{addressField, endpoint.url(QString())},
                            {tokenField, QString::fromUtf8(endpoint.token)},
                            {certificateField, QString::fromLatin1(endpoint.certificateSha256.toHex())}};
        tokens = tokens || !endpoint.token.isEmpty();
    }
    if (list.isEmpty())
        m_settings->remove(key);
    else
        m_settings->setValue(key, list);
    m_settings->sync();
    // A file (Linux, portable mode, Windows' %APPDATA% ini) that holds a token: its owner's only.
    // The settings are rewritten whole, keeping the file's permissions.
    const QString file = m_settings->fileName();
    QString error;
    if (tokens && QFileInfo(file).isFile() && !PrivateFile::restrictToOwner(file, &error))
        qWarning("portier: saved API tokens: %s", qUtf8Printable(error));
}
