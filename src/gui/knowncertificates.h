#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

class QSettings;

// The certificates the user accepted for remote APIs, by "host:port": only their SHA-256
// (public facts, like ssh's known_hosts), never a token. Kept in the program's settings so a
// certificate that changes between sessions is noticed. GUI thread.
class KnownCertificates
{
public:
    explicit KnownCertificates(QSettings *settings) : m_settings(settings) {}

    QByteArray sha256(const QString &hostPort) const; // empty: none accepted yet
    void remember(const QString &hostPort, const QByteArray &sha256);
    void forget(const QString &hostPort);
    QMap<QString, QByteArray> all() const; // for Preferences > API, which may forget some
    void setAll(const QMap<QString, QByteArray> &known);

private:
    QSettings *m_settings;
};
