#pragma once

#include "config.h"

#include <QMutex>
#include <atomic>
#include <vector>
#include <functional>
#include <memory>
#include <optional>

// The error log, written the way nginx writes it so its readers recognise every line:
//   2016/08/23 23:25:25 [error] 27384#27384: *266 connect() failed (111: Connection refused) ...
// (PID#TID: *connection-number). Thread-safe: workers write, the engine thread configures.
//
// Writing never blocks the caller: a line goes into a bounded queue that a writer thread of
// the log's own drains to the file and standard error. When the disk or a pipe stalls and the
// queue is full, lines are dropped and counted, and the writer reports "N lines lost" once it
// can write again; a worker never waits on the log. Standard error gets the lines when no file
// is configured, or when it is a terminal (a run in the foreground). The writer rotates the
// file by size when the config asks (LogRotationConfig), between two lines, never mid-line.
class ErrorLog
{
public:
    // nginx's order: a configured level shows itself and everything more severe.
    enum class Level { Emerg, Alert, Crit, Error, Warn, Notice, Info, Debug };

    // Lines the queue holds before dropping; about 1 MiB of typical lines.
    static constexpr int queueCapacity = 4096;

    ErrorLog();
    ~ErrorLog(); // writes what is queued, waiting a bounded time for a stalled file or pipe
    Q_DISABLE_COPY_MOVE(ErrorLog)

    static std::optional<Level> levelFromName(const QString &name);
    static QString levelName(Level level);

    // Opens (appends to) the configured file; the previous file stays in use on failure.
    bool configure(const ErrorLogConfig &config, QString *error);
    // Opens the file again by its name (logrotate's postrotate, nginx's SIGUSR1).
    void reopen();
    // false: never standard error (tests that capture lines); true: as described above.
    void setStderrEnabled(bool enabled);

    bool isEnabled(Level level) const { return int(level) <= m_level.load(std::memory_order_relaxed); }

    // connection 0 = not about a connection.
    void write(Level level, quint64 connection, const QString &message);
    void write(Level level, const QString &message) { write(level, 0, message); }

    // Waits until every queued line is written, at most timeoutMs; false when it timed out.
    bool flush(int timeoutMs = 5000);
    quint64 linesLost() const;

    // Called with every line written (any thread, synchronously), e.g. by tests and the GUI.
    using Observer = std::function<void(Level, const QString &line)>;
    void setObserver(Observer observer);
    // Observers beside setObserver's one (the GUI's log view while a test captures lines),
    // told the connection number too. Called under a lock every writer takes: hand the line
    // on and return. addObserver returns the id removeObserver takes.
    using LineObserver = std::function<void(Level, quint64 connection, const QString &line)>;
    int addObserver(LineObserver observer);
    void removeObserver(int id);

    static QString formatLine(Level level, quint64 connection, const QString &message);

private:
    struct Queue; // shared with the writer thread, which may outlive this object when stuck
    std::atomic<int> m_level;
    std::shared_ptr<Queue> m_queue;
    QMutex m_observerMutex;
    Observer m_observer;
    std::vector<std::pair<int, LineObserver>> m_lineObservers;
    int m_nextObserverId = 1;
};
