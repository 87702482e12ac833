#include "nginxexporter.h"

#include "export/accesslog.h"
#include "export/limits.h"
#include "export/routing.h"

#include <accessrules.h>
#include <duration.h>
#include <hostport.h>
#include <listenaddress.h>

#include <QHash>
#include <QSet>

namespace {

// Words in map blocks that nginx reads as parameters, not as source values.
const QStringList mapParameters{QStringLiteral("default"), QStringLiteral("hostnames"), QStringLiteral("include"),
                                QStringLiteral("volatile")};
const QStringList nginxSslProtocols{QStringLiteral("SSLv2"), QStringLiteral("SSLv3"), QStringLiteral("TLSv1"),
                                    QStringLiteral("TLSv1.1"), QStringLiteral("TLSv1.2"), QStringLiteral("TLSv1.3")};
const QStringList errorLogLevels{QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("notice"), QStringLiteral("warn"),
                                 QStringLiteral("error"), QStringLiteral("crit"), QStringLiteral("alert"), QStringLiteral("emerg")};
const QStringList verifyClientValues{QStringLiteral("off"), QStringLiteral("on"), QStringLiteral("optional"),
                                     QStringLiteral("optional_no_ca")};

// The prefix of every line of a listener whose switch is off: nginx would start it, so
// it is written commented out, and the importer reads it back as enabled: false.
constexpr QLatin1StringView disabledPrefix("# portier: disabled | ");

QString onOff(bool value)
{
    return value ? QStringLiteral("on") : QStringLiteral("off");
}

QString path(const char *list, qsizetype i, const char *key = nullptr)
{
    QString text = QLatin1StringView(list) + u'[' + QString::number(i) + u']';
    if (key)
        text += u'.' + QLatin1StringView(key);
    return text;
}

// Indented lines, one directive each.
class Writer
{
public:
    void line(const QString &text) { m_lines << QString(m_indent * 4, u' ') + text; }
    // A blank line between blocks, never doubled and never right after an opening brace.
    void blank()
    {
        if (!m_lines.isEmpty() && !m_lines.last().isEmpty() && !m_lines.last().endsWith(u'{'))
            m_lines << QString();
    }
    void directive(const QString &name, const QStringList &args = {}) { line(words(name, args) + u';'); }
    void open(const QString &name, const QStringList &args = {})
    {
        line(words(name, args) + QStringLiteral(" {"));
        ++m_indent;
    }
    void close()
    {
        --m_indent;
        line(QStringLiteral("}"));
    }
    void comment(const QString &text) { line(QStringLiteral("# ") + text); }
    // A "# portier: ..." comment the importer reads back; words quoted as in a directive.
    void portier(const QString &name, const QStringList &args = {}) { line(QStringLiteral("# portier: ") + words(name, args)); }

    // Appends other's lines at this indentation, each behind prefix (blank lines dropped: a
    // commented-out region must be one run of comment lines).
    void embed(const Writer &other, QLatin1StringView prefix)
    {
        for (const QString &text : other.m_lines) {
            if (!text.isEmpty())
                line(prefix + text);
        }
    }

    QString text() const { return m_lines.join(u'\n') + u'\n'; }

private:
    static QString words(const QString &name, const QStringList &args)
    {
        QString text = name;
        for (const QString &arg : args)
            text += u' ' + NginxExporter::quote(arg);
        return text;
    }

    QStringList m_lines;
    int m_indent = 0;
};

class Exporter
{
public:
    Exporter(const Config &config, const NginxExporter::Options &options, NginxExporter::Result *result)
        : m_config(config), m_options(options), m_result(result)
    {
    }

