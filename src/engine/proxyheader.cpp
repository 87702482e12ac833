#include "proxyheader.h"

#include <cstring>

namespace ProxyHeader {

namespace {
ProxyProtocol::Endpoint toProtocol(const Net::Endpoint &endpoint)
{
    ProxyProtocol::Endpoint result;
    result.port = endpoint.port;
    if (endpoint.address.protocol() == QAbstractSocket::IPv4Protocol) {
        result.family = 4;
        const quint32 v4 = endpoint.address.toIPv4Address();
        result.bytes[0] = quint8(v4 >> 24);
        result.bytes[1] = quint8(v4 >> 16);
        result.bytes[2] = quint8(v4 >> 8);
        result.bytes[3] = quint8(v4);
    } else if (endpoint.address.protocol() == QAbstractSocket::IPv6Protocol) {
        result.family = 6;
        const Q_IPV6ADDR v6 = endpoint.address.toIPv6Address();
        std::memcpy(result.bytes, v6.c, 16);
    }
    return result;
}

bool isTrusted(const AccessRules &trusted, const QHostAddress &peer)
{
    if (peer.protocol() == QAbstractSocket::IPv4Protocol)
        return !trusted.allowsIPv4(peer.toIPv4Address());
    const Q_IPV6ADDR bytes = peer.toIPv6Address();
    return !trusted.allowsIPv6(bytes.c);
}
} // namespace

AccessRules compileTrusted(const QStringList &sources)
{
    QList<AccessRuleConfig> rules;
    for (const QString &source : sources)
        rules << AccessRuleConfig{AccessRuleConfig::Action::Deny, source};
    return AccessRules(rules);
}

Net::Endpoint realClient(const AccessRules &trusted, const Net::Endpoint &peer, const ProxyProtocol::Addresses &carried)
{
    if (trusted.isEmpty() || !isTrusted(trusted, peer.address))
        return peer;
    // ngx_parse_addr reads it with ngx_inet_addr / ngx_inet6_addr, the readers behind
    // ngx_ptocidr; the header's characters exclude '/', so this is an address or nothing.
    const std::optional<AccessRules::Address> parsed = AccessRules::parseAddress(QString::fromLatin1(carried.sourceAddress));
    QHostAddress address;
    if (parsed && parsed->family == AccessRules::Family::IPv4)
        address.setAddress(parsed->ipv4);
    else if (parsed && parsed->family == AccessRules::Family::IPv6)
        address.setAddress(parsed->ipv6.data());
    else
        return peer;
    return Net::Endpoint{address, carried.sourcePort};
}

QByteArray v1For(const Net::Endpoint &client, const Net::Endpoint &local)
{
    return ProxyProtocol::writeV1(toProtocol(client), toProtocol(local));
}

} // namespace ProxyHeader
