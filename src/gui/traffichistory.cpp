#include "traffichistory.h"

#include <QHash>

namespace {

struct RingSpec
{
    qint64 resolutionMs;
    int buckets;
};

// The 1-minute and 5-minute ranges share the 1 s ring: a minute is its newest 60 buckets.
constexpr RingSpec ringSpecs[] = {
    {1000, 300},   // 5 min of 1 s
    {10000, 360},  // 1 h of 10 s
    {60000, 360},  // 6 h of 60 s
    {300000, 288}, // 24 h of 5 min
};

constexpr qint64 rangeSpanMs[TrafficHistory::RangeCount] = {60'000, 300'000, 3'600'000, 21'600'000, 86'400'000};

// A gap longer than this (a suspended laptop, a stopped engine) is not averaged into one
// bucket: the counters are taken as the new base instead.
constexpr qint64 maxGapMs = 60 * 1000;

qint64 floorTo(qint64 ms, qint64 resolution)
{
    const qint64 q = ms / resolution;
    return (ms % resolution < 0 ? q - 1 : q) * resolution;
}

} // namespace

TrafficHistory::Ring::Ring(qint64 resolutionMs, int capacity) : m_resolutionMs(resolutionMs), m_ring(size_t(capacity))
{
}

void TrafficHistory::Ring::add(qint64 atMs, qint64 durationMs, double bytesFrom, double bytesTo, double connections)
{
    const qint64 start = floorTo(atMs, m_resolutionMs);
    if (m_open && start > m_openStartMs) {
        m_ring[size_t(m_head)] = openSample();
        m_head = (m_head + 1) % int(m_ring.size());
        m_count = qMin(m_count + 1, int(m_ring.size()));
        m_open = false;
    }
    if (!m_open) {
        m_open = true;
        m_openStartMs = start;
        m_accumulatedMs = 0;
        m_bytesFrom = m_bytesTo = m_connectionMs = 0;
    }
    // A clock set back lands in the open bucket rather than rewriting finished ones.
    m_accumulatedMs += durationMs;
    m_bytesFrom += bytesFrom;
    m_bytesTo += bytesTo;
    m_connectionMs += connections * double(durationMs);
}

TrafficHistory::Sample TrafficHistory::Ring::openSample() const
{
    const double seconds = double(m_accumulatedMs) / 1000.0;
    return Sample{m_openStartMs, m_accumulatedMs, m_bytesFrom / seconds, m_bytesTo / seconds, m_connectionMs / double(m_accumulatedMs)};
}

QList<TrafficHistory::Sample> TrafficHistory::Ring::samples() const
{
    QList<Sample> result;
    result.reserve(m_count + 1);
    const int capacity = int(m_ring.size());
    for (int i = 0; i < m_count; ++i)
        result << m_ring[size_t((m_head - m_count + i + capacity) % capacity)];
    if (m_open)
        result << openSample();
    return result;
}

std::optional<TrafficHistory::Sample> TrafficHistory::Ring::sampleAt(qint64 ms) const
{
    const qint64 start = floorTo(ms, m_resolutionMs);
    if (m_open && start == m_openStartMs)
        return openSample();
    const int capacity = int(m_ring.size());
    for (int i = 0; i < m_count; ++i) { // newest first: hovering looks mostly at recent times
        const Sample &sample = m_ring[size_t((m_head - 1 - i + capacity) % capacity)];
        if (sample.startMs == start)
            return sample;
        if (sample.startMs < start)
            break;
    }
    return std::nullopt;
}

const QString &TrafficHistory::totalSeries()
{
    static const QString name = QStringLiteral("total");
    return name;
}

QString TrafficHistory::listenerSeries(const QString &listen, const QString &protocol)
{
    return listen + u' ' + protocol;
}

QString TrafficHistory::serverSeries(const QString &upstream, const QString &address)
{
    return upstream + QStringLiteral(" → ") + address;
}

TrafficHistory::Kind TrafficHistory::kindOf(const QString &series)
{
    if (series == totalSeries())
        return Kind::Total;
    return series.contains(QStringLiteral(" → ")) ? Kind::Server : Kind::Listener;
}

TrafficHistory::TrafficHistory()
{
    seriesFor(totalSeries(), Kind::Total);
}

qint64 TrafficHistory::spanMs(Range range)
{
    return rangeSpanMs[range];
}

int TrafficHistory::ringOf(Range range)
{
    switch (range) {
    case OneMinute:
    case FiveMinutes:
        return 0;
    case OneHour:
        return 1;
    case SixHours:
        return 2;
    case OneDay:
    case RangeCount:
        break;
    }
    return 3;
}