    void run()
    {
        nameUpstreams();
        checkListenAddresses();
        Writer out;
        const bool standalone = m_options.form == NginxExporter::Form::Standalone;
        out.comment(QStringLiteral("%1 exported by Portier %2 for nginx %3.")
                        .arg(standalone ? QStringLiteral("nginx.conf") : QStringLiteral("nginx stream {} configuration"),
                             QStringLiteral(PORTIER_VERSION), m_options.target.toString()));
        if (standalone)
            writeMain(out);
        else
            out.comment(QStringLiteral("Include it at the top level of nginx.conf, next to http {}, not inside it."));

        out.open(QStringLiteral("stream"));
        writeStreamSettings(out);
        for (qsizetype i = 0; i < m_config.upstreams.size(); ++i) {
            out.blank();
            writeUpstream(out, m_config.upstreams.at(i), i);
        }
        for (qsizetype i = 0; i < m_config.listeners.size(); ++i) {
            out.blank();
            writeListener(out, m_config.listeners.at(i), i);
        }
        out.close();
        if (m_result->errors.isEmpty())
            m_result->text = out.text();
    }

private:
    void error(const QString &where, const QString &message) { m_result->errors.append({where, message}); }
    void warning(const QString &where, const QString &message) { m_result->warnings.append({where, message}); }

    QString target() const { return QStringLiteral("nginx ") + m_options.target.toString(); }

    // Upstream names as nginx will read them, made safe and unique; proxy_pass and
    // sni_routes refer to the new names.
    void nameUpstreams()
    {
        QSet<QString> used;
        for (qsizetype i = 0; i < m_config.upstreams.size(); ++i) {
            const QString &name = m_config.upstreams.at(i).name;
            QString candidate = NginxExporter::safeName(name);
            for (int n = 2; used.contains(candidate); ++n)
                candidate = NginxExporter::safeName(name) + u'_' + QString::number(n);
            used.insert(candidate);
            if (candidate != name)
                warning(path("upstreams", i, "name"), QStringLiteral("\"%1\" is written as %2: nginx names take letters, digits, '_', '-' and '.', once each")
                                                          .arg(name, candidate));
            m_upstreamNames.push_back(candidate);
            if (!m_names.contains(name))
                m_names.insert(name, candidate);
        }
    }

    // nginx -t refuses a second server on the same address, port and protocol.
    void checkListenAddresses()
    {
        QHash<QString, qsizetype> seen;
        for (qsizetype i = 0; i < m_config.listeners.size(); ++i) {
            const ListenerConfig &listener = m_config.listeners.at(i);
            const std::optional<ListenAddress> range = ListenAddress::parse(listener.listen);
            if (!listener.enabled || !range)
                continue; // a disabled listener is written commented out
            for (const HostPort &address : range->addresses()) { // each port of a range
                const QString key = address.toString() + (listener.protocol == ListenerConfig::Protocol::Udp ? QStringLiteral("/udp") : QStringLiteral("/tcp"));
                if (seen.contains(key)) {
                    error(path("listeners", i, "listen"), QStringLiteral("%1 is also listened on by listeners[%2]; nginx refuses a duplicate address and port")
                                                              .arg(listener.listen)
                                                              .arg(seen.value(key)));
                    break;
                }
                seen.insert(key, i);
            }
        }
    }

    // Whole seconds for the directives nginx reads in seconds (fail_timeout,
    // ssl_session_timeout); a remainder is rounded up so the value never becomes 0.
    QString seconds(qint64 ms, const QString &where)
    {
        if (ms % 1000 == 0)
            return Duration::format(ms);
        const qint64 rounded = (ms / 1000 + 1) * 1000;
        warning(where, QStringLiteral("%1 is written as %2: nginx takes whole seconds here").arg(Duration::format(ms), Duration::format(rounded)));
        return Duration::format(rounded);
    }

