#include "variableroute.h"

#include <errorlog.h>
#include <hostport.h>

VariableRoute::VariableRoute(StreamTemplate proxyPass, const QHash<QString, std::shared_ptr<UpstreamGroup>> &upstreams,
                             std::shared_ptr<ErrorLog> log)
    : m_proxyPass(std::move(proxyPass)), m_log(std::move(log))
{
    for (auto it = upstreams.cbegin(); it != upstreams.cend(); ++it)
        m_upstreams.insert(it.key().toLower(), it.value());
}

UpstreamGroup *VariableRoute::route(const QByteArray &value, QString *error)
{
    const QString text = QString::fromLatin1(value);
    if (text.isEmpty()) {
        *error = QStringLiteral("no host in upstream \"\"");
        return nullptr;
    }
    if (const auto group = m_upstreams.constFind(text.toLower()); group != m_upstreams.constEnd())
        return group->get();
    std::lock_guard lock(m_mutex);
    if (const auto known = m_byAddress.constFind(value); known != m_byAddress.constEnd())
        return known->get();
    const std::optional<HostPort> address = HostPort::parse(text, false);
    if (!address || address->host.isEmpty()) {
        *error = text.contains(u':') ? QStringLiteral("invalid port in upstream \"%1\"").arg(text) : QStringLiteral("no port in upstream \"%1\"").arg(text);
        return nullptr;
    }
    if (!address->isIpLiteral()) {
        *error = QStringLiteral("no resolver defined to resolve %1").arg(address->host);
        return nullptr;
    }
    if (m_byAddress.size() >= maxAddressGroups) {
        *error = QStringLiteral("proxy_pass %1 named more than %2 addresses; \"%3\" is refused").arg(m_proxyPass.text()).arg(maxAddressGroups).arg(text);
        return nullptr;
    }
    UpstreamConfig config;
    config.name = text;
    ServerConfig server;
    server.address = text;
    config.servers << server;
    auto group = std::make_shared<UpstreamGroup>(config, m_log);
    m_byAddress.insert(value, group);
    return group.get();
}
