#include "accesslogfile.h"

#include <errorlog.h>

#include <QFile>
#include <chrono>

// The standard library's lock and condition (not Qt's): every worker appends under this
// lock, and ThreadSanitizer sees these (see the error log's queue for the same choice).
struct AccessLogFile::State
{
    std::mutex mutex;
    std::condition_variable wake; // lines queued, a reopen, or stopping
    std::condition_variable idle; // the writer took everything queued
    QByteArray queued;
    quint64 lost = 0;       // dropped since the last report
    quint64 lostTotal = 0;
    bool taking = false;    // the writer holds lines outside the queue
    bool reopen = false;
    bool stopping = false;
    QFile file;
};

std::shared_ptr<AccessLogFile> AccessLogFile::open(const QString &path, qint64 buffer, qint64 flushMs, std::shared_ptr<ErrorLog> errorLog,
                                                   QString *error)
{
    std::shared_ptr<AccessLogFile> log(new AccessLogFile(path, buffer, flushMs, std::move(errorLog)));
    QFile &file = log->m_state->file;
    file.setFileName(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        if (error)
            *error = QStringLiteral("cannot open the access log \"%1\" for appending: %2; create its folder, allow Portier to write there "
                                    "or choose another path")
                         .arg(path, file.errorString());
        return nullptr;
    }
    log->m_writer = std::thread([raw = log.get()] { raw->run(); });
    return log;
}

AccessLogFile::AccessLogFile(const QString &path, qint64 buffer, qint64 flushMs, std::shared_ptr<ErrorLog> errorLog)
    : m_path(path), m_buffer(buffer), m_flushMs(flushMs), m_errorLog(std::move(errorLog)), m_state(std::make_unique<State>())
{
}

AccessLogFile::~AccessLogFile()
{
    if (!m_writer.joinable())
        return;
    {
        std::lock_guard locker(m_state->mutex);
        m_state->stopping = true;
    }
    m_state->wake.notify_all();
    m_writer.join();
}

void AccessLogFile::append(const QByteArray &line)
{
    {
        std::lock_guard locker(m_state->mutex);
        if (m_state->queued.size() + line.size() > queueCapacity) {
            ++m_state->lost;
            ++m_state->lostTotal;
            return;
        }
        m_state->queued += line;
    }
    m_state->wake.notify_one();
}

bool AccessLogFile::waitIdle(int timeoutMs)
{
    std::unique_lock locker(m_state->mutex);
    return m_state->idle.wait_for(locker, std::chrono::milliseconds(timeoutMs),
                                  [this] { return m_state->queued.isEmpty() && !m_state->taking; });
}

void AccessLogFile::reopen()
{
    {
        std::lock_guard locker(m_state->mutex);
        m_state->reopen = true;
    }
    m_state->wake.notify_all();
}

quint64 AccessLogFile::linesLost() const
{
    std::lock_guard locker(m_state->mutex);
    return m_state->lostTotal;
}

void AccessLogFile::run()
{
    using Clock = std::chrono::steady_clock;
    State &s = *m_state;
    QByteArray buffer; // buffer= lines not written yet
    Clock::time_point flushAt{};
    bool flushArmed = false; // the buffer's first line set flushAt
    auto writeOut = [&](const QByteArray &bytes) {
        if (!bytes.isEmpty() && s.file.write(bytes) != bytes.size() && m_errorLog)
            m_errorLog->write(ErrorLog::Level::Alert, QStringLiteral("write() to \"%1\" failed (%2)").arg(m_path, s.file.errorString()));
    };
    std::unique_lock locker(s.mutex);
    for (;;) {
        const auto ready = [&] { return !s.queued.isEmpty() || s.stopping || s.reopen; };
        if (flushArmed)
            s.wake.wait_until(locker, flushAt, ready);
        else
            s.wake.wait(locker, ready);
        QByteArray lines = std::exchange(s.queued, {});
        const quint64 lost = std::exchange(s.lost, 0);
        const bool stopping = s.stopping;
        const bool reopen = std::exchange(s.reopen, false);
        s.taking = true;
        locker.unlock();

        if (m_buffer <= 0) {
            writeOut(lines);
        } else {
            if (!lines.isEmpty() && buffer.size() + lines.size() > m_buffer)
                writeOut(std::exchange(buffer, {})); // nginx writes the buffer when a line does not fit
            if (buffer.isEmpty() && !lines.isEmpty() && m_flushMs > 0) {
                flushAt = Clock::now() + std::chrono::milliseconds(m_flushMs);
                flushArmed = true;
            }
            buffer += lines;
            if (buffer.size() >= m_buffer || stopping || reopen || (flushArmed && Clock::now() >= flushAt)) {
                writeOut(std::exchange(buffer, {}));
                flushArmed = false;
            }
        }
        if (lost && m_errorLog)
            m_errorLog->write(ErrorLog::Level::Alert, QStringLiteral("%1 access log lines lost: \"%2\" could not be written fast enough").arg(lost).arg(m_path));
        if (reopen) {
            s.file.close();
            if (!s.file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered) && m_errorLog)
                m_errorLog->write(ErrorLog::Level::Alert, QStringLiteral("cannot reopen the access log \"%1\": %2").arg(m_path, s.file.errorString()));
        }

        locker.lock();
        s.taking = false;
        if (s.queued.isEmpty())
            s.idle.notify_all();
        if (stopping && s.queued.isEmpty())
            break;
    }
}
