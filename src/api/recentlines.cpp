#include "recentlines.h"

#include <algorithm>

RecentLines::~RecentLines()
{
    detach();
}

void RecentLines::attach(std::shared_ptr<ErrorLog> log)
{
    detach();
    m_log = std::move(log);
    if (m_log)
        m_observer = m_log->addObserver([this](ErrorLog::Level level, quint64 connection, const QString &line) { add(level, connection, line); });
}

void RecentLines::detach()
{
    if (m_log && m_observer)
        m_log->removeObserver(m_observer);
    m_observer = 0;
    m_log.reset();
}

void RecentLines::add(ErrorLog::Level level, quint64 connection, const QString &text)
{
    QMutexLocker locker(&m_mutex);
    if (m_lines.size() >= capacity)
        m_lines.pop_front();
    m_lines.push_back({level, connection, text, ++m_lastSerial});
}

QList<RecentLines::Line> RecentLines::lines(int count, ErrorLog::Level level, quint64 connection, quint64 after) const
{
    QList<Line> result;
    QMutexLocker locker(&m_mutex);
    for (auto it = m_lines.rbegin(); it != m_lines.rend() && result.size() < count && it->serial > after; ++it) {
        if (int(it->level) <= int(level) && (connection == 0 || it->connection == connection))
            result.append(*it);
    }
    std::reverse(result.begin(), result.end());
    return result;
}

quint64 RecentLines::lastSerial() const
{
    QMutexLocker locker(&m_mutex);
    return m_lastSerial;
}
