#include "signalwatcher.h"

#include <QSocketNotifier>

#if defined(Q_OS_WIN)
#include "stoprequest.h"

#include <windows.h>
#else
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace {
SignalWatcher *g_instance = nullptr; // the handler has nowhere else to look
#if !defined(Q_OS_WIN)
int g_pipe[2] = {-1, -1};

void onSignal(int number)
{
    const char byte = char(number);
    [[maybe_unused]] const auto written = ::write(g_pipe[1], &byte, 1);
}
#else
// Set when the watcher is destroyed, i.e. when main() has stopped the engine and is leaving.
HANDLE g_finished = nullptr;
// StopRequest's named event (portierd --stop PID, the tests) and the thread-pool wait on it.
HANDLE g_stopEvent = nullptr;
HANDLE g_stopWait = nullptr;
// Windows ends the process as soon as the handler returns from a close, logoff or shutdown
// event, and grants about 5 s (SPI_GETHUNGAPPTIMEOUT) before it does so anyway: wait a
// little less than that for main() to finish stopping, so connections close cleanly.
constexpr DWORD closeGraceMs = 4500;

QString eventName(DWORD type)
{
    switch (type) {
    case CTRL_C_EVENT:
        return QStringLiteral("Ctrl+C");
    case CTRL_BREAK_EVENT:
        return QStringLiteral("Ctrl+Break");
    case CTRL_CLOSE_EVENT:
        return QStringLiteral("console close");
    case CTRL_LOGOFF_EVENT:
        return QStringLiteral("logoff");
    default:
        return QStringLiteral("shutdown");
    }
}

// Runs on a thread the system creates for it: only hand the request over to the watcher's thread.
BOOL WINAPI onConsoleEvent(DWORD type)
{
    SignalWatcher *watcher = g_instance;
    if (!watcher)
        return FALSE;
    const QString name = eventName(type);
    QMetaObject::invokeMethod(watcher, [watcher, name] { emit watcher->terminateRequested(name); }, Qt::QueuedConnection);
    if (type == CTRL_CLOSE_EVENT || type == CTRL_LOGOFF_EVENT || type == CTRL_SHUTDOWN_EVENT)
        WaitForSingleObject(g_finished, closeGraceMs);
    return TRUE;
}

// Runs on a thread-pool thread when another program set the stop event.
void CALLBACK onStopRequest(void *, BOOLEAN)
{
    if (SignalWatcher *watcher = g_instance)
        QMetaObject::invokeMethod(watcher, [watcher] { emit watcher->terminateRequested(QStringLiteral("stop request")); }, Qt::QueuedConnection);
}
#endif
} // namespace

SignalWatcher::SignalWatcher(QObject *parent) : QObject(parent)
{
    g_instance = this;
#if defined(Q_OS_WIN)
    g_finished = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
    // A console program has no window to receive WM_CLOSE: a named event is the stop request
    // another program can send (StopRequest::send). Default security: this account only.
    const std::wstring name = StopRequest::eventName(qint64(GetCurrentProcessId())).toStdWString();
    g_stopEvent = CreateEventW(nullptr, FALSE, FALSE, name.c_str());
    // An event of that name made before us is another program's, with its security: not ours to wait on.
    const bool someoneElses = g_stopEvent && GetLastError() == ERROR_ALREADY_EXISTS;
    if (g_stopEvent
        && (someoneElses || !RegisterWaitForSingleObject(&g_stopWait, g_stopEvent, onStopRequest, nullptr, INFINITE, WT_EXECUTEONLYONCE))) {
        CloseHandle(g_stopEvent);
        g_stopEvent = nullptr;
    }
#else
#if defined(SOCK_CLOEXEC)
    const int type = SOCK_STREAM | SOCK_CLOEXEC; // close-on-exec from the start: no window for a fork()
#else
    const int type = SOCK_STREAM;
#endif
    if (::socketpair(AF_UNIX, type, 0, g_pipe) == 0) {
        for (int fd : g_pipe)
            fcntl(fd, F_SETFD, FD_CLOEXEC);
        fcntl(g_pipe[1], F_SETFL, O_NONBLOCK); // a flood of signals must not block the handler
        m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::readSignal);
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGINT, &action, nullptr);
        sigaction(SIGTERM, &action, nullptr);
        sigaction(SIGHUP, &action, nullptr);
        sigaction(SIGUSR1, &action, nullptr);
    }
    // A peer that vanished must not kill the process; sends also pass MSG_NOSIGNAL.
    std::signal(SIGPIPE, SIG_IGN);
#endif
}

SignalWatcher::~SignalWatcher()
{
#if defined(Q_OS_WIN)
    // Waits for a callback already running, so none can find a watcher being destroyed.
    if (g_stopWait)
        UnregisterWaitEx(g_stopWait, INVALID_HANDLE_VALUE);
    if (g_stopEvent)
        CloseHandle(g_stopEvent);
    g_stopWait = g_stopEvent = nullptr;
#endif
    g_instance = nullptr;
#if defined(Q_OS_WIN)
    // The handler stays registered (it finds no watcher and lets Windows go on); a close
    // event already waiting in it is released: main() has stopped the engine.
    if (g_finished)
        SetEvent(g_finished);
#else
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGHUP, SIG_DFL);
    std::signal(SIGUSR1, SIG_DFL);
    delete m_notifier;
    for (int &fd : g_pipe) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
#endif
}

void SignalWatcher::readSignal()
{
#if !defined(Q_OS_WIN)
    char byte = 0;
    if (::read(g_pipe[0], &byte, 1) != 1)
        return;
    switch (int(byte)) {
    case SIGHUP:
        emit reloadRequested();
        break;
    case SIGUSR1:
        emit reopenRequested();
        break;
    case SIGINT:
        emit terminateRequested(QStringLiteral("SIGINT"));
        break;
    default:
        emit terminateRequested(QStringLiteral("SIGTERM"));
        break;
    }
#endif
}