    void writeMain(Writer &out)
    {
        if (!m_options.loadModule.isEmpty())
            out.directive(QStringLiteral("load_module"), {m_options.loadModule});
        if (m_config.workers < 0)
            error(QStringLiteral("workers"), QStringLiteral("%1 is not a worker count; use a number from 1 or \"auto\"").arg(m_config.workers));
        out.directive(QStringLiteral("worker_processes"), {m_config.workers == 0 ? QStringLiteral("auto") : QString::number(m_config.workers)});
        if (!m_options.pid.isEmpty())
            out.directive(QStringLiteral("pid"), {m_options.pid});
        if (!m_options.errorLog.isEmpty()) {
            // Marked so the importer does not take nginx's own log for the config's error_log.
            out.line(QStringLiteral("error_log %1; # portier: nginx_only").arg(NginxExporter::quote(m_options.errorLog)));
        }
        out.open(QStringLiteral("events"));
        for (QString event : m_options.events) {
            event = event.trimmed();
            if (event.endsWith(u';'))
                event.chop(1);
            const bool connections = event.startsWith(QStringLiteral("worker_connections"));
            if (connections && m_config.workerConnections != 0)
                continue; // the config's own value is written below
            if (connections) // nginx's own run needs it; the config keeps "auto"
                out.line(event + QStringLiteral("; # portier: nginx_only"));
            else if (!event.isEmpty())
                out.line(event + u';');
        }
        if (m_config.workerConnections != 0)
            out.directive(QStringLiteral("worker_connections"), {QString::number(m_config.workerConnections)});
        out.close();
        out.blank();
    }

    void writeStreamSettings(Writer &out)
    {
        if (m_options.form == NginxExporter::Form::Snippet && m_config.workers != 0)
            out.portier(QStringLiteral("workers"), {QString::number(m_config.workers)});
        if (m_options.form == NginxExporter::Form::Snippet && m_config.workerConnections != 0)
            out.portier(QStringLiteral("worker_connections"), {QString::number(m_config.workerConnections)});
        if (m_config.version != Config::currentVersion)
            out.portier(QStringLiteral("version"), {QString::number(m_config.version)});
        if (!errorLogLevels.contains(m_config.errorLog.level))
            error(QStringLiteral("error_log.level"), QStringLiteral("\"%1\" is not a level nginx knows; use one of %2")
                                                         .arg(m_config.errorLog.level, errorLogLevels.join(QStringLiteral(", "))));
        // error_log.max_size / keep (rotation by size) are not written: nginx has no such
        // directive and leaves rotation to logrotate and its SIGUSR1 reopen.
        if (m_config.errorLog.path != ErrorLogConfig().path || m_config.errorLog.level != ErrorLogConfig().level) {
            // An empty path is Portier's "stderr only"; nginx spells that error_log stderr.
            out.directive(QStringLiteral("error_log"),
                          {m_config.errorLog.path.isEmpty() ? QStringLiteral("stderr") : m_config.errorLog.path, m_config.errorLog.level});
        }
        // Every certificate, in order, with what nginx has no words for (the name and
        // allow_expired); listeners name theirs again above their ssl_certificate lines.
        for (qsizetype i = 0; i < m_config.certificates.size(); ++i) {
            const CertificateConfig &certificate = m_config.certificates.at(i);
            QStringList args{certificate.name, QStringLiteral("certificate_file=") + certificate.certificateFile,
                             QStringLiteral("key_file=") + certificate.keyFile};
            if (!certificate.passphraseFile.isEmpty())
                args << QStringLiteral("passphrase_file=") + certificate.passphraseFile;
            if (certificate.allowExpired)
                args << QStringLiteral("allow_expired=on");
            out.portier(QStringLiteral("certificate"), args);
        }
        for (const LimitsExport::Line &line : LimitsExport::streamLines(m_config))
            out.directive(line.name, line.args);
        for (const LimitsExport::Line &line : AccessLogExport::streamLines(m_config))
            out.directive(line.name, line.args);
        for (const RoutingExport::Block &block : RoutingExport::streamBlocks(m_config, m_names)) {
            out.blank();
            out.open(block.name, block.args);
            for (const LimitsExport::Line &line : block.lines)
                out.directive(line.name, line.args);
            out.close();
        }
    }

