#pragma once

#include <optional>

// A change to one upstream server at run time, applied at once by Engine::setServerState
// without an apply and without dropping a connection (nginx Plus's PATCH of a peer). A field
// left empty stays as it is. The change is runtime state: it lasts until the config says
// otherwise (see UpstreamGroup::adoptCounters) or is saved into it.
struct ServerChange
{
    std::optional<int> weight; // 1 or more; takes effect on the next pick
    std::optional<bool> down;  // true: no new connections, established ones keep running
    std::optional<bool> drain; // true: the same, shown as draining until the last one ends
};
