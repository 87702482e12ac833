#include "upstreamgroup.h"

#include "balancer/balancer.h"

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

namespace {

QList<Net::Endpoint> endpointsOf(const ServerConfig &server, const UpstreamGroup::AddressLookup &lookup)
{
    const auto address = HostPort::parse(server.address, false);
    if (!address)
        return {};
    if (address->isIpLiteral())
        return {Net::Endpoint{QHostAddress(address->host), address->port}};
    QList<Net::Endpoint> endpoints;
    if (lookup) {
        for (const QHostAddress &resolved : lookup(address->host))
            endpoints << Net::Endpoint{resolved, address->port};
    }
    return endpoints;
}

} // namespace

UpstreamGroup::UpstreamGroup(const UpstreamConfig &config, std::shared_ptr<ErrorLog> log, const AddressLookup &lookup)
    : m_config(config), m_log(std::move(log)), m_addressSignature(addressSignature(config, lookup))
{
    if (config.method == UpstreamConfig::Method::Hash)
        m_hashKey = HashKey::parse(config.hashKey); // validated before
    for (qsizetype i = 0; i < config.servers.size(); ++i) {
        const ServerConfig &serverConfig = config.servers.at(i);
        const QList<Net::Endpoint> endpoints = endpointsOf(serverConfig, lookup);
        if (endpoints.isEmpty())
            m_unresolved << int(i);
        for (const Net::Endpoint &endpoint : endpoints) {
            auto server = std::make_unique<UpstreamServer>();
            server->config = serverConfig;
            server->configIndex = int(i);
            server->endpoint = endpoint;
            server->endpointText = endpoint.toString().toUtf8();
            server->effectiveWeight = serverConfig.weight;
            server->weight = serverConfig.weight;
            server->down = serverConfig.down;
            auto &list = serverConfig.backup ? m_backups : m_primaries;
            server->index = int(list.size());
            if (!serverConfig.backup)
                m_totalWeight += serverConfig.weight;
            list.push_back(std::move(server));
        }
    }
    m_balancer = Balancer::create(*this);
}

QStringList UpstreamGroup::addressSignature(const UpstreamConfig &config, const AddressLookup &lookup)
{
    QStringList signature;
    for (const ServerConfig &server : config.servers) {
        QStringList addresses;
        for (const Net::Endpoint &endpoint : endpointsOf(server, lookup))
            addresses << endpoint.toString();
        signature << addresses.join(u',');
    }
    return signature;
}

UpstreamGroup::~UpstreamGroup() = default;

bool UpstreamGroup::isFailed(const UpstreamServer &server, qint64 nowMs)
{
    return server.config.maxFails && server.fails >= server.config.maxFails
           && nowMs - server.checkedMs <= server.config.failTimeoutMs;
}

bool UpstreamGroup::isAvailable(const UpstreamServer &server, qint64 nowMs)
{
    return !server.down && !server.draining && !server.unhealthy && !isFailed(server, nowMs)
           && !(server.config.maxConns && server.conns >= server.config.maxConns);
}

int UpstreamGroup::initialTries() const
{
    if (isSingle())
        return 1;
    int tries = 0;
    for (const auto *list : {&m_primaries, &m_backups}) {
        for (const auto &server : *list)
            tries += server->config.down ? 0 : 1;
    }
    return tries;
}

UpstreamServer *UpstreamGroup::pick(const PickContext &context, PickState *state)
{
    QMutexLocker locker(&m_mutex);
    UpstreamServer *server = m_balancer->pick(*this, context, *state);
    if (!server)
        return nullptr;
    state->tried.insert(server->config.backup, server->index);
    server->conns++;
    server->lastSelectedMs = context.nowMs;
    if (measuresTime()) {
        server->inflight++;
        server->inflightStartSumMs += context.nowMs;
    }
    server->selected.fetch_add(1, std::memory_order_relaxed);
    return server;
}

void UpstreamGroup::addSample(double *average, double ms)
{
    // nginx's moving average for least_time: the first sample is the average.
    *average = *average < 0 ? ms : 0.05 * ms + 0.95 * *average;
}

