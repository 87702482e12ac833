#include "configsummary.h"

#include <duration.h>

#include <QTreeWidget>

namespace {

const QString separator = QStringLiteral(" · ");

QString protocolText(ListenerConfig::Protocol protocol)
{
    return protocol == ListenerConfig::Protocol::Udp ? QStringLiteral("UDP") : QStringLiteral("TCP");
}

QTreeWidgetItem *addItem(QTreeWidgetItem *parent, const QString &text, const QString &details)
{
    auto *item = new QTreeWidgetItem(parent, {text, details});
    item->setToolTip(1, details);
    return item;
}

} // namespace

QString ConfigSummary::methodText(const UpstreamConfig &upstream)
{
    using Method = UpstreamConfig::Method;
    switch (upstream.method) {
    case Method::RoundRobin:
        return tr("round robin");
    case Method::LeastConn:
        return tr("least connections");
    case Method::LeastTime:
        return tr("least time (%1%2)")
            .arg(UpstreamConfig::leastTimeModeName(upstream.leastTimeMode), upstream.inflight ? QStringLiteral(" inflight") : QString());
    case Method::Hash:
        return upstream.consistent ? tr("consistent hash of %1").arg(upstream.hashKey) : tr("hash of %1").arg(upstream.hashKey);
    case Method::Random:
        return upstream.randomTwo ? tr("random, best of two") : tr("random");
    }
    return QString();
}

void ConfigSummary::fill(QTreeWidget *tree, const Config &config)
{
    tree->clear();

    auto *listeners = new QTreeWidgetItem(tree, {tr("Listeners (%1)").arg(config.listeners.size())});
    for (const ListenerConfig &listener : config.listeners) {
        QStringList details{protocolText(listener.protocol)};
        if (listener.ssl.enabled)
            details << tr("TLS with certificate %1").arg(listener.ssl.certificate);
        if (!listener.sniRoutes.isEmpty())
            details << tr("%n SNI route(s)", nullptr, int(listener.sniRoutes.size()));
        if (!listener.access.isEmpty()) {
            // Shown whole, in nginx's words: what an import carried over must be checkable here.
            QStringList rules;
            for (const AccessRuleConfig &rule : listener.access)
                rules << AccessRuleConfig::actionName(rule.action) + u' ' + rule.address;
            details << rules.join(QStringLiteral("; "));
        }
        details << QStringLiteral("proxy_timeout ") + Duration::format(listener.proxyTimeoutMs);
        details << QStringLiteral("proxy_connect_timeout ") + Duration::format(listener.proxyConnectTimeoutMs);
        if (!listener.enabled)
            details << tr("disabled");
        addItem(listeners, listener.listen + QStringLiteral(" → ") + listener.proxyPass, details.join(separator));
    }

    auto *groups = new QTreeWidgetItem(tree, {tr("Upstream groups (%1)").arg(config.upstreams.size())});
    for (const UpstreamConfig &upstream : config.upstreams) {
        QStringList details{methodText(upstream), tr("%n server(s)", nullptr, int(upstream.servers.size()))};
        if (upstream.healthCheck.enabled)
            details << tr("health checks every %1").arg(Duration::format(upstream.healthCheck.intervalMs));
        QTreeWidgetItem *group = addItem(groups, upstream.name, details.join(separator));
        for (const ServerConfig &server : upstream.servers) {
            QStringList parameters{QStringLiteral("weight=%1").arg(server.weight), QStringLiteral("max_fails=%1").arg(server.maxFails),
                                   QStringLiteral("fail_timeout=") + Duration::format(server.failTimeoutMs)};
            if (server.maxConns > 0)
                parameters << QStringLiteral("max_conns=%1").arg(server.maxConns);
            if (server.backup)
                parameters << QStringLiteral("backup");
            if (server.down)
                parameters << QStringLiteral("down");
            addItem(group, server.address, parameters.join(u' '));
        }
    }

    auto *certificates = new QTreeWidgetItem(tree, {tr("Certificates (%1)").arg(config.certificates.size())});
    for (const CertificateConfig &certificate : config.certificates)
        addItem(certificates, certificate.name, certificate.certificateFile);

    const QString workers = config.workers == 0 ? tr("one per CPU core") : QString::number(config.workers);
    const QString log = config.errorLog.path.isEmpty() ? tr("standard error") : config.errorLog.path;
    auto *settings = new QTreeWidgetItem(tree, {tr("Settings")});
    addItem(settings, tr("Worker threads"), workers);
    QString rotation;
    if (config.errorLog.rotation.maxSize > 0)
        rotation = separator + tr("rotated at %1, %n old file(s) kept", nullptr, config.errorLog.rotation.keep)
                                   .arg(Size::format(config.errorLog.rotation.maxSize));
    addItem(settings, tr("Error log"), log + separator + config.errorLog.level + rotation);

    tree->expandAll();
}