qint64 TrafficHistory::resolutionMs(Range range)
{
    return ringSpecs[ringOf(range)].resolutionMs;
}

TrafficHistory::Series *TrafficHistory::seriesFor(const QString &name, Kind kind)
{
    for (Series &series : m_series) {
        if (series.name == name)
            return &series;
    }
    if (int(m_series.size()) >= maxSeries)
        return nullptr;
    Series series;
    series.name = name;
    series.kind = kind;
    for (const RingSpec &spec : ringSpecs)
        series.rings.emplace_back(spec.resolutionMs, spec.buckets);
    m_series.push_back(std::move(series));
    return &m_series.back();
}

void TrafficHistory::resetBase()
{
    m_haveBase = false;
    m_current = Sample();
    for (Series &series : m_series)
        series.haveBase = false;
}

void TrafficHistory::feed(Series &series, const Counters &now, qint64 atMs, qint64 elapsedMs)
{
    // Counters that went down belong to a listener that was replaced or an engine that
    // restarted: start from the new values rather than plot a negative rate.
    const bool usable = series.haveBase && elapsedMs > 0 && now.from >= series.last.from && now.to >= series.last.to;
    if (usable) {
        const double bytesFrom = double(now.from - series.last.from);
        const double bytesTo = double(now.to - series.last.to);
        for (Ring &ring : series.rings)
            ring.add(atMs, elapsedMs, bytesFrom, bytesTo, double(now.connections));
        if (series.kind == Kind::Total) {
            const double seconds = double(elapsedMs) / 1000.0;
            m_current = Sample{atMs, elapsedMs, bytesFrom / seconds, bytesTo / seconds, double(now.connections)};
        }
    }
    series.haveBase = true;
    series.last = now;
}

void TrafficHistory::add(const StatsSnapshot &snapshot)
{
    const qint64 nowMs = snapshot.time.toMSecsSinceEpoch();
    qint64 elapsed = m_haveBase ? m_lastTime.msecsTo(snapshot.time) : 0;
    if (elapsed > maxGapMs)
        elapsed = 0; // no base for anyone: the gap stays a gap
    // The interval's middle decides its bucket: a second from 12:00:00 to 12:00:01 belongs
    // to the bucket of 12:00:00, however late in it the snapshot came.
    const qint64 atMs = nowMs - elapsed / 2;

    QHash<QString, Counters> present;
    QStringList order; // first-seen order within this snapshot
    auto count = [&](const QString &name, quint64 from, quint64 to, quint64 connections) {
        auto it = present.find(name);
        if (it == present.end()) {
            it = present.insert(name, Counters());
            order << name;
        }
        it->from += from; // a range's ports or two servers with one address add up
        it->to += to;
        it->connections += connections;
    };
    count(totalSeries(), snapshot.totalBytesFromClients(), snapshot.totalBytesToClients(), snapshot.totalActiveConnections());
    for (const ListenerStats &listener : snapshot.listeners)
        count(listenerSeries(listener.listen, listener.protocol), listener.bytesFromClients, listener.bytesToClients, listener.activeConnections);
    for (const ServerStats &server : snapshot.servers)
        count(serverSeries(server.upstream, server.address), server.bytesSent, server.bytesReceived, server.activeConnections);

    for (Series &series : m_series) {
        if (!present.contains(series.name))
            series.haveBase = false; // gone from the config: when it comes back it starts afresh
    }
    for (const QString &name : std::as_const(order)) {
        if (Series *series = seriesFor(name, kindOf(name)))
            feed(*series, present.value(name), atMs, elapsed);
    }
    m_haveBase = true;
    m_lastTime = snapshot.time;
}

QStringList TrafficHistory::series() const
{
    QStringList result;
    for (const Kind kind : {Kind::Total, Kind::Listener, Kind::Server}) {
        for (const Series &series : m_series) {
            if (series.kind == kind)
                result << series.name;
        }
    }
    return result;
}

QList<TrafficHistory::Sample> TrafficHistory::samples(const QString &name, Range range) const
{
    for (const Series &series : m_series) {
        if (series.name == name)
            return series.rings[size_t(ringOf(range))].samples();
    }
    return {};
}

std::optional<TrafficHistory::Sample> TrafficHistory::sampleAt(const QString &name, Range range, qint64 msSinceEpoch) const
{
    for (const Series &series : m_series) {
        if (series.name == name)
            return series.rings[size_t(ringOf(range))].sampleAt(msSinceEpoch);
    }
    return std::nullopt;
}
