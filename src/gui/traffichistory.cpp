#include "traffichistory.h"

namespace {

struct PeriodSpec
{
    qint64 resolutionMs;
    int samples;
};

constexpr PeriodSpec periodSpecs[TrafficHistory::PeriodCount] = {
    {1000, 300},  // 5 min of 1 s samples
    {6000, 300},  // 30 min of 6 s samples
    {36000, 300}, // 3 h of 36 s samples
};

// A gap longer than this (a suspended laptop, a stopped engine) is not averaged into one
// sample: the counters are taken as the new base instead.
constexpr qint64 maxGapMs = 60 * 1000;

} // namespace

TrafficHistory::Averager::Averager(qint64 resolutionMs, int capacity) : m_resolutionMs(resolutionMs), m_ring(size_t(capacity))
{
}

void TrafficHistory::Averager::add(qint64 durationMs, double bytesFrom, double bytesTo, double connections)
{
    m_accumulatedMs += durationMs;
    m_bytesFrom += bytesFrom;
    m_bytesTo += bytesTo;
    m_connectionMs += connections * double(durationMs);
    if (m_accumulatedMs < m_resolutionMs)
        return;
    const double seconds = double(m_accumulatedMs) / 1000.0;
    m_ring[size_t(m_head)] = Sample{m_accumulatedMs, m_bytesFrom / seconds, m_bytesTo / seconds, m_connectionMs / double(m_accumulatedMs)};
    m_head = (m_head + 1) % int(m_ring.size());
    m_count = qMin(m_count + 1, int(m_ring.size()));
    m_accumulatedMs = 0;
    m_bytesFrom = m_bytesTo = m_connectionMs = 0;
}

QList<TrafficHistory::Sample> TrafficHistory::Averager::samples() const
{
    QList<Sample> result;
    result.reserve(m_count);
    const int capacity = int(m_ring.size());
    for (int i = 0; i < m_count; ++i)
        result << m_ring[size_t((m_head - m_count + i + capacity) % capacity)];
    return result;
}

TrafficHistory::TrafficHistory()
{
    for (const PeriodSpec &spec : periodSpecs)
        m_averagers.emplace_back(spec.resolutionMs, spec.samples);
}

qint64 TrafficHistory::periodMs(Period period)
{
    return periodSpecs[period].resolutionMs * periodSpecs[period].samples;
}

qint64 TrafficHistory::resolutionMs(Period period)
{
    return periodSpecs[period].resolutionMs;
}

void TrafficHistory::resetBase()
{
    m_haveBase = false;
    m_current = Sample();
}

void TrafficHistory::add(const StatsSnapshot &snapshot)
{
    const quint64 from = snapshot.totalBytesFromClients();
    const quint64 to = snapshot.totalBytesToClients();
    const qint64 elapsed = m_haveBase ? m_lastTime.msecsTo(snapshot.time) : 0;
    // Counters that went down belong to listeners that were removed or an engine that
    // restarted: start from the new values rather than plot a negative rate.
    const bool usable = m_haveBase && elapsed > 0 && elapsed <= maxGapMs && from >= m_lastFrom && to >= m_lastTo;
    if (usable) {
        const double bytesFrom = double(from - m_lastFrom);
        const double bytesTo = double(to - m_lastTo);
        const double connections = double(snapshot.totalActiveConnections());
        const double seconds = double(elapsed) / 1000.0;
        m_current = Sample{elapsed, bytesFrom / seconds, bytesTo / seconds, connections};
        for (Averager &averager : m_averagers)
            averager.add(elapsed, bytesFrom, bytesTo, connections);
    }
    m_haveBase = true;
    m_lastTime = snapshot.time;
    m_lastFrom = from;
    m_lastTo = to;
}

QList<TrafficHistory::Sample> TrafficHistory::samples(Period period) const
{
    return m_averagers[size_t(period)].samples();
}
