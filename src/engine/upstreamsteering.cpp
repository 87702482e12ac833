// UpstreamGroup's run-time steering and per-server stats: what an operator changes by hand
// (weight, down, drain) and what the dashboard and an API read. Kept apart from the picks
// and releases in upstreamgroup.cpp; all of it runs with the group's mutex held and off the
// data path (the steering calls come from the engine thread, stats() once a second).

#include "upstreamgroup.h"

#include <statssnapshot.h>

namespace {

bool countsAsDowntime(int state)
{
    // nginx Plus's downtime: the time in unavail, checking and unhealthy.
    return state == int(ServerStats::State::Failed) || state == int(ServerStats::State::Unhealthy);
}

QDateTime wallTime(qint64 monotonicMs, qint64 nowMs, const QDateTime &wallNow)
{
    return wallNow.addMSecs(monotonicMs - nowMs);
}

} // namespace

void UpstreamGroup::recordError(UpstreamServer *server, const QString &error, qint64 nowMs)
{
    QMutexLocker locker(&m_mutex);
    server->lastError = error;
    server->lastErrorMs = nowMs;
}

QString UpstreamGroup::steer(int configIndex, const ServerChange &change, qint64 nowMs)
{
    if (configIndex < 0 || configIndex >= m_config.servers.size())
        return QStringLiteral("upstream \"%1\" has no server %2: it has %3 (0 to %4)")
            .arg(m_config.name).arg(configIndex).arg(m_config.servers.size()).arg(m_config.servers.size() - 1);
    if (change.weight) {
        if (*change.weight < 1)
            return QStringLiteral("weight %1 for server %2 of upstream \"%3\": a weight must be 1 or more")
                .arg(*change.weight).arg(configIndex).arg(m_config.name);
        // These methods lay their servers out by weight once, when the group is built.
        const auto method = m_config.method;
        if (method == UpstreamConfig::Method::Random || (method == UpstreamConfig::Method::Hash && m_config.consistent))
            return QStringLiteral("upstream \"%1\" balances by %2, which places servers by weight when the config is applied: "
                                  "change the weight in the config and apply it")
                .arg(m_config.name, method == UpstreamConfig::Method::Random ? QStringLiteral("random") : QStringLiteral("consistent hash"));
    }
    QMutexLocker locker(&m_mutex);
    bool found = false;
    for (auto *list : {&m_primaries, &m_backups}) {
        for (auto &server : *list) {
            if (server->configIndex != configIndex)
                continue;
            found = true;
            if (change.weight) {
                // As at the start: the new weight counts in full from the next pick.
                server->weight = *change.weight;
                server->effectiveWeight = *change.weight;
            }
            if (change.down)
                server->down = *change.down;
            if (change.drain)
                server->draining = *change.drain;
            noteState(*server, nowMs);
        }
    }
    if (!found)
        return QStringLiteral("server %1 of upstream \"%2\" (%3) has no address yet: its host name has not resolved")
            .arg(configIndex).arg(m_config.name, m_config.servers.at(configIndex).address);
    if (change.weight) {
        // A fresh round: every primary starts from zero, so the sequence from here is smooth
        // weighted round robin's with the new weights.
        m_totalWeight = 0;
        for (auto &server : m_primaries) {
            server->currentWeight = 0;
            m_totalWeight += server->weight;
        }
        for (auto &server : m_backups)
            server->currentWeight = 0;
    }
    return QString();
}

int UpstreamGroup::stateOf(const UpstreamServer &server, qint64 nowMs) const
{
    using State = ServerStats::State;
    if (server.down)
        return int(State::Down);
    if (server.draining)
        return int(server.conns > 0 ? State::Draining : State::Drained);
    if (server.unhealthy)
        return int(State::Unhealthy);
    if (!isSingle() && isFailed(server, nowMs))
        return int(State::Failed);
    return int(State::Up);
}

