#include "accesslog.h"
#include "importer.h"

#include <duration.h>
#include <logformat.h>
#include <streamvariables.h>

#include <functional>

namespace AccessLogImport {

QSet<QString> variablesDefined(const QList<NginxDirective> &streamChildren)
{
    QSet<QString> names;
    const std::function<void(const QList<NginxDirective> &)> visit = [&](const QList<NginxDirective> &children) {
        for (const NginxDirective &d : children) {
            const QString &n = d.name;
            const int position = (n == u"geo" && d.args.size() >= 2) || n == u"map" || n == u"split_clients" ? int(d.args.size()) - 1
                                 : n == u"set" || n == u"js_set"                                              ? 0
                                                                                                              : -1;
            if (n == u"geo" && d.args.size() == 1)
                names.insert(d.args.first().mid(1));
            else if (position >= 0 && position < d.args.size() && d.args.at(position).startsWith(u'$'))
                names.insert(d.args.at(position).mid(1));
            if (n.startsWith(QLatin1StringView("geoip_")))
                names.insert(QStringLiteral("geoip_*"));
            visit(d.children);
        }
    };
    visit(streamChildren);
    return names;
}

namespace {

QList<NginxDirective> accessLogs(const QList<NginxDirective> &directives)
{
    QList<NginxDirective> found;
    for (const NginxDirective &d : directives) {
        if (!d.isComment && !d.isBlock && isAccessLog(d.name))
            found << d;
    }
    return found;
}

const LogFormatConfig *findFormat(const QList<LogFormatConfig> &formats, const QString &name)
{
    for (const LogFormatConfig &format : formats) {
        if (format.name.compare(name, Qt::CaseInsensitive) == 0) // ngx_strcasecmp, as nginx
            return &format;
    }
    return nullptr;
}

// buffer=, flush=, gzip and if= as ngx_stream_log_set_log reads them; false after an error.
bool readParameters(const NginxDirective &d, AccessLogConfig *log, QList<Message> *messages)
{
    for (qsizetype i = 2; i < d.args.size(); ++i) {
        const QString &arg = d.args.at(i);
        if (arg.startsWith(QLatin1StringView("buffer="))) {
            const QString value = arg.mid(7);
            const std::optional<qint64> size = Size::parse(value);
            if (!size || *size <= 0 || value.endsWith(u'g') || value.endsWith(u'G')) {
                messages->append({d, QStringLiteral("invalid buffer size \"%1\"").arg(value)});
                return false;
            }
            log->buffer = *size;
        } else if (arg.startsWith(QLatin1StringView("flush="))) {
            const QString value = arg.mid(6);
            const std::optional<qint64> ms = Duration::parse(value);
            if (!ms || *ms <= 0) {
                messages->append({d, QStringLiteral("invalid flush time \"%1\"").arg(value)});
                return false;
            }
            log->flushMs = *ms;
        } else if (arg == u"gzip" || arg.startsWith(QLatin1StringView("gzip="))) {
            messages->append({d, QStringLiteral("%1 is not carried over: Portier writes the access log uncompressed").arg(arg), false});
            if (log->buffer == 0)
                log->buffer = 64 * 1024; // nginx's gzip implies a 64k buffer
        } else if (arg.startsWith(QLatin1StringView("if="))) {
            log->condition = arg.mid(3);
            QString why;
            if (!StreamTemplate::compile(log->condition, &why)) {
                messages->append({d, QStringLiteral("access_log if=\"%1\": %2").arg(log->condition, why)});
                return false;
            }
        } else {
            messages->append({d, QStringLiteral("invalid parameter \"%1\"").arg(arg)});
            return false;
        }
    }
    if (log->flushMs > 0 && log->buffer == 0) {
        messages->append({d, QStringLiteral("no buffer is defined for access_log \"%1\"").arg(d.args.first())});
        return false;
    }
    return true;
}

std::optional<AccessLogConfig> readLine(const NginxDirective &d, const QList<LogFormatConfig> &formats, QList<Message> *messages)
{
    if (d.args.isEmpty()) {
        messages->append({d, QStringLiteral("invalid number of arguments in \"access_log\" directive")});
        return std::nullopt;
    }
    if (d.args.first() == u"off") {
        if (d.args.size() > 1)
            messages->append({d, QStringLiteral("invalid parameter \"%1\"").arg(d.args.at(1))});
        return AccessLogConfig{};
    }
    if (d.args.first().startsWith(QLatin1StringView("syslog:")) || d.args.first().contains(u'$')) {
        messages->append({d, QStringLiteral("access_log %1 is not carried over: Portier writes the access log to one named file").arg(d.args.first()),
                          false});
        return AccessLogConfig{};
    }
    if (d.args.size() < 2) {
        messages->append({d, QStringLiteral("log format is not specified")}); // ngx_stream_log_set_log's words
        return std::nullopt;
    }
    AccessLogConfig log;
    log.path = d.args.first();
    const LogFormatConfig *format = findFormat(formats, d.args.at(1));
    if (!format) {
        messages->append({d, QStringLiteral("unknown log format \"%1\"").arg(d.args.at(1))});
        return std::nullopt;
    }
    log.format = format->name;
    if (!readParameters(d, &log, messages))
        return std::nullopt;
    return log;
}

} // namespace

std::optional<LogFormatConfig> readFormat(const NginxDirective &d, QString *error, QString *unknownVariable)
{
    if (d.args.size() < 2) {
        *error = QStringLiteral("invalid number of arguments in \"log_format\" directive: it takes a name and the format");
        return std::nullopt;
    }
    LogFormatConfig format;
    format.name = d.args.first();
    qsizetype first = 1;
    if (d.args.at(1).startsWith(QLatin1StringView("escape="))) {
        const QString escape = d.args.at(1).mid(7);
        const std::optional<LogFormatConfig::Escape> parsed = LogFormatConfig::escapeFromName(escape);
        if (!parsed) {
            *error = QStringLiteral("unknown log format escaping \"%1\"").arg(escape);
            return std::nullopt;
        }
        format.escape = *parsed;
        first = 2;
    }
    for (qsizetype i = first; i < d.args.size(); ++i)
        format.text += d.args.at(i);
    QString why;
    if (!LogFormat::compile(format.text, format.escape, &why, unknownVariable)) {
        *error = QStringLiteral("log_format %1: %2").arg(format.name, why);
        return std::nullopt;
    }
    return format;
}

AccessLogConfig readServer(const QList<NginxDirective> &server, const QList<NginxDirective> &stream, const QList<LogFormatConfig> &formats,
                           QList<Message> *messages)
{
    QList<NginxDirective> lines = accessLogs(server);
    if (lines.isEmpty())
        lines = accessLogs(stream);
    AccessLogConfig result;
    bool first = true;
    for (const NginxDirective &d : std::as_const(lines)) {
        const std::optional<AccessLogConfig> log = readLine(d, formats, messages);
        if (!log || !first)
            continue;
        if (log->isEnabled() && lines.size() > 1)
            messages->append({d, QStringLiteral("only this access_log is carried over: Portier writes one access log per listener"), false});
        if (log->isEnabled() || d.args.value(0) == u"off") {
            result = *log;
            first = false;
        }
    }
    return result;
}

} // namespace AccessLogImport

