#pragma once

#include "balancer.h"

// nginx's `hash KEY` (ngx_stream_upstream_hash_module.c), compatible with
// Cache::Memcached: h = crc32([rehash as decimal] + key), (h >> 16) & 0x7fff is added to a
// running sum, sum % total_weight walks the servers by weight. A miss (tried, down, failed,
// at max_conns) rehashes; after 20 misses, or for a lone server or an empty key, round robin.
class HashBalancer : public Balancer
{
public:
    UpstreamServer *pick(UpstreamGroup &group, const PickContext &context, PickState &state) override;

    // The key for this connection, evaluated once per session.
    static void evaluateKey(const UpstreamGroup &group, const PickContext &context, PickState &state);
    static constexpr int maxTries = 20;
};
