#pragma once

#include "statssnapshot.h"
#include "workercounters.h"

#include <QByteArray>

// /metrics in Prometheus's text exposition format (version 0.0.4): one family per figure,
// named as Prometheus's conventions ask (portier_ prefix, base units, _total for counters),
// labelled by listener, by upstream group and server, and by worker.
namespace PrometheusMetrics {

struct Process
{
    double startTimeSeconds = 0;   // since the Unix epoch
    double cpuSeconds = -1;        // user + system; < 0: unknown on this system
    qint64 residentBytes = -1;
    qint64 openDescriptors = -1;
    qint64 maxDescriptors = -1;
};

QByteArray render(const StatsSnapshot &stats, int workers, const QString &version, const Process &process,
                  const QList<WorkerStats> &workerStats = {});

inline constexpr const char *contentType = "text/plain; version=0.0.4; charset=utf-8";

} // namespace PrometheusMetrics
