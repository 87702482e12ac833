#pragma once

#include <QString>

// Asks a running portierd to stop gracefully, from another program: `portierd --stop PID`,
// the tests. On POSIX that is SIGTERM. On Windows a console program gets no message another
// program could send (QProcess::terminate() posts WM_CLOSE to windows it does not have), so
// portierd's SignalWatcher waits on a named event, Local\portierd-stop-<pid>, and this sets
// it. Local\ is the caller's logon session: the service (session 0) is stopped with
// `net stop portierd` instead.
namespace StopRequest {

// The event's name for the process pid (Windows).
QString eventName(qint64 pid);

// True when the request was delivered; false with the reason in error otherwise (no such
// process, not a portierd, not ours).
bool send(qint64 pid, QString *error);

} // namespace StopRequest
