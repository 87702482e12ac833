#include "remotecertificateprobe.h"

#include <QSslConfiguration>
#include <QTimer>

RemoteCertificateProbe::RemoteCertificateProbe(QObject *parent) : QObject(parent)
{
    // Nothing is sent after the handshake, so accepting any certificate here trusts nothing:
    // the caller decides from the fingerprint.
    QSslConfiguration tls = m_socket.sslConfiguration();
    tls.setPeerVerifyMode(QSslSocket::QueryPeer);
    m_socket.setSslConfiguration(tls);
    connect(&m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) { m_socket.ignoreSslErrors(errors); });
    connect(&m_socket, &QSslSocket::encrypted, this, [this] {
        const QSslCertificate certificate = m_socket.peerCertificate();
        m_socket.abort();
        finish(certificate, certificate.isNull() ? tr("%1 sent no certificate").arg(m_where) : QString());
    });
    connect(&m_socket, &QAbstractSocket::errorOccurred, this,
            [this] { finish(QSslCertificate(), tr("no HTTPS connection to %1: %2").arg(m_where, m_socket.errorString())); });
}

void RemoteCertificateProbe::probe(const QString &host, quint16 port, int timeoutMs)
{
    m_where = host.contains(u':') ? QStringLiteral("[%1]:%2").arg(host).arg(port) : QStringLiteral("%1:%2").arg(host).arg(port);
    m_done = false;
    QTimer::singleShot(timeoutMs, this, [this, timeoutMs] {
        m_socket.abort();
        finish(QSslCertificate(), tr("%1 did not complete a TLS handshake within %2 s").arg(m_where).arg(timeoutMs / 1000));
    });
    m_socket.connectToHostEncrypted(host, port);
}

void RemoteCertificateProbe::finish(const QSslCertificate &certificate, const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    emit finished(certificate, error);
}
