#include "configjson.h"

#include "boundedfile.h"
#include "duration.h"
#include "jsonkeys.h"
#include "jsontext.h"
#include "orderedjsonwriter.h"
#include "apijson.h"
#include "limitsjson.h"
#include "logrotationjson.h"
#include "accesslogjson.h"
#include "routingjson.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <span>
#include <vector>

namespace {

// Walks a JSON document, collecting every problem with its path instead of stopping at the
// first, so a user fixes a file in one pass.
class Reader
{
public:
    explicit Reader(ConfigIssues *issues) : m_issues(issues) {}

    void fail(const QString &path, const QString &message) { m_issues->append({path, message}); }
    ConfigIssues *issues() { return m_issues; }

    void checkKeys(const QJsonObject &object, const QString &path, std::initializer_list<const char *> known,
                   std::span<const char *const> moreKnown = {}, std::span<const char *const> alsoKnown = {})
    {
        std::vector<const char *> extra(moreKnown.begin(), moreKnown.end());
        extra.insert(extra.end(), alsoKnown.begin(), alsoKnown.end());
        checkKnownKeys(object, path, known, extra);
    }

    void checkKnownKeys(const QJsonObject &object, const QString &path, std::initializer_list<const char *> known,
                        const std::vector<const char *> &moreKnown)
    {
        for (auto it = object.begin(); it != object.end(); ++it) {
            bool found = false;
            for (const char *key : known) {
                if (it.key() == QLatin1StringView(key)) {
                    found = true;
                    break;
                }
            }
            for (const char *key : moreKnown)
                found = found || it.key() == QLatin1StringView(key);
            if (!found) {
                QStringList names;
                for (const char *key : known)
                    names << QLatin1StringView(key);
                for (const char *key : moreKnown)
                    names << QLatin1StringView(key);
                fail(join(path, it.key()), QStringLiteral("unknown key; known keys here are: %1").arg(names.join(QStringLiteral(", "))));
            }
        }
    }

    static QString join(const QString &path, const QString &key) { return path.isEmpty() ? key : path + u'.' + key; }
    static QString index(const QString &path, qsizetype i) { return path + u'[' + QString::number(i) + u']'; }

    static QString describe(const QJsonValue &value) { return JsonText::describe(value); }

    void readString(const QJsonObject &object, const char *key, const QString &path, QString *out)
    {
        const QJsonValue value = object.value(QLatin1StringView(key));
        if (value.isUndefined())
            return;
        if (!value.isString()) {
            fail(join(path, QLatin1StringView(key)), QStringLiteral("expected a string, found %1").arg(describe(value)));
            return;
        }
        *out = value.toString();
    }

    void readBool(const QJsonObject &object, const char *key, const QString &path, bool *out)
    {
        const QJsonValue value = object.value(QLatin1StringView(key));
        if (value.isUndefined())
            return;
        if (value.isBool()) {
            *out = value.toBool();
        } else if (value.isString() && (value.toString() == u"on" || value.toString() == u"off")) {
            *out = value.toString() == u"on"; // nginx spelling
        } else {
            fail(join(path, QLatin1StringView(key)), QStringLiteral("expected true or false, found %1").arg(describe(value)));
        }
    }

    void readInt(const QJsonObject &object, const char *key, const QString &path, int *out)
    {
        const QJsonValue value = object.value(QLatin1StringView(key));
        if (value.isUndefined())
            return;
        const std::optional<int> number = JsonText::wholeInt(value);
        if (!number) {
            fail(join(path, QLatin1StringView(key)), QStringLiteral("expected a whole number, found %1").arg(describe(value)));
            return;
        }
        *out = *number;
    }

    void readDuration(const QJsonObject &object, const char *key, const QString &path, qint64 *out)
    {
        const QJsonValue value = object.value(QLatin1StringView(key));
        if (value.isUndefined())
            return;
        if (value.isDouble()) {
            const double seconds = value.toDouble();
            if (seconds < 0 || seconds > 1e12) {
                fail(join(path, QLatin1StringView(key)), QStringLiteral("%1 is not a duration").arg(describe(value)));
                return;
            }
            *out = qint64(seconds * 1000.0 + 0.5);
            return;
        }
        const std::optional<qint64> parsed = value.isString() ? Duration::parse(value.toString()) : std::nullopt;
        if (!parsed) {
            fail(join(path, QLatin1StringView(key)),
                 QStringLiteral("%1 is not a duration; write it as nginx does, e.g. 500ms, 20s, 1m30s, 2h").arg(describe(value)));
            return;
        }
        *out = *parsed;
    }

