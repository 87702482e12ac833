#pragma once

#include "upstreamserver.h"

#include <config.h>

#include <QMutex>
#include <QVarLengthArray>
#include <memory>
#include <vector>

class Balancer;
class ErrorLog;
struct ServerStats;

// The servers a session may be tried against so far (nginx's `tried` bitmap), kept apart
// for the primary and the backup list.
class TriedSet
{
public:
    bool contains(bool backup, int index) const;
    void insert(bool backup, int index);
    void clear();

private:
    QVarLengthArray<quint64, 2> m_bits;
};

// What a balancer needs to know about the connection it picks for.
struct PickContext
{
    Net::Endpoint client;
    qint64 nowMs = 0;
};

// An upstream group at run time: the servers, their shared peer state and the group's
// balancer. Shared by every worker (nginx with a `zone`): picks from different threads see
// one sequence, guarded by one mutex held only for the pick or the release.
class UpstreamGroup
{
public:
    UpstreamGroup(const UpstreamConfig &config, std::shared_ptr<ErrorLog> log);
    ~UpstreamGroup();

    const UpstreamConfig &config() const { return m_config; }
    const QString &name() const { return m_config.name; }

    // How many servers a session may try in all (nginx's peer.tries).
    int initialTries() const;

    // Picks a server and counts a connection to it; nullptr = no live upstreams.
    UpstreamServer *pick(const PickContext &context, TriedSet *tried);
    // Ends the use of a server: failed feeds passive health (max_fails / fail_timeout).
    // Returns true when this failure took the server out for fail_timeout (nginx logs
    // "upstream server temporarily disabled" then; the caller has the context to log it).
    bool release(UpstreamServer *server, bool failed, qint64 nowMs, int *tries);

    QList<ServerStats> stats(qint64 nowMs) const;

    // For balancers, with the mutex held.
    std::vector<std::unique_ptr<UpstreamServer>> &primaries() { return m_primaries; }
    std::vector<std::unique_ptr<UpstreamServer>> &backups() { return m_backups; }
    bool isSingle() const { return m_primaries.size() == 1 && m_backups.empty(); }
    static bool isFailed(const UpstreamServer &server, qint64 nowMs);

private:
    UpstreamConfig m_config;
    std::shared_ptr<ErrorLog> m_log;
    mutable QMutex m_mutex;
    std::vector<std::unique_ptr<UpstreamServer>> m_primaries;
    std::vector<std::unique_ptr<UpstreamServer>> m_backups;
    std::unique_ptr<Balancer> m_balancer;
};
