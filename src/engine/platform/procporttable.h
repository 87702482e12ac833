#pragma once

#include "net.h"

#include <optional>

#if defined(Q_OS_LINUX)
// PortOwner's Linux source: the socket's inode from /proc/net/tcp{,6} or udp{,6} (a listening
// TCP socket, an unconnected UDP one, on the port and on endpoint's address or the wildcard of
// its family), then the process whose /proc/PID/fd links to socket:[inode], and its
// /proc/PID/comm. Only as far as this user may see: another user's process is no answer
// unless we run as root. Any thread.
namespace ProcPortTable {

struct Owner
{
    qint64 pid = 0;
    QString name;
};

std::optional<Owner> find(const Net::Endpoint &endpoint, bool udp);

} // namespace ProcPortTable
#endif
