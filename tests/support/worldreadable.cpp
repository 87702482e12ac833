#include "worldreadable.h"

#include <QFile>

#if defined(Q_OS_WIN)
#include <windows.h>
#include <aclapi.h>

#include <string>
#include <vector>
#endif

bool makeWorldReadable(const QString &path)
{
#if defined(Q_OS_WIN)
    std::vector<BYTE> everyone(SECURITY_MAX_SID_SIZE);
    DWORD size = DWORD(everyone.size());
    if (!CreateWellKnownSid(WinWorldSid, nullptr, everyone.data(), &size))
        return false;
    std::wstring name = path.toStdWString();
    PACL current = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (GetNamedSecurityInfoW(name.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &current, nullptr, &descriptor) != ERROR_SUCCESS)
        return false;
    EXPLICIT_ACCESS_W entry = {};
    entry.grfAccessPermissions = GENERIC_READ;
    entry.grfAccessMode = GRANT_ACCESS;
    entry.grfInheritance = NO_INHERITANCE;
    entry.Trustee.TrusteeForm = TRUSTEE_IS_SID;
    entry.Trustee.TrusteeType = TRUSTEE_IS_WELL_KNOWN_GROUP;
    entry.Trustee.ptstrName = reinterpret_cast<LPWSTR>(everyone.data());
    PACL updated = nullptr;
    const bool made = SetEntriesInAclW(1, &entry, current, &updated) == ERROR_SUCCESS;
    LocalFree(descriptor);
    if (!made)
        return false;
    const bool set = SetNamedSecurityInfoW(name.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, updated, nullptr) == ERROR_SUCCESS;
    LocalFree(updated);
    return set;
#else
    return QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
#endif
}
