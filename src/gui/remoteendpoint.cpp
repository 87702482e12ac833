#include "remoteendpoint.h"

#include <hostport.h>

#include <QCoreApplication>

QString RemoteEndpoint::hostPort() const
{
    return HostPort{host, port}.toString();
}

QString RemoteEndpoint::url(const QString &path) const
{
    return (tls ? QStringLiteral("https://") : QStringLiteral("http://")) + hostPort() + path;
}

std::optional<RemoteEndpoint> RemoteEndpoint::parse(const QString &address, QString *error)
{
    QString text = address.trimmed();
    RemoteEndpoint endpoint;
    if (text.startsWith(u"https://", Qt::CaseInsensitive)) {
        text = text.mid(8);
    } else if (text.startsWith(u"http://", Qt::CaseInsensitive)) {
        text = text.mid(7);
        endpoint.tls = false;
    } else if (text.contains(u"://")) {
        *error = QCoreApplication::translate("RemoteEndpoint", "Address \"%1\": the API speaks http:// or https:// only").arg(address);
        return std::nullopt;
    }
    if (text.endsWith(u'/'))
        text.chop(1);
    QString why;
    const std::optional<HostPort> parsed = HostPort::parse(text, false, &why);
    if (!parsed || parsed->host.isEmpty()) {
        *error = QCoreApplication::translate("RemoteEndpoint", "Address \"%1\": %2; write it as host:port, e.g. https://10.0.0.5:8081")
                     .arg(address, why.isEmpty() ? QCoreApplication::translate("RemoteEndpoint", "no host") : why);
        return std::nullopt;
    }
    endpoint.host = parsed->host;
    endpoint.port = parsed->port;
    return endpoint;
}

QString RemoteEndpoint::fingerprintText(const QByteArray &sha256)
{
    return QString::fromLatin1(sha256.toHex(':').toUpper());
}
