#pragma once

#include <QByteArray>
#include <QString>

// Every file Portier reads on a user's word (the JSON config, PEM files, nginx configs and
// their includes) comes through here: a regular file only (a device such as /dev/zero, a
// FIFO or a socket would never end or would block), and no larger than a limit, so a wrong
// path cannot exhaust memory. The error names the file and says what to do.
namespace BoundedFile {

// Far above any real config or certificate chain.
inline constexpr qint64 defaultLimit = 16 * 1024 * 1024;

enum class Status { Read, CannotOpen, Refused };
// CannotOpen: *error is the system's reason alone ("No such file or directory"), for the
// caller to put in its words; Refused: *error is a whole sentence naming the file.
Status read(const QString &path, QByteArray *contents, QString *error, qint64 limit = defaultLimit);

} // namespace BoundedFile
