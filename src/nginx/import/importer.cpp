#include "importer.h"
#include "access.h"
#include "dropped.h"
#include "limits.h"
#include "accesslog.h"
#include "proxyprotocol.h"
#include "../nginxparser.h"

#include <configvalidator.h>

#include <QDir>
#include <QHash>

// The main context, events {} and stream {}: what goes where, and how problems are reported.

namespace NginxImport {

namespace {

// Why a directive Portier has no field for is left behind, for the ones users meet most.
QString reasonFor(const QString &name)
{
    static const QHash<QString, QString> reasons{
        {QStringLiteral("resolver"), QStringLiteral("Portier has no resolver setting")},
        {QStringLiteral("resolver_timeout"), QStringLiteral("Portier has no resolver setting")},
        {QStringLiteral("keepalive"), QStringLiteral("stream upstreams have no keepalive pool")},
        {QStringLiteral("sticky"), QStringLiteral("NGINX Plus only; Portier has no session persistence")},
        {QStringLiteral("ntlm"), QStringLiteral("NGINX Plus only")},
        {QStringLiteral("state"), QStringLiteral("NGINX Plus only")},
        {QStringLiteral("queue"), QStringLiteral("NGINX Plus only")},
    };
    return reasons.value(name, QStringLiteral("Portier has no equivalent setting"));
}

} // namespace

void Importer::importMain(const QList<NginxDirective> &top)
{
    QSet<QString> nginxOnly; // "file:line" of directives marked "# portier: nginx_only"
    for (const NginxDirective &d : top) {
        if (d.isComment && portierText(d) == u"nginx_only")
            nginxOnly.insert(d.file + u':' + QString::number(d.line));
    }

    const NginxDirective *stream = nullptr;
    std::optional<ErrorLogConfig> mainLog;
    Place mainLogPlace;
    for (const NginxDirective &d : top) {
        if (d.isComment) {
            const QString text = portierText(d);
            if (!text.isNull() && text != u"nginx_only")
                report(Severity::Warning, d, QStringLiteral("\"# portier: %1\" means nothing outside stream {}; it is ignored").arg(text));
            continue;
        }
        if (d.name == u"stream") {
            if (!d.isBlock) {
                report(Severity::Error, d, QStringLiteral("\"stream\" must be a block: stream { ... }"));
            } else if (stream) {
                report(Severity::Error, d, QStringLiteral("\"stream\" is duplicate (the first is at %1:%2); nginx takes one stream {} block, merge them")
                                               .arg(stream->file).arg(stream->line));
            } else {
                stream = &d;
            }
        } else if (d.name == u"worker_processes" && !d.isBlock) {
            if (d.args.size() != 1) {
                arity(d, QStringLiteral("one value, a number or auto"));
            } else if (d.args.first() == u"auto") {
                m_result->config.workers = 0;
                m_positions.insert(QStringLiteral("workers"), placeOf(d));
            } else if (const std::optional<int> n = number(d, d.args.first(), 1)) {
                m_result->config.workers = *n;
                m_positions.insert(QStringLiteral("workers"), placeOf(d));
            }
        } else if (d.name == u"error_log" && !d.isBlock) {
            if (nginxOnly.contains(d.file + u':' + QString::number(d.line)))
                continue; // nginx's own log in a standalone export, not the config's
            if (mainLog) {
                report(Severity::Warning, d, QStringLiteral("a second error_log is not carried over: Portier writes one log"));
                continue;
            }
            mainLog = errorLog(d);
            mainLogPlace = placeOf(d);
        } else if (d.name == u"events" && d.isBlock) {
            importEvents(d);
        } else if (d.isBlock) {
            report(Severity::Note, d, QStringLiteral("%1 {} skipped: Portier takes only stream {}").arg(d.name));
        } else {
            report(Severity::Note, d, QStringLiteral("\"%1\" is not carried over: it sets up nginx's own process").arg(d.name));
        }
    }

    if (stream) {
        m_streamPlace = placeOf(*stream);
        importStream(*stream);
    } else {
        report(Severity::Warning, Place{m_mainFile, 1},
               QStringLiteral("there is no stream {} block, so nothing is imported; Portier takes only stream {}"));
    }
    if (!m_streamLog && mainLog) {
        m_result->config.errorLog = *mainLog;
        m_positions.insert(QStringLiteral("error_log"), mainLogPlace);
    }

    if (m_result->hasErrors())
        return;
    for (const ConfigIssue &issue : ConfigValidator::validate(m_result->config))
        report(Severity::Warning, placeFor(issue.path), QStringLiteral("in the imported config, %1").arg(issue.toString()));
}

void Importer::report(Severity severity, const Place &place, const QString &message)
{
    // nginx ignores a commented-out listener whatever it holds, so its problems never stop the import.
    if (m_inDisabled && severity == Severity::Error)
        severity = Severity::Warning;
    const NginxIssue issue{severity, place.file, place.line, message};
    const QString key = issue.toString();
    if (m_reported.contains(key))
        return; // a server with several listen lines is read once per line
    m_reported.insert(key);
    m_result->issues << issue;
}

void Importer::report(Severity severity, const NginxDirective &d, const QString &message) { report(severity, placeOf(d), message); }

void Importer::arity(const NginxDirective &d, const QString &expected)
{
    report(Severity::Error, d, QStringLiteral("invalid number of arguments in \"%1\": it takes %2").arg(d.name, expected));
}

void Importer::notCarried(const NginxDirective &d)
{
    // An error when the loss would widen access or change routing (dropped.cpp).
    if (const std::optional<DroppedImport::Verdict> verdict = DroppedImport::classify(d, m_variablesInUse)) {
        report(verdict->severity, d, QStringLiteral("%1 is not carried over: %2")
                                         .arg(d.isBlock ? QString(d.name + QStringLiteral(" {}")) : QString(u'"' + d.name + u'"'), verdict->reason));
        return;
    }
    if (d.isBlock)
        report(Severity::Warning, d, QStringLiteral("%1 {} is not carried over: %2").arg(d.name, reasonFor(d.name)));
    else
        report(Severity::Warning, d, QStringLiteral("\"%1\" is not carried over: %2").arg(d.name, reasonFor(d.name)));
}

Place Importer::placeFor(QString path) const
{
    // The closest recorded ancestor: "upstreams[0].servers[1].weight" -> the server line.
    while (!path.isEmpty()) {
        if (m_positions.contains(path))
            return m_positions.value(path);
        const qsizetype cut = std::max(path.lastIndexOf(u'.'), path.lastIndexOf(u'['));
        path = cut > 0 ? path.left(cut) : QString();
    }
    return m_streamPlace.file.isEmpty() ? Place{m_mainFile, 1} : m_streamPlace;
}

ErrorLogConfig Importer::errorLog(const NginxDirective &d)
{
    ErrorLogConfig log;
    if (d.args.isEmpty() || d.args.size() > 2) {
        arity(d, QStringLiteral("a file and optionally a level"));
        return log;
    }
    const QString &file = d.args.first();
    if (file == u"stderr") {
        log.path.clear();
    } else if (file.startsWith(QLatin1StringView("syslog:")) || file.startsWith(QLatin1StringView("memory:"))) {
        report(Severity::Warning, d, QStringLiteral("logging to \"%1\" is not carried over: Portier logs to stderr and a file").arg(file));
    } else {
        log.path = file;
        if (QDir::isRelativePath(file))
            report(Severity::Note, d, QStringLiteral("the relative error_log \"%1\" is kept as written: nginx reads it against its prefix (-p), "
                                                     "Portier against the JSON file's folder").arg(file));
    }
    // nginx's level when none is given is error, not Portier's notice.
    log.level = d.args.size() == 2 ? d.args.at(1) : QStringLiteral("error");
    return log;
}

// events {}: worker_connections carries over (the same cap, per worker thread); the rest
// tunes nginx's own event loop.
void Importer::importEvents(const NginxDirective &events)
{
    QSet<QString> nginxOnly; // an export's setting for nginx's own run, not the config's
    for (const NginxDirective &d : events.children) {
        if (d.isComment && portierText(d) == u"nginx_only")
            nginxOnly.insert(d.file + u':' + QString::number(d.line));
    }
    for (const NginxDirective &d : events.children) {
        if (d.isComment || nginxOnly.contains(d.file + u':' + QString::number(d.line)))
            continue;
        if (d.name == u"worker_connections" && !d.isBlock && d.args.size() == 1) {
            if (const std::optional<int> n = number(d, d.args.first(), 2))
                m_result->config.workerConnections = *n;
        } else if (d.name == u"worker_connections") {
            arity(d, QStringLiteral("one number"));
        } else {
            report(Severity::Note, d, QStringLiteral("\"%1\" in events {} is not carried over: it tunes nginx's own event loop").arg(d.name));
        }
    }
}

void Importer::importStream(const NginxDirective &stream)
{
    const QList<Entry> entries = expandDisabled(stream.children);
    m_variablesInUse = DroppedImport::variablesInUse(stream.children);
    m_variablesDefined = AccessLogImport::variablesDefined(stream.children);

    // Certificates first: listeners refer to them by name.
    for (const Entry &entry : entries) {
        if (!entry.directive.isComment)
            continue;
        const std::optional<NginxDirective> d = portierDirective(entry.directive);
        if (!d)
            continue;
        if (d->name == u"certificate")
            declareCertificate(*d);
        else if (d->name == u"worker_connections" && d->args.size() == 1) {
            if (const std::optional<int> n = number(*d, d->args.first(), 2))
                m_result->config.workerConnections = *n;
        } else if (d->name == u"workers" && d->args.size() == 1) {
            if (const std::optional<int> n = number(*d, d->args.first(), 1)) {
                m_result->config.workers = *n;
                m_positions.insert(QStringLiteral("workers"), placeOf(*d));
            }
        } else if (d->name == u"version" && d->args.size() == 1) {
            if (const std::optional<int> n = number(*d, d->args.first(), 1))
                m_result->config.version = *n;
        } else {
            report(Severity::Warning, *d, QStringLiteral("\"# portier: %1\" means nothing at stream level; it is ignored").arg(d->name));
        }
    }

    QList<Entry> servers;
    for (const Entry &entry : entries) {
        const NginxDirective &d = entry.directive;
        if (d.isComment)
            continue;
        m_inDisabled = entry.disabled;
        if (d.name == u"server" && d.isBlock)
            servers.append(entry);
        else if (d.name == u"upstream" && d.isBlock)
            importUpstream(d);
        else if (d.name == u"map" && d.isBlock)
            importMap(d);
        else if (d.name == u"split_clients" && d.isBlock)
            importSplitClients(d);
        else if (d.name == u"match" && d.isBlock)
            importMatch(d);
        else if (d.name == u"error_log" && !d.isBlock) {
            if (m_streamLog) {
                report(Severity::Warning, d, QStringLiteral("a second error_log is not carried over: Portier writes one log"));
            } else {
                m_streamLog = true;
                m_result->config.errorLog = errorLog(d);
                m_positions.insert(QStringLiteral("error_log"), placeOf(d));
            }
        } else if (!d.isBlock && isListenerSetting(d.name))
            m_streamSettings.append(d); // inherited by every server, wherever it is written
        else if (!d.isBlock && AccessImport::isRule(d.name))
            streamAccessRule(entry);
        else if (!d.isBlock && ProxyProtocolImport::isRealIpFrom(d.name) && !entry.disabled) {
            m_streamRealIpFrom << d;
            readRealIpFrom({d}, nullptr); // checked now, so a bad one is reported even with no server
        } else if (!d.isBlock && LimitsImport::isZone(d.name))
            importZone(d);
        else if (!d.isBlock && LimitsImport::isServerDirective(d.name))
            m_streamLimits << d; // inherited by servers without their own, as nginx merges
        else if (!d.isBlock && AccessLogImport::isLogFormat(d.name))
            importLogFormat(d);
        else if (!d.isBlock && AccessLogImport::isAccessLog(d.name))
            m_streamAccessLogs << d; // inherited by servers without their own, as nginx merges
        else
            notCarried(d);
    }
    m_inDisabled = false;

    // Checked once here as well, so a bad value is reported even with no server to inherit it.
    Draft scratch;
    for (const NginxDirective &d : std::as_const(m_streamSettings))
        applySetting(d, &scratch, false);

    for (const Entry &entry : std::as_const(servers)) {
        m_inDisabled = entry.disabled;
        importServer(entry.directive, entry.disabled);
    }
    m_inDisabled = false;

    for (const PendingHealthCheck &pending : std::as_const(m_healthChecks))
        applyHealthCheck(pending);
    finishRouting();
}

} // namespace NginxImport
