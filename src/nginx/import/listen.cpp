#include "listen.h"

#include <QStringList>

namespace ListenImport {

namespace {

// ngx_atoi: digits only, no sign, no spaces.
std::optional<int> atoi(QStringView text)
{
    if (text.isEmpty() || text.size() > 9)
        return std::nullopt;
    for (const QChar c : text) {
        if (!c.isDigit() || c.unicode() > 127)
            return std::nullopt;
    }
    return text.toInt();
}

} // namespace

Parameter read(const QString &arg, ListenSocketConfig *socket)
{
    Parameter result;
    const auto carried = [&] {
        result.kind = Parameter::Kind::Carried;
        return result;
    };
    const auto invalid = [&](const QString &message) {
        result.kind = Parameter::Kind::Invalid;
        result.message = message;
        return result;
    };
    if (arg == u"bind") {
        socket->bind = true;
        return carried();
    }
    if (arg == u"reuseport") {
        socket->reusePort = true;
        return carried();
    }
    if (arg.startsWith(QLatin1StringView("backlog="))) {
        const std::optional<int> n = atoi(QStringView(arg).mid(8));
        if (!n || *n == 0)
            return invalid(QStringLiteral("invalid backlog \"%1\"; nginx takes a number from 1").arg(arg));
        socket->backlog = *n;
        return carried();
    }
    if (arg.startsWith(QLatin1StringView("ipv6only=o"))) {
        if (arg != u"ipv6only=on" && arg != u"ipv6only=off")
            return invalid(QStringLiteral("invalid ipv6only flags \"%1\"; write ipv6only=on or ipv6only=off").arg(arg.mid(9)));
        socket->ipv6Only = arg == u"ipv6only=on";
        return carried();
    }
    if (arg.startsWith(QLatin1StringView("so_keepalive="))) {
        QString error;
        if (!socket->setKeepAliveText(arg.mid(13), &error))
            return invalid(error);
        return carried();
    }
    static const QStringList notCarried{QStringLiteral("rcvbuf="), QStringLiteral("sndbuf="), QStringLiteral("fastopen=")};
    for (const QString &prefix : notCarried) {
        if (arg.startsWith(prefix)) {
            result.kind = Parameter::Kind::NotCarried;
            result.message = QStringLiteral("listen parameter \"%1\" is not carried over: Portier leaves %2 to the system")
                                 .arg(arg, prefix == u"fastopen=" ? QStringLiteral("TCP Fast Open") : QStringLiteral("socket buffer sizes"));
            return result;
        }
    }
    return result;
}

QString udpError(bool udp, const ListenSocketConfig &socket, bool fastopen)
{
    if (!udp)
        return QString();
    if (socket.backlog != 0)
        return QStringLiteral("\"backlog\" parameter is incompatible with \"udp\"");
    if (socket.keepAlive != ListenSocketConfig::KeepAlive::Default)
        return QStringLiteral("\"so_keepalive\" parameter is incompatible with \"udp\"");
    if (fastopen)
        return QStringLiteral("\"fastopen\" parameter is incompatible with \"udp\"");
    return QString();
}

} // namespace ListenImport
