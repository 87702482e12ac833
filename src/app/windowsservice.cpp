#include "windowsservice.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QMetaObject>

#include <windows.h>

#include <future>

const QString WindowsService::serviceName = QStringLiteral("portierd");

namespace {

// The dispatcher's callbacks are plain functions: they find the service here. One per process.
WindowsService *g_service = nullptr;
SERVICE_STATUS_HANDLE g_statusHandle = nullptr;
SERVICE_STATUS g_status = {};
HANDLE g_stopped = nullptr;               // set when main() reports "stopped": ServiceMain may return
std::promise<bool> *g_registered = nullptr; // ServiceMain's answer to start()
constexpr DWORD stopWaitHintMs = 10000;   // how long the SCM should wait for us to stop

const wchar_t *wide(const QString &text)
{
    return reinterpret_cast<const wchar_t *>(text.utf16());
}

QString lastError(const QString &what)
{
    const DWORD code = GetLastError();
    wchar_t *buffer = nullptr;
    FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr, code, 0,
                   reinterpret_cast<wchar_t *>(&buffer), 0, nullptr);
    QString text = buffer ? QString::fromWCharArray(buffer).trimmed() : QStringLiteral("error %1").arg(code);
    LocalFree(buffer);
    if (code == ERROR_ACCESS_DENIED)
        text += QStringLiteral(" (run it from an administrator's command prompt)");
    return what + QStringLiteral(": ") + text;
}

void setState(DWORD state, DWORD exitCode = NO_ERROR)
{
    g_status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    g_status.dwCurrentState = state;
    g_status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
    g_status.dwWin32ExitCode = exitCode == NO_ERROR ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR;
    g_status.dwServiceSpecificExitCode = exitCode;
    g_status.dwWaitHint = state == SERVICE_STOP_PENDING || state == SERVICE_START_PENDING ? stopWaitHintMs : 0;
    ++g_status.dwCheckPoint;
    if (g_statusHandle)
        SetServiceStatus(g_statusHandle, &g_status);
}

// On the dispatcher's thread: hand stop and shutdown to the Qt thread, answer the rest.
DWORD WINAPI onControl(DWORD control, DWORD, void *, void *)
{
    switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN: {
        setState(SERVICE_STOP_PENDING);
        const QString reason = control == SERVICE_CONTROL_STOP ? QStringLiteral("service stop request") : QStringLiteral("system shutdown");
        if (WindowsService *service = g_service)
            QMetaObject::invokeMethod(service, [service, reason] { emit service->stopRequested(reason); }, Qt::QueuedConnection);
        return NO_ERROR;
    }
    case SERVICE_CONTROL_INTERROGATE:
        return NO_ERROR;
    default:
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

void WINAPI serviceMain(DWORD, wchar_t **)
{
    g_statusHandle = RegisterServiceCtrlHandlerExW(wide(WindowsService::serviceName), onControl, nullptr);
    if (!g_statusHandle) {
        g_registered->set_value(false);
        return;
    }
    setState(SERVICE_START_PENDING);
    g_registered->set_value(true);
    // The service lives as long as this function: until main() has stopped the engine.
    WaitForSingleObject(g_stopped, INFINITE);
}

} // namespace

WindowsService::WindowsService(QObject *parent) : QObject(parent)
{
    g_service = this;
}

WindowsService::~WindowsService()
{
    if (m_dispatcher.joinable()) {
        if (!m_stopReported)
            reportStopped(0);
        m_dispatcher.join();
    }
    g_service = nullptr;
}

bool WindowsService::start(QString *error)
{
    g_stopped = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    std::promise<bool> registered;
    std::future<bool> answer = registered.get_future();
    g_registered = &registered;
    DWORD dispatchError = NO_ERROR;
    m_dispatcher = std::thread([&registered, &dispatchError] {
        static wchar_t name[] = L"portierd";
        SERVICE_TABLE_ENTRYW table[] = {{name, serviceMain}, {nullptr, nullptr}};
        if (!StartServiceCtrlDispatcherW(table)) {
            dispatchError = GetLastError();
            registered.set_value(false); // serviceMain never ran
        }
    });
    const bool ok = answer.get(); // one of the two set it
    g_registered = nullptr;
    if (!ok) {
        m_dispatcher.join();
        SetLastError(dispatchError);
        if (error)
            *error = dispatchError == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT
                         ? QStringLiteral("--service is for the Service Control Manager; start the service with "
                                          "\"net start portierd\", or run portierd --config FILE in a console")
                         : lastError(QStringLiteral("cannot connect to the Service Control Manager"));
        return false;
    }
    return true;
}

void WindowsService::reportRunning()
{
    setState(SERVICE_RUNNING);
}

void WindowsService::reportStopped(int exitCode)
{
    m_stopReported = true;
    setState(SERVICE_STOPPED, DWORD(exitCode));
    SetEvent(g_stopped);
}

bool WindowsService::install(const QString &configPath, QString *error)
{
    const QFileInfo config(configPath);
    if (!config.isFile()) {
        *error = QStringLiteral("--install-service: the configuration file %1 does not exist; name an existing file with --config")
                     .arg(QDir::toNativeSeparators(config.absoluteFilePath()));
        return false;
    }
    const QString program = QDir::toNativeSeparators(QCoreApplication::applicationFilePath());
    const QString command = QStringLiteral("\"%1\" --service --config \"%2\"")
                                .arg(program, QDir::toNativeSeparators(config.absoluteFilePath()));
    SC_HANDLE manager = OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CREATE_SERVICE);
    if (!manager) {
        *error = lastError(QStringLiteral("--install-service: cannot open the Service Control Manager"));
        return false;
    }
    SC_HANDLE service = CreateServiceW(manager, wide(serviceName), L"Portier load balancer", SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                                       SERVICE_AUTO_START, SERVICE_ERROR_NORMAL, wide(command), nullptr, nullptr, nullptr,
                                       nullptr /* LocalSystem */, nullptr);
    if (!service) {
        *error = GetLastError() == ERROR_SERVICE_EXISTS
                     ? QStringLiteral("--install-service: a service named portierd is already installed; remove it first with --uninstall-service")
                     : lastError(QStringLiteral("--install-service: cannot create the service"));
        CloseServiceHandle(manager);
        return false;
    }
    static wchar_t description[] = L"Portier's TCP/UDP load balancer (nginx stream {} compatible), without a window.";
    SERVICE_DESCRIPTIONW about = {description};
    ChangeServiceConfig2W(service, SERVICE_CONFIG_DESCRIPTION, &about);
    CloseServiceHandle(service);
    CloseServiceHandle(manager);
    return true;
}

bool WindowsService::uninstall(QString *error)
{
    SC_HANDLE manager = OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT);
    if (!manager) {
        *error = lastError(QStringLiteral("--uninstall-service: cannot open the Service Control Manager"));
        return false;
    }
    SC_HANDLE service = OpenServiceW(manager, wide(serviceName), SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE);
    if (!service) {
        *error = GetLastError() == ERROR_SERVICE_DOES_NOT_EXIST ? QStringLiteral("--uninstall-service: no service named portierd is installed")
                                                                 : lastError(QStringLiteral("--uninstall-service: cannot open the service"));
        CloseServiceHandle(manager);
        return false;
    }
    SERVICE_STATUS status = {};
    ControlService(service, SERVICE_CONTROL_STOP, &status); // fails harmlessly when it is not running
    const bool deleted = DeleteService(service);
    if (!deleted)
        *error = lastError(QStringLiteral("--uninstall-service: cannot remove the service"));
    CloseServiceHandle(service);
    CloseServiceHandle(manager);
    return deleted;
}
