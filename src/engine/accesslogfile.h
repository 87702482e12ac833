#pragma once

#include <QByteArray>
#include <QString>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

class ErrorLog;

// One access log file, shared by every listener that names it (nginx opens a file once per
// name too). Workers append finished lines from any thread without waiting on the disk: the
// lines go into a bounded in-memory queue that a writer thread of the file's own drains.
// Without a buffer the writer writes what it finds at once (nginx writes each line at once);
// with buffer=SIZE it collects lines until the next would not fit, and with flush=TIME it
// also writes what has waited that long since the buffer's first line, as nginx's buffered
// log does. Whatever is left is written when the file is closed (a re-apply that drops it,
// or exit). When the disk stalls and the queue is full, lines are dropped and counted, and
// the error log says how many once writing resumes: a worker never blocks on the log.
class AccessLogFile
{
public:
    // Lines the queue holds before dropping, in bytes.
    static constexpr qsizetype queueCapacity = 8 * 1024 * 1024;

    // Opens (appends to) the file; null and the reason, naming the path, on failure.
    static std::shared_ptr<AccessLogFile> open(const QString &path, qint64 buffer, qint64 flushMs, std::shared_ptr<ErrorLog> errorLog,
                                               QString *error);
    ~AccessLogFile(); // writes what is queued and buffered
    AccessLogFile(const AccessLogFile &) = delete;
    AccessLogFile &operator=(const AccessLogFile &) = delete;

    void append(const QByteArray &line); // any thread

    // Waits until the writer has taken every queued line (written it, or kept it in the
    // buffer), at most timeoutMs; false on a timeout. For tests and shutdown.
    bool waitIdle(int timeoutMs = 5000);
    // Opens the file again by its name (logrotate's postrotate, nginx's SIGUSR1); the buffer
    // is written to the old file first.
    void reopen();

    const QString &path() const { return m_path; }
    qint64 buffer() const { return m_buffer; }
    qint64 flushMs() const { return m_flushMs; }
    quint64 linesLost() const;

private:
    struct State;
    AccessLogFile(const QString &path, qint64 buffer, qint64 flushMs, std::shared_ptr<ErrorLog> errorLog);
    void run();

    QString m_path;
    qint64 m_buffer;
    qint64 m_flushMs;
    std::shared_ptr<ErrorLog> m_errorLog;
    std::unique_ptr<State> m_state;
    std::thread m_writer;
};
