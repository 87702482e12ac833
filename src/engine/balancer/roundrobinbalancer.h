#pragma once

#include "balancer.h"

// nginx's smooth weighted round robin (ngx_stream_upstream_round_robin.c). Also what every
// other method falls back to.
class RoundRobinBalancer : public Balancer
{
public:
    UpstreamServer *pick(UpstreamGroup &group, const PickContext &context, PickState &state) override;

    // ngx_stream_upstream_get_round_robin_peer: the single-server case, then the primaries,
    // then (once, for the rest of the session) the backups.
    static UpstreamServer *pickRoundRobin(UpstreamGroup &group, const PickContext &context, PickState &state);

    // One pass of smooth WRR over the servers `eligible` accepts: each adds its
    // effective_weight to its current_weight, the highest wins (ties to the earlier one) and
    // pays back the total. Shared with least_conn and least_time for their ties.
    // Templates rather than std::function: they run for every pick, with the group's mutex held.
    template <typename Eligible>
    static UpstreamServer *smoothWeighted(std::vector<std::unique_ptr<UpstreamServer>> &servers, const Eligible &eligible,
                                          qint64 nowMs);

    // Runs `pickFrom(servers, backup)` on the primaries and, when none qualifies, switches the
    // session to the backups as nginx does (round robin and least_conn).
    template <typename PickFrom>
    static UpstreamServer *withBackups(UpstreamGroup &group, PickState &state, const PickFrom &pickFrom);
};

template <typename Eligible>
UpstreamServer *RoundRobinBalancer::smoothWeighted(std::vector<std::unique_ptr<UpstreamServer>> &servers, const Eligible &eligible,
                                                   qint64 nowMs)
{
    UpstreamServer *best = nullptr;
    qint64 total = 0;
    for (const auto &pointer : servers) {
        UpstreamServer &server = *pointer;
        if (!eligible(server))
            continue;
        server.currentWeight += server.effectiveWeight;
        total += server.effectiveWeight;
        if (server.effectiveWeight < server.weight)
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

template <typename PickFrom>
UpstreamServer *RoundRobinBalancer::withBackups(UpstreamGroup &group, PickState &state, const PickFrom &pickFrom)
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
