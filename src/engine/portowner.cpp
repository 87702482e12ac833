#include "portowner.h"

#include "platform/porttable.h"

QString PortOwner::Owner::toString() const
{
    return QStringLiteral("%1, pid %2").arg(name).arg(pid);
}

std::optional<PortOwner::Owner> PortOwner::find(const Net::Endpoint &endpoint, bool udp)
{
    if (const auto owner = PortTable::find(endpoint, udp))
        return Owner{owner->pid, owner->name};
    return std::nullopt;
}
