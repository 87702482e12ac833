#include "accessrules.h"

#include <cstring>

namespace {

constexpr quint32 inaddrNone = 0xffffffffu; // nginx's INADDR_NONE: why it refuses 255.255.255.255

// ngx_inet_addr: dotted quad, empty octets read as 0; returns host byte order.
quint32 inetAddress(const char *text, qsizetype length)
{
    quint32 address = 0;
    quint32 octet = 0;
    int dots = 0;
    for (qsizetype i = 0; i < length; ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            octet = octet * 10 + quint32(c - '0');
            if (octet > 255)
                return inaddrNone;
            continue;
        }
        if (c == '.') {
            address = (address << 8) + octet;
            octet = 0;
            ++dots;
            continue;
        }
        return inaddrNone;
    }
    return dots == 3 ? (address << 8) + octet : inaddrNone;
}

// ngx_inet6_addr, line for line: "::" once, up to four hex digits a group, an IPv4 tail.
bool inet6Address(const char *p, qsizetype length, quint8 *out)
{
    if (length == 0)
        return false;
    quint8 *address = out;
    quint8 *zero = nullptr;
    const char *digit = nullptr;
    qsizetype length4 = 0;
    int nibbles = 0;
    quint32 word = 0;
    int n = 8;
    if (p[0] == ':') {
        ++p;
        --length;
    }
    for (; length; --length) {
        char c = *p++;
        if (c == ':') {
            if (nibbles) {
                digit = p;
                length4 = length;
                *address++ = quint8(word >> 8);
                *address++ = quint8(word & 0xff);
                if (--n) {
                    nibbles = 0;
                    word = 0;
                    continue;
                }
            } else if (!zero) {
                digit = p;
                length4 = length;
                zero = address;
                continue;
            }
            return false;
        }
        if (c == '.' && nibbles) {
            if (n < 2 || !digit)
                return false;
            word = inetAddress(digit, length4 - 1);
            if (word == inaddrNone)
                return false;
            *address++ = quint8((word >> 24) & 0xff);
            *address++ = quint8((word >> 16) & 0xff);
            --n;
            break;
        }
        if (++nibbles > 4)
            return false;
        if (c >= '0' && c <= '9') {
            word = word * 16 + quint32(c - '0');
            continue;
        }
        c |= 0x20;
        if (c >= 'a' && c <= 'f') {
            word = word * 16 + quint32(c - 'a') + 10;
            continue;
        }
        return false;
    }
    if (nibbles == 0 && !zero)
        return false;
    *address++ = quint8(word >> 8);
    *address++ = quint8(word & 0xff);
    if (--n) {
        if (!zero)
            return false;
        // Move what followed "::" to the end and fill the gap with zeros.
        const qsizetype tail = address - zero;
        std::memmove(zero + 2 * n, zero, size_t(tail));
        std::memset(zero, 0, size_t(2 * n));
        return true;
    }
    return !zero;
}

// ngx_atoi: digits only, at least one (leading zeros allowed). Saturates: anything past 128 is refused anyway.
std::optional<int> prefixLength(const char *text, qsizetype length)
{
    if (length == 0)
        return std::nullopt;
    int value = 0;
    for (qsizetype i = 0; i < length; ++i) {
        if (text[i] < '0' || text[i] > '9')
            return std::nullopt;
        value = qMin(value * 10 + (text[i] - '0'), 1000);
    }
    return value;
}

QString whatToWrite()
{
    return QStringLiteral("write an IPv4 or IPv6 address (192.168.1.10, ::1), a CIDR (10.0.0.0/8, 2001:db8::/32), all, or unix:");
}

} // namespace

