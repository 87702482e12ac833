#pragma once

#include "balancer.h"

// nginx's least_conn (ngx_stream_upstream_least_conn_module.c): the lowest
// connections/weight (compared by cross-multiplying), ties by smooth weighted round robin
// among the tied servers; backups when no primary qualifies.
class LeastConnBalancer : public Balancer
{
public:
    UpstreamServer *pick(UpstreamGroup &group, const PickContext &context, PickState &state) override;
};
