// NginxExport::Exporter's server {} blocks, one per listener: the SNI map before it,
// listen, access rules, PROXY protocol, limits, access log and the proxy_* settings; a
// listener that is switched off is written commented out.
#include "accesslog.h"
#include "exporter.h"
#include "limits.h"

#include <accessrules.h>
#include <duration.h>
#include <hostport.h>
#include <listenaddress.h>

namespace {

// Words in map blocks that nginx reads as parameters, not as source values.
const QStringList mapParameters{QStringLiteral("default"), QStringLiteral("hostnames"), QStringLiteral("include"),
                                QStringLiteral("volatile")};

// The prefix of every line of a listener whose switch is off: nginx would start it, so
// it is written commented out, and the importer reads it back as enabled: false.
constexpr QLatin1StringView disabledPrefix("# portier: disabled | ");

} // namespace

namespace NginxExport {

void Exporter::writeListener(Writer &out, const ListenerConfig &listener, qsizetype index)
{
    if (listener.enabled) {
        writeListenerBlocks(out, listener, index);
        return;
    }
    Writer region;
    writeListenerBlocks(region, listener, index);
    out.comment(QStringLiteral("Portier's switch is off for this listener; nginx would start it, so it stays commented out."));
    out.embed(region, disabledPrefix);
}

void Exporter::writeListenerBlocks(Writer &out, const ListenerConfig &listener, qsizetype index)
{
    const bool udp = listener.protocol == ListenerConfig::Protocol::Udp;

    QString listenError;
    if (!ListenAddress::parse(listener.listen, &listenError))
        error(path("listeners", index, "listen"), listenError);
    if (listener.ssl.enabled && udp)
        error(path("listeners", index, "ssl"), QStringLiteral("nginx has no TLS over UDP (DTLS); use protocol tcp or remove ssl"));

    QString proxyPass;
    if (listener.returnText)
        ; // return: no proxy_pass
    else if (listener.proxyPass.contains(u'$'))
        proxyPass = listener.proxyPass; // a variable: its values name the groups (RoutingExport)
    else if (!listener.proxyPass.isEmpty())
        proxyPass = upstreamOrAddress(listener.proxyPass, path("listeners", index, "proxy_pass"));
    else if (listener.sniRoutes.isEmpty())
        error(path("listeners", index, "proxy_pass"), QStringLiteral("is empty; nginx needs a proxy_pass: name an upstream group or write host:port"));

    if (!listener.sniRoutes.isEmpty()) {
        // Routing by the client's server name: with TLS terminated here nginx knows the
        // name from the handshake ($ssl_server_name); without, ssl_preread reads it
        // from the ClientHello and passes the TLS bytes on untouched.
        const QString source = listener.ssl.enabled ? QStringLiteral("$ssl_server_name") : QStringLiteral("$ssl_preread_server_name");
        out.open(QStringLiteral("map"), {source, NginxExporter::sniVariable(index)});
        out.directive(QStringLiteral("hostnames"));
        for (auto it = listener.sniRoutes.begin(); it != listener.sniRoutes.end(); ++it) {
            QString key = it.key();
            if (mapParameters.contains(key) || key.startsWith(u'~') || key.startsWith(u'\\'))
                key.prepend(u'\\'); // nginx's escape for a value that would read as a parameter or regex
            QString target = it.value();
            if (m_names.contains(target)) {
                target = m_names.value(target);
            } else {
                warning(path("listeners", index, "sni_routes.") + it.key(),
                        QStringLiteral("\"%1\" is not an upstream group; nginx will fail such connections").arg(it.value()));
            }
            out.directive(key, {target});
        }
        if (!proxyPass.isEmpty())
            out.directive(QStringLiteral("default"), {proxyPass});
        out.close();
        out.blank();
    }

    out.open(QStringLiteral("server"));
    QStringList listen{listener.listen};
    if (listener.ssl.enabled)
        listen << QStringLiteral("ssl");
    if (udp)
        listen << QStringLiteral("udp");
    if (listener.proxyProtocol.accept)
        listen << QStringLiteral("proxy_protocol");
    listen << listener.socket.nginxParameters();
    out.directive(QStringLiteral("listen"), listen);
    writeAccess(out, listener, index);
    writeProxyProtocol(out, listener.proxyProtocol);
    for (const LimitsExport::Line &line : LimitsExport::serverLines(listener.limits, index))
        out.directive(line.name, line.args);
    for (const LimitsExport::Line &line : AccessLogExport::serverLines(listener.accessLog))
        out.directive(line.name, line.args);

    writeSsl(out, listener.ssl, index);
    if (!listener.sniRoutes.isEmpty() && !listener.ssl.enabled)
        out.directive(QStringLiteral("ssl_preread"), {QStringLiteral("on")});

    if (listener.proxyConnectTimeoutMs != Defaults::proxyConnectTimeoutMs)
        out.directive(QStringLiteral("proxy_connect_timeout"), {Duration::format(listener.proxyConnectTimeoutMs)});
    if (listener.proxyTimeoutMs != Defaults::proxyTimeoutMs)
        out.directive(QStringLiteral("proxy_timeout"), {Duration::format(listener.proxyTimeoutMs)});
    if (!listener.proxyNextUpstream)
        out.directive(QStringLiteral("proxy_next_upstream"), {QStringLiteral("off")});
    if (listener.proxyNextUpstreamTries < 0)
        error(path("listeners", index, "proxy_next_upstream_tries"), QStringLiteral("%1 must be 0 (unlimited) or more").arg(listener.proxyNextUpstreamTries));
    else if (listener.proxyNextUpstreamTries != 0)
        out.directive(QStringLiteral("proxy_next_upstream_tries"), {QString::number(listener.proxyNextUpstreamTries)});
    if (listener.proxyNextUpstreamTimeoutMs != 0)
        out.directive(QStringLiteral("proxy_next_upstream_timeout"), {Duration::format(listener.proxyNextUpstreamTimeoutMs)});
    // Always written: Portier relays half-closes by default, nginx does not.
    versioned(out, NginxVersion::Feature::ProxyHalfClose, QStringLiteral("proxy_half_close"), {onOff(listener.proxyHalfClose)},
              QStringLiteral("it closes both directions when one side closes"));
    if (listener.proxyResponses < -1)
        error(path("listeners", index, "proxy_responses"), QStringLiteral("%1 must be 0 or more").arg(listener.proxyResponses));
    else if (listener.proxyResponses >= 0)
        out.directive(QStringLiteral("proxy_responses"), {QString::number(listener.proxyResponses)});
    if (listener.proxyRequests < 0)
        error(path("listeners", index, "proxy_requests"), QStringLiteral("%1 must be 0 (unlimited) or more").arg(listener.proxyRequests));
    else if (listener.proxyRequests != 0)
        versioned(out, NginxVersion::Feature::ProxyRequests, QStringLiteral("proxy_requests"), {QString::number(listener.proxyRequests)},
                  QStringLiteral("a UDP session ends by proxy_responses and proxy_timeout only"));

    writeProxySsl(out, listener.proxySsl, index);

    if (listener.returnText)
        out.directive(QStringLiteral("return"), {*listener.returnText});
    else
        out.directive(QStringLiteral("proxy_pass"), {listener.sniRoutes.isEmpty() ? proxyPass : NginxExporter::sniVariable(index)});
    out.close();
}

// allow/deny in the server itself, never at stream level: each listener keeps exactly its
// own rules (a server with rules of its own inherits none, ngx_stream_access_merge_srv_conf).
void Exporter::writeAccess(Writer &out, const ListenerConfig &listener, qsizetype index)
{
    for (qsizetype j = 0; j < listener.access.size(); ++j) {
        const AccessRuleConfig &rule = listener.access.at(j);
        QString why;
        if (!AccessRules::parseAddress(rule.address, &why)) {
            // Leaving it out would let in whom the rule keeps out.
            error(path("listeners", index) + QStringLiteral(".access[%1]").arg(j), why);
            continue;
        }
        out.directive(AccessRuleConfig::actionName(rule.action), {rule.address});
    }
}

// set_real_ip_from, proxy_protocol_timeout and proxy_protocol in the server itself, so a
// listener keeps exactly its own (ConfigValidator has checked the addresses).
void Exporter::writeProxyProtocol(Writer &out, const ProxyProtocolConfig &config)
{
    for (const QString &source : config.trustedSources)
        out.directive(QStringLiteral("set_real_ip_from"), {source});
    if (config.timeoutMs != ProxyProtocolConfig::defaultTimeoutMs)
        out.directive(QStringLiteral("proxy_protocol_timeout"), {Duration::format(config.timeoutMs)});
    if (config.send)
        out.directive(QStringLiteral("proxy_protocol"), {QStringLiteral("on")});
}

QString Exporter::upstreamOrAddress(const QString &name, const QString &where)
{
    if (m_names.contains(name))
        return m_names.value(name);
    QString addressError;
    if (name.contains(u':') && HostPort::parse(name, false, &addressError))
        return name;
    error(where, name.contains(u':') ? addressError
                                     : QStringLiteral("\"%1\" is neither an upstream group nor host:port; add a group with that name or write host:port")
                                           .arg(name));
    return name;
}

} // namespace NginxExport
