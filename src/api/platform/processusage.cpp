#include "processusage.h"

#include <QDateTime>
#include <QDir>
#include <QFile>

#if defined(Q_OS_WIN)
#include <windows.h>
#include <psapi.h>
#else
#include <unistd.h>
#endif

namespace ProcessUsage {

#if defined(Q_OS_WIN)

namespace {
double seconds(const FILETIME &time) // 100 ns units
{
    return double((quint64(time.dwHighDateTime) << 32) | time.dwLowDateTime) / 1e7;
}
} // namespace

Figures read()
{
    Figures f;
    FILETIME created, exited, kernel, user;
    if (GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user)) {
        f.cpuSeconds = seconds(kernel) + seconds(user);
        f.startTimeSeconds = seconds(created) - 11644473600.0; // FILETIME counts from 1601
    }
    PROCESS_MEMORY_COUNTERS memory{};
    if (GetProcessMemoryInfo(GetCurrentProcess(), &memory, sizeof(memory)))
        f.residentBytes = qint64(memory.WorkingSetSize);
    DWORD handles = 0;
    if (GetProcessHandleCount(GetCurrentProcess(), &handles))
        f.openDescriptors = handles;
    return f;
}

#else

Figures read()
{
    Figures f;
    // /proc/self/stat: fields after the command's closing parenthesis; utime and stime are
    // the 14th and 15th, starttime the 22nd (clock ticks since boot), rss the 24th (pages).
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray text = stat.readAll();
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        const double ticks = double(sysconf(_SC_CLK_TCK));
        if (fields.size() > 21 && ticks > 0) {
            f.cpuSeconds = (fields.at(11).toDouble() + fields.at(12).toDouble()) / ticks;
            f.residentBytes = fields.at(21).toLongLong() * sysconf(_SC_PAGESIZE);
            QFile uptime(QStringLiteral("/proc/uptime"));
            if (uptime.open(QIODevice::ReadOnly)) {
                const double up = uptime.readAll().split(' ').value(0).toDouble();
                const double bootTime = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0 - up;
                f.startTimeSeconds = bootTime + fields.at(19).toDouble() / ticks;
            }
        }
    }
    f.openDescriptors = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size();
    return f;
}

#endif

} // namespace ProcessUsage
