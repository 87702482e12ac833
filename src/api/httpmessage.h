#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

// One HTTP/1.1 request as the API reads it, and the response it writes. Header names are
// kept in lower case (HTTP's are case-insensitive).
struct HttpRequest
{
    QByteArray method;
    QByteArray path;  // the target without its query, percent-decoded
    QByteArray query; // after '?', as sent
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool keepAlive = true;
    QString peer; // the client's address, for the log lines a request causes

    QByteArray header(const QByteArray &lowerCaseName) const;
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // extra ones, e.g. WWW-Authenticate

    // The bytes on the wire; keepAlive false adds "Connection: close".
    QByteArray serialize(bool keepAlive) const;
    static QByteArray reason(int status);
};
