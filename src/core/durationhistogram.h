#pragma once

#include <QtGlobal>

#include <array>

// Counts of durations in fixed buckets, for Prometheus histograms (upstream connect times).
// The bounds are Prometheus's default buckets in milliseconds; counts are per bucket (not
// cumulative: the exposition adds them up). A value, copied into each stats snapshot.
struct DurationHistogram
{
    static constexpr std::array<double, 11> boundsMs{5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};

    std::array<quint64, boundsMs.size() + 1> counts{}; // the last one: above every bound
    quint64 count = 0;
    quint64 sumMs = 0;

    void add(qint64 ms)
    {
        std::size_t bucket = 0;
        while (bucket < boundsMs.size() && double(ms) > boundsMs[bucket])
            ++bucket;
        counts[bucket]++;
        count++;
        sumMs += quint64(qMax<qint64>(0, ms));
    }
};
