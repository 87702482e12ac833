#pragma once

#include <streamvariables.h>

#include <vector>

// What a session did, for its access log line: nginx's s->status and its array of
// ngx_stream_upstream_state_t (one entry per server tried, with connect, first byte and session
// times and the bytes each way). The session tells it what happens; times are the worker's
// monotonic milliseconds, bytes are the session's running totals, turned into per-try figures
// here. Lives in its session's worker thread.
class SessionRecord
{
public:
    // nginx's stream status codes (NGX_STREAM_OK ... NGX_STREAM_SERVICE_UNAVAILABLE).
    enum Status { Ok = 200, BadRequest = 400, Forbidden = 403, InternalServerError = 500, BadGateway = 502, ServiceUnavailable = 503 };

    // A server was picked (or none was live: `address` is then the group's name, as nginx's).
    void beginTry(const QByteArray &address, qint64 nowMs, quint64 sentTotal, quint64 receivedTotal)
    {
        endTry(nowMs, sentTotal, receivedTotal);
        if (m_tried)
            m_earlier.push_back(std::move(m_last)); // a retry: rare, so only then a vector
        m_last = {address, -1, -1, -1, 0, 0};
        m_tried = true;
        m_startMs = nowMs;
        m_sentBase = sentTotal;
        m_receivedBase = receivedTotal;
        m_open = true;
    }
    void connected(qint64 nowMs)
    {
        if (m_open)
            m_last.connectMs = nowMs - m_startMs;
    }
    void firstByte(qint64 nowMs)
    {
        if (m_open && m_last.firstByteMs < 0)
            m_last.firstByteMs = nowMs - m_startMs;
    }
    // The try ended (the next server is tried, or the session closes).
    void endTry(qint64 nowMs, quint64 sentTotal, quint64 receivedTotal)
    {
        if (!m_open)
            return;
        m_last.sessionMs = nowMs - m_startMs;
        m_last.bytesSent = sentTotal - m_sentBase;
        m_last.bytesReceived = receivedTotal - m_receivedBase;
        m_open = false;
    }
    // Every try in order, for the access log line.
    std::vector<StreamFacts::UpstreamAttempt> tries() const
    {
        std::vector<StreamFacts::UpstreamAttempt> all(m_earlier);
        if (m_tried)
            all.push_back(m_last);
        return all;
    }

    int status = Ok;

private:
    // The last (usually the only) try is held inline: one allocation less per session.
    StreamFacts::UpstreamAttempt m_last;
    std::vector<StreamFacts::UpstreamAttempt> m_earlier;
    qint64 m_startMs = 0;
    quint64 m_sentBase = 0;
    quint64 m_receivedBase = 0;
    bool m_tried = false;
    bool m_open = false;
};
