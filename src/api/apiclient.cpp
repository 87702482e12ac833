#include "apiclient.h"

#include <QDeadlineTimer>
#include <QSslConfiguration>
#include <QSslSocket>

ApiClient::Reply ApiClient::request(const QByteArray &method, const QByteArray &path, const QByteArray &body, int timeoutMs) const
{
    Reply reply;
    const QDeadlineTimer deadline(timeoutMs);
    QSslSocket socket;
    const QString where = QStringLiteral("%1:%2").arg(m_endpoint.host).arg(m_endpoint.port);
    if (m_endpoint.tls) {
        QSslConfiguration tls = socket.sslConfiguration();
        tls.setCaCertificates({m_endpoint.trusted});
        tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
        socket.setSslConfiguration(tls);
        // The API's certificate names whatever its owner chose; trust is by the exact
        // certificate, so a host-name mismatch alone is not a reason to refuse it.
        QObject::connect(&socket, &QSslSocket::sslErrors, &socket, [&socket](const QList<QSslError> &errors) {
            QList<QSslError> ignorable;
            for (const QSslError &e : errors) {
                if (e.error() == QSslError::HostNameMismatch)
                    ignorable << e;
            }
            socket.ignoreSslErrors(ignorable);
        });
        socket.connectToHostEncrypted(m_endpoint.host, m_endpoint.port);
        if (!socket.waitForEncrypted(int(deadline.remainingTime()))) {
            reply.error = QStringLiteral("no HTTPS connection to the API at %1: %2").arg(where, socket.errorString());
            return reply;
        }
    } else {
        socket.connectToHost(m_endpoint.host, m_endpoint.port);
        if (!socket.waitForConnected(int(deadline.remainingTime()))) {
            reply.error = QStringLiteral("no connection to the API at %1: %2").arg(where, socket.errorString());
            return reply;
        }
    }
    QByteArray out = method + ' ' + path + " HTTP/1.1\r\nHost: " + m_endpoint.host.toUtf8() + "\r\nConnection: close\r\n";
    if (!m_endpoint.token.isEmpty())
        out += "Authorization: Bearer " + m_endpoint.token + "\r\n";
    if (!body.isEmpty() || method != "GET")
        out += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n" + body;
    socket.write(out);
    QByteArray in;
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        if (socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            in += socket.readAll();
    }
    in += socket.readAll();
    const qsizetype headEnd = in.indexOf("\r\n\r\n");
    const QList<QByteArray> status = in.left(in.indexOf("\r\n")).split(' ');
    if (headEnd < 0 || status.size() < 2) {
        reply.error = deadline.hasExpired() ? QStringLiteral("the API at %1 did not answer within %2 ms").arg(where).arg(timeoutMs)
                                            : QStringLiteral("the API at %1 sent no HTTP answer").arg(where);
        return reply;
    }
    reply.status = status.at(1).toInt();
    reply.body = in.mid(headEnd + 4);
    return reply;
}
