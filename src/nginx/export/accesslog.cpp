#include "accesslog.h"

#include <duration.h>

namespace AccessLogExport {

QList<LimitsExport::Line> streamLines(const Config &config)
{
    QList<LimitsExport::Line> lines;
    for (const LogFormatConfig &format : config.logFormats) {
        QStringList args{format.name};
        if (format.escape != LogFormatConfig::Escape::Default)
            args << QStringLiteral("escape=") + LogFormatConfig::escapeName(format.escape);
        args << format.text;
        lines << LimitsExport::Line{QStringLiteral("log_format"), args};
    }
    return lines;
}

QList<LimitsExport::Line> serverLines(const AccessLogConfig &log)
{
    if (!log.isEnabled())
        return {};
    QStringList args{log.path, log.format};
    if (log.buffer > 0)
        args << QStringLiteral("buffer=") + LimitsExport::size(log.buffer);
    if (log.flushMs > 0)
        args << QStringLiteral("flush=") + Duration::format(log.flushMs);
    if (!log.condition.isEmpty())
        args << QStringLiteral("if=") + log.condition;
    return {LimitsExport::Line{QStringLiteral("access_log"), args}};
}

} // namespace AccessLogExport
