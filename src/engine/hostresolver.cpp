#include "hostresolver.h"

#include <errorlog.h>
#include <hostport.h>

#include <QHostInfo>

namespace {

QList<QHostAddress> sorted(QList<QHostAddress> addresses)
{
    // A stable order, so the same answer in another order is no change, and servers built
    // from it keep their positions.
    std::sort(addresses.begin(), addresses.end(), [](const QHostAddress &a, const QHostAddress &b) {
        if (a.protocol() != b.protocol())
            return a.protocol() == QAbstractSocket::IPv4Protocol;
        return a.toString() < b.toString();
    });
    addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
    return addresses;
}

} // namespace

HostResolver::HostResolver(std::shared_ptr<ErrorLog> log, QObject *parent) : QObject(parent), m_log(std::move(log)), m_refresh(this)
{
    m_refresh.setInterval(refreshIntervalMs);
    connect(&m_refresh, &QTimer::timeout, this, [this] {
        for (const QString &name : std::as_const(m_tracked))
            lookup(name);
    });
}

QSet<QString> HostResolver::hostNames(const Config &config)
{
    QSet<QString> names;
    auto add = [&](const QString &text) {
        const auto address = HostPort::parse(text, false);
        if (address && !address->isIpLiteral())
            names.insert(address->host);
    };
    for (const UpstreamConfig &upstream : config.upstreams) {
        for (const ServerConfig &server : upstream.servers)
            add(server.address);
    }
    for (const ListenerConfig &listener : config.listeners) {
        if (!config.findUpstream(listener.proxyPass))
            add(listener.proxyPass);
    }
    return names;
}

void HostResolver::track(const QSet<QString> &names)
{
    m_tracked = names;
    for (const QString &name : names) {
        if (!m_addresses.contains(name))
            lookup(name);
    }
    if (m_tracked.isEmpty())
        m_refresh.stop();
    else if (!m_refresh.isActive())
        m_refresh.start();
}

void HostResolver::lookup(const QString &name)
{
    if (m_pending.contains(name))
        return;
    m_pending.insert(name);
    QHostInfo::lookupHost(name, this, [this, name](const QHostInfo &info) {
        m_pending.remove(name);
        if (store(name, info.addresses(), info.error() == QHostInfo::NoError ? QString() : info.errorString()))
            emit addressesChanged();
    });
}

bool HostResolver::store(const QString &name, const QList<QHostAddress> &found, const QString &error)
{
    if (!error.isEmpty() || found.isEmpty()) {
        const bool kept = m_addresses.contains(name);
        m_log->write(ErrorLog::Level::Error, QStringLiteral("host \"%1\" could not be resolved (%2); %3")
                                                 .arg(name, error.isEmpty() ? QStringLiteral("no addresses") : error,
                                                      kept ? QStringLiteral("keeping its previous addresses")
                                                           : QStringLiteral("its servers get no connections until it resolves")));
        if (!kept)
            m_addresses.insert(name, {}); // known to fail: not looked up on every apply
        return false;
    }
    const QList<QHostAddress> addresses = sorted(found); // not empty, so equal means known
    if (m_addresses.value(name) == addresses)
        return false;
    QStringList text;
    for (const QHostAddress &address : addresses)
        text << address.toString();
    m_log->write(ErrorLog::Level::Notice, QStringLiteral("host \"%1\" resolved to %2").arg(name, text.join(QStringLiteral(", "))));
    m_addresses.insert(name, addresses);
    return true;
}

void HostResolver::resolveNow(const QSet<QString> &names)
{
    for (const QString &name : names) {
        const QHostInfo info = QHostInfo::fromName(name);
        store(name, info.addresses(), info.error() == QHostInfo::NoError ? QString() : info.errorString());
    }
}

ConfigIssues HostResolver::check(const Config &config)
{
    ConfigIssues issues;
    QHash<QString, bool> resolves;
    auto check = [&](const QString &path, const QString &text) {
        const auto address = HostPort::parse(text, false);
        if (!address || address->isIpLiteral())
            return;
        if (!resolves.contains(address->host)) {
            const QHostInfo info = QHostInfo::fromName(address->host);
            resolves.insert(address->host, info.error() == QHostInfo::NoError && !info.addresses().isEmpty());
        }
        if (!resolves.value(address->host))
            issues.append({path, QStringLiteral("host \"%1\" cannot be resolved; check the name, or write an IP address").arg(address->host)});
    };
    for (qsizetype i = 0; i < config.upstreams.size(); ++i) {
        for (qsizetype j = 0; j < config.upstreams[i].servers.size(); ++j)
            check(QStringLiteral("upstreams[%1].servers[%2].address").arg(i).arg(j), config.upstreams[i].servers[j].address);
    }
    for (qsizetype i = 0; i < config.listeners.size(); ++i) {
        if (!config.findUpstream(config.listeners[i].proxyPass))
            check(QStringLiteral("listeners[%1].proxy_pass").arg(i), config.listeners[i].proxyPass);
    }
    return issues;
}
