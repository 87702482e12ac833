#pragma once

#include "balancer.h"

// nginx's smooth weighted round robin (ngx_stream_upstream_round_robin.c). Also the
// fallback every other method uses.
class RoundRobinBalancer : public Balancer
{
public:
    UpstreamServer *pick(UpstreamGroup &group, const PickContext &context, TriedSet *tried) override;

    // One pass over a list (primaries or backups); nullptr when none qualifies.
    static UpstreamServer *pickFrom(std::vector<std::unique_ptr<UpstreamServer>> &servers, bool backup,
                                    const PickContext &context, TriedSet *tried);
};
