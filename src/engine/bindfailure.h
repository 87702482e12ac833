#pragma once

#include "platform/net.h"

#include <QString>

// Why a listening socket could not be had, in words that say what to do: nginx's
// "bind() to ADDRESS failed (ERRNO: TEXT)" first, then the cause as this machine tells it. A
// port in use names the program holding it (PortOwner); a port below the privileged limit
// refused to a user without the right says what gives it and offers a free port above; an
// address that is not this machine's says so. Preflight::bind asks it; the GUI shows the same
// text (the engine's error, the notice, the listener's row) as portierd's log. Any thread.
namespace BindFailure {

enum class Kind {
    SocketOption,      // setsockopt() refused before bind()
    InUse,             // EADDRINUSE
    PrivilegedPort,    // EACCES on a port below Net::unprivilegedPortStart()
    NotOnThisMachine,  // EADDRNOTAVAIL
    Refused,           // EACCES elsewhere (on Windows: a reserved or exclusively held port)
    Other,
};

// call: the call that failed ("bind()", "listen()", "setsockopt(SO_REUSEPORT)"), empty for bind().
Kind classify(const QString &call, int error, quint16 port);

// A port above the privileged limit that this machine lets us have now for endpoint's address
// (port + 8000 when it is free, else the next free one after it); 0 when none was found in a
// short search.
quint16 freePortAbove(const Net::Endpoint &endpoint, bool udp);

// The whole message: "bind() to 0.0.0.0:80 failed (13: Permission denied): ports below 1024 ...".
QString describe(const QString &call, int error, const Net::Endpoint &endpoint, bool udp);

} // namespace BindFailure
