#include "roundrobinbalancer.h"

UpstreamServer *RoundRobinBalancer::smoothWeighted(std::vector<std::unique_ptr<UpstreamServer>> &servers,
                                                   const std::function<bool(const UpstreamServer &)> &eligible, qint64 nowMs)
{
    UpstreamServer *best = nullptr;
    qint64 total = 0;
    for (const auto &pointer : servers) {
        UpstreamServer &server = *pointer;
        if (!eligible(server))
            continue;
        server.currentWeight += server.effectiveWeight;
        total += server.effectiveWeight;
        if (server.effectiveWeight < server.config.weight)
            server.effectiveWeight++;
        if (!best || server.currentWeight > best->currentWeight) // strict: ties go to the earlier server
            best = &server;
    }
    if (!best)
        return nullptr;
    best->currentWeight -= total;
    if (nowMs - best->checkedMs > best->config.failTimeoutMs)
        best->checkedMs = nowMs;
    return best;
}

UpstreamServer *RoundRobinBalancer::withBackups(
    UpstreamGroup &group, PickState &state,
    const std::function<UpstreamServer *(std::vector<std::unique_ptr<UpstreamServer>> &, bool)> &pickFrom)
{
    if (!state.backups) {
        if (UpstreamServer *server = pickFrom(group.primaries(), false))
            return server;
        if (group.backups().empty())
            return nullptr;
        state.backups = true; // nginx moves the session to peers->next for good
    }
    return pickFrom(group.backups(), true);
}

UpstreamServer *RoundRobinBalancer::pickRoundRobin(UpstreamGroup &group, const PickContext &context, PickState &state)
{
    if (group.primaries().empty() && group.backups().empty())
        return nullptr; // every server is a host name that has not resolved
    if (group.isSingle()) {
        // A lone server without backups ignores max_fails and fail_timeout.
        UpstreamServer &server = *group.primaries().front();
        if (server.config.down || server.unhealthy || (server.config.maxConns && server.conns >= server.config.maxConns))
            return nullptr;
        return &server;
    }
    return withBackups(group, state, [&](std::vector<std::unique_ptr<UpstreamServer>> &servers, bool backup) {
        return smoothWeighted(
            servers,
            [&](const UpstreamServer &server) {
                return !state.tried.contains(backup, server.index) && UpstreamGroup::isAvailable(server, context.nowMs);
            },
            context.nowMs);
    });
}

UpstreamServer *RoundRobinBalancer::pick(UpstreamGroup &group, const PickContext &context, PickState &state)
{
    return pickRoundRobin(group, context, state);
}
