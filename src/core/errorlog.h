#pragma once

#include "config.h"

#include <QFile>
#include <QMutex>
#include <atomic>
#include <functional>
#include <optional>

// The error log, written the way nginx writes it so its readers recognise every line:
//   2016/08/23 23:25:25 [error] 27384#27384: *266 connect() failed (111: Connection refused) ...
// (PID#TID: *connection-number). Thread-safe: workers write, the engine thread configures.
class ErrorLog
{
public:
    // nginx's order: a configured level shows itself and everything more severe.
    enum class Level { Emerg, Alert, Crit, Error, Warn, Notice, Info, Debug };

    ErrorLog();

    static std::optional<Level> levelFromName(const QString &name);
    static QString levelName(Level level);

    // Opens (appends to) the configured file; the previous file stays in use on failure.
    bool configure(const ErrorLogConfig &config, QString *error);
    void setStderrEnabled(bool enabled) { m_stderr.store(enabled, std::memory_order_relaxed); }

    bool isEnabled(Level level) const { return int(level) <= m_level.load(std::memory_order_relaxed); }

    // connection 0 = not about a connection.
    void write(Level level, quint64 connection, const QString &message);
    void write(Level level, const QString &message) { write(level, 0, message); }

    // Called with every line written (any thread), e.g. by tests and the GUI's log view.
    using Observer = std::function<void(Level, const QString &line)>;
    void setObserver(Observer observer);

    static QString formatLine(Level level, quint64 connection, const QString &message);

private:
    std::atomic<int> m_level;
    std::atomic<bool> m_stderr{true};
    QMutex m_mutex;
    QFile m_file;
    Observer m_observer;
};
