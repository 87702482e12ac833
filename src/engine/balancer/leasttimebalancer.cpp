#include "leasttimebalancer.h"

#include "roundrobinbalancer.h"

double LeastTimeBalancer::estimate(const UpstreamServer &server, qint64 nowMs) const
{
    double average = qMax(0.0, server.timeAverageMs);
    if (m_inflight && server.inflight > 0) {
        const double age = double(nowMs) - double(server.inflightStartSumMs) / server.inflight;
        average = server.timeAverageMs < 0 ? age : 0.05 * age + 0.95 * server.timeAverageMs;
    }
    return average * (1 + server.conns);
}

UpstreamServer *LeastTimeBalancer::pick(UpstreamGroup &group, const PickContext &context, PickState &state)
{
    if (group.isSingle())
        return RoundRobinBalancer::pickRoundRobin(group, context, state);

    return RoundRobinBalancer::withBackups(group, state, [&](std::vector<std::unique_ptr<UpstreamServer>> &servers, bool backup) {
        auto eligible = [&](const UpstreamServer &server) {
            return !state.tried.contains(backup, server.index) && UpstreamGroup::isAvailable(server, context.nowMs);
        };
        double best = -1;
        for (const auto &server : servers) {
            if (eligible(*server)) {
                const double e = estimate(*server, context.nowMs);
                if (best < 0 || e < best)
                    best = e;
            }
        }
        if (best < 0)
            return static_cast<UpstreamServer *>(nullptr);
        return RoundRobinBalancer::smoothWeighted(
            servers, [&](const UpstreamServer &server) { return eligible(server) && estimate(server, context.nowMs) == best; },
            context.nowMs);
    });
}
