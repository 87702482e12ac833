#include "apicall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QUrl>

QJsonValue ApiReply::json() const
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
}

ApiReply apiCall(QNetworkAccessManager &network, quint16 port, const QByteArray &method, const QString &path, const QByteArray &body,
                 const QByteArray &token, const QSslCertificate &trusted)
{
    const bool https = !trusted.isNull();
    QNetworkRequest request(QUrl(QStringLiteral("%1://127.0.0.1:%2%3").arg(https ? QStringLiteral("https") : QStringLiteral("http")).arg(port).arg(path)));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (https) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates({trusted});
        request.setSslConfiguration(tls);
    }
    QNetworkReply *reply = network.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    ApiReply result;
    if (!reply->isFinished() && !finished.wait(20000))
        return result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.error = reply->error();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        result.headers.insert(name.toLower(), value);
    reply->deleteLater();
    return result;
}
