#pragma once

#include "net.h"

#include <QtGlobal>
#include <vector>

// Kernel pipes for relaying with splice() (Linux): socket → pipe → socket without copying
// the bytes through user space, as HAProxy's "option splice-auto". One pool per worker,
// used only in its thread.
//
// A session takes a pipe for one direction only while bytes are in it: a relay pass takes
// one, moves what the source has, and gives it back once the destination took everything.
// Bytes the destination refused stay in the pipe (they are that direction's pending bytes:
// reading stops until they drain), and the pipe stays with the session until then. So
// idle and quiet sessions hold no pipe, and the pool only needs as many pipes as directions
// that are stalled at the same moment.
//
// Bounds: each pipe holds at most `capacity` (128 KiB, set with F_SETPIPE_SZ: twice the
// system's default, which halves the splice() calls of a bulk transfer; docs/performance.md,
// "Splice: pipe size") and costs two descriptors; a worker has at most `maxPipes` (64) open,
// in use and idle together, so pipes pin at most 8 MiB of kernel memory and 128 descriptors
// per worker. An empty pipe costs the kernel about 1 KiB (its inode and slot array); at
// most `maxIdle` (16) empty ones are kept, so a quiet worker holds 32 descriptors for them at
// most. A session that finds the pool exhausted (or pipe2() refused: out of descriptors)
// relays that pass by copying, as before.
//
// PORTIER_SPLICE=off in the environment turns splicing off (for measuring the difference);
// PORTIER_SPLICE=unsupported makes every splice() fail with EINVAL, as a kernel without it
// would, to exercise the fallback. Elsewhere than Linux the pool is always off.
class PipePool
{
public:
    struct Pipe
    {
        int readEnd = -1;
        int writeEnd = -1;
        qint64 bytes = 0; // spliced in, not yet spliced out
        bool isOpen() const { return readEnd >= 0; }
    };

    static constexpr qint64 capacity = 128 * 1024;
    static constexpr int maxPipes = 64;
    static constexpr int maxIdle = 16;
    // The descriptors one worker's pool may hold at most: worker_connections "auto" leaves
    // them out of each worker's share, so a full worker's pipes cannot starve accept().
#if defined(Q_OS_LINUX)
    static constexpr int maxDescriptors = 2 * maxPipes;
#else
    static constexpr int maxDescriptors = 0;
#endif

    PipePool();
    ~PipePool();
    Q_DISABLE_COPY_MOVE(PipePool)

    bool isEnabled() const { return m_enabled; }
    // splice() said EINVAL or ENOSYS: this worker copies from now on.
    void disable() { m_enabled = false; }
    static bool isUnsupported(int error);

    // An empty pipe into *pipe; false when the pool is exhausted or pipe2() fails.
    bool acquire(Pipe *pipe);
    // Back to the pool when empty; closed when it still holds bytes (the session ended).
    void release(Pipe *pipe);
    int openPipes() const { return m_open; }

    // splice() from a socket into the pipe (at most capacity - bytes): bytes moved, 0 at
    // end of stream, Net::wouldBlock or Net::failed with *error.
    qint64 fill(Pipe *pipe, Net::Socket from, int *error);
    // splice() from the pipe into a socket: bytes moved, Net::wouldBlock or Net::failed.
    qint64 drain(Pipe *pipe, Net::Socket to, int *error);
    // read() what the pipe holds into data (at most capacity), for the copying path to send
    // after splicing to the destination turned out unsupported; returns the size.
    qint64 takeBack(Pipe *pipe, char *data);

private:
    static void closePipe(Pipe *pipe);

    std::vector<Pipe> m_idle;
    int m_open = 0;
    bool m_enabled = false;
    bool m_simulateUnsupported = false;
};
