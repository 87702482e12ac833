#pragma once

#include <QtGlobal>

// The numbers nginx prints as PID#TID in its log lines. Platform corner of src/core.
namespace ProcessInfo {
qint64 processId();
qint64 threadId(); // the kernel's thread id (gettid on Linux), not a pthread_t
// How many descriptors this process may open (the soft RLIMIT_NOFILE, "ulimit -n");
// -1 where there is no such limit (Windows sockets are not counted against one).
qint64 descriptorLimit();
} // namespace ProcessInfo
