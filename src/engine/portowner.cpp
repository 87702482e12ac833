#include "portowner.h"

#include "platform/procporttable.h"
#include "platform/winporttable.h"

QString PortOwner::Owner::toString() const
{
    return QStringLiteral("%1, pid %2").arg(name).arg(pid);
}

std::optional<PortOwner::Owner> PortOwner::find(const Net::Endpoint &endpoint, bool udp)
{
#if defined(Q_OS_WIN)
    if (const auto owner = WinPortTable::find(endpoint, udp))
        return Owner{owner->pid, owner->name};
#elif defined(Q_OS_LINUX)
    if (const auto owner = ProcPortTable::find(endpoint, udp))
        return Owner{owner->pid, owner->name};
#else
    Q_UNUSED(endpoint);
    Q_UNUSED(udp);
#endif
    return std::nullopt;
}
