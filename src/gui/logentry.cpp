#include "logentry.h"

LogEntry LogEntry::fromLine(ErrorLog::Level level, quint64 connection, const QString &line)
{
    LogEntry entry{level, connection, line, 0};
    // "yyyy/MM/dd HH:mm:ss [level] pid#tid: " then "*N " for a connection's line.
    const qsizetype colon = line.indexOf(QLatin1StringView(": "), line.indexOf(u']'));
    qsizetype start = colon < 0 ? 0 : colon + 2;
    if (connection && line.mid(start, 1) == u"*") {
        const qsizetype space = line.indexOf(u' ', start);
        start = space < 0 ? line.size() : space + 1;
    }
    entry.messageStart = int(start);
    return entry;
}