    void writeUpstream(Writer &out, const UpstreamConfig &upstream, qsizetype index)
    {
        using Method = UpstreamConfig::Method;
        out.open(QStringLiteral("upstream"), {m_upstreamNames.at(index)});

        QStringList unused; // settings of methods not in use, kept for Portier's editor
        if (upstream.method != Method::Hash) {
            if (!upstream.hashKey.isEmpty())
                unused << QStringLiteral("hash_key=") + upstream.hashKey;
            if (upstream.consistent)
                unused << QStringLiteral("consistent=on");
        }
        if (upstream.method != Method::LeastTime) {
            if (upstream.leastTimeMode != UpstreamConfig::LeastTimeMode::Connect)
                unused << QStringLiteral("least_time_mode=") + UpstreamConfig::leastTimeModeName(upstream.leastTimeMode);
            if (upstream.inflight)
                unused << QStringLiteral("inflight=on");
        }
        if (upstream.method != Method::Random && upstream.randomTwo)
            unused << QStringLiteral("random_two=on");

        switch (upstream.method) {
        case Method::RoundRobin:
            break;
        case Method::LeastConn:
            out.directive(QStringLiteral("least_conn"));
            break;
        case Method::Hash:
            if (upstream.hashKey.isEmpty())
                error(path("upstreams", index, "hash_key"), QStringLiteral("is empty; method hash needs a key such as $remote_addr"));
            out.directive(QStringLiteral("hash"), upstream.consistent ? QStringList{upstream.hashKey, QStringLiteral("consistent")}
                                                                      : QStringList{upstream.hashKey});
            break;
        case Method::LeastTime: {
            QStringList args{UpstreamConfig::leastTimeModeName(upstream.leastTimeMode)};
            if (upstream.inflight)
                args << QStringLiteral("inflight");
            if (m_options.target.supports(NginxVersion::Feature::LeastTime)) {
                out.directive(QStringLiteral("least_time"), args);
            } else {
                out.comment(QStringLiteral("%1 has no least_time (open-source nginx has it from %2); least_conn is the nearest")
                                .arg(target(), NginxVersion::introducedIn(NginxVersion::Feature::LeastTime)->toString()));
                out.portier(QStringLiteral("least_time"), args);
                out.directive(QStringLiteral("least_conn"));
            }
            break;
        }
        case Method::Random:
            if (!upstream.randomTwo) {
                out.directive(QStringLiteral("random"));
            } else if (upstream.randomMethod.isEmpty() || upstream.randomMethod == u"least_conn") {
                out.directive(QStringLiteral("random"), upstream.randomMethod.isEmpty() ? QStringList{QStringLiteral("two")}
                                                                                       : QStringList{QStringLiteral("two"), upstream.randomMethod});
            } else {
                warning(path("upstreams", index, "random_method"),
                        QStringLiteral("\"%1\" is not a method open-source nginx has for random two; written as random two (least_conn)")
                            .arg(upstream.randomMethod));
                out.directive(QStringLiteral("random"), {QStringLiteral("two")});
            }
            break;
        }
        const bool randomMethodWritten = upstream.method == Method::Random && upstream.randomTwo
                                         && (upstream.randomMethod.isEmpty() || upstream.randomMethod == u"least_conn");
        if (!upstream.randomMethod.isEmpty() && !randomMethodWritten)
            unused << QStringLiteral("random_method=") + upstream.randomMethod;
        if (!unused.isEmpty())
            out.portier(QStringLiteral("set"), unused);

        writeHealthCheck(out, upstream.healthCheck);

        if (upstream.servers.isEmpty())
            error(path("upstreams", index, "servers"), QStringLiteral("the group has no servers, which nginx refuses; add at least one"));
        const bool backupRefused = upstream.method == Method::Hash || upstream.method == Method::Random;
        for (qsizetype j = 0; j < upstream.servers.size(); ++j)
            writeServer(out, upstream.servers.at(j), path("upstreams", index) + QStringLiteral(".servers[%1]").arg(j), backupRefused, upstream.method);
        out.close();
    }

    void writeHealthCheck(Writer &out, const HealthCheckConfig &health)
    {
        if (health == HealthCheckConfig())
            return;
        if (health.enabled) {
            out.comment(QStringLiteral("open-source nginx has no active health checks (NGINX Plus has health_check); "
                                       "max_fails and fail_timeout still take failing servers out"));
        }
        QStringList args;
        if (!health.enabled)
            args << QStringLiteral("off");
        args << QStringLiteral("interval=") + Duration::format(health.intervalMs) << QStringLiteral("timeout=") + Duration::format(health.timeoutMs)
             << QStringLiteral("fails=") + QString::number(health.fails) << QStringLiteral("passes=") + QString::number(health.passes);
        if (!health.send.isEmpty())
            args << QStringLiteral("send=") + health.send;
        if (!health.expect.isEmpty())
            args << QStringLiteral("expect=") + health.expect;
        out.portier(QStringLiteral("health_check"), args);
    }

