#include "balancer.h"

#include "consistenthashbalancer.h"
#include "hashbalancer.h"
#include "leastconnbalancer.h"
#include "leasttimebalancer.h"
#include "randombalancer.h"
#include "roundrobinbalancer.h"

std::unique_ptr<Balancer> Balancer::create(const UpstreamGroup &group)
{
    const UpstreamConfig &config = group.config();
    switch (config.method) {
    case UpstreamConfig::Method::RoundRobin:
        return std::make_unique<RoundRobinBalancer>();
    case UpstreamConfig::Method::LeastConn:
        return std::make_unique<LeastConnBalancer>();
    case UpstreamConfig::Method::LeastTime:
        return std::make_unique<LeastTimeBalancer>(config.inflight);
    case UpstreamConfig::Method::Hash:
        if (config.consistent)
            return std::make_unique<ConsistentHashBalancer>(group);
        return std::make_unique<HashBalancer>();
    case UpstreamConfig::Method::Random:
        return std::make_unique<RandomBalancer>(group, config.randomTwo);
    }
    return std::make_unique<RoundRobinBalancer>();
}