namespace NginxImport {

void Importer::importLogFormat(const NginxDirective &d)
{
    QString error;
    QString name; // the variable Portier does not know, when that is why
    const std::optional<LogFormatConfig> format = AccessLogImport::readFormat(d, &error, &name);
    if (!format) {
        // A variable nginx has but Portier does not (one that geo, set or js_set defines, all
        // left out): nginx accepts the file, and only the log loses it, so the format and the
        // access logs that use it are left out with a warning, never a refused import.
        const bool definedHere = !name.isEmpty()
                                 && (m_variablesDefined.contains(name)
                                     || (name.startsWith(QLatin1StringView("geoip_")) && m_variablesDefined.contains(QStringLiteral("geoip_*"))));
        if (definedHere && !d.args.isEmpty()) {
            m_droppedLogFormats.insert(d.args.first());
            report(Severity::Warning, d, QStringLiteral("log_format %1 is not carried over: it reads a variable Portier does not have (unknown \"%2\" variable); "
                                                        "access logs using it are left out")
                                             .arg(d.args.first(), name));
            return;
        }
        report(Severity::Error, d, error);
        return;
    }
    for (const LogFormatConfig &earlier : std::as_const(m_result->config.logFormats)) {
        if (earlier.name == format->name) {
            report(Severity::Error, d, QStringLiteral("duplicate \"log_format\" name \"%1\"").arg(format->name));
            return;
        }
    }
    m_result->config.logFormats << *format;
}

void Importer::readAccessLog(const QList<NginxDirective> &server, ListenerConfig *listener)
{
    QList<AccessLogImport::Message> messages;
    listener->accessLog = AccessLogImport::readServer(server, m_streamAccessLogs, m_result->config.logFormats, &messages);
    for (const AccessLogImport::Message &message : std::as_const(messages)) {
        const bool droppedFormat = message.directive.args.size() >= 2 && m_droppedLogFormats.contains(message.directive.args.at(1));
        if (droppedFormat)
            report(Severity::Warning, message.directive,
                   QStringLiteral("access_log %1 is not carried over: its log_format %2 was left out").arg(message.directive.args.at(0), message.directive.args.at(1)));
        else
            report(message.error ? Severity::Error : Severity::Warning, message.directive, message.text);
    }
}

} // namespace NginxImport
