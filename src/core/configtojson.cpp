// ConfigJson::toJson: a Config as the JSON object Portier keeps (reading it, with errors that
// name the path, is configjson.cpp; writing the file in the user's key order is
// configjsonwrite.cpp, which leaves defaults out).
#include "configjson.h"

#include "accesslogjson.h"
#include "apijson.h"
#include "duration.h"
#include "limitsjson.h"
#include "logrotationjson.h"
#include "routingjson.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

QJsonArray toArray(const QStringList &list)
{
    QJsonArray array;
    for (const QString &s : list)
        array.append(s);
    return array;
}

QJsonValue durationValue(qint64 ms)
{
    return Duration::format(ms);
}

QJsonObject serverToJson(const ServerConfig &server)
{
    QJsonObject s;
    s.insert(QStringLiteral("address"), server.address);
    s.insert(QStringLiteral("weight"), server.weight);
    s.insert(QStringLiteral("max_fails"), server.maxFails);
    s.insert(QStringLiteral("fail_timeout"), durationValue(server.failTimeoutMs));
    s.insert(QStringLiteral("backup"), server.backup);
    s.insert(QStringLiteral("down"), server.down);
    s.insert(QStringLiteral("max_conns"), server.maxConns);
    return s;
}

QJsonObject healthCheckToJson(const HealthCheckConfig &h)
{
    QJsonObject health;
    health.insert(QStringLiteral("interval"), durationValue(h.intervalMs));
    health.insert(QStringLiteral("timeout"), durationValue(h.timeoutMs));
    health.insert(QStringLiteral("fails"), h.fails);
    health.insert(QStringLiteral("passes"), h.passes);
    health.insert(QStringLiteral("send"), h.send);
    health.insert(QStringLiteral("expect"), h.expect);
    return health;
}

QJsonObject upstreamToJson(const UpstreamConfig &upstream)
{
    QJsonObject object;
    object.insert(QStringLiteral("name"), upstream.name);
    object.insert(QStringLiteral("method"), UpstreamConfig::methodName(upstream.method));
    if (upstream.method == UpstreamConfig::Method::Hash || !upstream.hashKey.isEmpty() || upstream.consistent) {
        object.insert(QStringLiteral("hash_key"), upstream.hashKey);
        object.insert(QStringLiteral("consistent"), upstream.consistent);
    }
    if (upstream.method == UpstreamConfig::Method::LeastTime || upstream.inflight
        || upstream.leastTimeMode != UpstreamConfig::LeastTimeMode::Connect) {
        object.insert(QStringLiteral("least_time_mode"), UpstreamConfig::leastTimeModeName(upstream.leastTimeMode));
        object.insert(QStringLiteral("inflight"), upstream.inflight);
    }
    if (upstream.method == UpstreamConfig::Method::Random || upstream.randomTwo || !upstream.randomMethod.isEmpty()) {
        object.insert(QStringLiteral("random_two"), upstream.randomTwo);
        if (!upstream.randomMethod.isEmpty())
            object.insert(QStringLiteral("random_method"), upstream.randomMethod);
    }
    QJsonArray servers;
    for (const ServerConfig &server : upstream.servers)
        servers.append(serverToJson(server));
    object.insert(QStringLiteral("servers"), servers);
    if (upstream.healthCheck.enabled)
        object.insert(QStringLiteral("health_check"), healthCheckToJson(upstream.healthCheck));
    return object;
}

QJsonObject sslToJson(const SslConfig &s)
{
    QJsonObject ssl;
    ssl.insert(QStringLiteral("certificate"), s.certificate);
    ssl.insert(QStringLiteral("protocols"), toArray(s.protocols));
    ssl.insert(QStringLiteral("ciphers"), s.ciphers);
    ssl.insert(QStringLiteral("prefer_server_ciphers"), s.preferServerCiphers);
    ssl.insert(QStringLiteral("session_cache"), s.sessionCache);
    ssl.insert(QStringLiteral("session_timeout"), durationValue(s.sessionTimeoutMs));
    ssl.insert(QStringLiteral("session_tickets"), s.sessionTickets);
    ssl.insert(QStringLiteral("handshake_timeout"), durationValue(s.handshakeTimeoutMs));
    ssl.insert(QStringLiteral("verify_client"), s.verifyClient);
    if (!s.clientCertificate.isEmpty())
        ssl.insert(QStringLiteral("client_certificate"), s.clientCertificate);
    return ssl;
}

QJsonObject proxySslToJson(const ProxySslConfig &s)
{
    QJsonObject ssl;
    ssl.insert(QStringLiteral("server_name"), s.serverName);
    ssl.insert(QStringLiteral("name"), s.name);
    ssl.insert(QStringLiteral("verify"), s.verify);
    ssl.insert(QStringLiteral("trusted_certificate"), s.trustedCertificate);
    ssl.insert(QStringLiteral("protocols"), toArray(s.protocols));
    ssl.insert(QStringLiteral("session_reuse"), s.sessionReuse);
    return ssl;
}

