#pragma once

#include "net.h"

#include <optional>

#if defined(Q_OS_WIN)
// PortOwner's Windows source: the IP Helper's tables of listening TCP and bound UDP sockets
// with their owners' process ids (GetExtendedTcpTable/GetExtendedUdpTable, IPv4), and the
// program's name from its image path ("portierd" for ...\portierd.exe). A process of another
// user, or a system one, may refuse its name: then there is no answer.
namespace WinPortTable {

struct Owner
{
    qint64 pid = 0;
    QString name;
};

// The process listening on (TCP) or bound to (UDP) endpoint's port, on its address or on 0.0.0.0.
std::optional<Owner> find(const Net::Endpoint &endpoint, bool udp);

} // namespace WinPortTable
#endif
