#include "accesslogjson.h"

#include "duration.h"
#include "jsontext.h"

#include <QJsonArray>

namespace {

using JsonText::describe;
using JsonText::join;
using JsonText::checkKeys;
using JsonText::readString;
using JsonText::readBool;

// buffer: bytes as a number or nginx's size text; nginx refuses 0 ("invalid buffer size").
void readBuffer(const QJsonObject &object, const QString &path, qint64 *out, ConfigIssues *issues)
{
    const QJsonValue value = object.value(QLatin1StringView("buffer"));
    if (value.isUndefined())
        return;
    const double number = value.toDouble(-1);
    std::optional<qint64> bytes;
    if (value.isDouble() && number >= 1 && number <= 1e12 && number == double(qint64(number)))
        bytes = qint64(number);
    else if (value.isString())
        bytes = Size::parse(value.toString());
    if (!bytes || *bytes <= 0) {
        issues->append({join(path, QLatin1StringView("buffer")),
                        QStringLiteral("invalid buffer size %1; write bytes as a number or as nginx does, e.g. 32k or 1m").arg(describe(value))});
        return;
    }
    *out = *bytes;
}

// flush: nginx's time text ("5s", "1m") or seconds as a number; nginx refuses 0.
void readFlush(const QJsonObject &object, const QString &path, qint64 *out, ConfigIssues *issues)
{
    const QJsonValue value = object.value(QLatin1StringView("flush"));
    if (value.isUndefined())
        return;
    std::optional<qint64> ms;
    if (value.isString())
        ms = Duration::parse(value.toString());
    else if (value.isDouble() && value.toDouble() >= 0 && value.toDouble() <= 1e9)
        ms = qint64(value.toDouble() * 1000);
    if (!ms || *ms <= 0) {
        issues->append({join(path, QLatin1StringView("flush")),
                        QStringLiteral("invalid flush time %1; write a time as nginx does, e.g. 5s or 1m").arg(describe(value))});
        return;
    }
    *out = *ms;
}

} // namespace

namespace AccessLogJson {

QList<LogFormatConfig> readFormats(const QJsonValue &value, ConfigIssues *issues)
{
    QList<LogFormatConfig> formats;
    const QString path = QLatin1StringView(formatsKey);
    if (value.isUndefined())
        return formats;
    if (!value.isArray()) {
        issues->append({path, QStringLiteral("expected a list of formats such as [{\"name\": \"basic\", \"format\": \"$remote_addr $status\"}], "
                                             "found %1").arg(describe(value))});
        return formats;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString at = path + QStringLiteral("[%1]").arg(i);
        if (!array.at(i).isObject()) {
            issues->append({at, QStringLiteral("expected an object with name and format, found %1").arg(describe(array.at(i)))});
            continue;
        }
        const QJsonObject object = array.at(i).toObject();
        checkKeys(object, at, {"name", "escape", "format"}, issues);
        LogFormatConfig format;
        readString(object, "name", at, &format.name, issues);
        readString(object, "format", at, &format.text, issues);
        QString escape = LogFormatConfig::escapeName(format.escape);
        readString(object, "escape", at, &escape, issues);
        if (const std::optional<LogFormatConfig::Escape> parsed = LogFormatConfig::escapeFromName(escape))
            format.escape = *parsed;
        else
            issues->append({join(at, QLatin1StringView("escape")),
                            QStringLiteral("unknown log format escaping \"%1\"; use default, json or none").arg(escape)});
        formats << format;
    }
    return formats;
}

AccessLogConfig readListener(const QJsonValue &value, const QString &listenerPath, ConfigIssues *issues)
{
    AccessLogConfig log;
    const QString path = join(listenerPath, QLatin1StringView(listenerKey));
    if (value.isUndefined())
        return log;
    if (!value.isObject()) {
        issues->append({path, QStringLiteral("expected an object such as {\"path\": \"/var/log/portier/access.log\", \"format\": \"basic\"}, "
                                             "found %1").arg(describe(value))});
        return log;
    }
    const QJsonObject object = value.toObject();
    checkKeys(object, path, {"path", "format", "buffer", "flush", "if"}, issues);
    readString(object, "path", path, &log.path, issues);
    readString(object, "format", path, &log.format, issues);
    readString(object, "if", path, &log.condition, issues);
    readBuffer(object, path, &log.buffer, issues);
    readFlush(object, path, &log.flushMs, issues);
    if (log.path.isEmpty())
        issues->append({join(path, QLatin1StringView("path")),
                        QStringLiteral("is missing or empty; name the log file, e.g. /var/log/portier/access.log, "
                                       "or leave access_log out to log nothing")});
    return log;
}

QJsonValue formatsToJson(const QList<LogFormatConfig> &formats)
{
    QJsonArray array;
    for (const LogFormatConfig &format : formats) {
        QJsonObject object{{QStringLiteral("name"), format.name}, {QStringLiteral("format"), format.text}};
        if (format.escape != LogFormatConfig::Escape::Default)
            object.insert(QStringLiteral("escape"), LogFormatConfig::escapeName(format.escape));
        array.append(object);
    }
    return array;
}

void writeListener(const AccessLogConfig &log, QJsonObject *listener)
{
    if (!log.isEnabled())
        return;
    QJsonObject object{{QStringLiteral("path"), log.path}, {QStringLiteral("format"), log.format}};
    if (log.buffer > 0)
        object.insert(QStringLiteral("buffer"), Size::format(log.buffer));
    if (log.flushMs > 0)
        object.insert(QStringLiteral("flush"), Duration::format(log.flushMs));
    if (!log.condition.isEmpty())
        object.insert(QStringLiteral("if"), log.condition);
    listener->insert(QLatin1StringView(listenerKey), object);
}

} // namespace AccessLogJson
