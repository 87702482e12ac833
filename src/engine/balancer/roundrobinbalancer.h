#pragma once

#include "balancer.h"

#include <functional>

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
    static UpstreamServer *smoothWeighted(std::vector<std::unique_ptr<UpstreamServer>> &servers,
                                          const std::function<bool(const UpstreamServer &)> &eligible, qint64 nowMs);

    // Runs `pickFrom` on the primaries and, when none qualifies, switches the session to
    // the backups as nginx does (round robin and least_conn).
    static UpstreamServer *withBackups(UpstreamGroup &group, PickState &state,
                                       const std::function<UpstreamServer *(std::vector<std::unique_ptr<UpstreamServer>> &, bool)> &pickFrom);
};
