#pragma once

#include <QString>

#include <optional>

class QLocalSocket;

// Where the single-instance channel (and later the local API) lives, and who may use it:
// the platform corner of SingleInstance. Linux: a socket in XDG_RUNTIME_DIR, or in a private
// 0700 folder of the user's in the temporary folder; a folder that is someone else's or open
// to others is refused. Windows: a named pipe named after the user (QLocalServer's
// UserAccessOption gives it a DACL for this user only). On both, the process at the other
// end of a connection must run as this user: a channel owned by someone else is not trusted.
namespace InstanceChannel {

// The address for QLocalServer/QLocalSocket; nullopt and the reason when no safe place exists.
std::optional<QString> defaultAddress(QString *error);

// Linux: path is a real folder (not a link), owned by this user, closed to group and others.
// Creates it (0700) when create is set and it is missing.
bool isPrivateFolder(const QString &path, bool create, QString *error);

// The process at the other end of the connected socket runs as this user.
bool peerIsCurrentUser(const QLocalSocket &socket, bool weAreServer);

// The lock file that lets one launch at a time become the primary: beside the socket when
// the address is a path (the user's private folder), else in the user's temporary folder
// (per user on Windows; on Linux a bare name's socket is in the temporary folder too).
QString lockFilePath(const QString &address);

} // namespace InstanceChannel
