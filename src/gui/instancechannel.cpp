#include "instancechannel.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLocalSocket>

#if defined(Q_OS_WIN)
#include <windows.h>

#include <memory>
#else
#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace {
const QString socketFileName = QStringLiteral("portier-instance");

#if defined(Q_OS_WIN)
// The user SID of a process's token, as bytes; empty when the process cannot be asked
// (another user's process usually cannot: that is a refusal too).
QByteArray processUserSid(HANDLE process)
{
    HANDLE token = nullptr;
    if (!OpenProcessToken(process, TOKEN_QUERY, &token))
        return {};
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    QByteArray buffer(int(size), '\0');
    QByteArray sid;
    if (size && GetTokenInformation(token, TokenUser, buffer.data(), size, &size)) {
        const auto *user = reinterpret_cast<const TOKEN_USER *>(buffer.constData());
        sid = QByteArray(reinterpret_cast<const char *>(user->User.Sid), int(GetLengthSid(user->User.Sid)));
    }
    CloseHandle(token);
    return sid;
}
#endif
} // namespace

namespace InstanceChannel {

QString lockFilePath(const QString &address)
{
    if (QDir::isAbsolutePath(address))
        return address + QStringLiteral(".lock");
    return QDir(QDir::tempPath()).filePath(address + QStringLiteral(".lock"));
}

#if defined(Q_OS_WIN)
std::optional<QString> defaultAddress(QString *)
{
    // Pipe names are machine-wide: the name carries the user (hashed to stay short), and
    // peerIsCurrentUser() checks the owner of whoever answers under it.
    const QByteArray user = QDir::homePath().toUtf8();
    return QStringLiteral("portier-") + QString::fromLatin1(QCryptographicHash::hash(user, QCryptographicHash::Sha256).toHex().left(16));
}

bool isPrivateFolder(const QString &, bool, QString *)
{
    return true; // the per-user DACL on the pipe does this job on Windows
}

bool peerIsCurrentUser(const QLocalSocket &socket, bool weAreServer)
{
    const auto pipe = reinterpret_cast<HANDLE>(socket.socketDescriptor());
    ULONG pid = 0;
    if (!(weAreServer ? GetNamedPipeClientProcessId(pipe, &pid) : GetNamedPipeServerProcessId(pipe, &pid)))
        return false;
    HANDLE peer = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    if (!peer)
        return false;
    const QByteArray peerSid = processUserSid(peer);
    CloseHandle(peer);
    return !peerSid.isEmpty() && peerSid == processUserSid(GetCurrentProcess());
}
#else
bool isPrivateFolder(const QString &path, bool create, QString *error)
{
    const QByteArray native = QFile::encodeName(path);
    struct stat info = {};
    if (::lstat(native.constData(), &info) != 0 && errno == ENOENT && create)
        ::mkdir(native.constData(), 0700); // a race with another creator is settled by the checks below
    if (::lstat(native.constData(), &info) != 0) {
        *error = QStringLiteral("cannot use the folder %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (!S_ISDIR(info.st_mode)) {
        *error = QStringLiteral("%1 is not a folder (a link or a file stands there); remove it").arg(path);
        return false;
    }
    if (info.st_uid != ::geteuid()) {
        *error = QStringLiteral("the folder %1 belongs to user id %2, not to you (%3): refusing to use it; remove it or set XDG_RUNTIME_DIR")
                     .arg(path).arg(info.st_uid).arg(::geteuid());
        return false;
    }
    if (info.st_mode & (S_IRWXG | S_IRWXO)) {
        *error = QStringLiteral("the folder %1 is open to other users (mode %2): refusing to use it; chmod 700 it")
                     .arg(path, QString::number(info.st_mode & 0777, 8));
        return false;
    }
    return true;
}

std::optional<QString> defaultAddress(QString *error)
{
    // XDG_RUNTIME_DIR is the user's own 0700 folder (systemd-logind makes it); without one
    // (a container, a plain su), a private folder of ours in the temporary folder.
    QString folder = qEnvironmentVariable("XDG_RUNTIME_DIR");
    const bool fallback = folder.isEmpty();
    if (fallback)
        folder = QDir::tempPath() + QStringLiteral("/portier-") + QString::number(::geteuid());
    QString reason;
    if (!isPrivateFolder(folder, fallback, &reason)) {
        *error = (fallback ? QString() : QStringLiteral("XDG_RUNTIME_DIR: ")) + reason;
        return std::nullopt;
    }
    return folder + u'/' + socketFileName;
}

bool peerIsCurrentUser(const QLocalSocket &socket, bool)
{
    struct ucred peer = {};
    socklen_t size = sizeof peer;
    if (::getsockopt(int(socket.socketDescriptor()), SOL_SOCKET, SO_PEERCRED, &peer, &size) != 0)
        return false;
    return peer.uid == ::geteuid();
}
#endif

} // namespace InstanceChannel