    void readStringList(const QJsonObject &object, const char *key, const QString &path, QStringList *out)
    {
        const QJsonValue value = object.value(QLatin1StringView(key));
        if (value.isUndefined())
            return;
        if (value.isString()) { // nginx style: "TLSv1.2 TLSv1.3"
            *out = value.toString().split(u' ', Qt::SkipEmptyParts);
            return;
        }
        if (!value.isArray()) {
            fail(join(path, QLatin1StringView(key)), QStringLiteral("expected a list of strings, found %1").arg(describe(value)));
            return;
        }
        QStringList list;
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array.at(i).isString()) {
                fail(index(join(path, QLatin1StringView(key)), i), QStringLiteral("expected a string, found %1").arg(describe(array.at(i))));
                continue;
            }
            list << array.at(i).toString();
        }
        *out = list;
    }

    // Returns the object at key; reports a type error. present=false when the key is absent.
    QJsonObject readObject(const QJsonObject &object, const char *key, const QString &path, bool *present)
    {
        const QJsonValue value = object.value(QLatin1StringView(key));
        *present = false;
        if (value.isUndefined() || value.isNull())
            return {};
        if (!value.isObject()) {
            fail(join(path, QLatin1StringView(key)), QStringLiteral("expected an object, found %1").arg(describe(value)));
            return {};
        }
        *present = true;
        return value.toObject();
    }

    QJsonArray readArray(const QJsonObject &object, const char *key, const QString &path)
    {
        const QJsonValue value = object.value(QLatin1StringView(key));
        if (value.isUndefined())
            return {};
        if (!value.isArray()) {
            fail(join(path, QLatin1StringView(key)), QStringLiteral("expected an array, found %1").arg(describe(value)));
            return {};
        }
        return value.toArray();
    }

    bool objectAt(const QJsonArray &array, qsizetype i, const QString &path, QJsonObject *out)
    {
        if (!array.at(i).isObject()) {
            fail(index(path, i), QStringLiteral("expected an object, found %1").arg(describe(array.at(i))));
            return false;
        }
        *out = array.at(i).toObject();
        return true;
    }

private:
    ConfigIssues *m_issues;
};

ServerConfig readServer(Reader &r, const QJsonObject &object, const QString &path)
{
    ServerConfig server;
    r.checkKeys(object, path, {"address", "weight", "max_fails", "fail_timeout", "backup", "down", "max_conns"});
    if (!object.contains(QLatin1StringView("address")))
        r.fail(Reader::join(path, QStringLiteral("address")), QStringLiteral("is missing; every server needs an address such as 127.0.0.1:7773"));
    r.readString(object, "address", path, &server.address);
    r.readInt(object, "weight", path, &server.weight);
    r.readInt(object, "max_fails", path, &server.maxFails);
    r.readDuration(object, "fail_timeout", path, &server.failTimeoutMs);
    r.readBool(object, "backup", path, &server.backup);
    r.readBool(object, "down", path, &server.down);
    r.readInt(object, "max_conns", path, &server.maxConns);
    return server;
}

