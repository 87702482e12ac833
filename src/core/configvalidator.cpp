#include "configvalidator.h"

#include "accessrules.h"
#include "duration.h"
#include "hashkey.h"
#include "hostport.h"
#include "apivalidator.h"
#include "listenaddress.h"
#include "limitsvalidator.h"
#include "logrotationjson.h"
#include "accesslogvalidator.h"
#include "routingvalidator.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace {

// worker_connections: one proxied session takes two; a million is past any open-files limit.
constexpr int minWorkerConnections = 2;
constexpr int maxWorkerConnections = 1000000;

QString at(const char *list, qsizetype i, const char *key = nullptr)
{
    QString path = QLatin1StringView(list) + u'[' + QString::number(i) + u']';
    if (key)
        path += u'.' + QLatin1StringView(key);
    return path;
}

const QStringList logLevels{QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("notice"), QStringLiteral("warn"),
                            QStringLiteral("error"), QStringLiteral("crit"), QStringLiteral("alert"), QStringLiteral("emerg")};

bool isValidUpstreamName(const QString &name)
{
    // What nginx accepts unquoted as an upstream name, and what a host name would not be
    // mistaken for: no ':' (that would be a host:port in proxy_pass), no spaces or braces.
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]*$"));
    return re.match(name).hasMatch();
}

void checkUpstream(const UpstreamConfig &upstream, qsizetype i, ConfigIssues *issues)
{
    auto fail = [&](const QString &path, const QString &message) { issues->append({path, message}); };

    if (upstream.name.isEmpty())
        fail(at("upstreams", i, "name"), QStringLiteral("is empty; give the group a name such as backend"));
    else if (!isValidUpstreamName(upstream.name))
        fail(at("upstreams", i, "name"),
             QStringLiteral("\"%1\" is not a usable name; use letters, digits, '_', '-' and '.'").arg(upstream.name));

    if (upstream.method == UpstreamConfig::Method::Hash && upstream.hashKey.isEmpty())
        fail(at("upstreams", i, "hash_key"), QStringLiteral("is empty; method hash needs a key such as $remote_addr"));
    else if (upstream.method == UpstreamConfig::Method::Hash) {
        QString keyError;
        if (!HashKey::parse(upstream.hashKey, &keyError))
            fail(at("upstreams", i, "hash_key"), keyError);
    }
    if (upstream.method == UpstreamConfig::Method::Random && !upstream.randomMethod.isEmpty()
        && upstream.randomMethod != u"least_conn")
        fail(at("upstreams", i, "random_method"),
             QStringLiteral("\"%1\" is not a method for random two; use least_conn").arg(upstream.randomMethod));
    if (upstream.healthCheck.enabled) {
        if (upstream.healthCheck.intervalMs <= 0)
            fail(at("upstreams", i, "health_check.interval"), QStringLiteral("must be longer than 0s, e.g. 5s"));
        if (upstream.healthCheck.timeoutMs <= 0)
            fail(at("upstreams", i, "health_check.timeout"), QStringLiteral("must be longer than 0s, e.g. 5s"));
        if (upstream.healthCheck.fails < 1)
            fail(at("upstreams", i, "health_check.fails"), QStringLiteral("%1 must be 1 or more").arg(upstream.healthCheck.fails));
        if (upstream.healthCheck.passes < 1)
            fail(at("upstreams", i, "health_check.passes"), QStringLiteral("%1 must be 1 or more").arg(upstream.healthCheck.passes));
        // A pattern that does not compile would fail every check (and read as a timeout).
        if (upstream.healthCheck.expect.startsWith(u'~')) {
            const QRegularExpression pattern(upstream.healthCheck.expect.mid(1));
            if (!pattern.isValid())
                fail(at("upstreams", i, "health_check.expect"),
                     QStringLiteral("\"%1\" is not a regular expression (%2 at offset %3); fix the pattern after ~, or drop the ~ to "
                                    "match the text as written")
                         .arg(upstream.healthCheck.expect, pattern.errorString())
                         .arg(pattern.patternErrorOffset()));
        }
    }

    if (upstream.servers.isEmpty())
        fail(at("upstreams", i, "servers"), QStringLiteral("the group has no servers; add at least one, e.g. 127.0.0.1:7773"));

    const bool backupRefused = upstream.method == UpstreamConfig::Method::Hash || upstream.method == UpstreamConfig::Method::Random;
    for (qsizetype j = 0; j < upstream.servers.size(); ++j) {
        const ServerConfig &server = upstream.servers.at(j);
        const QString base = at("upstreams", i) + QStringLiteral(".servers[") + QString::number(j) + u']';
        QString error;
        const auto address = HostPort::parse(server.address, false, &error);
        if (!address)
            fail(base + QStringLiteral(".address"), error);
        if (server.weight < 1)
            fail(base + QStringLiteral(".weight"), QStringLiteral("%1 must be 1 or more").arg(server.weight));
        if (server.maxFails < 0)
            fail(base + QStringLiteral(".max_fails"), QStringLiteral("%1 must be 0 (never mark failed) or more").arg(server.maxFails));
        if (server.failTimeoutMs < 0)
            fail(base + QStringLiteral(".fail_timeout"), QStringLiteral("must not be negative; write 0 to never mark the server failed, or e.g. 10s"));
        if (server.maxConns < 0)
            fail(base + QStringLiteral(".max_conns"), QStringLiteral("%1 must be 0 (unlimited) or more").arg(server.maxConns));
        if (server.backup && backupRefused)
            fail(base + QStringLiteral(".backup"), QStringLiteral("backup servers cannot be used with method %1 (nginx refuses it too)")
                                                      .arg(UpstreamConfig::methodName(upstream.method)));
    }
}

