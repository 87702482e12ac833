#include "errorlog.h"

#include "logfilerotation.h"
#include "processinfo.h"

#include <QDateTime>
#include <QFile>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

namespace {
const char *const levelNames[] = {"emerg", "alert", "crit", "error", "warn", "notice", "info", "debug"};
// How long the destructor waits for a stalled file or pipe before leaving the writer behind.
constexpr int closeWaitMs = 2000;
} // namespace

struct ErrorLog::Queue
{
    // The standard library's, not QMutex/QWaitCondition: every worker takes this lock, and
    // ThreadSanitizer sees pthread's locking but not that of a Qt built without it (a
    // QWaitCondition's wait unlocks inside Qt unseen), so only these let it check the queue.
    std::mutex mutex;
    std::condition_variable wake;    // lines queued, or stopping
    std::condition_variable drained; // the writer wrote everything it had
    std::deque<QByteArray> lines;
    quint64 lost = 0;       // dropped since the last report
    quint64 lostTotal = 0;
    bool writing = false;   // the writer holds lines outside the queue
    bool stopping = false;
    bool stderrEnabled = true;
    bool stderrIsTerminal = ProcessInfo::stderrIsTerminal();
    QString path;           // the configured file; empty = none
    LogRotationConfig rotation;
    quint64 fileGeneration = 0; // bumped to make the writer (re)open the file

    void run();
};

namespace {

// The writer's file: opened by name, its size tracked so it can be rotated between lines.
struct LogFile
{
    QFile file;
    qint64 size = 0;

