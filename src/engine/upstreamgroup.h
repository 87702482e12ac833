#pragma once

#include "serverchange.h"
#include "upstreamserver.h"

#include <config.h>
#include <hashkey.h>

#include <QDateTime>
#include <QMutex>
#include <functional>
#include <QVarLengthArray>
#include <memory>
#include <optional>
#include <vector>

class Balancer;
class ErrorLog;
struct ServerStats;

// The servers a session has tried so far (nginx's `tried` bitmap), kept apart for the
// primary and the backup list.
class TriedSet
{
public:
    bool contains(bool backup, int index) const;
    void insert(bool backup, int index);

private:
    QVarLengthArray<quint64, 2> m_bits;
};

// What a balancer knows about the connection it picks for.
struct PickContext
{
    // Read only by a hash key, so given only for one: a session keeps its client's address
    // packed, and a QHostAddress made just to be ignored would cost an allocation per pick.
    const Net::Endpoint *client = nullptr; // the group has a hash key
    const Net::Endpoint *server = nullptr; // the local address: the key reads $server_addr/_port
    qint64 nowMs = 0;
};

// A session's balancer state across its tries (nginx's per-request peer data).
struct PickState
{
    TriedSet tried;
    bool backups = false;     // switched to the backup list (round robin, least_conn)
    bool keyed = false;       // hash: key evaluated and, for consistent, the ring point found
    QByteArray key;
    quint32 hash = 0;         // hash: running sum; consistent: ring index
    quint32 rehash = 0;
    int hashTries = 0;        // hash and random: after 20 misses nginx falls back to round robin
};

// An upstream group at run time: the servers, their shared peer state and the group's
// balancer. Shared by every worker (nginx with a `zone`): picks from different threads see
// one sequence, guarded by one mutex held only for the pick or the release.
class UpstreamGroup
{
public:
    // Host names in server addresses become one server per address (nginx does the same);
    // lookup says what a name resolves to now (empty: not resolved, no server for it yet).
    using AddressLookup = std::function<QList<QHostAddress>(const QString &host)>;

    UpstreamGroup(const UpstreamConfig &config, std::shared_ptr<ErrorLog> log, const AddressLookup &lookup = {});

    // The addresses each server stands for, as built; a group is rebuilt when this changes.
    static QStringList addressSignature(const UpstreamConfig &config, const AddressLookup &lookup);
    const QStringList &addressSignature() const { return m_addressSignature; }
    ~UpstreamGroup();

    const UpstreamConfig &config() const { return m_config; }
    const QString &name() const { return m_config.name; }

    // How many servers a session may try in all (nginx's peer.tries).
    int initialTries() const;
    bool keyNeedsServerAddress() const { return m_hashKey && m_hashKey->usesServerAddress(); }
    const std::optional<HashKey> &hashKey() const { return m_hashKey; }

    // Picks a server and counts a connection to it; nullptr = no live upstreams.
    UpstreamServer *pick(const PickContext &context, PickState *state);
    // The TCP connect succeeded (nginx's NOTIFY_CONNECT: a server tried again after
    // fail_timeout is live again).
    void connected(UpstreamServer *server, qint64 connectMs);
    enum class Timing { FirstByte, LastByte };
    void measured(UpstreamServer *server, Timing timing, qint64 ms);
    // least_time inflight: a pick by a least_time group starts a measurement that counts
    // with its age until the session delivers its sample or ends; then it calls this once.
    bool measuresTime() const { return m_config.method == UpstreamConfig::Method::LeastTime; }
    void finishMeasurement(UpstreamServer *server, qint64 startMs);
    // Ends the use of a server: failed feeds passive health (max_fails / fail_timeout).
    // Returns true when this failure took the server out for fail_timeout (nginx logs
    // "upstream server temporarily disabled" then; the caller has the context to log it).
    bool release(UpstreamServer *server, bool failed, qint64 nowMs, int *tries);

    // Active health checks report each check here (engine thread): whether it passed, the
    // health it leaves the server in, and the result in words. Returns true when the state changed.
    bool setHealth(UpstreamServer *server, bool passed, bool healthy, const QString &result);

    // A session's failure, in the log's words, for the stats (failure path only).
    void recordError(UpstreamServer *server, const QString &error, qint64 nowMs);

    // Steers the servers at configIndex (a host name may stand for several) at once: the
    // next pick sees it. Returns why not, in words, or an empty string.
    QString steer(int configIndex, const ServerChange &change, qint64 nowMs);

    // Also keeps each server's state history (when it changed, downtime) as it goes.
    QList<ServerStats> stats(qint64 nowMs, const QDateTime &wallNow) const;
    // A rebuilt group (new weights, servers added or removed) goes on counting from the
    // totals of the group it replaces, server by server (same address as written and as
    // resolved), and keeps what was steered at run time unless the config changed that very
    // setting (a weight edited in the config wins over the weight set by hand). Before any
    // worker sees this group.
    void adoptCounters(const UpstreamGroup &previous);

    // For balancers, with the mutex held.
    std::vector<std::unique_ptr<UpstreamServer>> &primaries() { return m_primaries; }
    std::vector<std::unique_ptr<UpstreamServer>> &backups() { return m_backups; }
    const std::vector<std::unique_ptr<UpstreamServer>> &primaries() const { return m_primaries; }
    bool isSingle() const { return m_primaries.size() == 1 && m_backups.empty(); }
    int totalWeight() const { return m_totalWeight; } // of the primaries, down ones included
    static bool isFailed(const UpstreamServer &server, qint64 nowMs);
    // Not down, not unhealthy, not failed, not at max_conns: what every nginx method checks.
    static bool isAvailable(const UpstreamServer &server, qint64 nowMs);

private:
    static void addSample(double *average, double ms);
    int stateOf(const UpstreamServer &server, qint64 nowMs) const; // a ServerStats::State
    void noteState(UpstreamServer &server, qint64 nowMs) const;    // with the mutex held
    static void adoptRuntimeState(const UpstreamServer &old, UpstreamServer *server);
    void fillStats(const UpstreamServer &server, bool primaryAvailable, qint64 nowMs, const QDateTime &wallNow, ServerStats *s) const;

    UpstreamConfig m_config;
    std::shared_ptr<ErrorLog> m_log;
    std::optional<HashKey> m_hashKey;
    mutable QMutex m_mutex;
    std::vector<std::unique_ptr<UpstreamServer>> m_primaries;
    std::vector<std::unique_ptr<UpstreamServer>> m_backups;
    int m_totalWeight = 0;
    QStringList m_addressSignature;
    QList<int> m_unresolved; // servers (config positions) whose host name has no address yet
    std::unique_ptr<Balancer> m_balancer;
};