template<typename Fail>
void checkProtocols(const QStringList &protocols, const char *key, const Fail &fail)
{
    static const QStringList known{QStringLiteral("TLSv1"), QStringLiteral("TLSv1.1"), QStringLiteral("TLSv1.2"), QStringLiteral("TLSv1.3")};
    for (const QString &protocol : protocols) {
        if (!known.contains(protocol))
            fail(key, QStringLiteral("\"%1\" is not a protocol; use TLSv1.2 or TLSv1.3").arg(protocol));
    }
    if (protocols.isEmpty())
        fail(key, QStringLiteral("is empty; list at least one of TLSv1.2 and TLSv1.3"));
}

void checkAccess(const ListenerConfig &listener, qsizetype i, ConfigIssues *issues)
{
    for (qsizetype j = 0; j < listener.access.size(); ++j) {
        const AccessRuleConfig &rule = listener.access.at(j);
        QString error;
        if (AccessRules::parseAddress(rule.address, &error))
            continue;
        const QString action = AccessRuleConfig::actionName(rule.action);
        issues->append({at("listeners", i) + QStringLiteral(".access[%1].").arg(j) + action,
                        QStringLiteral("listener %1, rule %2 (%3): %4").arg(listener.listen).arg(j + 1).arg(action, error)});
    }
}

