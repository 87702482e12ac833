#include "stoprequest.h"

#if defined(Q_OS_WIN)
#include <windows.h>
#else
#include <cerrno>
#include <csignal>
#include <cstring>
#endif

QString StopRequest::eventName(qint64 pid)
{
    return QStringLiteral("Local\\portierd-stop-%1").arg(pid);
}

bool StopRequest::send(qint64 pid, QString *error)
{
    if (pid <= 0) {
        *error = QStringLiteral("%1 is not a process id").arg(pid);
        return false;
    }
#if defined(Q_OS_WIN)
    const std::wstring name = eventName(pid).toStdWString();
    HANDLE event = OpenEventW(EVENT_MODIFY_STATE, FALSE, name.c_str());
    if (!event) {
        const DWORD code = GetLastError();
        *error = code == ERROR_FILE_NOT_FOUND
                     ? QStringLiteral("no portierd with process id %1 runs in this logon session (a service is stopped with: net stop portierd)").arg(pid)
                     : QStringLiteral("cannot reach portierd %1 (Windows error %2)").arg(pid).arg(code);
        return false;
    }
    const bool set = SetEvent(event) != 0;
    if (!set)
        *error = QStringLiteral("cannot signal portierd %1 (Windows error %2)").arg(pid).arg(GetLastError());
    CloseHandle(event);
    return set;
#else
    if (::kill(pid_t(pid), SIGTERM) != 0) {
        *error = QStringLiteral("cannot signal process %1 (%2)").arg(pid).arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    return true;
#endif
}
