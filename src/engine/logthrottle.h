#pragma once

#include <QtGlobal>

// Lets a line that a flood repeats through at most once per interval, and counts what it
// held back so the next line can say so. One per worker (its own thread), driven by the
// worker's monotonic clock.
class LogThrottle
{
public:
    explicit LogThrottle(qint64 intervalMs) : m_intervalMs(intervalMs) {}

    // Whether to write the line now. When it says yes, held() is how many were held back
    // since the last line.
    bool allow(qint64 nowMs)
    {
        if (m_lastMs >= 0 && nowMs - m_lastMs < m_intervalMs) {
            ++m_pending;
            return false;
        }
        m_held = m_pending;
        m_pending = 0;
        m_lastMs = nowMs;
        return true;
    }
    quint64 held() const { return m_held; }

private:
    const qint64 m_intervalMs;
    qint64 m_lastMs = -1;
    quint64 m_pending = 0;
    quint64 m_held = 0;
};