QJsonObject listenerToJson(const ListenerConfig &listener)
{
    QJsonObject object;
    object.insert(QStringLiteral("listen"), listener.listen);
    object.insert(QStringLiteral("protocol"), listener.protocol == ListenerConfig::Protocol::Udp ? QStringLiteral("udp") : QStringLiteral("tcp"));
    object.insert(QStringLiteral("proxy_pass"), listener.proxyPass);
    object.insert(QStringLiteral("enabled"), listener.enabled);
    object.insert(QStringLiteral("proxy_timeout"), durationValue(listener.proxyTimeoutMs));
    object.insert(QStringLiteral("proxy_connect_timeout"), durationValue(listener.proxyConnectTimeoutMs));
    object.insert(QStringLiteral("proxy_next_upstream"), listener.proxyNextUpstream);
    object.insert(QStringLiteral("proxy_next_upstream_tries"), listener.proxyNextUpstreamTries);
    object.insert(QStringLiteral("proxy_next_upstream_timeout"), durationValue(listener.proxyNextUpstreamTimeoutMs));
    object.insert(QStringLiteral("proxy_half_close"), listener.proxyHalfClose);
    if (listener.proxyResponses >= 0)
        object.insert(QStringLiteral("proxy_responses"), listener.proxyResponses);
    if (listener.proxyRequests != 0)
        object.insert(QStringLiteral("proxy_requests"), listener.proxyRequests);
    if (listener.ssl.enabled)
        object.insert(QStringLiteral("ssl"), sslToJson(listener.ssl));
    if (listener.proxySsl.enabled)
        object.insert(QStringLiteral("proxy_ssl"), proxySslToJson(listener.proxySsl));
    if (!listener.sniRoutes.isEmpty()) {
        QJsonObject routes;
        for (auto it = listener.sniRoutes.begin(); it != listener.sniRoutes.end(); ++it)
            routes.insert(it.key(), it.value());
        object.insert(QStringLiteral("sni_routes"), routes);
    }
    if (!listener.access.isEmpty()) {
        QJsonArray access;
        for (const AccessRuleConfig &rule : listener.access)
            access.append(QJsonObject{{AccessRuleConfig::actionName(rule.action), rule.address}});
        object.insert(QStringLiteral("access"), access);
    }
    if (!listener.proxyProtocol.isDefault())
        object.insert(QStringLiteral("proxy_protocol"), listener.proxyProtocol.toJson());
    LimitsJson::writeListener(listener.limits, &object);
    AccessLogJson::writeListener(listener.accessLog, &object);
    if (listener.returnText)
        object.insert(QStringLiteral("return"), *listener.returnText);
    if (!listener.socket.isDefault())
        object.insert(QStringLiteral("socket"), listener.socket.toJson());
    return object;
}

QJsonObject certificateToJson(const CertificateConfig &certificate)
{
    QJsonObject object;
    object.insert(QStringLiteral("name"), certificate.name);
    object.insert(QStringLiteral("certificate_file"), certificate.certificateFile);
    object.insert(QStringLiteral("key_file"), certificate.keyFile);
    if (!certificate.passphraseFile.isEmpty())
        object.insert(QStringLiteral("passphrase_file"), certificate.passphraseFile);
    if (certificate.allowExpired)
        object.insert(QStringLiteral("allow_expired"), true);
    return object;
}

} // namespace

QJsonObject ConfigJson::toJson(const Config &config)
{
    QJsonObject root;
    root.insert(QStringLiteral("version"), config.version);
    root.insert(QStringLiteral("workers"), config.workers == 0 ? QJsonValue(QStringLiteral("auto")) : QJsonValue(config.workers));
    if (config.workerConnections != 0)
        root.insert(QStringLiteral("worker_connections"), config.workerConnections);
    if (config.errorLog != ErrorLogConfig()) {
        QJsonObject errorLog;
        errorLog.insert(QStringLiteral("path"), config.errorLog.path);
        errorLog.insert(QStringLiteral("level"), config.errorLog.level);
        LogRotationJson::write(config.errorLog.rotation, &errorLog);
        root.insert(QStringLiteral("error_log"), errorLog);
    }

    QJsonArray upstreams;
    for (const UpstreamConfig &upstream : config.upstreams)
        upstreams.append(upstreamToJson(upstream));
    root.insert(QStringLiteral("upstreams"), upstreams);
    QJsonArray listeners;
    for (const ListenerConfig &listener : config.listeners)
        listeners.append(listenerToJson(listener));
    root.insert(QStringLiteral("listeners"), listeners);
    QJsonArray certificates;
    for (const CertificateConfig &certificate : config.certificates)
        certificates.append(certificateToJson(certificate));
    if (!certificates.isEmpty())
        root.insert(QStringLiteral("certificates"), certificates);

    if (!config.connectionZones.isEmpty())
        root.insert(QLatin1StringView(LimitsJson::zonesKey), LimitsJson::zonesToJson(config.connectionZones));
    if (const QJsonValue api = ApiJson::toJson(config.api); !api.isUndefined())
        root.insert(QLatin1StringView(ApiJson::key), api);
    if (!config.logFormats.isEmpty())
        root.insert(QLatin1StringView(AccessLogJson::formatsKey), AccessLogJson::formatsToJson(config.logFormats));
    if (!config.maps.isEmpty())
        root.insert(QLatin1StringView(RoutingJson::mapsKey), RoutingJson::mapsToJson(config.maps));
    if (!config.splitClients.isEmpty())
        root.insert(QLatin1StringView(RoutingJson::splitClientsKey), RoutingJson::splitClientsToJson(config.splitClients));
    return root;
}
