#include "roundrobinbalancer.h"

UpstreamServer *RoundRobinBalancer::pickRoundRobin(UpstreamGroup &group, const PickContext &context, PickState &state)
{
    if (group.primaries().empty() && group.backups().empty())
        return nullptr; // every server is a host name that has not resolved
    if (group.isSingle()) {
        // A lone server without backups ignores max_fails and fail_timeout.
        UpstreamServer &server = *group.primaries().front();
        if (server.down || server.draining || server.unhealthy || (server.config.maxConns && server.conns >= server.config.maxConns))
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
