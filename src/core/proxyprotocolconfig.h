#pragma once

#include "configissue.h"

#include <QJsonObject>
#include <QStringList>

// A listener's PROXY protocol settings, nginx's four directives:
// - accept: "listen ... proxy_protocol": every client connection starts with a PROXY header
//   (v1 or v2), read before anything else; TCP only, as in nginx;
// - timeoutMs: "proxy_protocol_timeout" (default 30s), for reading that header;
// - trustedSources: "set_real_ip_from" (ngx_stream_realip_module): when the connecting
//   peer is one of these addresses or CIDRs ("unix:" too, which a TCP peer never is), the
//   header's source address and port become the client's for hashing, access rules, limits
//   and logs;
// - send: "proxy_protocol on": a v1 header goes to every upstream connection, retries too.
struct ProxyProtocolConfig
{
    static constexpr qint64 defaultTimeoutMs = 30 * 1000; // nginx's proxy_protocol_timeout

    bool accept = false;
    qint64 timeoutMs = defaultTimeoutMs;
    QStringList trustedSources;
    bool send = false;

    bool isDefault() const { return *this == ProxyProtocolConfig(); }
    friend bool operator==(const ProxyProtocolConfig &, const ProxyProtocolConfig &) = default;

    // The listener's "proxy_protocol" object; problems go to *issues under path.
    static ProxyProtocolConfig fromJson(const QJsonValue &value, const QString &path, ConfigIssues *issues);
    QJsonObject toJson() const;
    // What nginx would refuse, or Portier cannot do, in words naming the field and the fix.
    void validate(bool udp, const QString &path, ConfigIssues *issues) const;
};
