#include "importer.h"
#include "access.h"
#include "limits.h"
#include "accesslog.h"
#include "listen.h"
#include "proxyprotocol.h"

#include <listenaddress.h>

// server {}, listen and proxy_pass (ngx_stream_core_module, ngx_stream_proxy_module's proxy_pass).

namespace NginxImport {

namespace {

const QStringList listenerSettings{
    QStringLiteral("proxy_timeout"), QStringLiteral("proxy_connect_timeout"), QStringLiteral("proxy_next_upstream"),
    QStringLiteral("proxy_next_upstream_tries"), QStringLiteral("proxy_next_upstream_timeout"), QStringLiteral("proxy_half_close"),
    QStringLiteral("proxy_responses"), QStringLiteral("proxy_requests"), QStringLiteral("ssl_certificate"),
    QStringLiteral("ssl_certificate_key"), QStringLiteral("ssl_password_file"), QStringLiteral("ssl_protocols"),
    QStringLiteral("ssl_ciphers"), QStringLiteral("ssl_prefer_server_ciphers"), QStringLiteral("ssl_session_cache"),
    QStringLiteral("ssl_session_timeout"), QStringLiteral("ssl_session_tickets"), QStringLiteral("ssl_handshake_timeout"),
    QStringLiteral("ssl_verify_client"), QStringLiteral("ssl_client_certificate"), QStringLiteral("ssl_preread"),
    QStringLiteral("proxy_ssl"), QStringLiteral("proxy_ssl_server_name"), QStringLiteral("proxy_ssl_name"),
    QStringLiteral("proxy_ssl_verify"), QStringLiteral("proxy_ssl_trusted_certificate"), QStringLiteral("proxy_ssl_protocols"),
    QStringLiteral("proxy_ssl_session_reuse"), QStringLiteral("proxy_protocol"), QStringLiteral("proxy_protocol_timeout"),
};

} // namespace

bool isListenerSetting(const QString &name)
{
    return listenerSettings.contains(name);
}

bool isServerSslSetting(const QString &name)
{
    return name.startsWith(QLatin1StringView("ssl_")) && name != u"ssl_preread";
}

std::optional<Listen> Importer::readListen(const NginxDirective &d)
{
    if (d.args.isEmpty()) {
        arity(d, QStringLiteral("an address, e.g. listen 127.0.0.1:30003"));
        return std::nullopt;
    }
    if (d.args.first().startsWith(QLatin1StringView("unix:"))) {
        report(Severity::Warning, d, QStringLiteral("the UNIX socket \"%1\" is not carried over: Portier listens on TCP and UDP ports").arg(d.args.first()));
        return std::nullopt;
    }
    QString addressError; // what nginx's ngx_parse_url refuses too ("invalid port range")
    if (!ListenAddress::parse(d.args.first(), &addressError, 65536)) {
        report(Severity::Error, d, QStringLiteral("in \"%1\" of the \"listen\" directive: %2").arg(d.args.first(), addressError));
        return std::nullopt;
    }
    Listen listen;
    listen.address = d.args.first();
    listen.place = placeOf(d);
    for (qsizetype i = 1; i < d.args.size(); ++i) {
        const QString &arg = d.args.at(i);
        const ListenImport::Parameter parameter = ListenImport::read(arg, &listen.socket);
        if (parameter.kind == ListenImport::Parameter::Kind::Carried)
            continue;
        if (parameter.kind == ListenImport::Parameter::Kind::Invalid)
            report(Severity::Error, d, parameter.message);
        else if (arg == u"ssl")
            listen.ssl = true;
        else if (arg == u"udp")
            listen.udp = true;
        else if (arg == u"proxy_protocol")
            listen.proxyProtocol = true;
        else // nginx 1.22's words; deferred, accept_filter and setfib are http's, not stream's
            report(Severity::Error, d, QStringLiteral("the invalid \"%1\" parameter of listen; nginx refuses it (stream's listen takes ssl, udp, "
                                                      "proxy_protocol, bind, backlog=, rcvbuf=, sndbuf=, fastopen=, ipv6only=, reuseport, "
                                                      "so_keepalive=)").arg(arg));
    }
    if (const QString why = ListenImport::udpError(listen.udp, listen.socket); !why.isEmpty())
        report(Severity::Error, d, why + QStringLiteral("; nginx refuses it"));
    if (const QString why = ProxyProtocolImport::listenError(listen.udp, listen.proxyProtocol); !why.isEmpty())
        report(Severity::Error, d, why);
    return listen;
}

void Importer::importServer(const NginxDirective &block, bool disabled)
{
    if (!block.args.isEmpty()) {
        arity(block, QStringLiteral("no arguments in stream: server { ... }"));
        return;
    }
    QList<Listen> listens;
    bool sslOn = false;
    bool hasListen = false;
    for (const NginxDirective &d : block.children) {
        if (d.isComment || d.isBlock)
            continue;
        if (d.name == u"listen") {
            hasListen = true;
            if (const std::optional<Listen> listen = readListen(d))
                listens << *listen;
        } else if (d.name == u"ssl") {
            // Before nginx 1.25.1 "ssl on;" turned TLS on for every listen of the server.
            if (const std::optional<bool> on = flag(d)) {
                sslOn = *on;
                report(Severity::Note, d, QStringLiteral("\"ssl on\" is read as \"listen ... ssl\"; newer nginx only knows the latter"));
            }
        }
    }
    if (!hasListen) {
        report(Severity::Error, block,
               QStringLiteral("no \"listen\" is defined for this server; nginx refuses it: add listen ADDRESS;"));
        return;
    }

    for (const Listen &listen : std::as_const(listens)) {
        Draft draft;
        draft.listener.listen = listen.address;
        draft.listener.protocol = listen.udp ? ListenerConfig::Protocol::Udp : ListenerConfig::Protocol::Tcp;
        draft.listener.ssl.enabled = listen.ssl || sslOn;
        draft.listener.proxyHalfClose = false; // nginx's default, whatever Portier's is
        draft.listener.enabled = !disabled;
        draft.listener.proxyProtocol.accept = listen.proxyProtocol;
        draft.listener.socket = listen.socket;

        for (const NginxDirective &d : std::as_const(m_streamSettings)) {
            if (!isServerSslSetting(d.name) || draft.listener.ssl.enabled)
                applySetting(d, &draft, false);
        }
        std::optional<PendingHealthCheck> health;
        for (const NginxDirective &d : block.children) {
            if (d.isComment || d.name == u"listen" || d.name == u"ssl")
                continue;
            if (d.isBlock)
                report(Severity::Warning, d, QStringLiteral("%1 {} is not carried over: a stream server holds no blocks").arg(d.name));
            else if (d.name == u"proxy_pass")
                readProxyPass(d, &draft);
            else if (d.name == u"return")
                readReturn(d, &draft);
            else if (d.name == u"health_check")
                health = readNginxPlusHealthCheck(d, health);
            else if (d.name == u"health_check_timeout" && d.args.size() == 1) {
                if (!health)
                    health = PendingHealthCheck{QString(), HealthCheckConfig(), QString(), placeOf(d)};
                if (const std::optional<qint64> ms = duration(d, d.args.first()))
                    health->check.timeoutMs = *ms;
            } else if (isListenerSetting(d.name))
                applySetting(d, &draft, true);
            else if (!AccessImport::isRule(d.name) && !ProxyProtocolImport::isRealIpFrom(d.name) && !LimitsImport::isServerDirective(d.name)
                     && !AccessLogImport::isAccessLog(d.name))
                notCarried(d);
        }
        for (const NginxDirective &d : portierDirectives(block.children)) {
            if (d.name == u"certificate" && d.args.size() == 1)
                draft.certificateName = d.args.first();
            else if (isListenerSetting(d.name))
                applySetting(d, &draft, true);
            else
                report(Severity::Warning, d, QStringLiteral("\"# portier: %1\" means nothing in server {}; it is ignored").arg(d.name));
        }
        if (!draft.hasProxyPass) {
            report(Severity::Error, block,
                   QStringLiteral("this server has no proxy_pass or return; nginx refuses it (\"no handler for server\"): add proxy_pass UPSTREAM;"));
        }

        const qsizetype index = m_result->config.listeners.size();
        m_positions.insert(QStringLiteral("listeners[%1]").arg(index), listen.place);
        readAccessRules(AccessImport::effectiveRules(block.children, m_streamAccess), index, &draft.listener);
        readRealIpFrom(ProxyProtocolImport::effectiveSources(block.children, m_streamRealIpFrom), &draft.listener);
        readLimits(block.children, &draft.listener);
        readAccessLog(block.children, &draft.listener);
        finishListener(&draft, listen);
        if (health && health->check.enabled && !disabled) {
            health->upstream = draft.listener.proxyPass;
            m_healthChecks << *health;
        }
        m_result->config.listeners << draft.listener;
    }
}

void Importer::readProxyPass(const NginxDirective &d, Draft *draft)
{
    if (d.args.size() != 1) {
        arity(d, QStringLiteral("one upstream name or host:port"));
        return;
    }
    draft->listener.proxyPass = d.args.first();
    draft->listener.returnText.reset(); // nginx: the later of proxy_pass and return is the handler
    draft->hasProxyPass = true;
}

// One proxy_* or ssl_* setting onto the listener being assembled; fromServer: written in
// its server {} rather than inherited from stream {}.
void Importer::applySetting(const NginxDirective &d, Draft *draft, bool fromServer)
{
    if (!applyProxySetting(d, draft))
        applySslSetting(d, draft, fromServer);
}

void Importer::finishListener(Draft *draft, const Listen &listen)
{
    ListenerConfig &l = draft->listener;
    const Place place = listen.place;

    if (!draft->certificateFile.isEmpty() || !draft->certificateName.isEmpty())
        l.ssl.certificate = certificateFor(*draft);
    else if (!draft->keyFile.isEmpty())
        report(Severity::Warning, place, QStringLiteral("ssl_certificate_key without ssl_certificate is not carried over; add ssl_certificate"));
    if (l.ssl.enabled && l.ssl.certificate.isEmpty())
        report(Severity::Warning, place, QStringLiteral("listen ... ssl without ssl_certificate: nginx refuses it; add ssl_certificate and ssl_certificate_key"));

    if (l.proxyPass.startsWith(u'$')) {
        if (!applySniMap(draft, place))
            return;
    } else if (draft->sslPreread) {
        report(Severity::Note, place, QStringLiteral("ssl_preread without a map of $ssl_preread_server_name in proxy_pass is not carried over"));
    }
    if (l.ssl.enabled && !draft->sslProtocolsSet)
        report(Severity::Note, place, QStringLiteral("no ssl_protocols here: nginx before 1.23.4 also allows TLSv1 and TLSv1.1, Portier takes TLSv1.2 TLSv1.3"));
}

} // namespace NginxImport
