#pragma once

#include <statssnapshot.h>

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <array>
#include <optional>
#include <vector>

// Traffic over time per series (all traffic, each listener, each upstream server), kept
// from the engine's StatsSnapshots whether or not any window shows it: EngineController
// holds one and feeds it every snapshot. Each series keeps ring buffers at decreasing
// resolution (qBittorrent's speed graph is the model): 1 s buckets for 5 minutes, 10 s for
// an hour, 60 s for 6 hours, 5 min for 24 hours, so memory is bounded (about 52 KB a
// series, at most maxSeries series). Buckets are aligned to the clock (a 10 s bucket starts
// at :00, :10 ...), so the plot's time axis shows real times and two series' buckets line up.
// A bucket's value is the average over the real time its snapshots covered: snapshots
// arrive about, not exactly, once a second, and a stopped engine leaves gaps. A model
// without widgets, so tests feed it snapshots. GUI thread.
class TrafficHistory
{
public:
    enum Range { OneMinute, FiveMinutes, OneHour, SixHours, OneDay, RangeCount };

    struct Sample
    {
        qint64 startMs = 0;     // bucket start, ms since the epoch, a multiple of the resolution
        qint64 coveredMs = 0;   // real time the bucket's snapshots covered
        double fromClients = 0; // bytes per second, client -> upstream (a server: bytes sent to it)
        double toClients = 0;   // bytes per second, upstream -> client (a server: bytes received)
        double connections = 0; // active connections, averaged over coveredMs

        double bytesPerSecond() const { return fromClients + toClients; }
    };

    enum class Kind { Total, Listener, Server };

    // A series is named by what it counts; the name is its key and decides its colour.
    static const QString &totalSeries(); // "total"
    static QString listenerSeries(const QString &listen, const QString &protocol);
    static QString serverSeries(const QString &upstream, const QString &address);
    static Kind kindOf(const QString &series);

    // Series beyond this many (total included) are not recorded, so memory stays bounded
    // however many listeners and servers a config has.
    static constexpr int maxSeries = 64;

    TrafficHistory();

    // Feeds one snapshot; the first one (and one after a counter reset or a long gap) only
    // sets the base of each series.
    void add(const StatsSnapshot &snapshot);
    // Forgets the bases so the next snapshot starts afresh (the engine stopped).
    void resetBase();

    // Every series recorded so far: total first, then listeners, then servers, each kind in
    // the order first seen.
    QStringList series() const;
    // Oldest first; the last one may be the bucket still filling.
    QList<Sample> samples(const QString &series, Range range) const;
    // The bucket of this range holding the time, if one was recorded.
    std::optional<Sample> sampleAt(const QString &series, Range range, qint64 msSinceEpoch) const;
    QDateTime lastTime() const { return m_lastTime; }

    static qint64 spanMs(Range range);
    static qint64 resolutionMs(Range range);

    // The latest total rates (bytes per second), from the last two snapshots.
    double currentFromClients() const { return m_current.fromClients; }
    double currentToClients() const { return m_current.toClients; }

    // The total series.
    QList<Sample> samples(Range range) const { return samples(totalSeries(), range); }

private:
    // One resolution: finished buckets in a ring, plus the one filling.
    class Ring
    {
    public:
        Ring(qint64 resolutionMs, int capacity);
        void add(qint64 atMs, qint64 durationMs, double bytesFrom, double bytesTo, double connections);
        QList<Sample> samples() const;
        std::optional<Sample> sampleAt(qint64 ms) const;

    private:
        Sample openSample() const;

        qint64 m_resolutionMs;
        std::vector<Sample> m_ring;
        int m_head = 0; // next slot to write
        int m_count = 0;
        // the bucket filling
        bool m_open = false;
        qint64 m_openStartMs = 0;
        qint64 m_accumulatedMs = 0;
        double m_bytesFrom = 0;
        double m_bytesTo = 0;
        double m_connectionMs = 0;
    };

    struct Counters
    {
        quint64 from = 0;
        quint64 to = 0;
        quint64 connections = 0;
    };

    struct Series
    {
        QString name;
        Kind kind = Kind::Total;
        bool haveBase = false;
        Counters last;
        std::vector<Ring> rings;
    };

    static int ringOf(Range range);
    Series *seriesFor(const QString &name, Kind kind);
    void feed(Series &series, const Counters &now, qint64 atMs, qint64 elapsedMs);

    std::vector<Series> m_series;
    QDateTime m_lastTime;
    bool m_haveBase = false;
    Sample m_current;
};
