#include "signalwatcher.h"

#include <QSocketNotifier>

#if defined(Q_OS_WIN)
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
BOOL WINAPI onConsoleEvent(DWORD type)
{
    if (!g_instance)
        return FALSE;
    const QString name = type == CTRL_C_EVENT ? QStringLiteral("Ctrl+C") : QStringLiteral("console close");
    QMetaObject::invokeMethod(g_instance, [name] { emit g_instance->terminateRequested(name); }, Qt::QueuedConnection);
    return TRUE;
}
#endif
} // namespace

SignalWatcher::SignalWatcher(QObject *parent) : QObject(parent)
{
    g_instance = this;
#if defined(Q_OS_WIN)
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
#else
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_pipe) == 0) {
        for (int fd : g_pipe)
            fcntl(fd, F_SETFD, FD_CLOEXEC);
        m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::readSignal);
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGINT, &action, nullptr);
        sigaction(SIGTERM, &action, nullptr);
        sigaction(SIGHUP, &action, nullptr);
    }
    // A peer that vanished must not kill the process; sends also pass MSG_NOSIGNAL.
    std::signal(SIGPIPE, SIG_IGN);
#endif
}

SignalWatcher::~SignalWatcher()
{
#if defined(Q_OS_WIN)
    SetConsoleCtrlHandler(onConsoleEvent, FALSE);
#else
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGHUP, SIG_DFL);
    delete m_notifier;
    for (int &fd : g_pipe) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
#endif
    g_instance = nullptr;
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
    case SIGINT:
        emit terminateRequested(QStringLiteral("SIGINT"));
        break;
    default:
        emit terminateRequested(QStringLiteral("SIGTERM"));
        break;
    }
#endif
}
