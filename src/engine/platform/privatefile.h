#pragma once

#include <QString>

// Files only their owner may read: private keys, passphrase files, settings holding API
// tokens. The platform corner of "chmod 600": POSIX mode bits on Linux; on Windows, where
// Qt's setPermissions() changes nothing but the read-only attribute, the file's access
// control list.
namespace PrivateFile {

// Leaves path readable and writable by its owner alone. Linux: mode 0600. Windows: a
// protected DACL (nothing inherited from the folder) with two entries, full control for
// the user this process runs as and for SYSTEM (the OS itself, backups), and nobody else.
// false and *error in words when the file's protection could not be set.
bool restrictToOwner(const QString &path, QString *error);

// Writes data to path whole (a temporary file renamed over it), its owner's alone: the mode
// is set on the temporary file before the bytes go in; on Windows, where that changes
// nothing, restrictToOwner() follows the rename. *error: why not, in the system's words
// (No) or restrictToOwner's (NotPrivate: the file is there, but others may read it).
enum class Written { Private, NotPrivate, No };
Written write(const QString &path, const QByteArray &data, QString *error);

// Whether anyone but the owner may read path: group or other read bits on Linux; on
// Windows an allow entry in the DACL for an account or group other than the owner, SYSTEM
// and the Administrators group (who may take any file over anyway), or no DACL at all
// (which lets everyone in). false and *error when the file's protection
// cannot be read.
bool readableByOthers(const QString &path, bool *readable, QString *error);

// The command a user runs to do what restrictToOwner() does, for messages: "chmod 600 FILE";
// on Windows an icacls line that drops inherited entries and grants the user alone.
QString restrictCommand(const QString &path);

} // namespace PrivateFile
