#pragma once

#include "platform/net.h"

#include <config.h>

#include <atomic>

// One server of an upstream group at run time: its configuration, its nginx peer state
// (guarded by the group's mutex) and its counters (atomics, bumped by any worker).
struct UpstreamServer
{
    ServerConfig config;   // config.address is the text as written (nginx's peer->server)
    Net::Endpoint endpoint;
    int index = 0;         // position among its group's primaries or backups
    int configIndex = 0;   // position in UpstreamConfig::servers

    // nginx's ngx_stream_upstream_rr_peer_t fields. Guarded by UpstreamGroup's mutex.
    int effectiveWeight = 1;
    qint64 currentWeight = 0;
    int conns = 0;
    int fails = 0;
    qint64 accessedMs = 0; // when the last failure happened
    qint64 checkedMs = 0;  // when the server was last tried while failing

    // Active health checks (engine thread writes, under the mutex).
    bool unhealthy = false;
    QString lastCheck;

    // Timing: connect time always (for the stats); the least_time metric per its mode.
    double connectAverageMs = -1; // < 0: no sample yet
    double timeAverageMs = -1;
    int inflight = 0;             // sessions still waiting for their least_time sample
    qint64 inflightStartSumMs = 0;

    std::atomic<quint64> selected{0};
    std::atomic<quint64> connectFailures{0};
    std::atomic<quint64> bytesSent{0};
    std::atomic<quint64> bytesReceived{0};
};
