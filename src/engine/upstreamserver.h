#pragma once

#include "platform/net.h"

#include <config.h>

#include <atomic>

// One server of an upstream group at run time: its configuration, its nginx peer state
// (guarded by the group's mutex) and its counters (atomics, bumped by any worker).
struct UpstreamServer
{
    ServerConfig config;
    Net::Endpoint endpoint;
    int index = 0; // position among its group's primaries or backups

    // nginx's ngx_stream_upstream_rr_peer_t fields. Guarded by UpstreamGroup::m_mutex.
    int effectiveWeight = 1;
    qint64 currentWeight = 0;
    int conns = 0;
    int fails = 0;
    qint64 accessedMs = 0; // when the last failure happened
    qint64 checkedMs = 0;  // when the server was last tried while failing

    std::atomic<quint64> selected{0};
    std::atomic<quint64> connectFailures{0};
    std::atomic<quint64> bytesSent{0};
    std::atomic<quint64> bytesReceived{0};
};
