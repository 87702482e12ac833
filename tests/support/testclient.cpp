#include "testclient.h"

#include "testbackend.h"

#include "testsocket.h"

#include <QDeadlineTimer>

#include <mutex>
#include <set>

#if !defined(_WIN32)
#include <poll.h>
#endif

TestClient::~TestClient()
{
    close();
}

TestClient::TestClient(TestClient &&other) noexcept
    : m_socket(other.m_socket), m_receiveBuffer(other.m_receiveBuffer), m_buffer(std::move(other.m_buffer))
{
    other.m_socket = ~std::uintptr_t(0);
}

quint16 TestClient::localPort() const
{
    if (!isConnected())
        return 0;
    sockaddr_in address{};
    socklen_t length = sizeof(address);
    if (getsockname(TestSocketHandle(m_socket), reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return 0;
    return ntohs(address.sin_port);
}

void TestClient::setReceiveBuffer(int bytes)
{
    m_receiveBuffer = bytes;
}

bool TestClient::connectTo(quint16 port, const QString &sourceAddress)
{
    close();
    const TestSocketHandle s = testSocket(SOCK_STREAM, IPPROTO_TCP);
    if (s == testInvalidSocket)
        return false;
    if (m_receiveBuffer > 0)
        setsockopt(s, SOL_SOCKET, SO_RCVBUF, reinterpret_cast<const char *>(&m_receiveBuffer), sizeof(m_receiveBuffer));
    if (!sourceAddress.isEmpty()) {
        sockaddr_in source{};
        source.sin_family = AF_INET;
        inet_pton(AF_INET, sourceAddress.toLatin1().constData(), &source.sin_addr);
        if (::bind(s, reinterpret_cast<sockaddr *>(&source), sizeof(source)) != 0) {
            testCloseSocket(s);
            return false;
        }
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(s, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
        testCloseSocket(s);
        return false;
    }
    m_socket = std::uintptr_t(s);
    return true;
}

bool TestClient::sendAll(const QByteArray &data)
{
    return testSendAll(TestSocketHandle(m_socket), data.constData(), data.size());
}

bool TestClient::sendPattern(quint32 seed, qint64 size)
{
    constexpr qint64 chunk = 1024 * 1024;
    for (qint64 offset = 0; offset < size; offset += chunk) {
        if (!sendAll(TestBackend::pattern(seed, offset, qMin(chunk, size - offset))))
            return false;
    }
    return true;
}

bool TestClient::shutdownWrite()
{
    return ::shutdown(TestSocketHandle(m_socket), testShutWrite) == 0;
}

void TestClient::close()
{
    if (!isConnected())
        return;
    testCloseSocket(TestSocketHandle(m_socket));
    m_socket = ~std::uintptr_t(0);
    m_buffer.clear();
}

qint64 TestClient::receive(char *data, qint64 size, int timeoutMs, bool *closed)
{
    *closed = false;
#if defined(_WIN32)
    WSAPOLLFD p{TestSocketHandle(m_socket), POLLIN, 0};
    const int ready = WSAPoll(&p, 1, timeoutMs);
#else
    pollfd p{TestSocketHandle(m_socket), POLLIN, 0};
    const int ready = ::poll(&p, 1, timeoutMs);
#endif
    if (ready <= 0)
        return 0;
    const auto n = ::recv(TestSocketHandle(m_socket), data, size_t(size), 0);
    if (n <= 0) {
        *closed = true;
        return 0;
    }
    return n;
}

QByteArray TestClient::readLine(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    char chunk[4096];
    while (!m_buffer.contains('\n')) {
        bool closed = false;
        const qint64 n = receive(chunk, sizeof(chunk), int(qMax<qint64>(0, deadline.remainingTime())), &closed);
        if (closed || (n == 0 && deadline.hasExpired()))
            return {};
        m_buffer.append(chunk, n);
    }
    const qsizetype end = m_buffer.indexOf('\n') + 1;
    const QByteArray line = m_buffer.left(end);
    m_buffer.remove(0, end);
    return line;
}

QByteArray TestClient::readSome(qint64 size, int timeoutMs)
{
    if (!m_buffer.isEmpty()) {
        const QByteArray out = m_buffer.left(size);
        m_buffer.remove(0, out.size());
        return out;
    }
    QByteArray out(size, Qt::Uninitialized);
    bool closed = false;
    const qint64 n = receive(out.data(), size, timeoutMs, &closed);
    out.resize(n);
    return out;
}

QByteArray TestClient::readUntilClosed(int timeoutMs, bool *closed)
{
    const QDeadlineTimer deadline(timeoutMs);
    QByteArray out = std::exchange(m_buffer, QByteArray());
    char chunk[64 * 1024];
    *closed = false;
    while (!deadline.hasExpired()) {
        const qint64 n = receive(chunk, sizeof(chunk), int(qMax<qint64>(0, deadline.remainingTime())), closed);
        if (*closed)
            break;
        out.append(chunk, n);
    }
    return out;
}

bool TestClient::waitForClose(int timeoutMs)
{
    bool closed = false;
    readUntilClosed(timeoutMs, &closed);
    return closed;
}

bool isFirstHandOut(quint16 port)
{
    static std::mutex mutex;
    static std::set<quint16> handedOut;
    const std::lock_guard lock(mutex);
    return port != 0 && handedOut.insert(port).second;
}

quint16 findFreePort()
{
    // The kernel may give the same free port to two probes in a row; a test that asks for
    // one port for nginx and one for Portier must get two (bounded: the range is ~28,000).
    for (int attempt = 0; attempt < 1000; ++attempt) {
        const TestSocketHandle s = testSocket(SOCK_STREAM, IPPROTO_TCP);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(s, reinterpret_cast<sockaddr *>(&address), sizeof(address));
        socklen_t length = sizeof(address);
        getsockname(s, reinterpret_cast<sockaddr *>(&address), &length);
        testCloseSocket(s);
        const quint16 port = ntohs(address.sin_port);
        if (isFirstHandOut(port))
            return port;
    }
    return 0;
}

qint64 TestClient::readAllHashed(QCryptographicHash *hash, int timeoutMs)
{
    qint64 total = 0;
    for (;;) {
        const QByteArray data = readSome(256 * 1024, timeoutMs);
        if (data.isEmpty())
            return total;
        total += data.size();
        hash->addData(data);
    }
}
