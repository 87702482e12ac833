#pragma once

#include "balancer.h"

// nginx's `hash KEY consistent` (ketama, compatible with Cache::Memcached::Fast): each
// primary server gets weight * 160 points on a ring, keyed by the server string as written
// (host and port split at the last ':'): base = crc32(host "\0" port), point j =
// crc32(base + previous point as 4 little-endian bytes). A key starts at the first point
// >= crc32(key) and walks on; among the servers named by a point, smooth WRR. After 20
// misses, or for a lone server or an empty key, round robin.
class ConsistentHashBalancer : public Balancer
{
public:
    explicit ConsistentHashBalancer(const UpstreamGroup &group);
    UpstreamServer *pick(UpstreamGroup &group, const PickContext &context, PickState &state) override;

    struct Point
    {
        quint32 hash;
        const QString *server; // the address text of a server in the group
    };
    const std::vector<Point> &points() const { return m_points; }

private:
    std::vector<Point> m_points;
};