void checkListener(const Config &config, const ListenerConfig &listener, qsizetype i, ConfigIssues *issues)
{
    auto fail = [&](const char *key, const QString &message) { issues->append({at("listeners", i, key), message}); };

    QString error;
    if (!ListenAddress::parse(listener.listen, &error))
        fail("listen", error);
    else if (const auto address = ListenAddress::parse(listener.listen); !address->isIpLiteral())
        fail("listen", QStringLiteral("\"%1\" is not an IP address; listen on an address of this machine such as 127.0.0.1 or 0.0.0.0")
                           .arg(address->host));

    if (listener.returnText || RoutingValidator::isVariable(listener.proxyPass)) {
        // RoutingValidator checks return text and proxy_pass with variables.
    } else if (listener.proxyPass.isEmpty()) {
        fail("proxy_pass", QStringLiteral("is empty; name an upstream group or write host:port (or set return to answer with text)"));
    } else if (!config.findUpstream(listener.proxyPass)) {
        QString addressError;
        const auto address = HostPort::parse(listener.proxyPass, false, &addressError);
        if (!listener.proxyPass.contains(u':'))
            fail("proxy_pass", QStringLiteral("\"%1\" is neither an upstream group nor host:port; add a group with that name or write host:port")
                                   .arg(listener.proxyPass));
        else if (!address)
            fail("proxy_pass", addressError);
    }

    if (listener.proxyTimeoutMs <= 0)
        fail("proxy_timeout", QStringLiteral("must be longer than 0s, e.g. 10m"));
    if (listener.proxyConnectTimeoutMs <= 0)
        fail("proxy_connect_timeout", QStringLiteral("must be longer than 0s, e.g. 60s"));
    if (listener.proxyNextUpstreamTries < 0)
        fail("proxy_next_upstream_tries", QStringLiteral("%1 must be 0 (unlimited) or more").arg(listener.proxyNextUpstreamTries));
    if (listener.proxyNextUpstreamTimeoutMs < 0)
        fail("proxy_next_upstream_timeout", QStringLiteral("must not be negative; 0 means unlimited"));
    if (listener.proxyResponses < -1)
        fail("proxy_responses", QStringLiteral("%1 must be 0 or more").arg(listener.proxyResponses));
    if (listener.proxyRequests < 0)
        fail("proxy_requests", QStringLiteral("%1 must be 0 (unlimited) or more").arg(listener.proxyRequests));

    if (listener.ssl.enabled) {
        if (listener.ssl.certificate.isEmpty())
            fail("ssl.certificate", QStringLiteral("is empty; name an entry of certificates"));
        else if (!config.findCertificate(listener.ssl.certificate))
            fail("ssl.certificate", QStringLiteral("\"%1\" is not in certificates; add it there or pick another").arg(listener.ssl.certificate));
        checkProtocols(listener.ssl.protocols, "ssl.protocols", fail);
        if (listener.ssl.ciphers.trimmed().isEmpty())
            fail("ssl.ciphers", QStringLiteral("is empty; leave it out for nginx's default HIGH:!aNULL:!MD5"));
        QString cacheError;
        if (!ConfigValidator::sessionCacheSessions(listener.ssl.sessionCache, &cacheError))
            fail("ssl.session_cache", cacheError);
        if (listener.ssl.sessionTimeoutMs < 1000)
            fail("ssl.session_timeout", QStringLiteral("must be 1s or longer (sessions are timed in seconds), e.g. 5m"));
        if (listener.ssl.handshakeTimeoutMs <= 0)
            fail("ssl.handshake_timeout", QStringLiteral("must be longer than 0s, e.g. 60s"));
        const QString &verify = listener.ssl.verifyClient;
        if (verify != u"off" && verify != u"on" && verify != u"optional")
            fail("ssl.verify_client", QStringLiteral("\"%1\" is not a choice; use off, on or optional").arg(verify));
        else if (verify != u"off" && listener.ssl.clientCertificate.isEmpty())
            fail("ssl.client_certificate", QStringLiteral("is empty; verify_client %1 needs the CA file that signed the clients' certificates").arg(verify));
    }
    checkAccess(listener, i, issues);
    if (listener.proxySsl.enabled) {
        checkProtocols(listener.proxySsl.protocols, "proxy_ssl.protocols", fail);
        if (listener.proxySsl.verify && listener.proxySsl.trustedCertificate.isEmpty())
            fail("proxy_ssl.trusted_certificate", QStringLiteral("is empty; verify needs the CA file that signed the upstream servers' certificates"));
    }
    if (listener.protocol == ListenerConfig::Protocol::Udp && (listener.ssl.enabled || listener.proxySsl.enabled || !listener.sniRoutes.isEmpty()))
        fail("protocol", QStringLiteral("udp listeners cannot use ssl, proxy_ssl or sni_routes (TLS runs over tcp, as in nginx); use tcp or remove them"));
    if (!listener.sniRoutes.isEmpty()) {
        for (auto it = listener.sniRoutes.begin(); it != listener.sniRoutes.end(); ++it) {
            static const QRegularExpression name(QStringLiteral("^(\\*\\.)?[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$"));
            if (!name.match(it.key()).hasMatch())
                issues->append({at("listeners", i, "sni_routes.") + it.key(),
                                QStringLiteral("\"%1\" is not a server name; write a name such as a.example.com or a wildcard such as *.example.com")
                                    .arg(it.key())});
        }
    }
    for (auto it = listener.sniRoutes.begin(); it != listener.sniRoutes.end(); ++it) {
        if (!config.findUpstream(it.value()))
            issues->append({at("listeners", i, "sni_routes.") + it.key(),
                            QStringLiteral("\"%1\" is not an upstream group").arg(it.value())});
    }
}

// 127.0.0.1:P beside 0.0.0.0:P (same protocol): the wildcard takes the port on every address
// of its family, so the second bind fails at run time as if another program held the port.
struct Seen
{
    qsizetype index;
    QString listen;
    bool wildcard;
};

