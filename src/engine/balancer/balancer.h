#pragma once

#include "../upstreamgroup.h"

// How a server is chosen: one file per method, as nginx's src/stream has. The contract is
// nginx's: pick a peer (the group's mutex is held), and the group frees it later with the
// outcome. Passive health (fails, fail_timeout, effective_weight) is shared peer state kept
// by UpstreamGroup, as nginx keeps it in the round-robin module that every method builds on.
class Balancer
{
public:
    virtual ~Balancer() = default;
    virtual UpstreamServer *pick(UpstreamGroup &group, const PickContext &context, TriedSet *tried) = 0;
};