void UpstreamGroup::connected(UpstreamServer *server, qint64 connectMs)
{
    QMutexLocker locker(&m_mutex);
    if (server->accessedMs < server->checkedMs)
        server->fails = 0;
    addSample(&server->connectAverageMs, double(connectMs));
    server->connectTimes.add(connectMs);
    server->lastConnectMs = connectMs;
    if (measuresTime() && m_config.leastTimeMode == UpstreamConfig::LeastTimeMode::Connect)
        addSample(&server->timeAverageMs, double(connectMs));
}

void UpstreamGroup::measured(UpstreamServer *server, Timing timing, qint64 ms)
{
    if (!measuresTime())
        return;
    const auto wanted = timing == Timing::FirstByte ? UpstreamConfig::LeastTimeMode::FirstByte : UpstreamConfig::LeastTimeMode::LastByte;
    if (m_config.leastTimeMode != wanted)
        return;
    QMutexLocker locker(&m_mutex);
    addSample(&server->timeAverageMs, double(ms));
}

void UpstreamGroup::finishMeasurement(UpstreamServer *server, qint64 startMs)
{
    QMutexLocker locker(&m_mutex);
    server->inflight--;
    server->inflightStartSumMs -= startMs;
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
                server->effectiveWeight -= server->weight / server->config.maxFails;
                disabled = server->fails >= server->config.maxFails;
                server->unavailable += disabled ? 1 : 0;
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

bool UpstreamGroup::setHealth(UpstreamServer *server, bool passed, bool healthy, const QString &result)
{
    QMutexLocker locker(&m_mutex);
    server->lastCheck = result;
    server->healthChecks++;
    server->healthCheckFails += passed ? 0 : 1;
    server->lastCheckPassed = passed ? 1 : 0;
    if (server->unhealthy == !healthy)
        return false;
    server->unhealthy = !healthy;
    server->healthUnhealthy += server->unhealthy ? 1 : 0;
    return true;
}

QList<ServerStats> UpstreamGroup::stats(qint64 nowMs, const QDateTime &wallNow) const
{
    QList<ServerStats> result;
    QMutexLocker locker(&m_mutex);
    const bool primaryAvailable = std::any_of(m_primaries.begin(), m_primaries.end(),
                                              [&](const auto &server) { return isAvailable(*server, nowMs); });
    for (const auto *list : {&m_primaries, &m_backups}) {
        for (const auto &server : *list) {
            ServerStats s;
            fillStats(*server, primaryAvailable, nowMs, wallNow, &s);
            result << s;
        }
    }
    for (int index : m_unresolved) {
        ServerStats s;
        s.upstream = m_config.name;
        s.address = m_config.servers.at(index).address;
        s.index = index;
        s.state = ServerStats::State::Unhealthy;
        s.weight = m_config.servers.at(index).weight;
        s.configWeight = s.weight;
        s.backup = m_config.servers.at(index).backup;
        s.lastCheck = QStringLiteral("host name not resolved");
        result << s;
    }
    return result;
}

void UpstreamGroup::adoptCounters(const UpstreamGroup &previous)
{
    QMutexLocker previousLocker(&previous.m_mutex);
    for (const auto *list : {&m_primaries, &m_backups}) {
        for (const auto &server : *list) {
            for (const auto *oldList : {&previous.m_primaries, &previous.m_backups}) {
                const auto old = std::find_if(oldList->begin(), oldList->end(), [&](const auto &candidate) {
                    return candidate->config.address == server->config.address && candidate->endpoint.toString() == server->endpoint.toString();
                });
                if (old == oldList->end())
                    continue;
                server->selected.store((*old)->selected.load(std::memory_order_relaxed), std::memory_order_relaxed);
                server->connectFailures.store((*old)->connectFailures.load(std::memory_order_relaxed), std::memory_order_relaxed);
                server->bytesSent.store((*old)->bytesSent.load(std::memory_order_relaxed), std::memory_order_relaxed);
                server->bytesReceived.store((*old)->bytesReceived.load(std::memory_order_relaxed), std::memory_order_relaxed);
                server->connectAverageMs = (*old)->connectAverageMs;
                adoptRuntimeState(**old, server.get());
                break;
            }
        }
    }
    m_totalWeight = 0;
    for (const auto &server : m_primaries)
        m_totalWeight += server->weight; // a weight kept from a run-time change counts
}
