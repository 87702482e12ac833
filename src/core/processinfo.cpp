#include "processinfo.h"

#include <QCoreApplication>

#if defined(Q_OS_WIN)
#include <windows.h>
#elif defined(Q_OS_LINUX)
#include <sys/syscall.h>
#include <unistd.h>
#else
#include <QThread>
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
