// NginxExport::Exporter's run and what stands outside any server {}: the main context of a
// standalone nginx.conf (load_module, worker_processes, events {}), the stream-level settings
// (error_log, certificates, limit zones, log formats, maps), and the upstream names and
// listen addresses checked before anything is written.
#include "accesslog.h"
#include "exporter.h"
#include "limits.h"
#include "routing.h"

#include <duration.h>
#include <hostport.h>
#include <listenaddress.h>

#include <QSet>

namespace {

const QStringList errorLogLevels{QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("notice"), QStringLiteral("warn"),
                                 QStringLiteral("error"), QStringLiteral("crit"), QStringLiteral("alert"), QStringLiteral("emerg")};

} // namespace

namespace NginxExport {

QString path(const char *list, qsizetype i, const char *key)
{
    QString text = QLatin1StringView(list) + u'[' + QString::number(i) + u']';
    if (key)
        text += u'.' + QLatin1StringView(key);
    return text;
}

QString onOff(bool value)
{
    return value ? QStringLiteral("on") : QStringLiteral("off");
}

void Exporter::run()
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

// Upstream names as nginx will read them, made safe and unique; proxy_pass and
// sni_routes refer to the new names.
void Exporter::nameUpstreams()
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
void Exporter::checkListenAddresses()
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
QString Exporter::seconds(qint64 ms, const QString &where)
{
    if (ms % 1000 == 0)
        return Duration::format(ms);
    const qint64 rounded = (ms / 1000 + 1) * 1000;
    warning(where, QStringLiteral("%1 is written as %2: nginx takes whole seconds here").arg(Duration::format(ms), Duration::format(rounded)));
    return Duration::format(rounded);
}

// A directive the target may lack: written, or else a comment saying so and the
// directive as a "# portier:" comment for the importer.
void Exporter::versioned(Writer &out, NginxVersion::Feature feature, const QString &name, const QStringList &args, const QString &without)
{
    if (m_options.target.supports(feature)) {
        out.directive(name, args);
        return;
    }
    out.comment(QStringLiteral("%1 has no %2 (from %3): %4").arg(target(), name, NginxVersion::introducedIn(feature)->toString(), without));
    out.portier(name, args);
}

void Exporter::writeMain(Writer &out)
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

void Exporter::writeStreamSettings(Writer &out)
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

} // namespace NginxExport
