#pragma once

#include <QtGlobal>

// The numbers nginx prints as PID#TID in its log lines. Platform corner of src/core.
namespace ProcessInfo {
qint64 processId();
qint64 threadId(); // the kernel's thread id (gettid on Linux), not a pthread_t
} // namespace ProcessInfo