UpstreamConfig readUpstream(Reader &r, const QJsonObject &object, const QString &path)
{
    UpstreamConfig upstream;
    r.checkKeys(object, path, {"name", "method", "hash_key", "consistent", "least_time_mode", "inflight", "random_two",
                               "random_method", "servers", "health_check"});
    r.readString(object, "name", path, &upstream.name);
    QString method;
    r.readString(object, "method", path, &method);
    if (!method.isEmpty()) {
        if (const auto parsed = UpstreamConfig::methodFromName(method))
            upstream.method = *parsed;
        else
            r.fail(Reader::join(path, QStringLiteral("method")),
                   QStringLiteral("\"%1\" is not a method; use round_robin, least_conn, least_time, hash or random").arg(method));
    }
    r.readString(object, "hash_key", path, &upstream.hashKey);
    r.readBool(object, "consistent", path, &upstream.consistent);
    QString mode;
    r.readString(object, "least_time_mode", path, &mode);
    if (!mode.isEmpty()) {
        if (const auto parsed = UpstreamConfig::leastTimeModeFromName(mode))
            upstream.leastTimeMode = *parsed;
        else
            r.fail(Reader::join(path, QStringLiteral("least_time_mode")),
                   QStringLiteral("\"%1\" is not a least_time mode; use connect, first_byte or last_byte").arg(mode));
    }
    r.readBool(object, "inflight", path, &upstream.inflight);
    r.readBool(object, "random_two", path, &upstream.randomTwo);
    r.readString(object, "random_method", path, &upstream.randomMethod);

    const QString serversPath = Reader::join(path, QStringLiteral("servers"));
    const QJsonArray servers = r.readArray(object, "servers", path);
    for (qsizetype i = 0; i < servers.size(); ++i) {
        QJsonObject serverObject;
        if (r.objectAt(servers, i, serversPath, &serverObject))
            upstream.servers << readServer(r, serverObject, Reader::index(serversPath, i));
    }

    bool present = false;
    const QString healthPath = Reader::join(path, QStringLiteral("health_check"));
    const QJsonObject health = r.readObject(object, "health_check", path, &present);
    if (present) {
        upstream.healthCheck.enabled = true;
        r.checkKeys(health, healthPath, {"interval", "timeout", "fails", "passes", "send", "expect"});
        r.readDuration(health, "interval", healthPath, &upstream.healthCheck.intervalMs);
        r.readDuration(health, "timeout", healthPath, &upstream.healthCheck.timeoutMs);
        r.readInt(health, "fails", healthPath, &upstream.healthCheck.fails);
        r.readInt(health, "passes", healthPath, &upstream.healthCheck.passes);
        r.readString(health, "send", healthPath, &upstream.healthCheck.send);
        r.readString(health, "expect", healthPath, &upstream.healthCheck.expect);
    }
    return upstream;
}

void readSsl(Reader &r, const QJsonObject &object, const QString &path, SslConfig *ssl)
{
    ssl->enabled = true;
    r.checkKeys(object, path, {"certificate", "protocols", "ciphers", "prefer_server_ciphers", "session_cache",
                               "session_timeout", "session_tickets", "handshake_timeout", "verify_client",
                               "client_certificate"});
    r.readString(object, "certificate", path, &ssl->certificate);
    r.readStringList(object, "protocols", path, &ssl->protocols);
    r.readString(object, "ciphers", path, &ssl->ciphers);
    r.readBool(object, "prefer_server_ciphers", path, &ssl->preferServerCiphers);
    r.readString(object, "session_cache", path, &ssl->sessionCache);
    r.readDuration(object, "session_timeout", path, &ssl->sessionTimeoutMs);
    r.readBool(object, "session_tickets", path, &ssl->sessionTickets);
    r.readDuration(object, "handshake_timeout", path, &ssl->handshakeTimeoutMs);
    const QJsonValue verify = object.value(QLatin1StringView("verify_client"));
    if (verify.isBool())
        ssl->verifyClient = verify.toBool() ? QStringLiteral("on") : QStringLiteral("off");
    else
        r.readString(object, "verify_client", path, &ssl->verifyClient);
    r.readString(object, "client_certificate", path, &ssl->clientCertificate);
}

void readProxySsl(Reader &r, const QJsonObject &object, const QString &path, ProxySslConfig *ssl)
{
    ssl->enabled = true;
    r.checkKeys(object, path, {"server_name", "name", "verify", "trusted_certificate", "protocols", "session_reuse"});
    r.readBool(object, "server_name", path, &ssl->serverName);
    r.readString(object, "name", path, &ssl->name);
    r.readBool(object, "verify", path, &ssl->verify);
    r.readString(object, "trusted_certificate", path, &ssl->trustedCertificate);
    r.readStringList(object, "protocols", path, &ssl->protocols);
    r.readBool(object, "session_reuse", path, &ssl->sessionReuse);
}

