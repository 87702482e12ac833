#pragma once

#include "accesslog.h"
#include "connectionlimits.h"
#include "serverchange.h"

#include <config.h>
#include <configissue.h>
#include <sessioninfo.h>
#include "workercounters.h"
#include <statssnapshot.h>

#include <QHash>
#include <QObject>
#include <QTimer>
#include <atomic>
#include <tuple>
#include <memory>

class Acceptor;
class ErrorLog;
class HealthChecker;
class HostResolver;
class QThread;
class UpstreamGroup;
class Worker;
struct Listener;
class StreamRouting;

// The proxy engine: owns the listeners, upstream groups and worker threads, and applies
// configurations to them. Lives in the thread that created it (portierd's main thread; the
// GUI gives it a thread of its own); the workers each have their own thread.
//
// apply() is a transaction (see Preflight): everything that can fail is tried before what
// runs is touched, and a config problem refuses the whole apply. Then it diffs the running
// setup against the new config: a listener whose address stays keeps its socket and its
// established connections, even when its settings change; a group whose settings stay
// keeps its balancer state (a rebuilt one keeps its servers' counters); a listener that
// cannot bind reports its own error and the listener it replaces keeps serving.
class Engine : public QObject
{
    Q_OBJECT

public:
    explicit Engine(QObject *parent = nullptr);
    ~Engine() override;

    struct ApplyResult
    {
        ConfigIssues issues;  // validation problems (nothing changed) or per-listener failures
        bool applied = false; // false: the config was refused and the old one keeps running

        bool ok() const { return applied && issues.isEmpty(); }
    };

    ApplyResult apply(const Config &config);
    void stop(); // closes every listener and connection; apply() starts again

    const Config &config() const { return m_config; }
    int workerCount() const { return int(m_workers.size()); }
    std::shared_ptr<ErrorLog> errorLog() const { return m_log; }
    void reopenAccessLogs() { m_accessLogs->reopen(); } // portierd's SIGUSR1, with the error log

    // Resolves the config's host names now, blocking: for portierd's start, before serving,
    // so the first connections do not meet an unresolved group. apply() never blocks.
    void resolveHostNames(const Config &config);

    StatsSnapshot snapshot() const;

    // Steers one server of a running group at once, without an apply and without dropping a
    // connection: group as in ServerStats::upstream (an upstream's name, or proxy_pass
    // host:port), server its position in that group's servers (ServerStats::index). Returns
    // why not, in words ("no upstream group ..."), or an empty string when done.
    QString setServerState(const QString &group, int server, const ServerChange &change);
    void setStatsInterval(int milliseconds);

    // Live sessions (enginesessions.cpp), asked of every worker with a blocking call: for the
    // API and the views' actions, never per packet. who: "from the window", "through the API
    // from 127.0.0.1", as the error log's line about each closed session says.
    QList<SessionInfo> sessions(const SessionFilter &filter = SessionFilter());
    QList<ClosedSession> closedSessions(); // the most recent SessionRegistry::closedCapacity, oldest first
    int closeSessions(const SessionFilter &filter, const QString &who);
    // Each worker's session totals (/metrics), read without calling into the workers.
    QList<WorkerStats> workerStats() const;
    // While at least one watcher is on, each worker sends sessionsChanged at the stats
    // interval (only when something changed), a full batch first.
    void watchSessions(bool watch);

signals:
    void statsUpdated(const StatsSnapshot &snapshot);
    void stopped(); // stop() closed every listener and connection; no snapshots follow
    void applied(); // a config now runs (config() is it): the API and views follow it
    void listenerStarted(const QString &listen);
    void listenerFailed(const QString &listen, const QString &error);
    // An active health check changed a server's state (for notifications).
    void serverHealthChanged(const QString &upstream, const QString &address, bool healthy, const QString &reason);
    void sessionsChanged(const SessionBatch &batch); // from the engine's thread, one worker's batch

private:
    struct WorkerThread
    {
        QThread *thread = nullptr;
        Worker *worker = nullptr;
    };

    struct Planned;
    QString startWorkers(int count); // empty, or why not every thread could start
    bool ensureWorkers(const Config &config, ApplyResult *result);
    bool planListeners(const Config &config, std::vector<Planned> *plan, QHash<QString, std::shared_ptr<UpstreamGroup>> *groups,
                       ApplyResult *result);
    void bindAndSwap(const Config &config, const std::vector<Planned> &plan, const QHash<QString, std::shared_ptr<UpstreamGroup>> &groups,
                     ApplyResult *result);
    void swap(const Config &config, const QHash<QString, std::shared_ptr<UpstreamGroup>> &groups,
              const QHash<QString, std::shared_ptr<const Listener>> &listeners, const QHash<QString, QString> &errors);
    void stopWorkers();
    void publishSessionBatches(bool full);
    void publishListeners();
    void updateHealthCheckers();
    void warnAboutHostBits(const ListenerConfig &listener, qsizetype index);
    static void addCounters(const Acceptor &acceptor, ListenerStats *stats);
    bool prepareTls(const Config &config, qsizetype index, const Listener *running, Listener *listener, ApplyResult *result);
    // return text or proxy_pass with variables (variableroute.h): false = a plain proxy_pass.
    bool planRouting(const Config &config, const ListenerConfig &listenerConfig, Listener *listener,
                     QHash<QString, std::shared_ptr<UpstreamGroup>> *groups);
    std::shared_ptr<UpstreamGroup> groupFor(const Config &config, const QString &proxyPass,
                                            QHash<QString, std::shared_ptr<UpstreamGroup>> *built);

    Config m_config;
    std::shared_ptr<ErrorLog> m_log;
    std::shared_ptr<std::atomic<quint64>> m_connectionCounter;
    std::vector<WorkerThread> m_workers;
    QHash<QString, std::shared_ptr<UpstreamGroup>> m_groups;     // by name (or proxy_pass host:port)
    std::shared_ptr<const StreamRouting> m_routing;              // the config's maps and split_clients, built once per change
    std::tuple<QList<MapConfig>, QList<SplitClientsConfig>> m_routingFor;
    QHash<QString, std::shared_ptr<const Listener>> m_listeners; // by normalized address/protocol
    QHash<QString, QString> m_listenerErrors;                    // listen -> why it is not listening
    ConnectionZones m_connectionZones; // limit_conn_zone counts, kept over re-applies
    std::unique_ptr<AccessLogs> m_accessLogs; // access_log files and compiled formats, kept over re-applies
    QHash<QString, QString> m_standIns; // listen that failed to bind -> key of the old listener serving in its place
    std::vector<std::unique_ptr<HealthChecker>> m_healthCheckers;
    HostResolver *m_resolver = nullptr;
    QTimer m_statsTimer;
    int m_sessionWatchers = 0;
};
