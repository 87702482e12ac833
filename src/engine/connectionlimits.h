#pragma once

#include "limitconnzone.h"

#include <config.h>
#include <errorlog.h>
#include <statssnapshot.h>

#include <QHash>
#include <QHostAddress>
#include <QSet>
#include <functional>
#include <memory>
#include <vector>

// nginx's connection-time variables of a new client, from the engine's addresses.
StreamFacts streamFacts(const QHostAddress &client, quint16 clientPort, const QHostAddress &server, quint16 serverPort, bool udp,
                        quint64 connection);

// A listener's limit_conn lines (and its max_connections), compiled once when the listener
// is built: nginx's preaccess phase (ngx_stream_limit_conn_handler). Immutable, shared by
// every worker; the zones it names count under their own mutexes.
class ConnectionLimits
{
public:
    struct Limit
    {
        std::shared_ptr<LimitConnZone> zone;
        int connections = 1;
        bool maxConnections = false; // the listener's own cap, logged by its field name
    };

    ConnectionLimits(std::vector<Limit> limits, ErrorLog::Level logLevel, bool dryRun);

    bool isEmpty() const { return m_limits.empty(); }
    bool needsServerAddress() const { return m_needsServerAddress; }
    const std::vector<Limit> &limits() const { return m_limits; }

    // Counts the session in every zone, in order; false when one is at its limit (logged as
    // nginx logs it, `context` being ", client: ..., server: ..."), and then it holds none.
    // A key that evaluates empty is not counted; in dry run nothing is refused.
    // `beforeRefusal` runs first when one refuses (nginx's "client ... connected" line comes
    // before its "limiting connections").
    bool admit(const StreamFacts &facts, ErrorLog &log, quint64 number, const std::function<QString()> &context, LimitConnHold *hold,
               const std::function<void()> &beforeRefusal) const;

private:
    std::vector<Limit> m_limits;
    ErrorLog::Level m_logLevel;
    bool m_dryRun;
    bool m_needsServerAddress = false;
};

// The engine's zones by name, kept from one apply to the next while a zone keeps its key
// and size, so a re-apply does not forget who holds what (nginx keeps a zone's shared memory
// over a reload the same way). Engine thread only.
class ConnectionZones
{
public:
    // The compiled limits of one listener; null when it has none. `listenerKey` names the
    // listener's own max_connections zone.
    std::shared_ptr<const ConnectionLimits> limitsFor(const Config &config, const ListenerConfig &listener, const QString &listenerKey);
    // After an apply: drops the zones the applied config no longer names (sessions still
    // counted in one keep it alive until they end).
    void keepOnlyUsed();
    // The limit_conn_zone figures, by zone name (listeners' own max_connections zones are
    // not zones of the config and are left out).
    QList<LimitZoneStats> stats() const;

private:
    std::shared_ptr<LimitConnZone> zone(const QString &name, const QString &key, qint64 size);

    QHash<QString, std::shared_ptr<LimitConnZone>> m_zones;
    QSet<QString> m_used;
};
