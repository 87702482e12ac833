#include "logfeed.h"

#include <deque>
#include <mutex>

struct LogFeed::Inbox
{
    std::mutex mutex; // std::mutex: ThreadSanitizer sees it (see docs/architecture.md, Testing)
    std::deque<LogEntry> lines;
    quint64 dropped = 0;
    bool wakePosted = false;
};

LogFeed::LogFeed(QObject *parent) : QObject(parent), m_inbox(std::make_shared<Inbox>())
{
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(batchIntervalMs);
    connect(&m_batchTimer, &QTimer::timeout, this, &LogFeed::drain);
}

LogFeed::~LogFeed()
{
    attach(nullptr);
}

void LogFeed::attach(std::shared_ptr<ErrorLog> log)
{
    if (m_log)
        m_log->removeObserver(m_observerId); // after this returns no writer is inside the observer
    m_log = std::move(log);
    m_observerId = 0;
    if (!m_log)
        return;
    // Runs in the writer's thread. A wake-up posted to this object is discarded with it, and
    // none is posted after removeObserver, so the raw pointer never outlives the object.
    m_observerId = m_log->addObserver([inbox = m_inbox, self = this](ErrorLog::Level level, quint64 connection, const QString &line) {
        std::lock_guard locker(inbox->mutex);
        if (inbox->lines.size() >= size_t(inboxCapacity)) {
            inbox->lines.pop_front();
            ++inbox->dropped;
        }
        inbox->lines.push_back(LogEntry{level, connection, line, 0});
        if (!inbox->wakePosted) {
            inbox->wakePosted = true;
            QMetaObject::invokeMethod(self, [self] { self->wake(); }, Qt::QueuedConnection);
        }
    });
}

void LogFeed::wake()
{
    if (!m_batchTimer.isActive())
        m_batchTimer.start();
}

void LogFeed::drain()
{
    std::deque<LogEntry> lines;
    quint64 dropped = 0;
    {
        std::lock_guard locker(m_inbox->mutex);
        lines.swap(m_inbox->lines);
        dropped = std::exchange(m_inbox->dropped, 0);
        m_inbox->wakePosted = false;
    }
    if (lines.empty() && !dropped)
        return;
    QList<LogEntry> batch;
    batch.reserve(qsizetype(lines.size()));
    for (const LogEntry &entry : lines) // parsed here, not in the writer's thread
        batch << LogEntry::fromLine(entry.level, entry.connection, entry.line);
    emit linesArrived(batch, dropped);
}
