#include "pipepool.h"

#if defined(Q_OS_LINUX)
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>
#endif

PipePool::PipePool()
{
#if defined(Q_OS_LINUX)
    const QByteArray mode = qgetenv("PORTIER_SPLICE");
    m_enabled = mode != "off";
    m_simulateUnsupported = mode == "unsupported";
#endif
}

PipePool::~PipePool()
{
    for (Pipe &pipe : m_idle)
        closePipe(&pipe);
}

bool PipePool::isUnsupported(int error)
{
#if defined(Q_OS_LINUX)
    return error == EINVAL || error == ENOSYS;
#else
    Q_UNUSED(error);
    return true;
#endif
}

bool PipePool::acquire(Pipe *pipe)
{
    Q_ASSERT(!pipe->isOpen());
    if (!m_idle.empty()) {
        *pipe = m_idle.back();
        m_idle.pop_back();
        return true;
    }
#if defined(Q_OS_LINUX)
    if (!m_enabled || m_open >= maxPipes)
        return false;
    int ends[2];
    if (::pipe2(ends, O_NONBLOCK | O_CLOEXEC) != 0)
        return false; // out of descriptors: this pass copies
    // Set, not left at the system's default (64 KiB on Linux): twice that halves the splice()
    // calls, and a changed default cannot grow the bound. A refusal (pipe-user-pages-soft
    // reached) leaves the pipe smaller, which is still correct.
    ::fcntl(ends[1], F_SETPIPE_SZ, int(capacity));
    pipe->readEnd = ends[0];
    pipe->writeEnd = ends[1];
    pipe->bytes = 0;
    ++m_open;
    return true;
#else
    return false;
#endif
}

void PipePool::release(Pipe *pipe)
{
    if (!pipe->isOpen())
        return;
    if (pipe->bytes == 0 && m_enabled && int(m_idle.size()) < maxIdle) {
        m_idle.push_back(*pipe);
    } else {
        closePipe(pipe);
        --m_open;
    }
    *pipe = Pipe();
}

void PipePool::closePipe(Pipe *pipe)
{
#if defined(Q_OS_LINUX)
    ::close(pipe->readEnd);
    ::close(pipe->writeEnd);
#endif
    *pipe = Pipe();
}

#if defined(Q_OS_LINUX)
namespace {

// One non-blocking splice() of up to size bytes, retried on EINTR: the bytes moved, or
// Net::wouldBlock, or Net::failed with *error set.
qint64 spliceOnce(int in, int out, qint64 size, int *error)
{
    for (;;) {
        const ssize_t n = ::splice(in, nullptr, out, nullptr, size_t(size), SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return Net::wouldBlock;
        *error = errno;
        return Net::failed;
    }
}

} // namespace
#endif

qint64 PipePool::fill(Pipe *pipe, Net::Socket from, int *error)
{
#if defined(Q_OS_LINUX)
    if (m_simulateUnsupported) {
        *error = EINVAL;
        return Net::failed;
    }
    const qint64 n = spliceOnce(from, pipe->writeEnd, capacity - pipe->bytes, error);
    if (n > 0)
        pipe->bytes += n;
    return n;
#else
    Q_UNUSED(pipe);
    Q_UNUSED(from);
    *error = 38; // ENOSYS
    return Net::failed;
#endif
}

qint64 PipePool::drain(Pipe *pipe, Net::Socket to, int *error)
{
#if defined(Q_OS_LINUX)
    const qint64 n = spliceOnce(pipe->readEnd, to, pipe->bytes, error);
    if (n > 0)
        pipe->bytes -= n;
    return n;
#else
    Q_UNUSED(pipe);
    Q_UNUSED(to);
    *error = 38; // ENOSYS
    return Net::failed;
#endif
}

qint64 PipePool::takeBack(Pipe *pipe, char *data)
{
    qint64 taken = 0;
#if defined(Q_OS_LINUX)
    while (pipe->bytes > 0) {
        const ssize_t n = ::read(pipe->readEnd, data + taken, size_t(pipe->bytes));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        taken += n;
        pipe->bytes -= n;
    }
#else
    Q_UNUSED(pipe);
    Q_UNUSED(data);
#endif
    return taken;
}
