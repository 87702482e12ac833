#include "testbackend.h"

#include "testsocket.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTest>
#include <chrono>
#include <cstring>
#include <thread>

TestBackend::TestBackend(Mode mode, const QString &name, quint16 port) : m_mode(mode), m_name(name)
{
    const TestSocketHandle s = testSocket(SOCK_STREAM, IPPROTO_TCP);
    int on = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char *>(&on), sizeof(on));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(s, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0 || ::listen(s, 511) != 0) {
        testCloseSocket(s);
        return;
    }
    socklen_t length = sizeof(address);
    getsockname(s, reinterpret_cast<sockaddr *>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_listen = std::uintptr_t(s);
    if (m_name.isEmpty())
        m_name = QString::number(m_port);
    m_acceptThread = std::thread([this] { acceptLoop(); });
}

TestBackend::~TestBackend()
{
    stop();
}

void TestBackend::stop()
{
    if (m_stopping.exchange(true))
        return;
    if (m_listen) {
        ::shutdown(TestSocketHandle(m_listen), testShutBoth); // wakes accept()
        testCloseSocket(TestSocketHandle(m_listen));
    }
    if (m_acceptThread.joinable())
        m_acceptThread.join();
    {
        QMutexLocker locker(&m_mutex);
        for (std::uintptr_t s : m_open)
            ::shutdown(TestSocketHandle(s), testShutBoth); // wakes blocked recv()/send()
    }
    for (std::thread &thread : m_threads)
        thread.join();
    m_threads.clear();
}

QByteArray TestBackend::receivedDigest() const
{
    QMutexLocker locker(&m_mutex);
    return m_digest;
}

QByteArray TestBackend::patternDigest(quint32 seed, qint64 size)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    constexpr qint64 chunk = 1024 * 1024;
    for (qint64 offset = 0; offset < size; offset += chunk)
        hash.addData(pattern(seed, offset, qMin(chunk, size - offset)));
    return hash.result();
}

QByteArray TestBackend::pattern(quint32 seed, qint64 offset, qint64 size)
{
    // Blocks of 4 KiB, each from its own seeded generator, so any offset is reproducible.
    constexpr qint64 block = 4096;
    QByteArray out;
    out.reserve(size);
    qint64 position = offset;
    while (out.size() < size) {
        const qint64 index = position / block;
        QRandomGenerator generator(seed * 2654435761u + quint32(index));
        QByteArray data(block, Qt::Uninitialized);
        generator.fillRange(reinterpret_cast<quint32 *>(data.data()), block / 4);
        const qint64 from = position % block;
        const qint64 take = qMin(block - from, size - out.size());
        out.append(data.constData() + from, take);
        position += take;
    }
    return out;
}

void TestBackend::acceptLoop()
{
    while (!m_stopping) {
        const TestSocketHandle s = testAccept(TestSocketHandle(m_listen));
        if (s == testInvalidSocket) {
            if (m_stopping)
                return;
            continue;
        }
        int on = 1;
        setsockopt(s, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char *>(&on), sizeof(on));
        ++m_accepted;
        QMutexLocker locker(&m_mutex);
        m_open.push_back(std::uintptr_t(s));
        m_threads.emplace_back([this, s] { serve(std::uintptr_t(s)); });
    }
}

void TestBackend::serve(std::uintptr_t handle)
{
    const TestSocketHandle s = TestSocketHandle(handle);
    auto sendAll = [&](const char *data, qint64 size) { return testSendAll(s, data, size, [this](long long n) { m_sent += n; }); };
    std::vector<char> buffer(64 * 1024);

    switch (m_mode) {
    case Mode::Name: {
        const QByteArray line = m_name.toUtf8() + '\n';
        if (!sendAll(line.constData(), line.size()))
            break;
        [[fallthrough]];
    }
    case Mode::Echo:
        for (;;) {
            const auto n = ::recv(s, buffer.data(), buffer.size(), 0);
            if (n <= 0)
                ++m_peerClosed;
            if (n <= 0 || !sendAll(buffer.data(), n))
                break;
        }
        break;
    case Mode::ReplyAfterEof: {
        qint64 total = 0;
        for (;;) {
            const auto n = ::recv(s, buffer.data(), buffer.size(), 0);
            if (n <= 0)
                break;
            total += n;
        }
        const QByteArray reply = "got " + QByteArray::number(total) + " bytes\n";
        sendAll(reply.constData(), reply.size());
        break;
    }
    case Mode::Exchange: {
        // Send on a second thread while this one receives, so neither side can deadlock.
        std::thread sender([&] {
            constexpr qint64 chunk = 256 * 1024;
            for (qint64 offset = 0; offset < exchangeBytes; offset += chunk) {
                const QByteArray data = pattern(exchangeSeed, offset, qMin(chunk, exchangeBytes - offset));
                if (!sendAll(data.constData(), data.size()))
                    return;
            }
            ::shutdown(s, testShutWrite);
        });
        QCryptographicHash hash(QCryptographicHash::Sha256);
        if (exchangeReadDelayMs > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(exchangeReadDelayMs));
        QByteArray kept;
        for (;;) {
            const auto n = ::recv(s, buffer.data(), buffer.size(), 0);
            if (n <= 0)
                break;
            if (exchangeHashesAtEnd)
                kept.append(buffer.data(), n);
            else
                hash.addData(QByteArrayView(buffer.data(), n));
            m_received += n;
        }
        hash.addData(kept);
        sender.join();
        QMutexLocker locker(&m_mutex);
        m_digest = hash.result();
        break;
    }
    case Mode::Source: {
        std::memset(buffer.data(), 'x', buffer.size());
        qint64 left = sourceBytes;
        while (left > 0 && !m_stopping) {
            const qint64 size = qMin<qint64>(left, qint64(buffer.size()));
            if (!sendAll(buffer.data(), size))
                break;
            left -= size;
        }
        break;
    }
    case Mode::Hold:
        for (;;) {
            const auto n = ::recv(s, buffer.data(), buffer.size(), 0);
            if (n <= 0) {
                ++m_peerClosed;
                break;
            }
        }
        break;
    }
    QMutexLocker locker(&m_mutex);
    std::erase(m_open, handle);
    testCloseSocket(s);
}

qint64 TestBackend::waitUntilSendingStalls(int intervalMs, int rounds) const
{
    qint64 sent = -1;
    for (int i = 0; i < rounds && sentBytes() != sent; ++i) {
        sent = sentBytes();
        QTest::qWait(intervalMs);
    }
    return sent;
}
