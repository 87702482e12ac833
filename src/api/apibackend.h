#pragma once

#include "config.h"
#include "nginxplusapi.h"
#include "recentlines.h"
#include "serverchange.h"
#include "sessioninfo.h"
#include "statssnapshot.h"
#include "workercounters.h"

// What the API reads and changes, behind one interface: ApiServer answers it from the
// running Engine (and the program's way of applying a config), tests can answer it from
// fixed values. Called on the API's thread, which is the engine's.
class ApiBackend
{
public:
    virtual ~ApiBackend() = default;

    virtual StatsSnapshot stats() const = 0;
    virtual const Config &config() const = 0;
    virtual NginxPlusApi::Facts facts() const = 0;
    virtual int workers() const = 0;
    // Each worker's session totals, for /metrics' portier_worker_* (none: not written).
    virtual QList<WorkerStats> workerStats() const { return {}; }

    // Validates and applies a whole config as the GUI's Apply and SIGHUP do (and keeps it:
    // portierd writes its file). Empty: applied; otherwise why not, nothing changed.
    virtual ConfigIssues applyConfig(const Config &config) = 0;

    // Steers one server at once (Engine::setServerState): empty, or why not in words.
    virtual QString setServer(const QString &group, int server, const ServerChange &change) = 0;

    // The error log's latest lines; null when this backend keeps none.
    virtual const RecentLines *recentLines() const { return nullptr; }

    // Live sessions (sessionsapi.h): Engine::sessions, closedSessions, closeSessions. A
    // backend without sessions lists none.
    virtual QList<SessionInfo> sessions(const SessionFilter &) { return {}; }
    virtual QList<ClosedSession> closedSessions() { return {}; }
    virtual int closeSessions(const SessionFilter &, const QString &) { return 0; }
};
