#include "boundedfile.h"

#include <QFile>
#include <QFileInfo>

BoundedFile::Status BoundedFile::read(const QString &path, QByteArray *contents, QString *error, qint64 limit)
{
    const QFileInfo info(path);
    if (info.exists()) {
        if (info.isDir()) {
            *error = QStringLiteral("%1 is a folder; name a file").arg(path);
            return Status::Refused;
        }
        // Checked before opening: opening a FIFO for reading waits for a writer.
        const QString target = info.isSymLink() ? info.canonicalFilePath() : info.absoluteFilePath();
        if (!info.isFile() || target.startsWith(QStringLiteral("/dev/")) || target.startsWith(QStringLiteral("/proc/"))) {
            *error = QStringLiteral("%1 is not a regular file (a device, FIFO or socket); name a file").arg(path);
            return Status::Refused;
        }
        if (info.size() > limit) {
            *error = QStringLiteral("%1 is %2 bytes, more than the %3 a file may have here; is it the right file?")
                         .arg(path).arg(info.size()).arg(limit);
            return Status::Refused;
        }
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return Status::CannotOpen;
    }
    if (file.isSequential()) {
        *error = QStringLiteral("%1 is not a regular file (a device, FIFO or socket); name a file").arg(path);
        return Status::Refused;
    }
    // The size may have changed since: read one byte past the limit to know. In steps, as
    // QIODevice::read(n) reserves n bytes first: one read of limit + 1 took 32 MiB of heap
    // for every config file loaded, whatever its size.
    constexpr qint64 step = 1024 * 1024;
    contents->clear();
    while (contents->size() <= limit) {
        const QByteArray chunk = file.read(qMin(step, limit + 1 - contents->size()));
        if (chunk.isEmpty())
            break;
        contents->append(chunk);
    }
    if (contents->size() > limit) {
        contents->clear();
        *error = QStringLiteral("%1 is more than the %2 bytes a file may have here; is it the right file?").arg(path).arg(limit);
        return Status::Refused;
    }
    return Status::Read;
}
