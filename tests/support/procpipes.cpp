#include "procpipes.h"

#if defined(Q_OS_LINUX)
#include <QByteArray>
#include <QDir>
#include <QSet>
#include <QString>
#include <QStringList>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

qint64 bytesInPipes(qint64 pid, int *pipes)
{
    qint64 total = 0;
    *pipes = 0;
    const QString fdDir = QStringLiteral("/proc/%1/fd").arg(pid);
    QSet<QString> seen;
    const QStringList entries = QDir(fdDir).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        char name[128] = {};
        const QByteArray path = (fdDir + u'/' + entry).toLocal8Bit();
        const ssize_t length = ::readlink(path.constData(), name, sizeof(name) - 1);
        if (length <= 0 || !QByteArray(name, int(length)).startsWith("pipe:"))
            continue;
        const QString inode = QString::fromLatin1(name, int(length));
        if (seen.contains(inode))
            continue;
        seen.insert(inode);
        ++*pipes;
        // Opening the pipe through /proc gives a reader of the same pipe; FIONREAD counts
        // what is in it without taking anything.
        const int fd = ::open(path.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            return -1;
        int queued = 0;
        if (::ioctl(fd, FIONREAD, &queued) == 0)
            total += queued;
        ::close(fd);
    }
    return total;
}
#else
qint64 bytesInPipes(qint64 pid, int *pipes)
{
    Q_UNUSED(pid);
    *pipes = 0;
    return -1;
}
#endif
