#pragma once

#include <QByteArray>
#include <QSslCertificate>
#include <QString>

// A small blocking client for Portier's API: portierd --status and --drain use it. HTTPS
// trusts exactly the given certificate (the one the config names for the API), not the
// system's authorities: the API's certificate is usually self-signed.
class ApiClient
{
public:
    struct Endpoint
    {
        QString host;
        quint16 port = 0;
        bool tls = false;
        QSslCertificate trusted; // tls: the certificate the server must present
        QByteArray token;        // empty: no Authorization header
    };

    struct Reply
    {
        int status = 0;   // 0: no answer; error says why
        QByteArray body;
        QString error;
    };

    explicit ApiClient(Endpoint endpoint) : m_endpoint(std::move(endpoint)) {}

    Reply request(const QByteArray &method, const QByteArray &path, const QByteArray &body = {}, int timeoutMs = 5000) const;

private:
    Endpoint m_endpoint;
};
