#pragma once

#include "../upstreamgroup.h"

#include <memory>

// How a server is chosen: one class and file per method, as nginx's src/stream has one
// module per method. The contract is nginx's: pick a peer with the group's mutex held; the
// group counts the connection, and frees the peer later with the outcome. Passive health
// (fails, fail_timeout, effective_weight) is peer state kept by UpstreamGroup, as nginx
// keeps it in the round-robin module every method builds on.
class Balancer
{
public:
    virtual ~Balancer() = default;
    virtual UpstreamServer *pick(UpstreamGroup &group, const PickContext &context, PickState &state) = 0;

    static std::unique_ptr<Balancer> create(const UpstreamGroup &group);
};
