#pragma once

#include "config.h"

#include <array>
#include <optional>
#include <vector>

// A listener's allow/deny rules compiled the way nginx's ngx_stream_access_module keeps them:
// IPv4 rules and "all" in one list, IPv6 rules and "all" in another. A client is checked
// only against the list of its own family, in the order written, and the first match
// decides; no match, or no list for its family at all, lets it in. An IPv4 client mapped
// into IPv6 (::ffff:a.b.c.d) is checked as IPv4 when there are IPv4 rules. "unix:" rules
// go to a list of their own that IP clients never meet. Built once when a listener is
// applied; checking reads two small arrays and allocates nothing. Immutable, any thread.
class AccessRules
{
public:
    enum class Family { IPv4, IPv6, All, Unix };

    // One rule's address as nginx reads it (ngx_ptocidr, with its quirks: "1.2.3." is
    // 1.2.3.0, 255.255.255.255 is refused, no host names, no brackets).
    struct Address
    {
        Family family = Family::All;
        quint32 ipv4 = 0;     // host byte order, host bits cleared
        quint32 ipv4Mask = 0;
        std::array<quint8, 16> ipv6{};
        std::array<quint8, 16> ipv6Mask{};
        // "10.0.0.1/8": nginx warns "low address bits of 10.0.0.1/8 are meaningless" and
        // matches it as 10.0.0.0/8; so does Portier.
        bool hostBitsSet = false;
    };

    // nullopt for text nginx refuses ("invalid parameter"); *error then says why and what to write.
    static std::optional<Address> parseAddress(const QString &text, QString *error = nullptr);

    AccessRules() = default;
    // Every address must parse (ConfigValidator checks them); one that does not is left out.
    explicit AccessRules(const QList<AccessRuleConfig> &rules);

    bool isEmpty() const { return m_ipv4.empty() && m_ipv6.empty(); }
    bool allowsIPv4(quint32 address) const;        // host byte order
    bool allowsIPv6(const quint8 *address) const; // 16 bytes, network order

    friend bool operator==(const AccessRules &, const AccessRules &) = default;

private:
    struct Rule4
    {
        quint32 address;
        quint32 mask;
        bool deny;
        friend bool operator==(const Rule4 &, const Rule4 &) = default;
    };
    struct Rule6
    {
        std::array<quint8, 16> address;
        std::array<quint8, 16> mask;
        bool deny;
        friend bool operator==(const Rule6 &, const Rule6 &) = default;
    };

    std::vector<Rule4> m_ipv4;
    std::vector<Rule6> m_ipv6;
};
