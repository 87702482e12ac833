#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include "durationhistogram.h"

// What the engine reports about once a second: counters per listener and per upstream
// server, plus totals. A value: views paint it, nothing reaches back into the engine.
struct ListenerStats
{
    int index = -1; // position in Config::listeners: tells a TCP and a UDP listener on one port apart
    QString listen;
    QString protocol;
    bool enabled = true;        // a disabled listener is not expected to listen
    bool listening = false;
    QString error;              // why it is not listening, in words
    quint64 activeConnections = 0;
    quint64 acceptedConnections = 0;
    quint64 bytesFromClients = 0; // client -> upstream
    quint64 bytesToClients = 0;   // upstream -> client
    quint64 bytesSpliced = 0;     // of both, what went through splice() (Linux) instead of a copy
    quint64 connectFailures = 0;  // upstream connects that failed or timed out
    quint64 noLiveUpstreams = 0;  // sessions closed because no server could be picked
    quint64 denied = 0;           // clients refused by the access rules (TCP connections, UDP datagrams)
    quint64 refusedFull = 0;      // connections closed at once, every worker at worker_connections (in accepted too)
    quint64 limited = 0;          // clients refused by limit_conn or max_connections (the same)
    quint64 datagramsFromClients = 0; // UDP listeners; activeConnections counts UDP sessions
    quint64 datagramsToClients = 0;
    quint64 datagramsDropped = 0;     // a socket buffer was full, or a datagram too large
    quint64 tlsHandshakes = 0;        // TLS listeners: client handshakes completed
    quint64 tlsSessionsReused = 0;    // of which resumed a session (cache or ticket)
    quint64 tlsHandshakeFailures = 0; // client handshakes that failed or timed out
};

// One upstream server as the engine sees it. The figures match nginx Plus's
// /stream/upstreams/<group>/peers entries, so an API can hand them out as they are:
// active = activeConnections, connections = selectedTotal, sent/received = bytesSent/
// bytesReceived, fails = connectFailures, unavail = unavailable, downtime = downtimeMs,
// selected = lastSelected, connect_time = connectTimeAverageMs, weight, backup, and state
// through nginxState().
struct ServerStats
{
    QString upstream;
    int index = -1; // position in its group's servers (several may share an address)
    QString address;
    // Down: by config or by hand. Failed: out for fail_timeout after max_fails (nginx
    // "unavail"). Draining: out for new connections, established ones still running;
    // Drained: the same with none left.
    enum class State { Up, Down, Failed, Unhealthy, Draining, Drained } state = State::Up;
    bool backup = false;
    bool backupInUse = false; // a backup taking connections because no primary can
    int weight = 1;           // in force (the config's, or one set at run time)
    int configWeight = 1;     // what the config says
    bool steered = false;     // weight, down or drain set at run time and not in the config
    quint64 activeConnections = 0;
    quint64 selectedTotal = 0;
    quint64 connectFailures = 0;
    quint64 bytesSent = 0;      // to the server
    quint64 bytesReceived = 0;  // from the server
    int fails = 0;
    // Passive health took it out (max_fails) and no connect has worked since. Unlike State
    // Failed this stays true after fail_timeout, until a try succeeds: what notices follow.
    bool failing = false;
    quint64 unavailable = 0;         // times passive health took it out
    qint64 failedForMs = 0;          // state Failed: how long it stays out (passive health)
    QString lastCheck;               // the last active health check's result, in words
    quint64 healthChecks = 0;        // active health checks made (nginx Plus health_checks.checks)
    quint64 healthCheckFails = 0;    // of which failed (fails)
    quint64 healthUnhealthy = 0;     // times the checks turned it unhealthy (unhealthy)
    int lastCheckPassed = -1;        // the last check passed (1) or not (0); < 0: no check yet
    QString lastError;               // the last failure to connect or proxy, in the log's words
    QDateTime lastErrorTime;
    double connectTimeAverageMs = -1; // moving average, as least_time's; < 0: none yet
    qint64 lastConnectTimeMs = -1;    // the latest connect; < 0: none yet
    DurationHistogram connectTimes;   // every connect's time since the server was configured
    QDateTime lastSelected;           // invalid: never chosen
    QDateTime stateSince;             // when it entered its state (as seen at 1 Hz at worst)
    qint64 downtimeMs = 0;            // total time failed or unhealthy, the current spell included

    static QString nginxState(State state); // "up", "down", "unavail", "unhealthy", "draining"
};

// One limit_conn_zone, as nginx Plus's /stream/limit_conns/<zone> reports it.
struct LimitZoneStats
{
    QString name;
    quint64 passed = 0;         // sessions the zone let through
    quint64 rejected = 0;       // sessions it refused
    quint64 rejectedDryRun = 0; // sessions it would have refused, had limit_conn_dry_run been off
};

struct StatsSnapshot
{
    QDateTime time;
    qint64 monotonicMs = 0; // the engine's steady clock when taken: rates divide by its differences
    QList<ListenerStats> listeners;
    QList<ServerStats> servers;
    QList<LimitZoneStats> limitZones;

    quint64 totalActiveConnections() const;
    quint64 totalBytesFromClients() const;
    quint64 totalBytesToClients() const;
    int enabledListeners() const;
    // Enabled listeners that are not listening (a bind failed): the engine is degraded.
    int failedListeners() const;
};

Q_DECLARE_METATYPE(StatsSnapshot)
