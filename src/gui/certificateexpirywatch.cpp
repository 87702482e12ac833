#include "certificateexpirywatch.h"

#include <tls/certificatetools.h>

CertificateExpiryWatch::CertificateExpiryWatch(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(recheckMs);
    connect(&m_timer, &QTimer::timeout, this, [this] { checkNow(); });
}

void CertificateExpiryWatch::watch(const QList<CertificateConfig> &certificates)
{
    m_certificates = certificates;
    if (certificates.isEmpty()) {
        m_timer.stop();
        return;
    }
    m_timer.start();
    checkNow();
}

void CertificateExpiryWatch::checkNow(const QDateTime &now)
{
    for (const CertificateConfig &certificate : std::as_const(m_certificates)) {
        // The certificate alone: its key may need a passphrase, and the date is all we want.
        QString error;
        const auto info = CertificateTools::inspect(certificate.certificateFile, QString(), QString(), &error);
        if (info && info->notAfter.isValid())
            emit expires(certificate.name, info->notAfter, now);
    }
}
