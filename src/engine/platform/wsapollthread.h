#pragma once

#include "net.h"

#include <QObject>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

// Windows readiness for one worker's Poller: a helper thread that waits in WSAPoll() on the
// worker's sockets and hands each batch of ready sockets to the worker thread (a queued call),
// then waits until the worker has handled it before asking again. That makes readiness
// level-triggered, as epoll gives it on Linux and as the sessions expect.
//
// Why not Qt's QSocketNotifier: Qt's Windows dispatcher waits with WSAAsyncSelect, a window
// message per network event, and deselects a socket while its message is handled. Winsock's
// events are edge-like (FD_CLOSE once; FD_WRITE only after a send() would block; FD_CONNECT
// once), and measured under Wine they were lost now and then (a refused connect never
// reported, a relayed half-close or a 64 MB transfer stalling). Its activation pass also
// walks every registered socket on each event. WSAPoll has neither problem and no
// FD_SETSIZE ceiling; its cost per wait grows with the sockets watched (docs/architecture.md).
//
// watch()/unwatch() are called from the worker thread only; the helper thread touches only
// the registration table (under the mutex) and the wake-up socket.
class WsaPollThread : public QObject
{
    Q_OBJECT

public:
    struct Ready
    {
        Net::Socket socket;
        quint64 serial;  // the registration it was polled for (handles are reused on Windows)
        quint32 events;  // PollHandler::Event bits
    };
    using BatchHandler = std::function<void(const std::vector<Ready> &)>;

    explicit WsaPollThread(BatchHandler handler, QObject *parent = nullptr);
    ~WsaPollThread() override;

    bool isValid() const { return m_wakeSocket != Net::invalidSocket; }
    void watch(Net::Socket socket, quint32 interest, quint64 serial); // interest: Readable | Writable
    // Returns once the helper thread no longer waits on the socket: it may be closed then.
    void unwatch(Net::Socket socket);

private:
    struct Registration
    {
        quint32 interest;
        quint64 serial;
    };
    void run();
    void wake();
    void handOver(std::vector<Ready> batch); // worker thread

    BatchHandler m_handler;
    Net::Socket m_wakeSocket = Net::invalidSocket; // UDP, connected to itself
    std::mutex m_mutex;
    std::condition_variable m_batchDone;
    std::condition_variable m_rebuilt;
    quint64 m_rebuilds = 0; // how often the thread rebuilt its WSAPoll set from the table
    std::unordered_map<Net::Socket, Registration> m_registrations;
    bool m_changed = true;
    bool m_inBatch = false; // a batch is with the worker: the thread rebuilds after it anyway
    bool m_stopping = false;
    std::thread m_thread;
};
