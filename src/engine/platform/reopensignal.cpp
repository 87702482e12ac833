#include "reopensignal.h"

#include <QSocketNotifier>

#if !defined(Q_OS_WIN)
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace {
#if !defined(Q_OS_WIN)
int g_pipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_pipe[1], &byte, 1);
}
#endif
} // namespace

ReopenSignal::ReopenSignal(QObject *parent) : QObject(parent)
{
#if !defined(Q_OS_WIN)
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_pipe) != 0)
        return;
    for (int fd : g_pipe)
        fcntl(fd, F_SETFD, FD_CLOEXEC);
    fcntl(g_pipe[1], F_SETFL, O_NONBLOCK); // a flood of signals must not block the handler
    m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &ReopenSignal::readSignal);
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &action, nullptr);
#endif
}

ReopenSignal::~ReopenSignal()
{
#if !defined(Q_OS_WIN)
    std::signal(SIGUSR1, SIG_DFL);
    delete m_notifier;
    for (int &fd : g_pipe) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
#endif
}

void ReopenSignal::readSignal()
{
#if !defined(Q_OS_WIN)
    char bytes[16];
    if (::read(g_pipe[0], bytes, sizeof(bytes)) > 0)
        emit reopenRequested();
#endif
}
