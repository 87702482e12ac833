#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>
#include <cstdint>

// A blocking TCP client for tests: connects (optionally from a chosen 127.0.0.N source),
// sends, half-closes, and reads with timeouts. Real sockets; no event loop needed.
class TestClient
{
public:
    TestClient() = default;
    ~TestClient();
    TestClient(const TestClient &) = delete;
    TestClient &operator=(const TestClient &) = delete;
    TestClient(TestClient &&other) noexcept;

    bool connectTo(quint16 port, const QString &sourceAddress = QString());
    bool isConnected() const { return m_socket != ~std::uintptr_t(0); }
    quint16 localPort() const; // the port this end was bound to; 0 when not connected

    bool sendAll(const QByteArray &data);
    // Sends size bytes of TestBackend::pattern(seed) a MiB at a time (no 64 MiB buffer at once);
    // false as soon as one piece could not be sent.
    bool sendPattern(quint32 seed, qint64 size);
    bool shutdownWrite();
    void setReceiveBuffer(int bytes); // before connectTo: a small window makes a slow reader
    void close();

    // Reads up to and including '\n'; empty on timeout or EOF.
    QByteArray readLine(int timeoutMs = 5000);
    // Reads until the peer closes; *closed says whether it did within the timeout.
    QByteArray readUntilClosed(int timeoutMs, bool *closed);
    // Reads up to `size` bytes (at least one) within the timeout; empty on timeout or EOF.
    QByteArray readSome(qint64 size, int timeoutMs);
    // Reads until EOF (or timeoutMs without a byte), adding every byte to *hash; the count.
    qint64 readAllHashed(QCryptographicHash *hash, int timeoutMs = 30000);
    // True when the peer closed (FIN or reset) within the timeout, discarding data.
    bool waitForClose(int timeoutMs);

private:
    qint64 receive(char *data, qint64 size, int timeoutMs, bool *closed);

    std::uintptr_t m_socket = ~std::uintptr_t(0);
    int m_receiveBuffer = 0;
    QByteArray m_buffer;
};

// A port on 127.0.0.1 that nothing listens on right now (bind to 0, read it, close), and
// that this process has not handed out before.
quint16 findFreePort();
// True the first time this process asks about the port: the free-port probes use it so that
// two probes never hand the same port to two listeners of one test.
bool isFirstHandOut(quint16 port);
