#pragma once

#include <errorlog.h>

#include <QList>
#include <QMutex>
#include <QString>
#include <deque>
#include <memory>

// The error log's latest lines, for GET /portier/v1/logs: a bounded ring fed by an observer
// of the engine's ErrorLog (any thread writes; a short lock, nothing else), read by the API.
// Lines come whole, as the log file has them ("2026/12/05 08:30:19 [warn] 1#2: *3 ...").
class RecentLines
{
public:
    static constexpr int capacity = 1000;

    struct Line
    {
        ErrorLog::Level level;
        quint64 connection; // the "*N"; 0: not about a connection
        QString text;
        quint64 serial = 0; // 1, 2, ... in the order written: a poller asks for lines after the last it has
    };

    RecentLines() = default;
    ~RecentLines();
    Q_DISABLE_COPY_MOVE(RecentLines)

    // Starts collecting this log's lines (and stops collecting the previous one's).
    void attach(std::shared_ptr<ErrorLog> log);
    void add(ErrorLog::Level level, quint64 connection, const QString &text);

    // The newest `count` lines at `level` or more severe (of one connection when connection > 0),
    // written after line `after` (0: any), oldest first.
    QList<Line> lines(int count, ErrorLog::Level level, quint64 connection, quint64 after = 0) const;
    // The serial of the newest line (0: none yet). Lower than a poller's `after`: this is
    // another process (the instance restarted), and the poller starts again from 0.
    quint64 lastSerial() const;

private:
    void detach();

    mutable QMutex m_mutex;
    std::deque<Line> m_lines;
    quint64 m_lastSerial = 0;
    std::shared_ptr<ErrorLog> m_log;
    int m_observer = 0;
};
