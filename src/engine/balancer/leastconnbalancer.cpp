#include "leastconnbalancer.h"

#include "roundrobinbalancer.h"

UpstreamServer *LeastConnBalancer::pick(UpstreamGroup &group, const PickContext &context, PickState &state)
{
    if (group.isSingle())
        return RoundRobinBalancer::pickRoundRobin(group, context, state);

    return RoundRobinBalancer::withBackups(group, state, [&](std::vector<std::unique_ptr<UpstreamServer>> &servers, bool backup) {
        auto eligible = [&](const UpstreamServer &server) {
            return !state.tried.contains(backup, server.index) && UpstreamGroup::isAvailable(server, context.nowMs);
        };
        UpstreamServer *best = nullptr;
        bool many = false;
        for (const auto &pointer : servers) {
            UpstreamServer &server = *pointer;
            if (!eligible(server))
                continue;
            if (!best || qint64(server.conns) * best->weight < qint64(best->conns) * server.weight) {
                best = &server;
                many = false;
            } else if (qint64(server.conns) * best->weight == qint64(best->conns) * server.weight) {
                many = true;
            }
        }
        if (!best || !many) {
            if (best && context.nowMs - best->checkedMs > best->config.failTimeoutMs)
                best->checkedMs = context.nowMs;
            return best;
        }
        // Several share the lowest ratio: smooth WRR among them, as nginx's "many" pass.
        const UpstreamServer *lowest = best;
        return RoundRobinBalancer::smoothWeighted(
            servers,
            [&](const UpstreamServer &server) {
                return eligible(server) && qint64(server.conns) * lowest->weight == qint64(lowest->conns) * server.weight;
            },
            context.nowMs);
    });
}
