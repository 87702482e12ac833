#pragma once

#include "platform/net.h"

#include <optional>

// Who holds a port this machine refuses us, so the message can name the program instead of
// saying "another program". The platform corner reads it: /proc on Linux,
// the IP Helper's owner tables on Windows (platform/porttable.h),
// only as far as this user may see; elsewhere, or for another user's process, there is no
// answer. Any thread.
namespace PortOwner {

struct Owner
{
    qint64 pid = 0;
    QString name; // the program's name (/proc/PID/comm, the .exe's name without its folder)

    QString toString() const; // "nginx, pid 4242"
};

// The process listening on (TCP) or bound to (UDP) endpoint's port, on its address or on
// the wildcard of its family.
std::optional<Owner> find(const Net::Endpoint &endpoint, bool udp);

} // namespace PortOwner
