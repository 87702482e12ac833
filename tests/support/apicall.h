#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QString>

class QNetworkAccessManager;

// One answer of the control API as a test reads it: status (0 when no answer came), body,
// lower-case headers, and the body as JSON.
struct ApiReply
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QHash<QByteArray, QByteArray> headers;

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    QJsonValue json() const;
};

// A request to the API on 127.0.0.1:port, waited for (at most 20 s) in the test's event loop.
// A token goes as "Authorization: Bearer"; a body as application/json. With a trusted
// certificate the request is HTTPS and trusts exactly that one.
ApiReply apiCall(QNetworkAccessManager &network, quint16 port, const QByteArray &method, const QString &path, const QByteArray &body = {},
                 const QByteArray &token = {}, const QSslCertificate &trusted = QSslCertificate());
