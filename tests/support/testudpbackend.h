#pragma once

#include <QString>
#include <atomic>
#include <cstdint>
#include <thread>

// A UDP backend on 127.0.0.1 for tests, on a thread of its own: answers each datagram with
// "<name>:" + the datagram (Named), or the datagram itself (Echo), or `replies` copies.
class TestUdpBackend
{
public:
    enum class Mode { Echo, Named, Silent };

    explicit TestUdpBackend(Mode mode, const QString &name = QString(), int replies = 1);
    ~TestUdpBackend();

    quint16 port() const { return m_port; }
    QString address() const { return QStringLiteral("127.0.0.1:") + QString::number(m_port); }
    int received() const { return m_received.load(); }

private:
    void serve();

    Mode m_mode;
    QByteArray m_prefix;
    int m_replies;
    std::uintptr_t m_socket = 0;
    quint16 m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_received{0};
    std::thread m_thread;
};
