#include "randombalancer.h"

#include "hashbalancer.h"
#include "roundrobinbalancer.h"

#include <QRandomGenerator>

RandomBalancer::RandomBalancer(const UpstreamGroup &group, bool two) : m_two(two)
{
    for (const auto &server : group.primaries()) {
        m_ranges.push_back(m_totalWeight);
        m_totalWeight += server->config.weight;
    }
}

std::size_t RandomBalancer::draw() const
{
    const int x = int(QRandomGenerator::global()->bounded(quint32(m_totalWeight)));
    const auto after = std::upper_bound(m_ranges.begin(), m_ranges.end(), x);
    return std::size_t(after - m_ranges.begin()) - 1;
}

UpstreamServer *RandomBalancer::pick(UpstreamGroup &group, const PickContext &context, PickState &state)
{
    if (state.hashTries > HashBalancer::maxTries || group.isSingle() || m_totalWeight == 0)
        return RoundRobinBalancer::pickRoundRobin(group, context, state);

    const auto &servers = group.primaries();
    UpstreamServer *previous = nullptr;
    for (;;) {
        UpstreamServer *server = servers[draw()].get();
        const bool usable = server != previous && !state.tried.contains(false, server->index)
                            && UpstreamGroup::isAvailable(*server, context.nowMs);
        if (usable) {
            if (!m_two || previous) {
                if (previous && qint64(server->conns) * previous->weight > qint64(previous->conns) * server->weight)
                    server = previous;
                if (context.nowMs - server->checkedMs > server->config.failTimeoutMs)
                    server->checkedMs = context.nowMs;
                return server;
            }
            previous = server;
        }
        if (++state.hashTries > HashBalancer::maxTries)
            return RoundRobinBalancer::pickRoundRobin(group, context, state);
    }
}
