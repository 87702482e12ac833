#pragma once

#include "platform/net.h"

#include <config.h>
#include <durationhistogram.h>

#include <atomic>

// One server of an upstream group at run time: its configuration, its nginx peer state
// (guarded by the group's mutex) and its counters (atomics, bumped by any worker).
struct UpstreamServer
{
    ServerConfig config;   // config.address is the text as written (nginx's peer->server)
    Net::Endpoint endpoint;
    QByteArray endpointText; // endpoint.toString() in UTF-8, made once: each session's record shares it ($upstream_addr)
    int index = 0;         // position among its group's primaries or backups
    int configIndex = 0;   // position in UpstreamConfig::servers

    // nginx's ngx_stream_upstream_rr_peer_t fields. Guarded by UpstreamGroup's mutex.
    int effectiveWeight = 1;
    qint64 currentWeight = 0;
    int conns = 0;
    int fails = 0;
    qint64 accessedMs = 0; // when the last failure happened
    qint64 checkedMs = 0;  // when the server was last tried while failing
    qint64 lastSelectedMs = -1; // when a pick last chose it (monotonic; < 0: never)

    // Run-time steering (Engine::setServerState), guarded by the group's mutex. weight is the
    // weight in force, which the balancers read; config keeps what the config file says, so a
    // change is runtime state until it is saved (isSteered()).
    int weight = 1;
    bool down = false;     // taken out by hand: no new connections (config.down, or set at run time)
    bool draining = false; // no new connections; the established ones finish (drained at zero)
    bool isSteered() const { return weight != config.weight || down != config.down || draining; }

    // Active health checks (engine thread writes, under the mutex).
    bool unhealthy = false;
    QString lastCheck;
    quint64 healthChecks = 0;     // nginx Plus health_checks: checks made,
    quint64 healthCheckFails = 0; // of which failed,
    quint64 healthUnhealthy = 0;  // times the server turned unhealthy,
    int lastCheckPassed = -1;     // and the last one's result (< 0: none yet)

    // What went wrong last, in the log's words, and when (monotonic ms). Written on the
    // failure path only, under the mutex.
    QString lastError;
    qint64 lastErrorMs = 0;
    int unavailable = 0; // times passive health took it out (nginx Plus `unavail`)

    // State history for the stats, kept by UpstreamGroup::stats() at each snapshot and by
    // the calls that change the state at once (steering, health checks). Under the mutex.
    int reportedState = -1; // ServerStats::State last reported; < 0: none yet
    qint64 stateSinceMs = 0;
    qint64 downtimeMs = 0;  // finished spells of failed or unhealthy (nginx Plus `downtime`)

    // Timing: connect time always (for the stats); the least_time metric per its mode.
    double connectAverageMs = -1; // < 0: no sample yet
    DurationHistogram connectTimes;
    qint64 lastConnectMs = -1;    // the latest connect's time
    double timeAverageMs = -1;
    int inflight = 0;             // sessions still waiting for their least_time sample
    qint64 inflightStartSumMs = 0;

    std::atomic<quint64> selected{0};
    std::atomic<quint64> connectFailures{0};
    std::atomic<quint64> bytesSent{0};
    std::atomic<quint64> bytesReceived{0};
};
