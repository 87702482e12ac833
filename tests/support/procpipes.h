#pragma once

#include <QtGlobal>

// What a process holds in pipes, read from /proc (Linux only): the bytes sitting in them, each
// pipe counted once whichever end the process holds, and how many pipes that is (*pipes).
// Returns -1 when a pipe could not be opened: unmeasured must not pass for empty.
qint64 bytesInPipes(qint64 pid, int *pipes);
