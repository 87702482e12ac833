#include "accesslogvalidator.h"

#include "duration.h"
#include "logformat.h"
#include "streamvariables.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace {

void checkFormats(const Config &config, ConfigIssues *issues)
{
    QSet<QString> names;
    for (qsizetype i = 0; i < config.logFormats.size(); ++i) {
        const LogFormatConfig &format = config.logFormats.at(i);
        const QString at = QStringLiteral("log_formats[%1].").arg(i);
        if (!AccessLogValidator::isFormatName(format.name))
            issues->append({at + u"name", QStringLiteral("\"%1\" is not a usable format name; use letters, digits, '_', '-' and '.', e.g. basic")
                                              .arg(format.name)});
        else if (names.contains(format.name))
            issues->append({at + u"name", QStringLiteral("duplicate \"log_format\" name \"%1\"; format names must be unique").arg(format.name)});
        names.insert(format.name);
        QString error;
        if (!LogFormat::compile(format.text, format.escape, &error))
            issues->append({at + u"format", QStringLiteral("\"%1\": %2").arg(format.text, error)});
    }
}

// What nginx keeps per file: one buffer per file, so two access_log lines naming one file
// must agree on it ("already defined with conflicting parameters").
struct FileBuffer
{
    qint64 buffer = 0;
    qint64 flushMs = 0;
    qsizetype listener = 0;
};

void checkListener(const Config &config, const AccessLogConfig &log, qsizetype i, QHash<QString, FileBuffer> *files, ConfigIssues *issues)
{
    if (!log.isEnabled())
        return;
    const QString at = QStringLiteral("listeners[%1].access_log.").arg(i);
    if (log.path.contains(u'$'))
        issues->append({at + u"path", QStringLiteral("\"%1\": Portier does not take variables in a log file's name; name one file").arg(log.path)});
    if (log.format.isEmpty())
        issues->append({at + u"format", QStringLiteral("log format is not specified; name one of log_formats, e.g. basic")});
    else if (!config.findLogFormat(log.format))
        issues->append({at + u"format", QStringLiteral("unknown log format \"%1\"; define it under log_formats or name one that is").arg(log.format)});
    if (log.buffer < 0)
        issues->append({at + u"buffer", QStringLiteral("invalid buffer size \"%1\"; use bytes such as 32k, or leave it out").arg(log.buffer)});
    if (log.flushMs < 0)
        issues->append({at + u"flush", QStringLiteral("invalid flush time \"%1\"; use a time such as 5s, or leave it out").arg(log.flushMs)});
    else if (log.flushMs > 0 && log.buffer <= 0)
        issues->append({at + u"flush", QStringLiteral("no buffer is defined for access_log \"%1\"; set buffer too, e.g. 32k").arg(log.path)});
    QString error;
    if (!log.condition.isEmpty() && !StreamTemplate::compile(log.condition, &error))
        issues->append({at + u"if", QStringLiteral("\"%1\": %2").arg(log.condition, error)});
    const auto known = files->constFind(log.path);
    if (known == files->cend()) {
        files->insert(log.path, {log.buffer, log.flushMs, i});
    } else if (known->buffer != log.buffer || known->flushMs != log.flushMs) {
        issues->append({at + u"buffer", QStringLiteral("access_log \"%1\" already defined with conflicting parameters (listeners[%2]); "
                                                       "give every listener writing this file the same buffer and flush")
                                            .arg(log.path)
                                            .arg(known->listener)});
    }
}

} // namespace

namespace AccessLogValidator {

bool isFormatName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]*$"));
    return re.match(name).hasMatch();
}

void check(const Config &config, ConfigIssues *issues)
{
    checkFormats(config, issues);
    QHash<QString, FileBuffer> files;
    for (qsizetype i = 0; i < config.listeners.size(); ++i)
        checkListener(config, config.listeners.at(i).accessLog, i, &files, issues);
}

} // namespace AccessLogValidator