// "access": [ {"allow": "127.0.0.1"}, {"deny": "all"} ]: nginx's lines in nginx's order.
QList<AccessRuleConfig> readAccess(Reader &r, const QJsonObject &object, const QString &path)
{
    QList<AccessRuleConfig> rules;
    const QString accessPath = Reader::join(path, QStringLiteral("access"));
    const QJsonArray array = r.readArray(object, "access", path);
    for (qsizetype i = 0; i < array.size(); ++i) {
        QJsonObject ruleObject;
        if (!r.objectAt(array, i, accessPath, &ruleObject))
            continue;
        const QString rulePath = Reader::index(accessPath, i);
        r.checkKeys(ruleObject, rulePath, {"allow", "deny"});
        const bool allow = ruleObject.contains(QLatin1StringView("allow"));
        const bool deny = ruleObject.contains(QLatin1StringView("deny"));
        if (allow == deny) {
            r.fail(rulePath, QStringLiteral("rule %1 must hold exactly one of allow and deny, e.g. {\"deny\": \"all\"}").arg(i + 1));
            continue;
        }
        AccessRuleConfig rule;
        rule.action = deny ? AccessRuleConfig::Action::Deny : AccessRuleConfig::Action::Allow;
        const QString key = AccessRuleConfig::actionName(rule.action);
        const QJsonValue value = ruleObject.value(key);
        if (!value.isString()) {
            r.fail(Reader::join(rulePath, key), QStringLiteral("expected an address, a CIDR or all as a string, found %1").arg(Reader::describe(value)));
            continue;
        }
        rule.address = value.toString();
        rules << rule;
    }
    return rules;
}

ListenerConfig readListener(Reader &r, const QJsonObject &object, const QString &path)
{
    ListenerConfig listener;
    r.checkKeys(object, path, {"listen", "protocol", "proxy_pass", "enabled", "proxy_timeout", "proxy_connect_timeout",
                               "proxy_next_upstream", "proxy_next_upstream_tries", "proxy_next_upstream_timeout",
                               "proxy_half_close", "proxy_responses", "proxy_requests", "ssl", "proxy_ssl", "sni_routes",
                               "access", "proxy_protocol", "return", "socket"},
                LimitsJson::listenerKeys, {&AccessLogJson::listenerKey, 1});
    if (!object.contains(QLatin1StringView("listen")))
        r.fail(Reader::join(path, QStringLiteral("listen")), QStringLiteral("is missing; say where to listen, e.g. 127.0.0.1:30003"));
    const QJsonValue listen = object.value(QLatin1StringView("listen"));
    if (const std::optional<qint64> bare = JsonText::wholeNumber(listen, 0, 65535)) // "listen": 30003, nginx's bare port
        listener.listen = QString::number(*bare);
    else if (listen.isDouble())
        r.fail(Reader::join(path, QStringLiteral("listen")), QStringLiteral("%1 is not a port number").arg(Reader::describe(listen)));
    else
        r.readString(object, "listen", path, &listener.listen);
    QString protocol;
    r.readString(object, "protocol", path, &protocol);
    if (protocol == u"udp")
        listener.protocol = ListenerConfig::Protocol::Udp;
    else if (!protocol.isEmpty() && protocol != u"tcp")
        r.fail(Reader::join(path, QStringLiteral("protocol")), QStringLiteral("\"%1\" is not a protocol; use tcp or udp").arg(protocol));
    r.readString(object, "proxy_pass", path, &listener.proxyPass);
    if (object.contains(QLatin1StringView("return"))) {
        QString text;
        r.readString(object, "return", path, &text);
        listener.returnText = text;
    }
    r.readBool(object, "enabled", path, &listener.enabled);
    r.readDuration(object, "proxy_timeout", path, &listener.proxyTimeoutMs);
    r.readDuration(object, "proxy_connect_timeout", path, &listener.proxyConnectTimeoutMs);
    r.readBool(object, "proxy_next_upstream", path, &listener.proxyNextUpstream);
    r.readInt(object, "proxy_next_upstream_tries", path, &listener.proxyNextUpstreamTries);
    r.readDuration(object, "proxy_next_upstream_timeout", path, &listener.proxyNextUpstreamTimeoutMs);
    r.readBool(object, "proxy_half_close", path, &listener.proxyHalfClose);
    r.readInt(object, "proxy_responses", path, &listener.proxyResponses);
    r.readInt(object, "proxy_requests", path, &listener.proxyRequests);

    bool present = false;
    const QJsonObject ssl = r.readObject(object, "ssl", path, &present);
    if (present)
        readSsl(r, ssl, Reader::join(path, QStringLiteral("ssl")), &listener.ssl);
    const QJsonObject proxySsl = r.readObject(object, "proxy_ssl", path, &present);
    if (present)
        readProxySsl(r, proxySsl, Reader::join(path, QStringLiteral("proxy_ssl")), &listener.proxySsl);
    const QString routesPath = Reader::join(path, QStringLiteral("sni_routes"));
    const QJsonObject routes = r.readObject(object, "sni_routes", path, &present);
    for (auto it = routes.begin(); it != routes.end(); ++it) {
        if (!it.value().isString())
            r.fail(Reader::join(routesPath, it.key()), QStringLiteral("expected an upstream name, found %1").arg(Reader::describe(it.value())));
        else
            listener.sniRoutes.insert(it.key(), it.value().toString());
    }
    listener.access = readAccess(r, object, path);
    if (object.contains(QLatin1StringView("proxy_protocol"))) {
        ConfigIssues issues;
        listener.proxyProtocol = ProxyProtocolConfig::fromJson(object.value(QLatin1StringView("proxy_protocol")),
                                                               Reader::join(path, QStringLiteral("proxy_protocol")), &issues);
        for (const ConfigIssue &issue : std::as_const(issues))
            r.fail(issue.path, issue.message);
    }
    listener.limits = LimitsJson::readListener(object, path, r.issues());
    listener.accessLog = AccessLogJson::readListener(object.value(QLatin1StringView(AccessLogJson::listenerKey)), path, r.issues());
    if (object.contains(QLatin1StringView("socket"))) {
        ConfigIssues issues;
        listener.socket = ListenSocketConfig::fromJson(object.value(QLatin1StringView("socket")), Reader::join(path, QStringLiteral("socket")), &issues);
        for (const ConfigIssue &issue : std::as_const(issues))
            r.fail(issue.path, issue.message);
    }
    return listener;
}

