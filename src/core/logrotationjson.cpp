#include "logrotationjson.h"

#include "duration.h"
#include "jsontext.h"

using JsonText::describe;
using JsonText::join;

LogRotationConfig LogRotationJson::read(const QJsonObject &errorLog, const QString &path, ConfigIssues *issues)
{
    LogRotationConfig rotation;
    const QJsonValue size = errorLog.value(QLatin1StringView("max_size"));
    if (!size.isUndefined()) {
        if (const std::optional<qint64> parsed = JsonText::byteSize(size))
            rotation.maxSize = *parsed;
        else
            issues->append({join(path, QStringLiteral("max_size")),
                            QStringLiteral("%1 is not a size; write bytes as a number or as nginx does, e.g. 512k or 10m (0 never rotates)")
                                .arg(describe(size))});
    }
    const QJsonValue keep = errorLog.value(QLatin1StringView("keep"));
    if (!keep.isUndefined()) {
        if (const std::optional<int> number = JsonText::wholeInt(keep))
            rotation.keep = *number;
        else
            issues->append({join(path, QStringLiteral("keep")),
                            QStringLiteral("expected a whole number of old log files to keep, found %1").arg(describe(keep))});
    }
    return rotation;
}

void LogRotationJson::write(const LogRotationConfig &rotation, QJsonObject *errorLog)
{
    const LogRotationConfig defaults;
    if (rotation.maxSize != defaults.maxSize)
        errorLog->insert(QStringLiteral("max_size"), Size::format(rotation.maxSize));
    if (rotation.keep != defaults.keep)
        errorLog->insert(QStringLiteral("keep"), rotation.keep);
}

void LogRotationJson::check(const LogRotationConfig &rotation, bool hasPath, const QString &path, ConfigIssues *issues)
{
    if (rotation.maxSize < 0 || (rotation.maxSize > 0 && rotation.maxSize < LogRotationConfig::minSize))
        issues->append({join(path, QStringLiteral("max_size")),
                        QStringLiteral("%1 is too small to rotate at; use 0 (never rotate) or at least %2")
                            .arg(Size::format(rotation.maxSize), Size::format(LogRotationConfig::minSize))});
    if (rotation.keep < 0 || rotation.keep > LogRotationConfig::maxKeep)
        issues->append({join(path, QStringLiteral("keep")), QStringLiteral("%1 is out of range; keep from 0 to %2 old log files")
                                                                .arg(rotation.keep).arg(LogRotationConfig::maxKeep)});
    if (rotation.maxSize > 0 && !hasPath)
        issues->append({join(path, QStringLiteral("max_size")),
                        QStringLiteral("there is no log file to rotate; set error_log.path, or remove max_size")});
}
