#include "upstreamgroup.h"

#include "balancer/roundrobinbalancer.h"

#include <errorlog.h>
#include <hostport.h>
#include <statssnapshot.h>

bool TriedSet::contains(bool backup, int index) const
{
    const int bit = index * 2 + (backup ? 1 : 0);
    const int word = bit / 64;
    return word < m_bits.size() && (m_bits[word] & (quint64(1) << (bit % 64)));
}

void TriedSet::insert(bool backup, int index)
{
    const int bit = index * 2 + (backup ? 1 : 0);
    const int word = bit / 64;
    while (m_bits.size() <= word)
        m_bits.append(0);
    m_bits[word] |= quint64(1) << (bit % 64);
}

void TriedSet::clear()
{
    m_bits.clear();
}

UpstreamGroup::UpstreamGroup(const UpstreamConfig &config, std::shared_ptr<ErrorLog> log)
    : m_config(config), m_log(std::move(log)), m_balancer(std::make_unique<RoundRobinBalancer>())
{
    for (const ServerConfig &serverConfig : config.servers) {
        auto server = std::make_unique<UpstreamServer>();
        server->config = serverConfig;
        server->effectiveWeight = serverConfig.weight;
        if (const auto address = HostPort::parse(serverConfig.address, false)) {
            server->endpoint.address = QHostAddress(address->host);
            server->endpoint.port = address->port;
        }
        auto &list = serverConfig.backup ? m_backups : m_primaries;
        server->index = int(list.size());
        list.push_back(std::move(server));
    }
}

UpstreamGroup::~UpstreamGroup() = default;

bool UpstreamGroup::isFailed(const UpstreamServer &server, qint64 nowMs)
{
    return server.config.maxFails && server.fails >= server.config.maxFails
           && nowMs - server.checkedMs <= server.config.failTimeoutMs;
}

int UpstreamGroup::initialTries() const
{
    if (isSingle())
        return 1;
    int tries = 0;
    for (const auto &server : m_primaries)
        tries += server->config.down ? 0 : 1;
    for (const auto &server : m_backups)
        tries += server->config.down ? 0 : 1;
    return tries;
}

UpstreamServer *UpstreamGroup::pick(const PickContext &context, TriedSet *tried)
{
    QMutexLocker locker(&m_mutex);
    UpstreamServer *server = m_balancer->pick(*this, context, tried);
    if (!server)
        return nullptr;
    tried->insert(server->config.backup, server->index);
    server->conns++;
    server->selected.fetch_add(1, std::memory_order_relaxed);
    return server;
}

bool UpstreamGroup::release(UpstreamServer *server, bool failed, qint64 nowMs, int *tries)
{
    bool disabled = false;
    {
        QMutexLocker locker(&m_mutex);
        server->conns--;
        if (isSingle()) {
            if (tries)
                *tries = 0;
            return false;
        }
        if (failed) {
            server->fails++;
            server->accessedMs = nowMs;
            server->checkedMs = nowMs;
            if (server->config.maxFails) {
                server->effectiveWeight -= server->config.weight / server->config.maxFails;
                disabled = server->fails >= server->config.maxFails;
            }
            if (server->effectiveWeight < 0)
                server->effectiveWeight = 0;
        } else if (server->accessedMs < server->checkedMs) {
            server->fails = 0; // it was tried again after fail_timeout and worked
        }
    }
    if (tries && *tries)
        (*tries)--;
    return disabled;
}

QList<ServerStats> UpstreamGroup::stats(qint64 nowMs) const
{
    QList<ServerStats> result;
    QMutexLocker locker(&m_mutex);
    for (const auto *list : {&m_primaries, &m_backups}) {
        for (const auto &server : *list) {
            ServerStats s;
            s.upstream = m_config.name;
            s.address = server->config.address;
            s.backup = server->config.backup;
            s.state = server->config.down ? ServerStats::State::Down
                      : (!isSingle() && isFailed(*server, nowMs)) ? ServerStats::State::Failed
                                                                   : ServerStats::State::Up;
            s.activeConnections = quint64(qMax(0, server->conns));
            s.selectedTotal = server->selected.load(std::memory_order_relaxed);
            s.connectFailures = server->connectFailures.load(std::memory_order_relaxed);
            s.bytesSent = server->bytesSent.load(std::memory_order_relaxed);
            s.bytesReceived = server->bytesReceived.load(std::memory_order_relaxed);
            s.fails = server->fails;
            result << s;
        }
    }
    return result;
}