std::optional<AccessRules::Address> AccessRules::parseAddress(const QString &text, QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<Address> {
        if (error)
            *error = QStringLiteral("\"%1\" %2; %3").arg(text, why, whatToWrite());
        return std::nullopt;
    };
    Address result;
    if (text == u"all")
        return result;
    if (text == u"unix:") {
        result.family = Family::Unix;
        return result;
    }
    if (text.isEmpty())
        return fail(QStringLiteral("is empty"));
    for (const QChar c : text) {
        if (c.unicode() > 0x7f)
            return fail(QStringLiteral("is not an address"));
    }
    const QByteArray bytes = text.toLatin1();
    const char *data = bytes.constData();
    const qsizetype slash = bytes.indexOf('/');
    const qsizetype addressLength = slash < 0 ? bytes.size() : slash;

    result.ipv4 = inetAddress(data, addressLength);
    if (result.ipv4 != inaddrNone) {
        result.family = Family::IPv4;
        result.ipv4Mask = 0xffffffffu;
    } else if (inet6Address(data, addressLength, result.ipv6.data())) {
        result.family = Family::IPv6;
        result.ipv6Mask.fill(0xff);
    } else if (text.startsWith(u'[')) {
        return fail(QStringLiteral("is not an address: write IPv6 without brackets, as nginx does"));
    } else if (text.contains(u'%')) {
        return fail(QStringLiteral("is not an address: nginx's rules take no zone index (%)"));
    } else {
        return fail(QStringLiteral("is not an address (nginx matches addresses, not host names)"));
    }
    if (slash < 0)
        return result;

    const std::optional<int> shift = prefixLength(data + slash + 1, bytes.size() - slash - 1);
    const int bits = result.family == Family::IPv4 ? 32 : 128;
    if (!shift || *shift > bits)
        return fail(QStringLiteral("has no prefix length nginx reads: after / write a number from 0 to %1").arg(bits));
    if (result.family == Family::IPv4) {
        result.ipv4Mask = *shift ? 0xffffffffu << (32 - *shift) : 0; // a shift by 32 is undefined
        result.hostBitsSet = (result.ipv4 & result.ipv4Mask) != result.ipv4;
        result.ipv4 &= result.ipv4Mask;
        return result;
    }
    int remaining = *shift;
    for (int i = 0; i < 16; ++i) {
        const int s = qMin(remaining, 8);
        remaining -= s;
        result.ipv6Mask[i] = quint8(0xffu << (8 - s));
        if (result.ipv6[i] != (result.ipv6[i] & result.ipv6Mask[i])) {
            result.hostBitsSet = true;
            result.ipv6[i] &= result.ipv6Mask[i];
        }
    }
    return result;
}

AccessRules::AccessRules(const QList<AccessRuleConfig> &rules)
{
    for (const AccessRuleConfig &rule : rules) {
        const std::optional<Address> address = parseAddress(rule.address);
        if (!address)
            continue;
        const bool deny = rule.action == AccessRuleConfig::Action::Deny;
        // "all" joins both lists, as in ngx_stream_access_rule.
        if (address->family == Family::IPv4 || address->family == Family::All)
            m_ipv4.push_back({address->ipv4, address->ipv4Mask, deny});
        if (address->family == Family::IPv6 || address->family == Family::All)
            m_ipv6.push_back({address->ipv6, address->ipv6Mask, deny});
    }
}

bool AccessRules::allowsIPv4(quint32 address) const
{
    for (const Rule4 &rule : m_ipv4) {
        if ((address & rule.mask) == rule.address)
            return !rule.deny;
    }
    return true;
}

bool AccessRules::allowsIPv6(const quint8 *address) const
{
    static constexpr quint8 mappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (!m_ipv4.empty() && std::memcmp(address, mappedPrefix, sizeof mappedPrefix) == 0)
        return allowsIPv4(quint32(address[12]) << 24 | quint32(address[13]) << 16 | quint32(address[14]) << 8 | address[15]);
    for (const Rule6 &rule : m_ipv6) {
        bool matches = true;
        for (int i = 0; i < 16 && matches; ++i)
            matches = (address[i] & rule.mask[i]) == rule.address[i];
        if (matches)
            return !rule.deny;
    }
    return true;
}
