#pragma once

#include "proxyprotocolconfig.h"
#include "apiconfig.h"
#include "limitsconfig.h"
#include "logrotationconfig.h"
#include "accesslogconfig.h"
#include "routingconfig.h"
#include "listensocketconfig.h"

#include <QList>
#include <QMap>
#include <QString>
#include <optional>

// Portier's configuration as plain values. A Config is copied across threads, never shared
// by pointer; the engine's live objects (Acceptor, UpstreamGroup, TcpSession) take the plain
// names. Defaults are modern nginx's (>= 1.23.4), see docs/config.md.

namespace Defaults {
inline constexpr qint64 proxyTimeoutMs = 10 * 60 * 1000;       // proxy_timeout 10m
inline constexpr qint64 proxyConnectTimeoutMs = 60 * 1000;     // proxy_connect_timeout 60s
inline constexpr qint64 failTimeoutMs = 10 * 1000;             // fail_timeout=10s
inline constexpr qint64 sslSessionTimeoutMs = 5 * 60 * 1000;   // ssl_session_timeout 5m
inline constexpr qint64 sslHandshakeTimeoutMs = 60 * 1000;     // ssl_handshake_timeout 60s
inline constexpr qint64 healthIntervalMs = 5 * 1000;
inline constexpr qint64 healthTimeoutMs = 5 * 1000;
} // namespace Defaults

struct ServerConfig
{
    QString address; // kept exactly as written: nginx's consistent hash uses this text
    int weight = 1;
    int maxFails = 1;
    qint64 failTimeoutMs = Defaults::failTimeoutMs;
    bool backup = false;
    bool down = false;
    int maxConns = 0; // 0 = unlimited

    friend bool operator==(const ServerConfig &, const ServerConfig &) = default;
};

struct HealthCheckConfig
{
    bool enabled = false; // present in the file = enabled
    qint64 intervalMs = Defaults::healthIntervalMs;
    qint64 timeoutMs = Defaults::healthTimeoutMs;
    int fails = 1;
    int passes = 1;
    QString send;
    QString expect;

    friend bool operator==(const HealthCheckConfig &, const HealthCheckConfig &) = default;
};

struct UpstreamConfig
{
    enum class Method { RoundRobin, LeastConn, LeastTime, Hash, Random };
    enum class LeastTimeMode { Connect, FirstByte, LastByte };

    QString name;
    Method method = Method::RoundRobin;
    QString hashKey;           // method Hash: e.g. "$remote_addr"
    bool consistent = false;   // method Hash: ketama ring
    LeastTimeMode leastTimeMode = LeastTimeMode::Connect;
    bool inflight = false;     // method LeastTime
    bool randomTwo = false;    // method Random
    QString randomMethod;      // method Random with two: "least_conn" (the only one in OSS nginx)
    QList<ServerConfig> servers;
    HealthCheckConfig healthCheck;

    friend bool operator==(const UpstreamConfig &, const UpstreamConfig &) = default;

    static QString methodName(Method method);
    static std::optional<Method> methodFromName(const QString &name);
    static QString leastTimeModeName(LeastTimeMode mode);
    static std::optional<LeastTimeMode> leastTimeModeFromName(const QString &name);
};

struct SslConfig
{
    bool enabled = false; // an "ssl" object turns TLS termination on
    QString certificate;  // name of a CertificateConfig
    QStringList protocols{QStringLiteral("TLSv1.2"), QStringLiteral("TLSv1.3")};
    QString ciphers = QStringLiteral("HIGH:!aNULL:!MD5");
    bool preferServerCiphers = false;
    QString sessionCache = QStringLiteral("none");
    qint64 sessionTimeoutMs = Defaults::sslSessionTimeoutMs;
    bool sessionTickets = true;
    qint64 handshakeTimeoutMs = Defaults::sslHandshakeTimeoutMs;
    QString verifyClient = QStringLiteral("off"); // off | on | optional
    QString clientCertificate;                    // CA file for verify_client

    friend bool operator==(const SslConfig &, const SslConfig &) = default;
};

struct ProxySslConfig
{
    bool enabled = false; // a "proxy_ssl" object turns TLS to the upstream on
    bool serverName = false;
    QString name;
    bool verify = false;
    QString trustedCertificate;
    QStringList protocols{QStringLiteral("TLSv1.2"), QStringLiteral("TLSv1.3")};
    bool sessionReuse = true;

