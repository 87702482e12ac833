#include "roundrobinbalancer.h"

UpstreamServer *RoundRobinBalancer::pickFrom(std::vector<std::unique_ptr<UpstreamServer>> &servers, bool backup,
                                             const PickContext &context, TriedSet *tried)
{
    UpstreamServer *best = nullptr;
    qint64 total = 0;
    for (const auto &pointer : servers) {
        UpstreamServer &server = *pointer;
        if (tried->contains(backup, server.index) || server.config.down)
            continue;
        if (UpstreamGroup::isFailed(server, context.nowMs))
            continue;
        if (server.config.maxConns && server.conns >= server.config.maxConns)
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
    if (context.nowMs - best->checkedMs > best->config.failTimeoutMs)
        best->checkedMs = context.nowMs;
    return best;
}

UpstreamServer *RoundRobinBalancer::pick(UpstreamGroup &group, const PickContext &context, TriedSet *tried)
{
    if (group.isSingle()) {
        // nginx: a lone server without backups ignores max_fails and fail_timeout.
        UpstreamServer &server = *group.primaries().front();
        if (server.config.down || (server.config.maxConns && server.conns >= server.config.maxConns))
            return nullptr;
        return &server;
    }
    if (UpstreamServer *server = pickFrom(group.primaries(), false, context, tried))
        return server;
    return pickFrom(group.backups(), true, context, tried);
}