CertificateConfig readCertificate(Reader &r, const QJsonObject &object, const QString &path)
{
    CertificateConfig certificate;
    r.checkKeys(object, path, {"name", "certificate_file", "key_file", "passphrase_file", "allow_expired"});
    r.readString(object, "name", path, &certificate.name);
    r.readString(object, "certificate_file", path, &certificate.certificateFile);
    r.readString(object, "key_file", path, &certificate.keyFile);
    r.readString(object, "passphrase_file", path, &certificate.passphraseFile);
    r.readBool(object, "allow_expired", path, &certificate.allowExpired);
    return certificate;
}

} // namespace

ConfigJson::LoadResult ConfigJson::fromJson(const QJsonObject &root)
{
    LoadResult result;
    Reader r(&result.issues);
    Config &config = result.config;
    static const char *const sectionKeys[] = {LimitsJson::zonesKey, ApiJson::key, AccessLogJson::formatsKey};
    r.checkKeys(root, QString(), {"version", "workers", "worker_connections", "error_log", "upstreams", "listeners", "certificates",
                               RoutingJson::mapsKey, RoutingJson::splitClientsKey},
                sectionKeys);

    r.readInt(root, "version", QString(), &config.version);
    if (config.version != Config::currentVersion)
        r.fail(QStringLiteral("version"), QStringLiteral("%1 is not a config version this Portier reads (it reads %2)")
                                              .arg(config.version).arg(Config::currentVersion));

    const QJsonValue workers = root.value(QLatin1StringView("workers"));
    if (workers.isString() && workers.toString() == u"auto")
        config.workers = 0;
    else if (!workers.isUndefined()) {
        r.readInt(root, "workers", QString(), &config.workers);
        if (workers.isDouble() && config.workers < 1)
            r.fail(QStringLiteral("workers"), QStringLiteral("%1 is not a worker count; use a number from 1 or \"auto\"").arg(config.workers));
    }

    const QJsonValue connections = root.value(QLatin1StringView("worker_connections"));
    if (connections.isString() && connections.toString() == u"auto")
        config.workerConnections = 0;
    else
        r.readInt(root, "worker_connections", QString(), &config.workerConnections);

    bool present = false;
    const QJsonObject errorLog = r.readObject(root, "error_log", QString(), &present);
    if (present) {
        r.checkKeys(errorLog, QStringLiteral("error_log"), {"path", "level"}, LogRotationJson::keys);
        r.readString(errorLog, "path", QStringLiteral("error_log"), &config.errorLog.path);
        r.readString(errorLog, "level", QStringLiteral("error_log"), &config.errorLog.level);
        config.errorLog.rotation = LogRotationJson::read(errorLog, QStringLiteral("error_log"), r.issues());
    }

    QJsonObject object;
    const QJsonArray upstreams = r.readArray(root, "upstreams", QString());
    for (qsizetype i = 0; i < upstreams.size(); ++i) {
        if (r.objectAt(upstreams, i, QStringLiteral("upstreams"), &object))
            config.upstreams << readUpstream(r, object, Reader::index(QStringLiteral("upstreams"), i));
    }
    const QJsonArray listeners = r.readArray(root, "listeners", QString());
    for (qsizetype i = 0; i < listeners.size(); ++i) {
        if (r.objectAt(listeners, i, QStringLiteral("listeners"), &object))
            config.listeners << readListener(r, object, Reader::index(QStringLiteral("listeners"), i));
    }
    const QJsonArray certificates = r.readArray(root, "certificates", QString());
    for (qsizetype i = 0; i < certificates.size(); ++i) {
        if (r.objectAt(certificates, i, QStringLiteral("certificates"), &object))
            config.certificates << readCertificate(r, object, Reader::index(QStringLiteral("certificates"), i));
    }
    config.connectionZones = LimitsJson::readZones(root.value(QLatin1StringView(LimitsJson::zonesKey)), &result.issues);
    config.api = ApiJson::read(root.value(QLatin1StringView(ApiJson::key)), &result.issues);
    config.logFormats = AccessLogJson::readFormats(root.value(QLatin1StringView(AccessLogJson::formatsKey)), &result.issues);
    config.maps = RoutingJson::readMaps(root.value(QLatin1StringView(RoutingJson::mapsKey)), &result.issues);
    config.splitClients = RoutingJson::readSplitClients(root.value(QLatin1StringView(RoutingJson::splitClientsKey)), &result.issues);
    return result;
}

