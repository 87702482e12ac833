// 50,000 short connections in a row through an engine in this process: once the engine has
// closed them all, the open descriptors and the resident size are back where they were
// after a warm-up (within 1 MiB). A leak of one descriptor or 21 bytes per connection fails.

#include "enginestats.h"
#include "testclient.h"
#include "testconfig.h"

#include <engine.h>

#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <QDir>
#include <QFile>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace {
constexpr int warmUp = 2000;
constexpr int connections = 50000;
constexpr qint64 allowedGrowthKiB = 1024;
constexpr int clientsAtOnce = 4; // a batch runs together; batches follow each other

#if defined(__linux__)
int openDescriptors()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System).size());
}

qint64 residentKiB()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * (sysconf(_SC_PAGESIZE) / 1024) : -1;
}

// An echo server on one thread with poll() and no per-connection thread or allocation
// beyond its list of sockets (TestBackend keeps a thread per connection until it stops,
// which would be measured here as a leak).
class PollEchoBackend
{
public:
    PollEchoBackend()
    {
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(m_listen, reinterpret_cast<sockaddr *>(&address), length) != 0 || ::listen(m_listen, 511) != 0
            || ::getsockname(m_listen, reinterpret_cast<sockaddr *>(&address), &length) != 0)
            return;
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~PollEchoBackend()
    {
        m_stopping = true;
        if (m_thread.joinable())
            m_thread.join();
        ::close(m_listen);
    }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    int served() const { return m_served.load(); }

private:
    void serve()
    {
        std::vector<pollfd> sockets{{m_listen, POLLIN, 0}};
        sockets.reserve(64);
        char buffer[4096];
        while (!m_stopping) {
            if (::poll(sockets.data(), sockets.size(), 100) <= 0) // the timeout only notices m_stopping
                continue;
            for (size_t i = sockets.size(); i-- > 1;) {
                if (!sockets[i].revents)
                    continue;
                const ssize_t n = ::recv(sockets[i].fd, buffer, sizeof buffer, 0);
                if (n > 0 && ::send(sockets[i].fd, buffer, size_t(n), MSG_NOSIGNAL) == n)
                    continue;
                ::close(sockets[i].fd);
                sockets.erase(sockets.begin() + qsizetype(i));
                ++m_served;
            }
            if (sockets[0].revents) {
                const int s = ::accept(m_listen, nullptr, nullptr);
                if (s >= 0)
                    sockets.push_back({s, POLLIN, 0});
            }
        }
        for (size_t i = 1; i < sockets.size(); ++i)
            ::close(sockets[i].fd);
    }

    int m_listen = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_served{0};
    std::thread m_thread;
};

// Connect, send, read the echo, close: `count` times, a few at once. Returns how many got
// their echo back.
int runClients(quint16 port, int count)
{
    int echoed = 0;
    for (int done = 0; done < count; done += clientsAtOnce) {
        TestClient clients[clientsAtOnce];
        const int batch = qMin(clientsAtOnce, count - done);
        for (int i = 0; i < batch; ++i) {
            if (clients[i].connectTo(port))
                clients[i].sendAll("ping\n");
        }
        for (int i = 0; i < batch; ++i) {
            if (clients[i].readLine(5000) == "ping\n")
                ++echoed;
            clients[i].close();
        }
    }
    return echoed;
}

#endif
} // namespace

class SoakTest : public QObject
{
    Q_OBJECT

private slots:
    void shortConnectionsLeaveNothingBehind();
};

void SoakTest::shortConnectionsLeaveNothingBehind()
{
#if !defined(__linux__)
    QSKIP("open descriptors and resident size are read from /proc/self: Linux only");
#else
    PollEchoBackend backend;
    QVERIFY(!backend.address().endsWith(QLatin1String(":0")));
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, {backend.address()}, 2);
    config.errorLog.level = QStringLiteral("warn"); // not a line per connection
    Engine engine;
    QVERIFY(engine.apply(config).ok());

    // The warm-up lets allocators, thread caches and the kernel's socket structures reach
    // their working size; what is measured is what 50,000 more connections add.
    QCOMPARE(runClients(port, warmUp), warmUp);
    QTRY_COMPARE_WITH_TIMEOUT(activeConnections(engine), quint64(0), 10000);
    const int baselineFds = openDescriptors();
    const qint64 baselineKiB = residentKiB();
    QVERIFY(baselineKiB > 0);

    QElapsedTimer clock;
    clock.start();
    QCOMPARE(runClients(port, connections), connections);
    const qint64 runMs = clock.elapsed();
    // The engine closes its side after the client's: wait until it has closed every one.
    QTRY_COMPARE_WITH_TIMEOUT(activeConnections(engine), quint64(0), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(openDescriptors(), baselineFds, 10000);
    const qint64 afterKiB = residentKiB();
    qInfo("%d connections in %lld ms; descriptors %d -> %d; resident %lld KiB -> %lld KiB (%+lld KiB)", connections, runMs,
          baselineFds, openDescriptors(), baselineKiB, afterKiB, afterKiB - baselineKiB);
    QVERIFY2(afterKiB - baselineKiB <= allowedGrowthKiB,
             qPrintable(QStringLiteral("resident size grew by %1 KiB over %2 connections").arg(afterKiB - baselineKiB).arg(connections)));
    QTRY_COMPARE_WITH_TIMEOUT(backend.served(), warmUp + connections, 10000);
#endif
}

QTEST_GUILESS_MAIN(SoakTest)
#include "tst_soak.moc"
