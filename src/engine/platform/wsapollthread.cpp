#include "wsapollthread.h"

#include "poller.h"

#if defined(Q_OS_WIN)
#include <winsock2.h>
#include <ws2tcpip.h>

namespace {

// A UDP socket on 127.0.0.1 connected to itself: a datagram to it ends a WSAPoll() wait
// (WSAPoll waits on sockets only, not on events).
Net::Socket newWakeSocket()
{
    int error = 0;
    Net::Socket s = Net::bindUdp({QHostAddress(QHostAddress::LocalHost), 0}, &error);
    if (s == Net::invalidSocket)
        return s;
    const Net::Endpoint self = Net::localEndpoint(s);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(self.port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(SOCKET(s), reinterpret_cast<const sockaddr *>(&address), sizeof(address)) != 0) {
        Net::close(s);
        return Net::invalidSocket;
    }
    return s;
}

quint32 toPollerEvents(short revents, quint32 interest)
{
    quint32 ready = 0;
    if (revents & POLLRDNORM)
        ready |= PollHandler::Readable;
    if (revents & POLLWRNORM)
        ready |= PollHandler::Writable;
    // A failed connect, a reset or a hang-up: let whichever side is waiting find out.
    if (revents & (POLLERR | POLLHUP | POLLNVAL))
        ready |= PollHandler::Error | interest;
    return ready;
}

} // namespace

WsaPollThread::WsaPollThread(BatchHandler handler, QObject *parent)
    : QObject(parent), m_handler(std::move(handler)), m_wakeSocket(newWakeSocket())
{
    if (m_wakeSocket != Net::invalidSocket)
        m_thread = std::thread([this] { run(); });
}

WsaPollThread::~WsaPollThread()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_batchDone.notify_all();
    m_rebuilt.notify_all();
    if (m_thread.joinable()) {
        wake();
        m_thread.join();
    }
    Net::close(m_wakeSocket);
}

void WsaPollThread::watch(Net::Socket socket, quint32 interest, quint64 serial)
{
    bool wakeUp;
    {
        std::lock_guard lock(m_mutex);
        m_registrations[socket] = {interest, serial};
        m_changed = true;
        wakeUp = !m_inBatch;
    }
    if (wakeUp)
        wake();
}

void WsaPollThread::unwatch(Net::Socket socket)
{
    std::unique_lock lock(m_mutex);
    if (m_registrations.erase(socket) == 0)
        return;
    m_changed = true;
    if (m_inBatch)
        return; // the thread waits for this batch, not in WSAPoll; it rebuilds before the next wait
    // The caller closes the socket next. A socket closed while another thread waits on it in
    // WSAPoll stays alive under Wine until that wait ends (a removed listener kept accepting
    // connections), and Windows leaves the case undefined: wait until the thread has left
    // the wait and rebuilt its set without it (or handed over a batch, when it is not waiting).
    const quint64 rebuilds = m_rebuilds;
    lock.unlock();
    wake();
    lock.lock();
    m_rebuilt.wait(lock, [&] { return m_rebuilds != rebuilds || m_inBatch || m_stopping; });
}

void WsaPollThread::wake()
{
    const char byte = 0;
    ::send(SOCKET(m_wakeSocket), &byte, 1, 0);
}

void WsaPollThread::run()
{
    std::vector<WSAPOLLFD> fds;
    std::vector<Registration> polled; // fds[i + 1] was polled for polled[i]
    char drain[64];
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            if (m_stopping)
                return;
            if (m_changed) {
                fds.clear();
                polled.clear();
                fds.push_back({SOCKET(m_wakeSocket), POLLRDNORM, 0});
                for (const auto &[socket, registration] : m_registrations) {
                    const short events = short(((registration.interest & PollHandler::Readable) ? POLLRDNORM : 0)
                                               | ((registration.interest & PollHandler::Writable) ? POLLWRNORM : 0));
                    fds.push_back({SOCKET(socket), events, 0});
                    polled.push_back(registration);
                }
                m_changed = false;
                ++m_rebuilds;
                m_rebuilt.notify_all();
            }
        }
        for (WSAPOLLFD &fd : fds)
            fd.revents = 0;
        const int count = WSAPoll(fds.data(), ULONG(fds.size()), -1);
        if (count < 0) {
            // WSAENOTSOCK and the like: a socket closed under us; rebuild from the table.
            std::lock_guard lock(m_mutex);
            m_changed = true;
            continue;
        }
        if (fds[0].revents)
            while (::recv(SOCKET(m_wakeSocket), drain, sizeof(drain), 0) > 0) {
            }
        std::vector<Ready> batch;
        for (size_t i = 1; i < fds.size(); ++i) {
            if (fds[i].revents)
                batch.push_back({Net::Socket(fds[i].fd), polled[i - 1].serial, toPollerEvents(fds[i].revents, polled[i - 1].interest)});
        }
        if (batch.empty())
            continue;
        std::unique_lock lock(m_mutex);
        if (m_stopping)
            return;
        m_inBatch = true;
        m_rebuilt.notify_all(); // an unwatch() waiting for the wait to end
        QMetaObject::invokeMethod(this, [this, batch = std::move(batch)]() mutable { handOver(std::move(batch)); }, Qt::QueuedConnection);
        m_batchDone.wait(lock, [this] { return !m_inBatch || m_stopping; });
    }
}

void WsaPollThread::handOver(std::vector<Ready> batch)
{
    m_handler(batch);
    {
        std::lock_guard lock(m_mutex);
        m_inBatch = false;
    }
    m_batchDone.notify_all();
}

#endif
