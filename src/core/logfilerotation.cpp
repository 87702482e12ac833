#include "logfilerotation.h"

#include <QFile>

QString LogFileRotation::oldFileName(const QString &path, int number)
{
    return path + u'.' + QString::number(number);
}

QString LogFileRotation::rotate(const QString &path, int keep)
{
    if (keep <= 0) {
        // Nothing kept: the full file goes, and writing starts afresh.
        QFile file(path);
        if (file.exists() && !file.remove())
            return QStringLiteral("cannot remove the full log file %1 (%2)").arg(path, file.errorString());
        return QString();
    }
    const QString oldest = oldFileName(path, keep);
    if (QFile::exists(oldest) && !QFile::remove(oldest))
        return QStringLiteral("cannot remove the oldest log file %1").arg(oldest);
    for (int n = keep - 1; n >= 1; --n) {
        const QString from = oldFileName(path, n);
        if (QFile::exists(from) && !QFile::rename(from, oldFileName(path, n + 1)))
            return QStringLiteral("cannot rename %1 to %2").arg(from, oldFileName(path, n + 1));
    }
    QFile file(path);
    if (file.exists() && !file.rename(oldFileName(path, 1)))
        return QStringLiteral("cannot rename the full log file %1 to %2 (%3)").arg(path, oldFileName(path, 1), file.errorString());
    return QString();
}