    friend bool operator==(const ProxySslConfig &, const ProxySslConfig &) = default;
};

// One allow/deny line of nginx's ngx_stream_access_module, as written: the address is an
// IPv4 or IPv6 address, a CIDR (host bits may be set, as nginx allows with a warning), "all"
// or "unix:". A listener's rules are checked in order; the first that matches decides.
struct AccessRuleConfig
{
    enum class Action { Allow, Deny };

    Action action = Action::Allow;
    QString address;

    friend bool operator==(const AccessRuleConfig &, const AccessRuleConfig &) = default;

    static QString actionName(Action action); // "allow" or "deny", nginx's directive names
};

struct ListenerConfig
{
    enum class Protocol { Tcp, Udp };

    QString listen;   // "host:port", "[v6]:port" or a bare port
    Protocol protocol = Protocol::Tcp;
    QString proxyPass; // an upstream name, a host:port, or text with variables ("$pool")
    // ngx_stream_return_module: send this text (a complex value) and close, instead of
    // proxying. Unset = proxy.
    std::optional<QString> returnText;
    bool enabled = true;
    qint64 proxyTimeoutMs = Defaults::proxyTimeoutMs;
    qint64 proxyConnectTimeoutMs = Defaults::proxyConnectTimeoutMs;
    bool proxyNextUpstream = true;
    int proxyNextUpstreamTries = 0;         // 0 = unlimited
    qint64 proxyNextUpstreamTimeoutMs = 0;  // 0 = unlimited
    bool proxyHalfClose = true;             // nginx's default is off; Portier relays half-closes
    int proxyResponses = -1;                // UDP; -1 = unlimited (unset)
    int proxyRequests = 0;                  // UDP; 0 = unlimited
    SslConfig ssl;
    ProxySslConfig proxySsl;
    QMap<QString, QString> sniRoutes;       // server name (or *.suffix) -> upstream name
    QList<AccessRuleConfig> access;         // allow/deny in order; none = every client passes
    ProxyProtocolConfig proxyProtocol;      // listen ... proxy_protocol, set_real_ip_from, proxy_protocol on
    ListenerLimitsConfig limits;            // limit_conn, max_connections, proxy_upload/download_rate
    AccessLogConfig accessLog;              // access_log; no path = off
    ListenSocketConfig socket;              // listen ... backlog=, rcvbuf=, sndbuf=, fastopen=, so_keepalive=, ipv6only=, reuseport, bind

    friend bool operator==(const ListenerConfig &, const ListenerConfig &) = default;
};

struct CertificateConfig
{
    QString name;
    QString certificateFile;
    QString keyFile;
    QString passphraseFile;
    bool allowExpired = false;

    friend bool operator==(const CertificateConfig &, const CertificateConfig &) = default;
};

struct ErrorLogConfig
{
    QString path;                          // empty: stderr only
    QString level = QStringLiteral("notice");
    LogRotationConfig rotation;            // by size, with a kept count

    friend bool operator==(const ErrorLogConfig &, const ErrorLogConfig &) = default;
};

struct Config
{
    static constexpr int currentVersion = 1;

    int version = currentVersion;
    int workers = 0; // 0 = "auto": one per CPU core
    // nginx's events { worker_connections }: connections one worker holds open, to clients
    // and to servers counted apart (a proxied session is two). 0 = "auto": the open-files
    // limit, less a reserve, shared out between the workers.
    int workerConnections = 0;
    ErrorLogConfig errorLog;
    QList<UpstreamConfig> upstreams;
    QList<ListenerConfig> listeners;
    QList<CertificateConfig> certificates;
    QList<ConnectionZoneConfig> connectionZones; // limit_conn_zone
    ApiConfig api; // the control API (src/api); off by default
    QList<LogFormatConfig> logFormats;           // log_format
    QList<MapConfig> maps;                       // map {}
    QList<SplitClientsConfig> splitClients;      // split_clients {}

    const UpstreamConfig *findUpstream(const QString &name) const;
    const CertificateConfig *findCertificate(const QString &name) const;
    const ConnectionZoneConfig *findConnectionZone(const QString &name) const;
    const LogFormatConfig *findLogFormat(const QString &name) const; // case-insensitive, as nginx

    friend bool operator==(const Config &, const Config &) = default;
};