    void open(const QString &path)
    {
        file.close();
        file.setFileName(path);
        size = 0;
        if (!path.isEmpty() && file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
            size = file.size();
    }

    // Writes the lines; with rotation on, a file that has reached maxSize (a line took it
    // there, or an earlier run left it so) is rotated before the next line.
    void write(const std::deque<QByteArray> &lines, const QByteArray &all, const LogRotationConfig &rotation, QFile *standardError)
    {
        if (!file.isOpen())
            return;
        if (rotation.maxSize <= 0) {
            file.write(all);
            file.flush();
            return;
        }
        for (const QByteArray &line : lines) {
            if (size >= rotation.maxSize)
                rotate(rotation, standardError);
            if (!file.isOpen())
                return;
            file.write(line);
            size += line.size();
        }
        if (file.isOpen())
            file.flush();
    }

    void rotate(const LogRotationConfig &rotation, QFile *standardError)
    {
        const QString path = file.fileName();
        file.close();
        const QString error = LogFileRotation::rotate(path, rotation.keep);
        open(path);
        if (error.isEmpty())
            return;
        // Said where someone will look; the file goes on growing until the cause is fixed.
        const QByteArray note = ErrorLog::formatLine(ErrorLog::Level::Alert, 0, QStringLiteral("error_log rotation failed: ") + error).toUtf8() + '\n';
        standardError->write(note);
        if (file.isOpen()) {
            file.write(note);
            size += note.size();
        }
    }
};

} // namespace

void ErrorLog::Queue::run()
{
    LogFile file;
    // Descriptor-level writes, not stdio's: a writer stuck on a full pipe then holds no stdio
    // lock that exit() would wait for.
    QFile standardError;
    standardError.open(fileno(stderr), QIODevice::WriteOnly | QIODevice::Unbuffered, QFileDevice::DontCloseHandle);
    quint64 openedGeneration = 0;
    std::unique_lock locker(mutex);
    for (;;) {
        while (lines.empty() && !lost && !stopping && openedGeneration == fileGeneration)
            wake.wait(locker);
        if (lines.empty() && !lost && stopping)
            break;
        std::deque<QByteArray> batch;
        batch.swap(lines);
        const quint64 dropped = std::exchange(lost, 0);
        const QString wantedPath = path;
        const LogRotationConfig wantedRotation = rotation;
        const bool reopenFile = openedGeneration != fileGeneration;
        openedGeneration = fileGeneration;
        const bool toStderr = stderrEnabled && (wantedPath.isEmpty() || stderrIsTerminal);
        writing = true;
        locker.unlock();

        if (reopenFile)
            file.open(wantedPath);
        if (dropped) {
            const QString note = QStringLiteral("%1 log lines lost: the log file or standard error could not keep up").arg(dropped);
            batch.push_front(ErrorLog::formatLine(Level::Alert, 0, note).toUtf8() + '\n');
        }
        QByteArray bytes;
        for (const QByteArray &line : batch)
            bytes += line;
        if (toStderr)
            standardError.write(bytes);
        file.write(batch, bytes, wantedRotation, &standardError);

        locker.lock();
        writing = false;
        if (lines.empty() && !lost)
            drained.notify_all();
    }
    writing = false;
    drained.notify_all();
}

ErrorLog::ErrorLog() : m_level(int(Level::Notice)), m_queue(std::make_shared<Queue>())
{
    std::thread([queue = m_queue] { queue->run(); }).detach(); // joined through `drained` below
}

ErrorLog::~ErrorLog()
{
    std::unique_lock locker(m_queue->mutex);
    m_queue->stopping = true;
    m_queue->wake.notify_all();
    // A writer stuck on a full pipe keeps the queue alive by its own reference; it is left
    // behind rather than hanging the program's exit.
    while (m_queue->writing || !m_queue->lines.empty()) {
        if (m_queue->drained.wait_for(locker, std::chrono::milliseconds(closeWaitMs)) == std::cv_status::timeout)
            break;
    }
}

std::optional<ErrorLog::Level> ErrorLog::levelFromName(const QString &name)
{
    for (int i = 0; i < int(std::size(levelNames)); ++i) {
        if (name == QLatin1StringView(levelNames[i]))
            return Level(i);
    }
    return std::nullopt;
}

QString ErrorLog::levelName(Level level)
{
    return QLatin1StringView(levelNames[int(level)]);
}

bool ErrorLog::configure(const ErrorLogConfig &config, QString *error)
{
    const auto level = levelFromName(config.level);
    if (!level) {
        if (error)
            *error = QStringLiteral("error_log.level: \"%1\" is not a level").arg(config.level);
        return false;
    }
    if (!config.path.isEmpty()) {
        // Tried here, so a path that cannot be written is refused with the reason.
        QFile file(config.path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
            if (error)
                *error = QStringLiteral("error_log.path: cannot open %1 for writing (%2)").arg(config.path, file.errorString());
            return false;
        }
    }
    {
        std::unique_lock locker(m_queue->mutex);
        m_queue->rotation = config.rotation;
        if (config.path != m_queue->path) {
            m_queue->path = config.path;
            ++m_queue->fileGeneration;
            m_queue->wake.notify_all();
        }
    }
    m_level.store(int(*level), std::memory_order_relaxed);
    return true;
}

void ErrorLog::reopen()
{
    std::unique_lock locker(m_queue->mutex);
    ++m_queue->fileGeneration;
    m_queue->wake.notify_all();
}

void ErrorLog::setStderrEnabled(bool enabled)
{
    std::unique_lock locker(m_queue->mutex);
    m_queue->stderrEnabled = enabled;
}

void ErrorLog::setObserver(Observer observer)
{
    QMutexLocker locker(&m_observerMutex);
    m_observer = std::move(observer);
}

QString ErrorLog::formatLine(Level level, quint64 connection, const QString &message)
{
    QString line = QDateTime::currentDateTime().toString(QStringLiteral("yyyy/MM/dd HH:mm:ss")) + QStringLiteral(" [")
                   + levelName(level) + QStringLiteral("] ") + QString::number(ProcessInfo::processId()) + u'#'
                   + QString::number(ProcessInfo::threadId()) + QStringLiteral(": ");
    if (connection)
        line += u'*' + QString::number(connection) + u' ';
    line += message;
    return line;
}

void ErrorLog::write(Level level, quint64 connection, const QString &message)
{
    if (!isEnabled(level))
        return;
    const QString line = formatLine(level, connection, message);
    QByteArray bytes = line.toUtf8() + '\n'; // encoded before the lock every worker shares
    {
        std::unique_lock locker(m_queue->mutex);
        if (m_queue->lines.size() >= size_t(queueCapacity)) {
            ++m_queue->lost;
            ++m_queue->lostTotal;
        } else {
            m_queue->lines.push_back(std::move(bytes));
            if (m_queue->lines.size() == 1)
                m_queue->wake.notify_all();
        }
    }
    QMutexLocker locker(&m_observerMutex);
    if (m_observer)
        m_observer(level, line);
    for (const auto &[id, observer] : m_lineObservers)
        observer(level, connection, line);
}

int ErrorLog::addObserver(LineObserver observer)
{
    QMutexLocker locker(&m_observerMutex);
    const int id = m_nextObserverId++;
    m_lineObservers.emplace_back(id, std::move(observer));
    return id;
}

void ErrorLog::removeObserver(int id)
{
    QMutexLocker locker(&m_observerMutex);
    std::erase_if(m_lineObservers, [id](const auto &entry) { return entry.first == id; });
}

bool ErrorLog::flush(int timeoutMs)
{
    std::unique_lock locker(m_queue->mutex);
    while (m_queue->writing || !m_queue->lines.empty() || m_queue->lost) {
        if (m_queue->drained.wait_for(locker, std::chrono::milliseconds(timeoutMs)) == std::cv_status::timeout)
            return false;
    }
    return true;
}

quint64 ErrorLog::linesLost() const
{
    std::unique_lock locker(m_queue->mutex);
    return m_queue->lostTotal;
}
