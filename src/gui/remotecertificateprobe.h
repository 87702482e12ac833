#pragma once

#include <QObject>
#include <QSslCertificate>
#include <QSslSocket>

// Fetches the certificate a remote API presents, without trusting it and without sending
// anything but the TLS handshake: the first step of trust on first use (the user compares
// its SHA-256 with the one shown on the server's machine). GUI thread.
class RemoteCertificateProbe : public QObject
{
    Q_OBJECT

public:
    explicit RemoteCertificateProbe(QObject *parent = nullptr);

    void probe(const QString &host, quint16 port, int timeoutMs = 10000);

signals:
    // certificate null: error says why, with the address.
    void finished(const QSslCertificate &certificate, const QString &error);

private:
    void finish(const QSslCertificate &certificate, const QString &error);

    QSslSocket m_socket;
    QString m_where;
    bool m_done = false;
};
