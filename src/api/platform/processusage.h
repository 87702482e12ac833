#pragma once

#include <QtGlobal>

// What the process costs the system, for /metrics: the platform corner of src/api
// (/proc on Linux, the process APIs on Windows). A figure the system does not give is < 0.
namespace ProcessUsage {

struct Figures
{
    double startTimeSeconds = 0; // since the Unix epoch
    double cpuSeconds = -1;      // user + system
    qint64 residentBytes = -1;
    qint64 openDescriptors = -1; // Windows: handles
};

Figures read();

} // namespace ProcessUsage
