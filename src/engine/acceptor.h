#pragma once

#include "accesslog.h"
#include "connectionlimits.h"
#include "platform/net.h"
#include "tls/snirouter.h"

#include <accessrules.h>
#include <config.h>

#include <atomic>
#include <memory>

class TlsContext;
class UpstreamGroup;
class VariableRoute;
class StreamRouting;

// A listening TCP socket and the counters of everything it accepted. Created and bound by
// the Engine (so a bind error is reported once, in the engine thread); then every worker
// watches the same socket with its own poller and accepts in its own thread, so a new
// connection never crosses threads (one acceptor thread handing descriptors to workers
// would cost a queued cross-thread call per connection). Survives a re-apply that keeps
// its address, so established connections and counters carry on.
class Acceptor
{
public:
    Acceptor(Net::Socket socket, const Net::Endpoint &endpoint, const QString &listen);
    ~Acceptor();
    Q_DISABLE_COPY_MOVE(Acceptor)

    // nginx's listen backlog (NGX_LISTEN_BACKLOG); QTcpServer's default of 50 stalls bursts.
    static constexpr int backlog = 511;

    Net::Socket socket() const { return m_socket; }
    // Stops listening now, even while sessions it accepted still hold this object for its
    // counters. Only once no worker watches the socket any more.
    void closeSocket();
    const Net::Endpoint &endpoint() const { return m_endpoint; }
    const QString &listenText() const { return m_listen; } // as nginx prints "server: ..."
    // A listener moved to another address: its totals go on from the old socket's (not its
    // active count, which the old socket's sessions still hold).
    void inheritCounters(const Acceptor &previous);

    std::atomic<quint64> accepted{0};
    std::atomic<quint64> active{0};
    std::atomic<quint64> bytesFromClients{0};
    std::atomic<quint64> bytesToClients{0};
    std::atomic<quint64> bytesSpliced{0};         // of both directions, moved by splice() (PipePool)
    std::atomic<quint64> connectFailures{0};
    std::atomic<quint64> noLiveUpstreams{0};
    std::atomic<quint64> denied{0};               // refused by the access rules (also counted in accepted)
    std::atomic<quint64> refusedFull{0};          // closed at once, every worker full (also counted in accepted)
    std::atomic<quint64> limited{0};              // refused by limit_conn or max_connections (also counted in accepted)
    std::atomic<quint64> datagramsFromClients{0}; // UDP
    std::atomic<quint64> datagramsToClients{0};
    std::atomic<quint64> datagramsDropped{0};     // a socket buffer was full, or too large
    std::atomic<quint64> tlsHandshakes{0};        // client handshakes completed (TLS listeners)
    std::atomic<quint64> tlsSessionsReused{0};    // of which resumed a session
    std::atomic<quint64> tlsHandshakeFailures{0}; // failed or timed out, as logged at info

private:
    Net::Socket m_socket;
    Net::Endpoint m_endpoint;
    QString m_listen;
};

// One listener as applied: its socket, its settings and the group it proxies to. Immutable
// once built; a re-apply builds a new one (sharing the Acceptor when the address stays), and
// sessions keep the one they started with.
struct Listener
{
    std::shared_ptr<Acceptor> acceptor;
    ListenerConfig config;
    std::shared_ptr<UpstreamGroup> group;
    int udpWorker = 0; // UDP: the one worker that serves this listener
    std::shared_ptr<TlsContext> tls;         // "ssl": terminate TLS from clients; null = plain
    std::shared_ptr<TlsContext> upstreamTls; // "proxy_ssl": speak TLS to the upstream servers
    SniRouter sniRoutes;                     // "sni_routes": group by the client's server name
    AccessRules access;                      // "access": compiled from config.access when built
    AccessRules realIpFrom;                  // "proxy_protocol.set_real_ip_from": trusted peers "deny" (ProxyHeader)
    std::shared_ptr<const ConnectionLimits> limits; // limit_conn and max_connections; null = none
    std::shared_ptr<const AccessLog> accessLog;     // access_log; null = off
    // map and split_clients variables, which the two below read; null = the config has none.
    std::shared_ptr<const StreamRouting> routing;
    std::shared_ptr<VariableRoute> variableRoute;   // proxy_pass with variables; then `group` is null
    std::optional<StreamTemplate> returnText;       // "return": send this and close; then `group` is null

    // nginx's access phase: may this client in? Nothing is allocated, so every accept can ask.
    bool admits(const QHostAddress &client) const
    {
        if (access.isEmpty())
            return true;
        if (client.protocol() == QAbstractSocket::IPv4Protocol)
            return access.allowsIPv4(client.toIPv4Address());
        const Q_IPV6ADDR bytes = client.toIPv6Address();
        return access.allowsIPv6(bytes.c);
    }

    // The local address a client on `socket` reached, for limit_conn keys: the listen
    // address, unless a key reads $server_addr, when a wildcard listener must ask the socket.
    Net::Endpoint serverFor(Net::Socket socket) const
    {
        const bool asks = (limits && limits->needsServerAddress()) || (accessLog && isWildcard());
        return asks ? Net::localEndpoint(socket) : acceptor->endpoint();
    }

    bool isWildcard() const
    {
        const QHostAddress &address = acceptor->endpoint().address;
        return address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6 || address == QHostAddress::Any;
    }

    // Counting in the same zones (a zone whose key or size changed is a new one).
    bool sameZones(const Listener &other) const
    {
        if (!limits || !other.limits)
            return !limits == !other.limits;
        const auto &mine = limits->limits();
        const auto &theirs = other.limits->limits();
        return std::equal(mine.begin(), mine.end(), theirs.begin(), theirs.end(),
                          [](const auto &a, const auto &b) { return a.zone == b.zone; });
    }

    // The same settings, group, routes and TLS contexts: a re-apply keeps the running one.
    bool hasSameSetup(const Listener &other) const
    {
        return config == other.config && group == other.group && tls == other.tls && upstreamTls == other.upstreamTls
               && sniRoutes == other.sniRoutes && sameZones(other) && accessLog == other.accessLog
               && !routing && !other.routing; // variables may read maps that changed: take the new one
    }
};
