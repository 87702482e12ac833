#include "statssnapshot.h"

quint64 StatsSnapshot::totalActiveConnections() const
{
    quint64 total = 0;
    for (const ListenerStats &listener : listeners)
        total += listener.activeConnections;
    return total;
}

quint64 StatsSnapshot::totalBytesFromClients() const
{
    quint64 total = 0;
    for (const ListenerStats &listener : listeners)
        total += listener.bytesFromClients;
    return total;
}

quint64 StatsSnapshot::totalBytesToClients() const
{
    quint64 total = 0;
    for (const ListenerStats &listener : listeners)
        total += listener.bytesToClients;
    return total;
}
