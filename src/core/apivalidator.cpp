#include "apivalidator.h"

#include "hostport.h"

#include <QRegularExpression>
#include <QSet>

namespace ApiValidator {

bool isLoopback(const QString &host)
{
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return true;
    // Core has no network types; HostPort has already checked that an IP literal is one.
    static const QRegularExpression ipv4(QStringLiteral("^127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$"));
    return ipv4.match(host).hasMatch() || host == u"::1" || host.compare(u"0:0:0:0:0:0:0:1", Qt::CaseInsensitive) == 0;
}

namespace {

void checkTokens(const ApiConfig &api, ConfigIssues *issues)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    QSet<QString> names;
    for (qsizetype i = 0; i < api.tokens.size(); ++i) {
        const ApiTokenConfig &token = api.tokens.at(i);
        const QString path = QStringLiteral("api.tokens[%1]").arg(i);
        if (token.name.trimmed().isEmpty())
            issues->append({path + QStringLiteral(".name"), QStringLiteral("a token needs a name (the log says which token was used, never the token)")});
        else if (names.contains(token.name))
            issues->append({path + QStringLiteral(".name"), QStringLiteral("\"%1\" names two tokens; give each its own name").arg(token.name)});
        names.insert(token.name);
        if (!hex.match(token.sha256).hasMatch())
            issues->append({path + QStringLiteral(".sha256"),
                            QStringLiteral("\"%1\" is not a SHA-256 in lower-case hex (64 digits); make a token with "
                                           "portierd --new-api-token NAME and paste the line it prints")
                                .arg(token.sha256.left(80))});
    }
}

} // namespace

void check(const Config &config, ConfigIssues *issues)
{
    const ApiConfig &api = config.api;
    if (!api.enabled()) {
        if (!api.certificate.isEmpty() || !api.tokens.isEmpty())
            issues->append({QStringLiteral("api.listen"), QStringLiteral("the API has tokens or a certificate but no address; "
                                                                          "set \"listen\" (e.g. \"127.0.0.1:8081\") or remove the section")});
        return;
    }
    QString error;
    const std::optional<HostPort> address = HostPort::parse(api.listen, true, &error);
    if (!address) {
        issues->append({QStringLiteral("api.listen"), QStringLiteral("\"%1\": %2").arg(api.listen, error)});
        return;
    }
    if (!api.certificate.isEmpty() && !config.findCertificate(api.certificate))
        issues->append({QStringLiteral("api.certificate"), QStringLiteral("\"%1\" names no certificate; add it under \"certificates\" or pick one that is there")
                                                               .arg(api.certificate)});
    checkTokens(api, issues);
    if (!isLoopback(address->host)) {
        const QString where = address->host.isEmpty() ? QStringLiteral("every address") : address->host;
        if (api.certificate.isEmpty())
            issues->append({QStringLiteral("api.certificate"),
                            QStringLiteral("the API listens on %1, beyond this machine, so it must use HTTPS: name a certificate, "
                                           "or listen on 127.0.0.1").arg(where)});
        if (api.tokens.isEmpty())
            issues->append({QStringLiteral("api.tokens"),
                            QStringLiteral("the API listens on %1, beyond this machine, so it needs at least one token; "
                                           "make one with portierd --new-api-token NAME, or listen on 127.0.0.1").arg(where)});
    }
    for (qsizetype i = 0; i < config.listeners.size(); ++i) {
        const ListenerConfig &listener = config.listeners.at(i);
        if (listener.protocol == ListenerConfig::Protocol::Udp)
            continue;
        const std::optional<HostPort> other = HostPort::parse(listener.listen, true);
        if (other && other->port == address->port && (other->host == address->host || other->host.isEmpty() || address->host.isEmpty()))
            issues->append({QStringLiteral("api.listen"), QStringLiteral("\"%1\" is also listeners[%2]'s address; give the API a port of its own")
                                                              .arg(api.listen).arg(i)});
    }
}

} // namespace ApiValidator
