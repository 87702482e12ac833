#pragma once

#include <config.h>

#include <QDateTime>
#include <QObject>
#include <QTimer>

// Reads the running config's certificates for their expiry date when they are set and again
// every few hours (a long-running Portier crosses the warning line without any apply), and
// says when each expires; DesktopIntegration decides whether that is news. GUI thread.
class CertificateExpiryWatch : public QObject
{
    Q_OBJECT

public:
    static constexpr int recheckMs = 6 * 60 * 60 * 1000;

    explicit CertificateExpiryWatch(QObject *parent = nullptr);

    // Certificates with absolute paths (ConfigJson::resolvePaths); empty stops watching.
    void watch(const QList<CertificateConfig> &certificates);
    void checkNow(const QDateTime &now = QDateTime::currentDateTimeUtc());

signals:
    void expires(const QString &name, const QDateTime &notAfter, const QDateTime &now);

private:
    QList<CertificateConfig> m_certificates;
    QTimer m_timer;
};