    void writeServer(Writer &out, const ServerConfig &server, const QString &where, bool backupRefused, UpstreamConfig::Method method)
    {
        QString addressError;
        const std::optional<HostPort> address = HostPort::parse(server.address, false, &addressError);
        if (!address)
            error(where + QStringLiteral(".address"), addressError);
        else if (!address->isIpLiteral()) {
            if (m_options.target.supports(NginxVersion::Feature::ServerResolve))
                out.comment(QStringLiteral("nginx resolves %1 once when it starts; to follow DNS changes add \"resolve\" here and a resolver")
                                .arg(address->host));
            else
                out.comment(QStringLiteral("%1 resolves %2 once when it starts: it has no \"server ... resolve\" (open-source from %3)")
                                .arg(target(), address->host, NginxVersion::introducedIn(NginxVersion::Feature::ServerResolve)->toString()));
        }
        QStringList args{server.address};
        if (server.weight < 1)
            error(where + QStringLiteral(".weight"), QStringLiteral("%1 must be 1 or more for nginx").arg(server.weight));
        else if (server.weight != 1)
            args << QStringLiteral("weight=%1").arg(server.weight);
        if (server.maxFails < 0)
            error(where + QStringLiteral(".max_fails"), QStringLiteral("%1 must be 0 or more for nginx").arg(server.maxFails));
        else if (server.maxFails != 1)
            args << QStringLiteral("max_fails=%1").arg(server.maxFails);
        if (server.failTimeoutMs < 0)
            error(where + QStringLiteral(".fail_timeout"), QStringLiteral("must not be negative"));
        else if (server.failTimeoutMs != Defaults::failTimeoutMs)
            args << QStringLiteral("fail_timeout=") + seconds(server.failTimeoutMs, where + QStringLiteral(".fail_timeout"));
        if (server.backup) {
            if (backupRefused)
                error(where + QStringLiteral(".backup"), QStringLiteral("nginx refuses backup servers with method %1; turn backup off or change the method")
                                                             .arg(UpstreamConfig::methodName(method)));
            args << QStringLiteral("backup");
        }
        if (server.down)
            args << QStringLiteral("down");
        if (server.maxConns < 0)
            error(where + QStringLiteral(".max_conns"), QStringLiteral("%1 must be 0 (unlimited) or more").arg(server.maxConns));
        else if (server.maxConns != 0)
            args << QStringLiteral("max_conns=%1").arg(server.maxConns);
        out.directive(QStringLiteral("server"), args);
    }

    // A directive the target may lack: written, or else a comment saying so and the
    // directive as a "# portier:" comment for the importer.
    void versioned(Writer &out, NginxVersion::Feature feature, const QString &name, const QStringList &args, const QString &without)
    {
        if (m_options.target.supports(feature)) {
            out.directive(name, args);
            return;
        }
        out.comment(QStringLiteral("%1 has no %2 (from %3): %4").arg(target(), name, NginxVersion::introducedIn(feature)->toString(), without));
        out.portier(name, args);
    }

    void writeListener(Writer &out, const ListenerConfig &listener, qsizetype index)
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

    void writeListenerBlocks(Writer &out, const ListenerConfig &listener, qsizetype index)
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
    void writeAccess(Writer &out, const ListenerConfig &listener, qsizetype index)
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
    void writeProxyProtocol(Writer &out, const ProxyProtocolConfig &config)
    {
        for (const QString &source : config.trustedSources)
            out.directive(QStringLiteral("set_real_ip_from"), {source});
        if (config.timeoutMs != ProxyProtocolConfig::defaultTimeoutMs)
            out.directive(QStringLiteral("proxy_protocol_timeout"), {Duration::format(config.timeoutMs)});
        if (config.send)
            out.directive(QStringLiteral("proxy_protocol"), {QStringLiteral("on")});
    }

