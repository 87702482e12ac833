#pragma once

#include <QtGlobal>

// The numbers nginx prints as PID#TID in its log lines. Platform corner of src/core.
namespace ProcessInfo {
qint64 processId();
qint64 threadId(); // the kernel's thread id (gettid on Linux), not a pthread_t
// How many descriptors this process may hold open (RLIMIT_NOFILE's soft limit); 0 = no limit
// known (Windows has none for sockets worth the name).
qint64 openFilesLimit();
// Standard error is a terminal: a run in the foreground, where the log also goes to the screen.
bool stderrIsTerminal();
} // namespace ProcessInfo
