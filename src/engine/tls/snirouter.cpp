#include "snirouter.h"

#include "upstreamgroup.h"

void SniRouter::add(const QString &pattern, std::shared_ptr<UpstreamGroup> group)
{
    Route route;
    route.wildcard = pattern.startsWith(QStringLiteral("*."));
    route.name = (route.wildcard ? pattern.mid(1) : pattern).toLower();
    route.group = std::move(group);
    m_routes << route;
}

UpstreamGroup *SniRouter::route(const QString &serverName) const
{
    if (serverName.isEmpty())
        return nullptr;
    const QString name = serverName.toLower();
    const Route *best = nullptr;
    for (const Route &route : m_routes) {
        if (!route.wildcard) {
            if (route.name == name)
                return route.group.get();
        } else if (name.endsWith(route.name) && name.size() > route.name.size()
                   && (!best || route.name.size() > best->name.size())) {
            best = &route;
        }
    }
    return best ? best->group.get() : nullptr;
}
