#include "statssnapshot.h"

#include <algorithm>

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

int StatsSnapshot::enabledListeners() const
{
    return int(std::count_if(listeners.begin(), listeners.end(), [](const ListenerStats &listener) { return listener.enabled; }));
}

int StatsSnapshot::failedListeners() const
{
    return int(std::count_if(listeners.begin(), listeners.end(),
                             [](const ListenerStats &listener) { return listener.enabled && !listener.listening; }));
}

QString ServerStats::nginxState(State state)
{
    switch (state) {
    case State::Up:
        return QStringLiteral("up");
    case State::Down:
        return QStringLiteral("down");
    case State::Failed:
        return QStringLiteral("unavail");
    case State::Unhealthy:
        return QStringLiteral("unhealthy");
    case State::Draining:
    case State::Drained:
        return QStringLiteral("draining"); // nginx Plus keeps saying draining at zero
    }
    return QString();
}
