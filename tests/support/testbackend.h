#pragma once

#include <QByteArray>
#include <QMutex>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

// A real TCP backend on 127.0.0.1 for tests, served by plain blocking sockets on threads of
// its own (one per connection), so the test thread may block on its clients freely.
class TestBackend
{
public:
    enum class Mode {
        Name,           // writes "<name>\n" on accept, then echoes until EOF
        Echo,           // echoes every byte until EOF, then closes
        ReplyAfterEof,  // reads until the client's FIN, then answers "got <n> bytes" and closes
        Exchange,       // hashes what it receives and sends exchangeBytes of seeded data at once
        Source,         // sends sourceBytes as fast as the client takes them, then closes
        Hold,           // accepts and holds the connection open, reading and discarding
    };

    explicit TestBackend(Mode mode, const QString &name = QString(), quint16 port = 0);
    ~TestBackend();

    bool isListening() const { return m_listen != 0 && m_port != 0; }
    quint16 port() const { return m_port; }
    QString address() const { return QStringLiteral("127.0.0.1:") + QString::number(m_port); }
    const QString &name() const { return m_name; }

    int accepted() const { return m_accepted.load(); }
    qint64 sentBytes() const { return m_sent.load(); }
    // Echo, Name and Hold modes: connections whose peer closed (recv() saw EOF or an error).
    int peerClosed() const { return m_peerClosed.load(); }

    // Exchange mode.
    qint64 exchangeBytes = 0;
    quint32 exchangeSeed = 1;
    int exchangeReadDelayMs = 0; // before the first read, so what the peer sends piles up upstream of it
    bool exchangeHashesAtEnd = false; // keeps every byte and hashes once the peer is done: reads never lag
    QByteArray receivedDigest() const; // SHA-256 of everything one connection received
    qint64 receivedBytes() const { return m_received.load(); }
    // Source mode.
    qint64 sourceBytes = 0;
    // Waits until sentBytes() stays the same for one interval (the peer stopped reading and the
    // windows are full: the backend is blocked), at most `rounds` intervals, running the test
    // thread's events meanwhile; returns what it had sent by then. Nothing signals a stall, so
    // this polls.
    qint64 waitUntilSendingStalls(int intervalMs = 100, int rounds = 50) const;

    void stop();

    // Deterministic pseudo-random bytes, identical on both ends of an exchange.
    static QByteArray pattern(quint32 seed, qint64 offset, qint64 size);
    // SHA-256 of pattern(seed, 0, size), computed a MiB at a time.
    static QByteArray patternDigest(quint32 seed, qint64 size);

private:
    void acceptLoop();
    void serve(std::uintptr_t socket);

    Mode m_mode;
    QString m_name;
    std::uintptr_t m_listen = 0;
    quint16 m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_accepted{0};
    std::atomic<qint64> m_sent{0};
    std::atomic<qint64> m_received{0};
    std::atomic<int> m_peerClosed{0};
    mutable QMutex m_mutex;
    QByteArray m_digest;
    std::vector<std::uintptr_t> m_open;
    std::thread m_acceptThread;
    std::vector<std::thread> m_threads;
};
