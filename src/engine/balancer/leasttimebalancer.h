#pragma once

#include "balancer.h"

// least_time connect | first_byte | last_byte [inflight] (nginx 1.31 / Plus semantics): each
// server's time is a moving average (avg = 0.05 * sample + 0.95 * avg, the first sample
// becomes the average); the estimate avg * (1 + connections) picks, ties by smooth WRR;
// servers without a sample yet estimate 0, so each gets measured. `inflight` also counts
// sessions still waiting for their sample with their age so far, so a server that has
// stalled stops looking fast before any of its sessions finishes. Backups as least_conn.
class LeastTimeBalancer : public Balancer
{
public:
    explicit LeastTimeBalancer(bool inflight) : m_inflight(inflight) {}
    UpstreamServer *pick(UpstreamGroup &group, const PickContext &context, PickState &state) override;

    double estimate(const UpstreamServer &server, qint64 nowMs) const;

private:
    bool m_inflight;
};