ConfigJson::LoadResult ConfigJson::fromBytes(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Turn the byte offset into line:column in characters, which is what an editor shows.
        // Qt reports most errors one past the offending character; not trailing garbage or
        // an error at the end of the input.
        qsizetype offset = parseError.offset;
        if (offset > 0 && offset < json.size() && parseError.error != QJsonParseError::GarbageAtEnd)
            --offset;
        const QByteArray before = json.left(offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = QString::fromUtf8(before.mid(before.lastIndexOf('\n') + 1)).size() + 1;
        LoadResult result;
        result.issues << ConfigIssue{QString(), QStringLiteral("line %1, column %2: %3 (the file is not valid JSON)")
                                                    .arg(line).arg(column).arg(parseError.errorString())};
        return result;
    }
    if (!document.isObject()) {
        LoadResult result;
        result.issues << ConfigIssue{QString(), QStringLiteral("the file must hold one JSON object, {...}")};
        return result;
    }
    LoadResult result = fromJson(document.object());
    result.issues = JsonKeys::duplicates(json) + result.issues;
    return result;
}

ConfigJson::LoadResult ConfigJson::load(const QString &path)
{
    QByteArray contents;
    QString error;
    const BoundedFile::Status status = BoundedFile::read(path, &contents, &error);
    if (status != BoundedFile::Status::Read) {
        LoadResult result;
        result.issues << ConfigIssue{path, status == BoundedFile::Status::CannotOpen ? QStringLiteral("cannot read the file (%1)").arg(error) : error};
        return result;
    }
    return fromBytes(contents);
}

void ConfigJson::resolvePaths(Config *config, const QString &baseDirectory)
{
    const QDir base(baseDirectory);
    auto resolve = [&](QString *path) {
        if (!path->isEmpty() && QDir::isRelativePath(*path))
            *path = QDir::cleanPath(base.absoluteFilePath(*path));
    };
    resolve(&config->errorLog.path);
    for (CertificateConfig &certificate : config->certificates) {
        resolve(&certificate.certificateFile);
        resolve(&certificate.keyFile);
        resolve(&certificate.passphraseFile);
    }
    for (ListenerConfig &listener : config->listeners) {
        resolve(&listener.ssl.clientCertificate);
        resolve(&listener.proxySsl.trustedCertificate);
    }
}
