#pragma once

#include <QtGlobal>

// proxy_upload_rate / proxy_download_rate for one direction of one session, metered as
// ngx_stream_proxy_process meters it:
// - before a read, the allowance is rate × (whole seconds since the session started + 1)
//   less what was read so far; at or below zero the read waits (-allowance × 1000 / rate + 1)
//   ms, and a TCP read takes at most the allowance;
// - after a read of n bytes, reading waits n × 1000 / rate ms.
// So a second's worth may come at once at the start, and the average stays at the rate.
// While waiting the session stops watching the socket and arms a timer: no polling.
// Worker thread only.
class RateLimit
{
public:
    void start(qint64 bytesPerSecond, qint64 nowMs)
    {
        m_rate = bytesPerSecond;
        m_startSeconds = nowMs / 1000;
    }

    bool isLimited() const { return m_rate > 0; }
    bool isDelayed() const { return m_delayedUntilMs >= 0; }
    qint64 delayedUntilMs() const { return m_delayedUntilMs; }
    // The wait is over (its timer fired): reading may go on.
    void resume() { m_delayedUntilMs = -1; }

    // How many bytes the next read may take (at most `wanted`); 0 = none now, and the
    // direction is delayed.
    qint64 allowance(qint64 nowMs, quint64 received, qint64 wanted)
    {
        if (!isLimited())
            return wanted;
        const qint64 limit = m_rate * (nowMs / 1000 - m_startSeconds + 1) - qint64(received);
        if (limit <= 0) {
            m_delayedUntilMs = nowMs + (-limit * 1000 / m_rate + 1);
            return 0;
        }
        return qMin(wanted, limit);
    }

    // A read of n bytes happened: wait n × 1000 / rate ms before the next.
    void consumed(qint64 n, qint64 nowMs)
    {
        if (!isLimited())
            return;
        const qint64 delay = n * 1000 / m_rate;
        if (delay > 0)
            m_delayedUntilMs = nowMs + delay;
    }

private:
    qint64 m_rate = 0; // bytes per second; 0 = unlimited
    qint64 m_startSeconds = 0;
    qint64 m_delayedUntilMs = -1;
};
