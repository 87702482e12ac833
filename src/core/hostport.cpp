#include "hostport.h"

#include <QRegularExpression>
#include <algorithm>

namespace {

bool parsePort(QStringView text, quint16 *port, QString *error)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    // toInt() lets spaces around the digits pass; an address holds none.
    const bool digitsOnly = std::all_of(text.begin(), text.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    if (!ok || text.isEmpty() || !digitsOnly) {
        if (error)
            *error = QStringLiteral("\"%1\" is not a port number").arg(text);
        return false;
    }
    if (value < 1 || value > 65535) {
        if (error)
            *error = QStringLiteral("port %1 is out of range 1-65535").arg(value);
        return false;
    }
    *port = quint16(value);
    return true;
}

bool isValidHostName(const QString &host)
{
    // RFC 1123 labels; good enough to catch typos such as "127.0.0.1.:80" or spaces.
    static const QRegularExpression re(
        QStringLiteral("^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"));
    return re.match(host).hasMatch();
}

bool looksLikeIpv4(const QString &host)
{
    static const QRegularExpression re(QStringLiteral("^[0-9.]+$"));
    return re.match(host).hasMatch();
}

bool isIpv4(const QString &host)
{
    const QStringList parts = host.split(u'.');
    if (parts.size() != 4)
        return false;
    for (const QString &part : parts) {
        bool ok = false;
        const int v = part.toInt(&ok);
        if (!ok || part.isEmpty() || part.size() > 3 || v < 0 || v > 255)
            return false;
    }
    return true;
}

bool isIpv6(const QString &host)
{
    // Eight groups of 1-4 hex digits; one "::" may stand for one or more zero groups; the
    // last 32 bits may be written as an IPv4 address (::ffff:127.0.0.1).
    static const QRegularExpression group(QStringLiteral("^[0-9A-Fa-f]{1,4}$"));
    const qsizetype gap = host.indexOf(QStringLiteral("::"));
    if (gap >= 0 && host.indexOf(QStringLiteral("::"), gap + 1) >= 0)
        return false;
    auto countGroups = [&](QStringView part, bool mayEndInIpv4, int *count) {
        *count = 0;
        if (part.isEmpty())
            return true;
        const QList<QStringView> groups = part.split(u':');
        for (qsizetype i = 0; i < groups.size(); ++i) {
            const QString g = groups.at(i).toString();
            if (mayEndInIpv4 && i == groups.size() - 1 && g.contains(u'.')) {
                if (!isIpv4(g))
                    return false;
                *count += 2;
            } else if (group.match(g).hasMatch()) {
                *count += 1;
            } else {
                return false;
            }
        }
        return true;
    };
    int before = 0;
    int after = 0;
    if (gap < 0)
        return countGroups(host, true, &before) && before == 8;
    const QStringView view(host);
    return countGroups(view.left(gap), false, &before) && countGroups(view.mid(gap + 2), true, &after) && before + after <= 7;
}

} // namespace

bool HostPort::isIpLiteral() const
{
    return host.isEmpty() || isIpv4(host) || isIpv6(host);
}

QString HostPort::toString() const
{
    if (host.contains(u':'))
        return u'[' + host + QStringLiteral("]:") + QString::number(port);
    if (host.isEmpty())
        return QString::number(port);
    return host + u':' + QString::number(port);
}

std::optional<HostPort> HostPort::parse(const QString &input, bool allowBarePort, QString *error)
{
    const QString text = input.trimmed();
    HostPort result;
    if (text.isEmpty()) {
        if (error)
            *error = QStringLiteral("is empty; write host:port, e.g. 127.0.0.1:7773");
        return std::nullopt;
    }
    if (std::any_of(text.begin(), text.end(), [](QChar c) { return c.isSpace(); })) {
        QString joined = text;
        joined.remove(QRegularExpression(QStringLiteral("\\s")));
        if (error)
            *error = QStringLiteral("\"%1\" holds a space; write it without, e.g. %2").arg(text, joined);
        return std::nullopt;
    }
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0 || close + 1 >= text.size() || text.at(close + 1) != u':') {
            if (error)
                *error = QStringLiteral("\"%1\" is not [IPv6]:port").arg(text);
            return std::nullopt;
        }
        result.host = text.mid(1, close - 1);
        if (!isIpv6(result.host)) {
            if (error)
                *error = QStringLiteral("\"%1\" is not an IPv6 address").arg(result.host);
            return std::nullopt;
        }
        if (!parsePort(QStringView(text).mid(close + 2), &result.port, error))
            return std::nullopt;
        return result;
    }
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon < 0) {
        bool isNumber = false;
        text.toInt(&isNumber);
        if (isNumber && allowBarePort) {
            if (!parsePort(text, &result.port, error))
                return std::nullopt;
            return result;
        }
        if (error)
            *error = isNumber ? QStringLiteral("\"%1\" has no host; write host:port, e.g. 127.0.0.1:%1").arg(text)
                              : QStringLiteral("\"%1\" has no port; write host:port, e.g. %1:7773").arg(text);
        return std::nullopt;
    }
    if (text.indexOf(u':') != colon) {
        if (error)
            *error = QStringLiteral("\"%1\": put an IPv6 address in brackets, e.g. [::1]:7773").arg(text);
        return std::nullopt;
    }
    result.host = text.left(colon);
    if (result.host == u'*')
        result.host.clear(); // nginx: "listen *:80" is all IPv4 addresses
    else if (looksLikeIpv4(result.host) ? !isIpv4(result.host) : !isValidHostName(result.host)) {
        if (error)
            *error = QStringLiteral("\"%1\" is not a valid address or host name").arg(result.host);
        return std::nullopt;
    }
    if (!parsePort(QStringView(text).mid(colon + 1), &result.port, error))
        return std::nullopt;
    return result;
}
