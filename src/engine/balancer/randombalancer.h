#pragma once

#include "balancer.h"

// nginx's `random [two [least_conn]]` (ngx_stream_upstream_random_module.c): a server drawn
// with probability proportional to its weight; with `two`, two distinct servers are drawn
// and the one with fewer connections per weight wins. After 20 unusable draws, or for a
// lone server, round robin.
class RandomBalancer : public Balancer
{
public:
    RandomBalancer(const UpstreamGroup &group, bool two);
    UpstreamServer *pick(UpstreamGroup &group, const PickContext &context, PickState &state) override;

private:
    std::size_t draw() const;

    std::vector<int> m_ranges; // cumulative weight before each primary
    int m_totalWeight = 0;
    bool m_two;
};
