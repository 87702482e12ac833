#pragma once

#include <errorlog.h>

#include <QString>

// One error log line as the log view keeps it: the line exactly as the file has it, its
// level and connection number (0: not about a connection), and where its message starts
// after "date time [level] pid#tid: *N ".
struct LogEntry
{
    ErrorLog::Level level = ErrorLog::Level::Notice;
    quint64 connection = 0;
    QString line;
    int messageStart = 0;

    // The line as ErrorLog::formatLine wrote it: the time is its first 19 characters.
    static LogEntry fromLine(ErrorLog::Level level, quint64 connection, const QString &line);
    QString time() const { return line.left(19); }
    QString message() const { return line.mid(messageStart); }
};