    QString upstreamOrAddress(const QString &name, const QString &where)
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

    void writeSsl(Writer &out, const SslConfig &ssl, qsizetype index)
    {
        SslConfig defaults;
        defaults.enabled = ssl.enabled;
        if (!ssl.enabled && ssl == defaults)
            return;

        if (ssl.certificate.isEmpty()) {
            if (ssl.enabled)
                error(path("listeners", index, "ssl.certificate"), QStringLiteral("is empty; nginx needs a certificate for listen ... ssl: name an entry of certificates"));
        } else {
            out.portier(QStringLiteral("certificate"), {ssl.certificate});
            if (const CertificateConfig *certificate = m_config.findCertificate(ssl.certificate)) {
                if (certificate->certificateFile.isEmpty() || certificate->keyFile.isEmpty())
                    error(path("listeners", index, "ssl.certificate"), QStringLiteral("\"%1\" needs both certificate_file and key_file for nginx").arg(ssl.certificate));
                if (!certificate->certificateFile.isEmpty())
                    out.directive(QStringLiteral("ssl_certificate"), {certificate->certificateFile});
                if (!certificate->keyFile.isEmpty())
                    out.directive(QStringLiteral("ssl_certificate_key"), {certificate->keyFile});
                if (!certificate->passphraseFile.isEmpty())
                    out.directive(QStringLiteral("ssl_password_file"), {certificate->passphraseFile});
            } else if (ssl.enabled) {
                error(path("listeners", index, "ssl.certificate"), QStringLiteral("\"%1\" is not in certificates; add it there or pick another").arg(ssl.certificate));
            }
        }
        // Always written: the default changed in nginx 1.23.4 (before, TLSv1 and TLSv1.1 too).
        writeProtocols(out, QStringLiteral("ssl_protocols"), ssl.protocols, path("listeners", index, "ssl.protocols"));
        if (ssl.ciphers != defaults.ciphers)
            out.directive(QStringLiteral("ssl_ciphers"), {ssl.ciphers});
        if (ssl.preferServerCiphers != defaults.preferServerCiphers)
            out.directive(QStringLiteral("ssl_prefer_server_ciphers"), {onOff(ssl.preferServerCiphers)});
        if (ssl.sessionCache != defaults.sessionCache) {
            const QStringList caches = ssl.sessionCache.split(u' ', Qt::SkipEmptyParts);
            if (caches.isEmpty())
                error(path("listeners", index, "ssl.session_cache"), QStringLiteral("is empty; use off, none, builtin[:size] or shared:NAME:size"));
            else
                out.directive(QStringLiteral("ssl_session_cache"), caches);
        }
        if (ssl.sessionTimeoutMs != defaults.sessionTimeoutMs)
            out.directive(QStringLiteral("ssl_session_timeout"), {seconds(ssl.sessionTimeoutMs, path("listeners", index, "ssl.session_timeout"))});
        if (ssl.sessionTickets != defaults.sessionTickets)
            out.directive(QStringLiteral("ssl_session_tickets"), {onOff(ssl.sessionTickets)});
        if (ssl.handshakeTimeoutMs != defaults.handshakeTimeoutMs)
            out.directive(QStringLiteral("ssl_handshake_timeout"), {Duration::format(ssl.handshakeTimeoutMs)});
        if (ssl.verifyClient != defaults.verifyClient) {
            if (!verifyClientValues.contains(ssl.verifyClient))
                error(path("listeners", index, "ssl.verify_client"), QStringLiteral("\"%1\" is not a value nginx takes; use off, on, optional or optional_no_ca").arg(ssl.verifyClient));
            else if (ssl.enabled && ssl.clientCertificate.isEmpty() && (ssl.verifyClient == u"on" || ssl.verifyClient == u"optional"))
                error(path("listeners", index, "ssl.client_certificate"), QStringLiteral("is empty; nginx needs the CA file to verify clients with verify_client %1").arg(ssl.verifyClient));
            out.directive(QStringLiteral("ssl_verify_client"), {ssl.verifyClient});
        }
        if (!ssl.clientCertificate.isEmpty())
            out.directive(QStringLiteral("ssl_client_certificate"), {ssl.clientCertificate});
    }

