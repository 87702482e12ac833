#include "processinfo.h"

#include <QCoreApplication>

#if defined(Q_OS_WIN)
#include <windows.h>
#elif defined(Q_OS_LINUX)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#else
#include <QThread>
#include <sys/resource.h>
#endif

qint64 ProcessInfo::processId()
{
    return QCoreApplication::applicationPid();
}

qint64 ProcessInfo::threadId()
{
#if defined(Q_OS_WIN)
    return qint64(GetCurrentThreadId());
#elif defined(Q_OS_LINUX)
    static thread_local const qint64 id = qint64(syscall(SYS_gettid));
    return id;
#else
    return qint64(quintptr(QThread::currentThreadId()));
#endif
}

qint64 ProcessInfo::descriptorLimit()
{
#if defined(Q_OS_WIN)
    return -1;
#else
    struct rlimit limit = {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return -1;
    return qint64(limit.rlim_cur);
#endif
}
