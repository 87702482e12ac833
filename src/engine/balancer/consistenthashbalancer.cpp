#include "consistenthashbalancer.h"

#include "hashbalancer.h"
#include "roundrobinbalancer.h"

#include <algorithm>
#include "crc32.h"

ConsistentHashBalancer::ConsistentHashBalancer(const UpstreamGroup &group)
{
    constexpr int pointsPerWeight = 160;
    for (const auto &server : group.primaries()) {
        const QByteArray text = server->config.address.toUtf8();
        // Split at the last ':' followed only by digits; otherwise the whole text is the host.
        qsizetype colon = -1;
        for (qsizetype j = text.size() - 1; j >= 0; --j) {
            if (text.at(j) == ':') {
                colon = j;
                break;
            }
            if (text.at(j) < '0' || text.at(j) > '9')
                break;
        }
        const QByteArray host = colon < 0 ? text : text.left(colon);
        const QByteArray port = colon < 0 ? QByteArray() : text.mid(colon + 1);
        const quint32 base = Crc32::of(QByteArray(host + '\0' + port));

        quint32 previous = 0;
        for (int j = 0; j < server->config.weight * pointsPerWeight; ++j) {
            const char bytes[4] = {char(previous), char(previous >> 8), char(previous >> 16), char(previous >> 24)};
            const quint32 hash = Crc32::update(base, QByteArrayView(bytes, 4));
            m_points.push_back({hash, &server->config.address});
            previous = hash;
        }
    }
    std::stable_sort(m_points.begin(), m_points.end(), [](const Point &a, const Point &b) { return a.hash < b.hash; });
    m_points.erase(std::unique(m_points.begin(), m_points.end(), [](const Point &a, const Point &b) { return a.hash == b.hash; }),
                   m_points.end());
}

UpstreamServer *ConsistentHashBalancer::pick(UpstreamGroup &group, const PickContext &context, PickState &state)
{
    if (!state.keyed) {
        HashBalancer::evaluateKey(group, context, state);
        const quint32 hash = Crc32::of(state.key);
        const auto first = std::lower_bound(m_points.begin(), m_points.end(), hash, [](const Point &p, quint32 h) { return p.hash < h; });
        state.hash = quint32(first - m_points.begin()); // may be size(): wraps below
    }
    if (state.hashTries > HashBalancer::maxTries || group.isSingle() || state.key.isEmpty() || m_points.empty())
        return RoundRobinBalancer::pickRoundRobin(group, context, state);

    for (;;) {
        const QString *server = m_points[state.hash % m_points.size()].server;
        UpstreamServer *best = RoundRobinBalancer::smoothWeighted(
            group.primaries(),
            [&](const UpstreamServer &candidate) {
                return !state.tried.contains(false, candidate.index) && UpstreamGroup::isAvailable(candidate, context.nowMs)
                       && candidate.config.address == *server;
            },
            context.nowMs);
        if (best)
            return best;
        state.hash++;
        if (++state.hashTries > HashBalancer::maxTries)
            return RoundRobinBalancer::pickRoundRobin(group, context, state);
    }
}