// One port of a listener against the ones seen before it; true when it conflicts (reported).
bool checkOverlap(const ListenerConfig &listener, qsizetype i, const HostPort &address, QHash<QString, QList<Seen>> *byPort, ConfigIssues *issues)
{
    const bool v6 = address.host.contains(u':');
    const bool wildcard = address.host.isEmpty() || address.host == u"0.0.0.0" || address.host == u"*" || address.host == u"::";
    const QString key = QString::number(address.port) + (listener.protocol == ListenerConfig::Protocol::Udp ? QStringLiteral("/udp") : QStringLiteral("/tcp"))
                        + (v6 ? QStringLiteral("/6") : QStringLiteral("/4"));
    QList<Seen> &seen = (*byPort)[key];
    for (const Seen &earlier : std::as_const(seen)) {
        if (earlier.wildcard == wildcard)
            continue; // the same address is the duplicate check's; two specific ones coexist
        issues->append({at("listeners", i, "listen"),
                        QStringLiteral("%1 conflicts with listeners[%2] (%3): %4 takes port %5 on every address of this machine, "
                                       "so both cannot listen; remove one, or give one of them another port")
                            .arg(listener.listen).arg(earlier.index).arg(earlier.listen, wildcard ? listener.listen : earlier.listen)
                            .arg(address.port)});
        return true;
    }
    seen.append({i, listener.listen, wildcard});
    return false;
}

void checkOverlaps(const Config &config, ConfigIssues *issues)
{
    QHash<QString, QList<Seen>> byPort; // "port/protocol/family"
    for (qsizetype i = 0; i < config.listeners.size(); ++i) {
        const ListenerConfig &listener = config.listeners.at(i);
        const auto range = ListenAddress::parse(listener.listen);
        if (!listener.enabled || !range)
            continue;
        for (const HostPort &port : range->addresses()) {
            if (checkOverlap(listener, i, port, &byPort, issues))
                break; // one message per listener
        }
    }
}

} // namespace

std::optional<qint64> ConfigValidator::sessionCacheSessions(const QString &value, QString *error)
{
    // nginx: builtin's default size is 20480 sessions; a shared zone holds ~4000 per megabyte.
    constexpr qint64 builtinDefaultSessions = 20480;
    constexpr qint64 sessionsPerMegabyte = 4000;
    const QStringList parts = value.split(u' ', Qt::SkipEmptyParts);
    if (parts.isEmpty()) {
        *error = QStringLiteral("is empty; use off, none, builtin[:sessions] or shared:NAME:size such as shared:SSL:10m");
        return std::nullopt;
    }
    if (parts.size() == 1 && (parts.first() == u"off" || parts.first() == u"none"))
        return 0;
    qint64 sessions = 0;
    for (const QString &part : parts) {
        if (part == u"builtin") {
            sessions += builtinDefaultSessions;
        } else if (part.startsWith(QStringLiteral("builtin:"))) {
            bool ok = false;
            const qint64 count = part.mid(8).toLongLong(&ok);
            if (!ok || count < 1) {
                *error = QStringLiteral("\"%1\": builtin takes a number of sessions, e.g. builtin:20480").arg(part);
                return std::nullopt;
            }
            sessions += count;
        } else if (part.startsWith(QStringLiteral("shared:"))) {
            const QStringList fields = part.split(u':');
            const std::optional<qint64> bytes = fields.size() == 3 ? Size::parse(fields.at(2)) : std::nullopt;
            if (fields.size() != 3 || fields.at(1).isEmpty() || !bytes || *bytes <= 0) {
                *error = QStringLiteral("\"%1\" is not shared:NAME:size; write e.g. shared:SSL:10m").arg(part);
                return std::nullopt;
            }
            sessions += qMax<qint64>(1, *bytes * sessionsPerMegabyte / (1024 * 1024));
        } else {
            *error = QStringLiteral("\"%1\" is not a session cache; use off, none, builtin[:sessions] or shared:NAME:size such as shared:SSL:10m")
                         .arg(part);
            return std::nullopt;
        }
    }
    return sessions;
}