    void writeProxySsl(Writer &out, const ProxySslConfig &ssl, qsizetype index)
    {
        ProxySslConfig defaults;
        defaults.enabled = ssl.enabled;
        if (!ssl.enabled && ssl == defaults)
            return;
        if (ssl.enabled)
            out.directive(QStringLiteral("proxy_ssl"), {QStringLiteral("on")});
        if (ssl.serverName != defaults.serverName)
            out.directive(QStringLiteral("proxy_ssl_server_name"), {onOff(ssl.serverName)});
        if (!ssl.name.isEmpty())
            out.directive(QStringLiteral("proxy_ssl_name"), {ssl.name});
        if (ssl.verify != defaults.verify) {
            if (ssl.enabled && ssl.trustedCertificate.isEmpty())
                error(path("listeners", index, "proxy_ssl.trusted_certificate"), QStringLiteral("is empty; nginx needs the CA file to verify upstream servers"));
            out.directive(QStringLiteral("proxy_ssl_verify"), {onOff(ssl.verify)});
        }
        if (!ssl.trustedCertificate.isEmpty())
            out.directive(QStringLiteral("proxy_ssl_trusted_certificate"), {ssl.trustedCertificate});
        writeProtocols(out, QStringLiteral("proxy_ssl_protocols"), ssl.protocols, path("listeners", index, "proxy_ssl.protocols"));
        if (ssl.sessionReuse != defaults.sessionReuse)
            out.directive(QStringLiteral("proxy_ssl_session_reuse"), {onOff(ssl.sessionReuse)});
    }

    void writeProtocols(Writer &out, const QString &name, const QStringList &protocols, const QString &where)
    {
        if (protocols.isEmpty()) {
            error(where, QStringLiteral("is empty; nginx needs at least one, e.g. TLSv1.2 TLSv1.3"));
            return;
        }
        for (const QString &protocol : protocols) {
            if (!nginxSslProtocols.contains(protocol))
                error(where, QStringLiteral("\"%1\" is not a protocol nginx knows; use TLSv1.2 or TLSv1.3").arg(protocol));
        }
        out.directive(name, protocols);
    }

    const Config &m_config;
    const NginxExporter::Options &m_options;
    NginxExporter::Result *m_result;
    QStringList m_upstreamNames;     // by index, as written
    QHash<QString, QString> m_names; // config name -> written name
};

} // namespace

NginxExporter::Result NginxExporter::exportConfig(const Config &config, const Options &options)
{
    Result result;
    Exporter(config, options, &result).run();
    return result;
}

NginxExporter::Result NginxExporter::exportConfig(const Config &config)
{
    return exportConfig(config, Options());
}

QString NginxExporter::quote(const QString &word)
{
    static const QString special = QStringLiteral(" \t\r\n;{}\"'\\#");
    bool bare = !word.isEmpty();
    for (const QChar c : word) {
        if (special.contains(c) || c.unicode() < 0x20) {
            bare = false;
            break;
        }
    }
    if (bare)
        return word;
    QString out = QStringLiteral("\"");
    for (const QChar c : word) {
        switch (c.unicode()) {
        case '"': out += QStringLiteral("\\\""); break;
        case '\\': out += QStringLiteral("\\\\"); break;
        case '\n': out += QStringLiteral("\\n"); break;
        case '\r': out += QStringLiteral("\\r"); break;
        case '\t': out += QStringLiteral("\\t"); break;
        default: out += c; break;
        }
    }
    return out + u'"';
}

QString NginxExporter::safeName(const QString &name)
{
    QString out;
    for (const QChar c : name) {
        const bool allowed = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_' || c == u'-'
                             || c == u'.';
        out += allowed ? c : u'_';
    }
    if (out.isEmpty())
        return QStringLiteral("upstream");
    if (out.front() == u'-' || out.front() == u'.')
        out.prepend(u'_');
    return out;
}

QString NginxExporter::sniVariable(qsizetype listenerIndex)
{
    return QStringLiteral("$portier_sni_") + QString::number(listenerIndex);
}
