#include "listenaddress.h"

QList<HostPort> ListenAddress::addresses() const
{
    QList<HostPort> all;
    all.reserve(portCount());
    for (int port = firstPort; port <= lastPort; ++port)
        all << at(quint16(port));
    return all;
}

std::optional<ListenAddress> ListenAddress::parse(const QString &input, QString *error, int portLimit)
{
    const QString text = input.trimmed();
    // Where the port is: after "]:" for IPv6, after the last ':' otherwise, or the whole text.
    qsizetype portStart = 0;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(QLatin1StringView("]:"));
        portStart = close < 0 ? text.size() : close + 2;
    } else if (const qsizetype colon = text.lastIndexOf(u':'); colon >= 0) {
        portStart = colon + 1;
    }
    const QString portText = text.mid(portStart);
    const qsizetype dash = portText.indexOf(u'-');
    if (dash < 0) {
        const std::optional<HostPort> single = HostPort::parse(text, true, error);
        if (!single)
            return std::nullopt;
        return ListenAddress{single->host, single->port, single->port};
    }
    // "first-last": each half must be a port of its own.
    const QString prefix = text.left(portStart);
    const std::optional<HostPort> first = HostPort::parse(prefix + portText.left(dash), true, error);
    if (!first)
        return std::nullopt;
    const std::optional<HostPort> last = HostPort::parse(prefix + portText.mid(dash + 1), true, error);
    if (!last)
        return std::nullopt;
    if (first->port > last->port) {
        if (error)
            *error = QStringLiteral("invalid port range in \"%1\": the first port is above the last; write it low to high, e.g. %2-%3")
                         .arg(text).arg(last->port).arg(first->port);
        return std::nullopt;
    }
    const ListenAddress result{first->host, first->port, last->port};
    if (result.portCount() > portLimit) {
        if (error)
            *error = QStringLiteral("\"%1\" spans %2 ports; a Portier listener opens at most %3 (each port is a socket of its own); "
                                    "split it into several listeners").arg(text).arg(result.portCount()).arg(maxPorts);
        return std::nullopt;
    }
    return result;
}