void UpstreamGroup::noteState(UpstreamServer &server, qint64 nowMs) const
{
    const int state = stateOf(server, nowMs);
    if (state == server.reportedState)
        return;
    // A passive failure is known to the millisecond; other changes are seen now.
    const qint64 since = state == int(ServerStats::State::Failed) ? qMin(server.accessedMs, nowMs) : nowMs;
    if (server.reportedState >= 0 && countsAsDowntime(server.reportedState))
        server.downtimeMs += qMax<qint64>(0, since - server.stateSinceMs);
    server.reportedState = state;
    server.stateSinceMs = since;
}

void UpstreamGroup::fillStats(const UpstreamServer &server, bool primaryAvailable, qint64 nowMs, const QDateTime &wallNow,
                              ServerStats *s) const
{
    // The state history is kept here, at each snapshot (the server is not const to the
    // group; the mutex is held).
    noteState(const_cast<UpstreamServer &>(server), nowMs);
    s->upstream = m_config.name;
    s->index = server.configIndex;
    s->address = server.config.address;
    if (server.endpoint.toString() != server.config.address)
        s->address += QStringLiteral(" (%1)").arg(server.endpoint.toString()); // one of a name's addresses
    s->backup = server.config.backup;
    s->state = ServerStats::State(server.reportedState);
    s->backupInUse = s->backup && s->state == ServerStats::State::Up && !primaryAvailable;
    s->weight = server.weight;
    s->configWeight = server.config.weight;
    s->steered = server.isSteered();
    if (s->state == ServerStats::State::Failed)
        s->failedForMs = server.checkedMs + server.config.failTimeoutMs - nowMs;
    s->lastCheck = server.lastCheck;
    s->healthChecks = server.healthChecks;
    s->healthCheckFails = server.healthCheckFails;
    s->healthUnhealthy = server.healthUnhealthy;
    s->lastCheckPassed = server.lastCheckPassed;
    s->lastError = server.lastError;
    if (!server.lastError.isEmpty())
        s->lastErrorTime = wallTime(server.lastErrorMs, nowMs, wallNow);
    s->activeConnections = quint64(qMax(0, server.conns));
    s->selectedTotal = server.selected.load(std::memory_order_relaxed);
    s->connectFailures = server.connectFailures.load(std::memory_order_relaxed);
    s->bytesSent = server.bytesSent.load(std::memory_order_relaxed);
    s->bytesReceived = server.bytesReceived.load(std::memory_order_relaxed);
    s->fails = server.fails;
    s->failing = !isSingle() && server.config.maxFails && server.fails >= server.config.maxFails;
    s->unavailable = quint64(server.unavailable);
    s->connectTimeAverageMs = server.connectAverageMs;
    s->connectTimes = server.connectTimes;
    s->lastConnectTimeMs = server.lastConnectMs;
    if (server.lastSelectedMs >= 0)
        s->lastSelected = wallTime(server.lastSelectedMs, nowMs, wallNow);
    s->stateSince = wallTime(server.stateSinceMs, nowMs, wallNow);
    s->downtimeMs = server.downtimeMs + (countsAsDowntime(server.reportedState) ? qMax<qint64>(0, nowMs - server.stateSinceMs) : 0);
}

void UpstreamGroup::adoptRuntimeState(const UpstreamServer &old, UpstreamServer *server)
{
    // What was set by hand stays over an apply that keeps the server, unless the new config
    // changed that very setting: then the config is what the user just decided.
    if (old.weight != old.config.weight && old.config.weight == server->config.weight) {
        server->weight = old.weight;
        server->effectiveWeight = old.weight;
    }
    if (old.down != old.config.down && old.config.down == server->config.down)
        server->down = old.down;
    if (old.draining && !server->config.down)
        server->draining = true; // a config that says down now ends the drain
    server->lastSelectedMs = old.lastSelectedMs;
    server->lastConnectMs = old.lastConnectMs;
    server->connectTimes = old.connectTimes;
    server->lastError = old.lastError;
    server->lastErrorMs = old.lastErrorMs;
    server->unavailable = old.unavailable;
    server->healthChecks = old.healthChecks;
    server->healthCheckFails = old.healthCheckFails;
    server->healthUnhealthy = old.healthUnhealthy;
    server->lastCheckPassed = old.lastCheckPassed;
    server->reportedState = old.reportedState;
    server->stateSinceMs = old.stateSinceMs;
    server->downtimeMs = old.downtimeMs;
}
