#include "listen.h"

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
    for (const QLatin1StringView prefix : {QLatin1StringView("rcvbuf="), QLatin1StringView("sndbuf=")}) {
        if (!arg.startsWith(prefix))
            continue;
        const QLatin1StringView name = prefix.chopped(1);
        const std::optional<qint64> bytes = ListenSocketConfig::parseBufferSize(arg.mid(prefix.size()));
        if (!bytes) // nginx's words, then the fix
            return invalid(QStringLiteral("invalid %1 \"%2\"; write bytes or a size such as 256k or 4m").arg(QString(name), arg));
        // nginx keeps it in an int and lets the system cap it; Portier says so instead.
        if (*bytes > ListenSocketConfig::maxBufferSize)
            return invalid(QStringLiteral("%1 is more than a socket buffer can be asked for; use at most %2 bytes (just under 2g)")
                               .arg(arg).arg(ListenSocketConfig::maxBufferSize));
        (prefix == QLatin1StringView("rcvbuf=") ? socket->rcvbuf : socket->sndbuf) = *bytes;
        return carried();
    }
    if (arg.startsWith(QLatin1StringView("fastopen="))) {
        const std::optional<int> n = atoi(QStringView(arg).mid(9));
        if (!n)
            return invalid(QStringLiteral("invalid fastopen \"%1\"; write the number of Fast Open connections that may wait, "
                                          "e.g. fastopen=256, or 0 for off").arg(arg));
        if (*n > ListenSocketConfig::maxBacklog) // nginx passes it on and Linux caps it at net.core.somaxconn
            return invalid(QStringLiteral("%1 is more than Portier takes; use at most %2").arg(arg).arg(ListenSocketConfig::maxBacklog));
        socket->fastOpen = *n;
        return carried();
    }
    return result;
}

QString udpError(bool udp, const ListenSocketConfig &socket)
{
    if (!udp)
        return QString();
    if (socket.backlog != 0)
        return QStringLiteral("\"backlog\" parameter is incompatible with \"udp\"");
    if (socket.keepAlive != ListenSocketConfig::KeepAlive::Default)
        return QStringLiteral("\"so_keepalive\" parameter is incompatible with \"udp\"");
    if (socket.fastOpen != -1)
        return QStringLiteral("\"fastopen\" parameter is incompatible with \"udp\"");
    return QString();
}

} // namespace ListenImport
