#pragma once

#include "net.h"

#include <optional>

// Who holds a port, as the operating system tells, for PortOwner (../portowner.h). One
// declaration, one source per platform:
// - Linux (procporttable.cpp): the socket's inode from /proc/net/tcp{,6} or udp{,6} (a
//   listening TCP socket, an unconnected UDP one, on the port and on endpoint's address or the
//   wildcard of its family), then the process whose /proc/PID/fd links to socket:[inode], and
//   its /proc/PID/comm. Only as far as this user may see: another user's process is no answer
//   unless we run as root.
// - Windows (winporttable.cpp): the IP Helper's tables of listening TCP and bound UDP sockets
//   with their owners' process ids (GetExtendedTcpTable/GetExtendedUdpTable, IPv4), and the
//   program's name from its image path ("portierd" for ...\portierd.exe). A process of another
//   user, or a system one, may refuse its name: then there is no answer.
// - elsewhere: no answer. Any thread.
namespace PortTable {

struct Owner
{
    qint64 pid = 0;
    QString name;
};

std::optional<Owner> find(const Net::Endpoint &endpoint, bool udp);

} // namespace PortTable
