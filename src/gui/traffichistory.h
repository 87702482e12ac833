#pragma once

#include <statssnapshot.h>

#include <QDateTime>
#include <QList>
#include <array>
#include <vector>

// Traffic over time, kept from the engine's StatsSnapshots whether or not the window is
// shown (qBittorrent's speed graph is the model): several averagers, each a ring buffer of
// samples at its own resolution (1 s for 5 min, 6 s for 30 min, 36 s for 3 h). A sample
// keeps the real time it covers, because snapshots arrive about, not exactly, once a
// second, and a paused or restarted engine leaves gaps. GUI thread.
class TrafficHistory
{
public:
    enum Period { FiveMinutes, ThirtyMinutes, ThreeHours, PeriodCount };

    struct Sample
    {
        qint64 durationMs = 0;  // real time this sample covers
        double fromClients = 0; // bytes per second, client -> upstream
        double toClients = 0;   // bytes per second, upstream -> client
        double connections = 0; // active connections, averaged
    };

    TrafficHistory();

    // Feeds one snapshot; the first one (and one after a counter reset) only sets the base.
    void add(const StatsSnapshot &snapshot);
    // Forgets the base so the next snapshot starts afresh (the engine stopped).
    void resetBase();

    // Oldest first.
    QList<Sample> samples(Period period) const;
    static qint64 periodMs(Period period);
    static qint64 resolutionMs(Period period);

    // The latest rates (bytes per second), from the last two snapshots.
    double currentFromClients() const { return m_current.fromClients; }
    double currentToClients() const { return m_current.toClients; }

private:
    class Averager
    {
    public:
        Averager(qint64 resolutionMs, int capacity);
        void add(qint64 durationMs, double bytesFrom, double bytesTo, double connections);
        QList<Sample> samples() const;

    private:
        qint64 m_resolutionMs;
        std::vector<Sample> m_ring;
        int m_head = 0; // next slot to write
        int m_count = 0;
        // accumulating the next sample
        qint64 m_accumulatedMs = 0;
        double m_bytesFrom = 0;
        double m_bytesTo = 0;
        double m_connectionMs = 0;
    };

    std::vector<Averager> m_averagers;
    QDateTime m_lastTime;
    quint64 m_lastFrom = 0;
    quint64 m_lastTo = 0;
    bool m_haveBase = false;
    Sample m_current;
};
