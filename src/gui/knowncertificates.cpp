#include "knowncertificates.h"

#include <QSettings>
#include <QVariantMap>

namespace {
// One map under one key: a "host:port" holds ':' and '[' that QSettings would mangle as keys.
const QString key = QStringLiteral("remote/acceptedCertificates");
} // namespace

QByteArray KnownCertificates::sha256(const QString &hostPort) const
{
    return QByteArray::fromHex(m_settings->value(key).toMap().value(hostPort).toString().toLatin1());
}

void KnownCertificates::remember(const QString &hostPort, const QByteArray &sha256)
{
    QVariantMap map = m_settings->value(key).toMap();
    map.insert(hostPort, QString::fromLatin1(sha256.toHex()));
    m_settings->setValue(key, map);
}

void KnownCertificates::forget(const QString &hostPort)
{
    QVariantMap map = m_settings->value(key).toMap();
    map.remove(hostPort);
    m_settings->setValue(key, map);
}

QMap<QString, QByteArray> KnownCertificates::all() const
{
    QMap<QString, QByteArray> known;
    const QVariantMap map = m_settings->value(key).toMap();
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        known.insert(it.key(), QByteArray::fromHex(it.value().toString().toLatin1()));
    return known;
}

void KnownCertificates::setAll(const QMap<QString, QByteArray> &known)
{
    QVariantMap map;
    for (auto it = known.cbegin(); it != known.cend(); ++it)
        map.insert(it.key(), QString::fromLatin1(it.value().toHex()));
    m_settings->setValue(key, map);
}
