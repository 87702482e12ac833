#include "privatefile.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#if defined(Q_OS_WIN)
#include <windows.h>
#include <aclapi.h>

#include <string>
#include <vector>
#else
#include <sys/stat.h>
#endif

#if defined(Q_OS_WIN)
namespace {

QString windowsError(const char *call, DWORD code)
{
    return QStringLiteral("%1 failed (Windows error %2)").arg(QLatin1StringView(call)).arg(code);
}

// The SID of the user this process runs as, copied out of its token.
std::vector<BYTE> currentUserSid(QString *error)
{
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) {
        *error = windowsError("OpenProcessToken", GetLastError());
        return {};
    }
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    std::vector<BYTE> buffer(size);
    std::vector<BYTE> sid;
    if (size > 0 && GetTokenInformation(token, TokenUser, buffer.data(), size, &size)) {
        const PSID user = reinterpret_cast<TOKEN_USER *>(buffer.data())->User.Sid;
        sid.resize(GetLengthSid(user));
        CopySid(DWORD(sid.size()), sid.data(), user);
    } else {
        *error = windowsError("GetTokenInformation(TokenUser)", GetLastError());
    }
    CloseHandle(token);
    return sid;
}

std::vector<BYTE> wellKnownSid(WELL_KNOWN_SID_TYPE type)
{
    std::vector<BYTE> sid(SECURITY_MAX_SID_SIZE);
    DWORD size = DWORD(sid.size());
    if (!CreateWellKnownSid(type, nullptr, sid.data(), &size))
        return {};
    sid.resize(size);
    return sid;
}

} // namespace
#endif

bool PrivateFile::restrictToOwner(const QString &path, QString *error)
{
#if defined(Q_OS_WIN)
    std::vector<BYTE> user = currentUserSid(error);
    if (user.empty())
        return false;
    std::vector<BYTE> system = wellKnownSid(WinLocalSystemSid);
    EXPLICIT_ACCESS_W entries[2] = {};
    ULONG count = 0;
    for (std::vector<BYTE> *sid : {&user, &system}) {
        if (sid->empty())
            continue;
        EXPLICIT_ACCESS_W &entry = entries[count++];
        entry.grfAccessPermissions = GENERIC_ALL;
        entry.grfAccessMode = SET_ACCESS;
        entry.grfInheritance = NO_INHERITANCE;
        entry.Trustee.TrusteeForm = TRUSTEE_IS_SID;
        entry.Trustee.TrusteeType = TRUSTEE_IS_UNKNOWN;
        entry.Trustee.ptstrName = reinterpret_cast<LPWSTR>(sid->data());
    }
    PACL acl = nullptr;
    const DWORD made = SetEntriesInAclW(count, entries, nullptr, &acl);
    if (made != ERROR_SUCCESS) {
        *error = windowsError("SetEntriesInAcl", made);
        return false;
    }
    std::wstring name = path.toStdWString();
    const DWORD set = SetNamedSecurityInfoW(name.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                                            nullptr, nullptr, acl, nullptr);
    LocalFree(acl);
    if (set != ERROR_SUCCESS) {
        *error = QStringLiteral("cannot make %1 private: %2").arg(path, windowsError("SetNamedSecurityInfo", set));
        return false;
    }
    return true;
#else
    if (!QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        *error = QStringLiteral("cannot make %1 private (chmod 600 failed)").arg(path);
        return false;
    }
    return true;
#endif
}

PrivateFile::Written PrivateFile::write(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return Written::No;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(data);
    if (!file.commit()) {
        *error = file.errorString();
        return Written::No;
    }
    return restrictToOwner(path, error) ? Written::Private : Written::NotPrivate;
}

bool PrivateFile::readableByOthers(const QString &path, bool *readable, QString *error)
{
#if defined(Q_OS_WIN)
    const std::vector<BYTE> user = currentUserSid(error);
    if (user.empty())
        return false;
    // The owner, the OS and the machine's administrators (who may take any file over
    // anyway) are not "others", as OpenSSH for Windows judges private keys.
    std::vector<std::vector<BYTE>> trusted{user, wellKnownSid(WinLocalSystemSid), wellKnownSid(WinBuiltinAdministratorsSid)};
    PACL acl = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    std::wstring name = path.toStdWString();
    const DWORD got = GetNamedSecurityInfoW(name.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &acl, nullptr, &descriptor);
    if (got != ERROR_SUCCESS) {
        *error = QStringLiteral("cannot read the protection of %1: %2").arg(path, windowsError("GetNamedSecurityInfo", got));
        return false;
    }
    bool others = acl == nullptr; // a NULL DACL grants everyone everything
    for (DWORD i = 0; acl && i < acl->AceCount && !others; ++i) {
        void *ace = nullptr;
        if (!GetAce(acl, i, &ace))
            continue;
        const auto *header = static_cast<ACE_HEADER *>(ace);
        if (header->AceType != ACCESS_ALLOWED_ACE_TYPE)
            continue; // deny entries take access away, never give it
        const auto *allowed = static_cast<ACCESS_ALLOWED_ACE *>(ace);
        const PSID sid = const_cast<DWORD *>(&allowed->SidStart);
        bool known = false;
        for (std::vector<BYTE> &candidate : trusted)
            known = known || (!candidate.empty() && EqualSid(sid, candidate.data()));
        if (!known && (allowed->Mask & (GENERIC_ALL | GENERIC_READ | FILE_READ_DATA)))
            others = true;
    }
    LocalFree(descriptor);
    *readable = others;
    return true;
#else
    struct stat status;
    if (::stat(QFile::encodeName(path).constData(), &status) != 0) {
        *error = QStringLiteral("cannot read the permissions of %1").arg(path);
        return false;
    }
    *readable = (status.st_mode & (S_IRGRP | S_IROTH)) != 0;
    return true;
#endif
}

QString PrivateFile::restrictCommand(const QString &path)
{
#if defined(Q_OS_WIN)
    return QStringLiteral("icacls \"%1\" /inheritance:r /grant:r \"%USERNAME%\":F").arg(QDir::toNativeSeparators(path));
#else
    return QStringLiteral("chmod 600 %1").arg(path);
#endif
}
