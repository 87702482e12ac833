#include "tlschecks.h"

#include "acceptor.h"
#include "tlscontext.h"

ConfigIssues TlsChecks::prepare(const Config &config, qsizetype index, const Listener *running, Listener *listener, QStringList *warnings)
{
    ConfigIssues issues;
    const ListenerConfig &listenerConfig = config.listeners.at(index);
    const QString path = QStringLiteral("listeners[%1].").arg(index);
    if (listenerConfig.ssl.enabled) {
        const CertificateConfig *certificate = config.findCertificate(listenerConfig.ssl.certificate);
        if (!certificate) {
            issues << ConfigIssue{path + QStringLiteral("ssl.certificate"),
                                  QStringLiteral("listener %1: \"%2\" is not in certificates; add it there or pick another")
                                      .arg(listenerConfig.listen, listenerConfig.ssl.certificate)};
        } else {
            QString error;
            QStringList found;
            listener->tls = TlsContext::serverFor(listenerConfig.ssl, *certificate, running ? running->tls : nullptr, &error, &found);
            const QString prefix = QStringLiteral("listener %1, certificate \"%2\": ").arg(listenerConfig.listen, certificate->name);
            if (!listener->tls)
                issues << ConfigIssue{path + QStringLiteral("ssl"), prefix + error};
            if (warnings) {
                for (const QString &warning : std::as_const(found))
                    *warnings << prefix + warning;
            }
        }
    }
    if (listenerConfig.proxySsl.enabled) {
        QString error;
        listener->upstreamTls = TlsContext::clientFor(listenerConfig.proxySsl, running ? running->upstreamTls : nullptr, &error);
        if (!listener->upstreamTls)
            issues << ConfigIssue{path + QStringLiteral("proxy_ssl"), QStringLiteral("listener %1: %2").arg(listenerConfig.listen, error)};
    }
    return issues;
}

ConfigIssues TlsChecks::check(const Config &config, QStringList *warnings)
{
    ConfigIssues issues;
    for (qsizetype i = 0; i < config.listeners.size(); ++i) {
        if (!config.listeners.at(i).enabled)
            continue;
        Listener trial;
        issues += prepare(config, i, nullptr, &trial, warnings);
    }
    return issues;
}