ConfigIssues ConfigValidator::validate(const Config &config)
{
    ConfigIssues issues;

    if (config.workers < 0)
        issues.append({QStringLiteral("workers"), QStringLiteral("%1 is not a worker count; use a number from 1 or \"auto\"").arg(config.workers)});
    if (config.workerConnections != 0 && (config.workerConnections < minWorkerConnections || config.workerConnections > maxWorkerConnections))
        issues.append({QStringLiteral("worker_connections"),
                       QStringLiteral("%1 is out of range; use a number from %2 to %3 (each proxied session takes two), or \"auto\"")
                           .arg(config.workerConnections).arg(minWorkerConnections).arg(maxWorkerConnections)});
    if (!logLevels.contains(config.errorLog.level))
        issues.append({QStringLiteral("error_log.level"),
                       QStringLiteral("\"%1\" is not a level; use one of %2").arg(config.errorLog.level, logLevels.join(QStringLiteral(", ")))});
    LogRotationJson::check(config.errorLog.rotation, !config.errorLog.path.isEmpty(), QStringLiteral("error_log"), &issues);

    QSet<QString> names;
    for (qsizetype i = 0; i < config.upstreams.size(); ++i) {
        const UpstreamConfig &upstream = config.upstreams.at(i);
        if (!upstream.name.isEmpty() && names.contains(upstream.name))
            issues.append({at("upstreams", i, "name"), QStringLiteral("\"%1\" is used by an earlier group; names must be unique").arg(upstream.name)});
        names.insert(upstream.name);
        checkUpstream(upstream, i, &issues);
    }

    QHash<QString, qsizetype> addresses; // "address:port/protocol" -> the listener that has it
    for (qsizetype i = 0; i < config.listeners.size(); ++i) {
        const ListenerConfig &listener = config.listeners.at(i);
        checkListener(config, listener, i, &issues);
        listener.proxyProtocol.validate(listener.protocol == ListenerConfig::Protocol::Udp, at("listeners", i, "proxy_protocol"), &issues);
        listener.socket.validate(listener.protocol == ListenerConfig::Protocol::Udp, at("listeners", i, "socket"), &issues);
        const auto range = ListenAddress::parse(listener.listen);
        for (HostPort address : range ? range->addresses() : QList<HostPort>()) {
            if (address.host.isEmpty())
                address.host = QStringLiteral("0.0.0.0"); // "30003" and "*:30003" are 0.0.0.0:30003
            const QString key = address.toString() + (listener.protocol == ListenerConfig::Protocol::Udp ? QStringLiteral("/udp") : QStringLiteral("/tcp"));
            if (const auto earlier = addresses.constFind(key); earlier != addresses.constEnd()) {
                const QString &other = config.listeners.at(*earlier).listen;
                issues.append({at("listeners", i, "listen"),
                               range->isRange() || ListenAddress::parse(other)->isRange()
                                   ? QStringLiteral("%1 overlaps listeners[%2] (%3) at port %4; each address and port can be listened on once "
                                                    "per protocol: make the ranges apart").arg(listener.listen).arg(*earlier).arg(other).arg(address.port)
                                   : QStringLiteral("%1 is used by an earlier listener; each address and port can be listened on once per protocol")
                                         .arg(listener.listen)});
                break; // one message per listener
            }
            addresses.insert(key, i);
        }
    }

    checkOverlaps(config, &issues);
    LimitsValidator::check(config, &issues);
    ApiValidator::check(config, &issues);
    AccessLogValidator::check(config, &issues);
    RoutingValidator::check(config, &issues);

    QSet<QString> certificateNames;
    for (qsizetype i = 0; i < config.certificates.size(); ++i) {
        const CertificateConfig &certificate = config.certificates.at(i);
        if (certificate.name.isEmpty())
            issues.append({at("certificates", i, "name"), QStringLiteral("is empty; listeners refer to certificates by name")});
        else if (certificateNames.contains(certificate.name))
            issues.append({at("certificates", i, "name"), QStringLiteral("\"%1\" is used by an earlier certificate; give each certificate its own name").arg(certificate.name)});
        certificateNames.insert(certificate.name);
        if (certificate.certificateFile.isEmpty())
            issues.append({at("certificates", i, "certificate_file"), QStringLiteral("is empty; give the path of a PEM certificate")});
        if (certificate.keyFile.isEmpty())
            issues.append({at("certificates", i, "key_file"), QStringLiteral("is empty; give the path of the PEM private key")});
    }
    return issues;
}
