// Batched UDP (recvmmsg/sendmmsg, platform/datagrambatch.h): many clients' datagrams of every
// size through one listener, each reply back to its own sender byte for byte; bursts larger
// than a batch; proxy_responses when a batch holds more replies than expected; and the batch
// itself: one call for many datagrams, slots queued out of order, memory given back.
// Every row also runs the one-datagram path (the Windows path and the fallback on ENOSYS).
#include "logcapture.h"
#include "testconfig.h"
#include "testudpbackend.h"

#include <engine.h>
#include <platform/datagrambatch.h>

#include <QFile>
#include <QNetworkDatagram>
#include <QTest>
#include <QUdpSocket>

#include <algorithm>
#include <memory>
#include <vector>

#if defined(Q_OS_LINUX)
#include <sys/socket.h>
#endif

namespace {

constexpr int largestDatagram = 65507; // IPv4's largest UDP payload

// The system's count of datagrams dropped for a full socket buffer (Linux), for a failure's message.
QByteArray receiveBufferErrors()
{
    QFile snmp(QStringLiteral("/proc/net/snmp"));
    if (!snmp.open(QIODevice::ReadOnly))
        return "unknown";
    const QList<QByteArray> lines = snmp.readAll().split('\n');
    for (int i = 0; i + 1 < lines.size(); ++i) {
        if (!lines.at(i).startsWith("Udp: "))
            continue;
        const QList<QByteArray> names = lines.at(i).simplified().split(' ');
        const QList<QByteArray> values = lines.at(i + 1).simplified().split(' ');
        const qsizetype at = names.indexOf("RcvbufErrors");
        return at >= 0 && at < values.size() ? values.at(at) : "unknown";
    }
    return "unknown";
}

quint16 freeUdpPort()
{
    QUdpSocket probe;
    probe.bind(QHostAddress::LocalHost, 0);
    return probe.localPort();
}

// A datagram only `client` sends: its first byte names the client (so even a 1-byte reply that
// reached the wrong client is caught), the rest is a pattern of the client, sequence and size.
QByteArray payload(int client, int sequence, int size)
{
    QByteArray data(size, Qt::Uninitialized);
    quint32 state = quint32(client + 1) * 2654435761u ^ quint32(sequence + 1) * 40503u ^ quint32(size);
    for (int k = 0; k < size; ++k) {
        state = state * 1664525u + 1013904223u;
        data[k] = char(state >> 24);
    }
    data[0] = char(client);
    if (size > 1)
        data[1] = char(sequence);
    return data;
}

// Clients that send their datagrams through the proxy and check every reply against what
// they sent. At most `budget` bytes are in flight at once, each datagram counted as the kernel
// may charge it to a socket's buffer (a 64 KiB one can take a 128 KiB allocation; a small one
// about 2 KiB), so no socket buffer on the way (212,992 bytes by default) overflows and a lost
// datagram means a fault, not a full queue.
class Traffic : public QObject
{
public:
    Traffic(int clients, const QList<int> &sizes, quint16 port, qint64 budget) : m_port(port), m_budget(budget)
    {
        for (int c = 0; c < clients; ++c) {
            auto client = std::make_unique<Client>();
            client->socket.bind(QHostAddress::LocalHost, 0);
            client->socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 1 << 20);
            for (int s = 0; s < sizes.size(); ++s)
                client->toSend << payload(c, s, sizes.at(s));
            m_total += int(sizes.size());
            connect(&client->socket, &QUdpSocket::readyRead, this, [this, c] { readReplies(c); });
            m_clients.push_back(std::move(client));
        }
    }

    void start() { pump(); }
    // One client's datagrams go one way through one session: their replies come back in the
    // order sent (loopback keeps a socket's order), so a reordering batch shows.
    void expectOrder() { m_inOrder = true; }
    int total() const { return m_total; }
    int done() const { return m_done; }
    qint64 bytes() const { return m_bytes; }
    const QStringList &problems() const { return m_problems; }

private:
    struct Client
    {
        QUdpSocket socket;
        QList<QByteArray> toSend;
        QList<QByteArray> outstanding;
    };

    static qint64 charge(const QByteArray &datagram) { return qMax<qint64>(2 * datagram.size() + 1024, 2048); }

    // Round robin over the clients, so their datagrams meet in the listener's queue.
    void pump()
    {
        bool sent = true;
        while (sent) {
            sent = false;
            for (auto &client : m_clients) {
                if (client->toSend.isEmpty() || m_inFlight + charge(client->toSend.first()) > m_budget)
                    continue;
                const QByteArray datagram = client->toSend.takeFirst();
                if (client->socket.writeDatagram(datagram, QHostAddress::LocalHost, m_port) != datagram.size())
                    m_problems << QStringLiteral("could not send %1 bytes: %2").arg(datagram.size()).arg(client->socket.errorString());
                client->outstanding << datagram;
                m_inFlight += charge(datagram);
                m_bytes += datagram.size();
                sent = true;
            }
        }
    }

    void readReplies(int c)
    {
        Client &client = *m_clients[size_t(c)];
        while (client.socket.hasPendingDatagrams()) {
            const QNetworkDatagram reply = client.socket.receiveDatagram();
            const QByteArray data = reply.data();
            if (reply.senderAddress() != QHostAddress::LocalHost || reply.senderPort() != m_port)
                m_problems << QStringLiteral("client %1: a reply from %2:%3").arg(c).arg(reply.senderAddress().toString()).arg(reply.senderPort());
            const qsizetype at = client.outstanding.indexOf(data);
            if (at < 0) {
                m_problems << QStringLiteral("client %1: a reply of %2 bytes it did not send (first byte %3)")
                                  .arg(c).arg(data.size()).arg(data.isEmpty() ? -1 : int(quint8(data.at(0))));
                continue;
            }
            if (m_inOrder && at != 0)
                m_problems << QStringLiteral("client %1: reply %2 of those in flight came first").arg(c).arg(at + 1);
            m_inFlight -= charge(client.outstanding.takeAt(at));
            ++m_done;
        }
        pump();
    }

    quint16 m_port;
    qint64 m_budget;
    qint64 m_inFlight = 0;
    qint64 m_bytes = 0;
    bool m_inOrder = false;
    int m_total = 0;
    int m_done = 0;
    std::vector<std::unique_ptr<Client>> m_clients;
    QStringList m_problems;
};

// Records how each queued datagram's send ended.
struct SentLog final : DatagramSink
{
    QList<qint64> results;
    void datagramSent(const DatagramBatch &, int, qint64 result, int) override { results << result; }
};

Net::Socket boundUdp(quint16 *port)
{
    int error = 0;
    const Net::Socket socket = Net::bindUdp(Net::Endpoint{QHostAddress::LocalHost, 0}, &error);
    *port = Net::localEndpoint(socket).port;
    return socket;
}

} // namespace

class UdpBatchTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void manyClientsMixedSizes_data();
    void manyClientsMixedSizes();
    void burstLargerThanOneBatch_data();
    void burstLargerThanOneBatch();
    void proxyResponsesWithinABatch_data();
    void proxyResponsesWithinABatch();
    void sessionsWithinABurst_data();
    void sessionsWithinABurst();
    void oneCallTakesManyDatagrams_data();
    void oneCallTakesManyDatagrams();
    void queuedSlotsLeaveInOrder();
    void memoryIsGivenBack();
};

void UdpBatchTest::init()
{
    QVERIFY(Net::startup());
}

void UdpBatchTest::cleanup()
{
    DatagramBatch::setBatchCalls(true);
}

// The two ways each row runs: Linux's batch calls, and one datagram per call.
static void addPaths(const char *what)
{
    QTest::addColumn<bool>("batched");
    for (const bool batched : {true, false}) {
        if (batched && !DatagramBatch::batchCalls())
            continue; // no batch calls here (Windows): the one-datagram row is the whole test
        QTest::newRow(qPrintable(QString::fromLatin1(what) + (batched ? QStringLiteral(", recvmmsg/sendmmsg") : QStringLiteral(", one datagram per call"))))
            << batched;
    }
}

void UdpBatchTest::manyClientsMixedSizes_data()
{
    QTest::addColumn<bool>("batched");
    QTest::addColumn<QString>("host");
    for (const QString &host : {QStringLiteral("127.0.0.1"), QStringLiteral("0.0.0.0")}) {
        for (const bool batched : {true, false}) {
            if (batched && !DatagramBatch::batchCalls())
                continue;
            QTest::newRow(qPrintable(host + (batched ? QStringLiteral(", recvmmsg/sendmmsg") : QStringLiteral(", one datagram per call"))))
                << batched << host;
        }
    }
}

void UdpBatchTest::manyClientsMixedSizes()
{
    QFETCH(bool, batched);
    QFETCH(QString, host);
    DatagramBatch::setBatchCalls(batched);
    TestUdpBackend backend(TestUdpBackend::Mode::Echo);
    const quint16 port = freeUdpPort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(proxyConfig(port, {backend.address()}, 2, ListenerConfig::Protocol::Udp, host)).ok());

    constexpr int clients = 50;
    const QList<int> sizes{1, 2, 7, 64, 512, 1400, 1472, 1473, 2048, 4096, 4097, 9000, 16384, 32768, 65000, largestDatagram};
    Traffic traffic(clients, sizes, port, 160 * 1024);
    const QByteArray bufferErrors = receiveBufferErrors();
    traffic.start();
    // Waits on the replies; when some never come, the checks below say how many and why.
    (void)QTest::qWaitFor([&] { return traffic.done() == traffic.total() || !traffic.problems().isEmpty(); }, 60000);
    QVERIFY2(traffic.problems().isEmpty(), qPrintable(traffic.problems().mid(0, 5).join(u'\n')));
    QVERIFY2(traffic.done() == traffic.total(),
             qPrintable(QStringLiteral("%1 of %2 replies; the system's UDP RcvbufErrors went from %3 to %4")
                            .arg(traffic.done()).arg(traffic.total()).arg(QString::fromLatin1(bufferErrors), QString::fromLatin1(receiveBufferErrors()))));

    const quint64 total = quint64(traffic.total());
    const quint64 bytes = quint64(traffic.bytes());
    QTRY_COMPARE(engine.snapshot().listeners.value(0).datagramsToClients, total);
    const ListenerStats stats = engine.snapshot().listeners.value(0);
    QCOMPARE(stats.datagramsFromClients, total);
    QCOMPARE(stats.bytesFromClients, bytes);
    QCOMPARE(stats.bytesToClients, bytes);
    QCOMPARE(stats.datagramsDropped, quint64(0));
    QCOMPARE(stats.acceptedConnections, quint64(clients)); // one session per client address
}

void UdpBatchTest::burstLargerThanOneBatch_data()
{
    addPaths("burst");
}

void UdpBatchTest::burstLargerThanOneBatch()
{
    QFETCH(bool, batched);
    DatagramBatch::setBatchCalls(batched);
    TestUdpBackend backend(TestUdpBackend::Mode::Echo);
    const quint16 port = freeUdpPort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(proxyConfig(port, {backend.address()}, 1, ListenerConfig::Protocol::Udp)).ok());

    // Sent without waiting: more than a batch (and than a readiness report's 64) at once, and
    // little enough (120 small datagrams) that the listening socket's buffer holds them all.
    constexpr int clients = 3;
    constexpr int each = 40;
    QList<int> sizes;
    for (int i = 0; i < each; ++i)
        sizes << 16 + i * 3;
    Traffic traffic(clients, sizes, port, 1 << 30); // no budget: all at once
    traffic.expectOrder();
    traffic.start();
    QTRY_VERIFY_WITH_TIMEOUT(traffic.done() == traffic.total() || !traffic.problems().isEmpty(), 30000);
    QVERIFY2(traffic.problems().isEmpty(), qPrintable(traffic.problems().mid(0, 5).join(u'\n')));
    QCOMPARE(backend.received(), clients * each);
    QTRY_COMPARE(engine.snapshot().listeners.value(0).datagramsToClients, quint64(clients * each));
    QCOMPARE(engine.snapshot().listeners.value(0).acceptedConnections, quint64(clients));
}

void UdpBatchTest::proxyResponsesWithinABatch_data()
{
    addPaths("proxy_responses 2 of 3");
}

void UdpBatchTest::proxyResponsesWithinABatch()
{
    QFETCH(bool, batched);
    DatagramBatch::setBatchCalls(batched);
    // Three replies to every request reach the session's socket together; two are expected.
    TestUdpBackend backend(TestUdpBackend::Mode::Echo, QString(), 3);
    const quint16 port = freeUdpPort();
    Config config = proxyConfig(port, {backend.address()}, 1, ListenerConfig::Protocol::Udp);
    config.listeners[0].proxyResponses = 2;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());

    constexpr int clients = 20;
    std::vector<std::unique_ptr<QUdpSocket>> sockets;
    for (int c = 0; c < clients; ++c) {
        sockets.push_back(std::make_unique<QUdpSocket>());
        QVERIFY(sockets.back()->bind(QHostAddress::LocalHost, 0));
        QCOMPARE(sockets.back()->writeDatagram(payload(c, 0, 100), QHostAddress::LocalHost, port), qint64(100));
    }
    QTRY_COMPARE(engine.snapshot().listeners.value(0).acceptedConnections, quint64(clients));
    QTRY_COMPARE(engine.snapshot().listeners.value(0).activeConnections, quint64(0));
    QTRY_COMPARE(engine.snapshot().listeners.value(0).datagramsToClients, quint64(2 * clients));
    // Every reply sent is in its client's socket now (loopback delivers within the send).
    for (int c = 0; c < clients; ++c) {
        QUdpSocket &socket = *sockets[size_t(c)];
        int replies = 0;
        while (socket.hasPendingDatagrams()) {
            QCOMPARE(socket.receiveDatagram().data(), payload(c, 0, 100));
            ++replies;
        }
        QCOMPARE(replies, 2);
    }
    QCOMPARE(engine.snapshot().listeners.value(0).datagramsToClients, quint64(2 * clients)); // and no third
}

void UdpBatchTest::sessionsWithinABurst_data()
{
    QTest::addColumn<bool>("batched");
    QTest::addColumn<int>("proxyRequests");
    QTest::addColumn<int>("proxyResponses");
    QTest::addColumn<int>("sessions");  // of 12 datagrams sent at once by one client
    QTest::addColumn<int>("replies");
    for (const bool batched : {true, false}) {
        if (batched && !DatagramBatch::batchCalls())
            continue;
        const QString path = batched ? QStringLiteral(", recvmmsg/sendmmsg") : QStringLiteral(", one datagram per call");
        QTest::newRow(qPrintable(QStringLiteral("proxy_requests 3") + path)) << batched << 3 << -1 << 4 << 12;
        QTest::newRow(qPrintable(QStringLiteral("proxy_responses 0") + path)) << batched << 0 << 0 << 12 << 0;
    }
}

void UdpBatchTest::sessionsWithinABurst()
{
    // The datagrams of one client in one batch: proxy_requests and proxy_responses 0 still
    // start a new session where they did one datagram at a time.
    QFETCH(bool, batched);
    QFETCH(int, proxyRequests);
    QFETCH(int, proxyResponses);
    QFETCH(int, sessions);
    QFETCH(int, replies);
    DatagramBatch::setBatchCalls(batched);
    TestUdpBackend backend(TestUdpBackend::Mode::Echo);
    const quint16 port = freeUdpPort();
    Config config = proxyConfig(port, {backend.address()}, 1, ListenerConfig::Protocol::Udp);
    config.listeners[0].proxyRequests = proxyRequests;
    config.listeners[0].proxyResponses = proxyResponses;
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());
    QUdpSocket client;
    QVERIFY(client.bind(QHostAddress::LocalHost, 0));
    constexpr int sent = 12;
    for (int i = 0; i < sent; ++i)
        QCOMPARE(client.writeDatagram(payload(0, i, 200 + i), QHostAddress::LocalHost, port), qint64(200 + i));
    QTRY_COMPARE(backend.received(), sent);
    QTRY_COMPARE(engine.snapshot().listeners.value(0).acceptedConnections, quint64(sessions));
    QTRY_COMPARE(engine.snapshot().listeners.value(0).datagramsToClients, quint64(replies));
    // Every reply is in the client's socket (loopback delivers within the counted send); the
    // sessions' replies may interleave, so compare them as sets.
    QList<QByteArray> got;
    QList<QByteArray> expected;
    for (int i = 0; i < replies; ++i) {
        got << client.receiveDatagram().data();
        expected << payload(0, i, 200 + i);
    }
    std::sort(got.begin(), got.end());
    std::sort(expected.begin(), expected.end());
    QCOMPARE(got, expected);
    QVERIFY(!client.hasPendingDatagrams());
    QCOMPARE(engine.snapshot().listeners.value(0).datagramsDropped, quint64(0));
}

void UdpBatchTest::oneCallTakesManyDatagrams_data()
{
    addPaths("20 waiting");
}

void UdpBatchTest::oneCallTakesManyDatagrams()
{
    QFETCH(bool, batched);
    DatagramBatch::setBatchCalls(batched);
    quint16 port = 0;
    const Net::Socket listening = boundUdp(&port);
    QVERIFY(listening != Net::invalidSocket);
    QUdpSocket clientA;
    QUdpSocket clientB;
    QVERIFY(clientA.bind(QHostAddress::LocalHost, 0));
    QVERIFY(clientB.bind(QHostAddress::LocalHost, 0));
    constexpr int waiting = 20;
    for (int i = 0; i < waiting; ++i) // loopback: each is in the socket's queue when the call returns
        (i % 2 ? clientB : clientA).writeDatagram(payload(i % 2, i, 1 + i * 97), QHostAddress::LocalHost, port);

    DatagramBatch batch;
    SentLog sent;
    int taken = 0;
    int error = 0;
    for (int call = 0; call < waiting + 1; ++call) {
        const DatagramBatch::Received received = batch.receive(listening, DatagramBatch::capacity, true, &error);
        QVERIFY2(received.count != Net::failed, qPrintable(Net::errorString(error)));
        if (received.count == Net::wouldBlock)
            break;
        for (int i = 0; i < received.count; ++i, ++taken) {
            const int slot = received.first + i;
            QCOMPARE(QByteArray(batch.data(slot), batch.size(slot)), payload(taken % 2, taken, 1 + taken * 97));
            QCOMPARE(batch.fullSize(slot), batch.size(slot));
            QCOMPARE(batch.source(slot).port, (taken % 2 ? clientB : clientA).localPort());
            QCOMPARE(batch.destination(slot), QHostAddress(QHostAddress::LocalHost));
            const Net::Endpoint source = batch.source(slot);
            batch.queue(slot, listening, &source, batch.destination(slot), &sent); // echo it
        }
        if (received.drained)
            break;
    }
    QCOMPARE(taken, waiting);
    // Batched: one call took all 20 and saw the socket drained; else one each and an EAGAIN.
    QCOMPARE(batch.receiveCalls(), batched ? quint64(1) : quint64(waiting + 1));
    const quint64 sendsBefore = batch.sendCalls();
    batch.flush();
    QCOMPARE(sent.results.size(), waiting);
    for (int i = 0; i < waiting; ++i)
        QCOMPARE(sent.results.at(i), qint64(1 + i * 97));
    if (batched)
        QCOMPARE(batch.sendCalls() - sendsBefore, quint64(1)); // one sendmmsg, two destinations
    for (int c = 0; c < 2; ++c) {
        QUdpSocket &client = c ? clientB : clientA;
        for (int i = c; i < waiting; i += 2) {
            QTRY_VERIFY(client.hasPendingDatagrams());
            QCOMPARE(client.receiveDatagram().data(), payload(c, i, 1 + i * 97));
        }
    }
    Net::close(listening);
}

void UdpBatchTest::queuedSlotsLeaveInOrder()
{
    // Received 0..5, queued only 1, 3 and 4 (a session drops some, replies to others): those
    // three leave, in order, each to its own client, in one call when batched.
    for (const bool batched : {true, false}) {
        if (batched && !DatagramBatch::batchCalls())
            continue;
        DatagramBatch::setBatchCalls(batched);
        quint16 port = 0;
        const Net::Socket listening = boundUdp(&port);
        QVERIFY(listening != Net::invalidSocket);
        QUdpSocket clients[2];
        for (QUdpSocket &client : clients)
            QVERIFY(client.bind(QHostAddress::LocalHost, 0));
        for (int i = 0; i < 6; ++i)
            clients[i % 2].writeDatagram(payload(i % 2, i, 300 + i), QHostAddress::LocalHost, port);
        DatagramBatch batch;
        SentLog sent;
        int error = 0;
        int seen = 0;
        while (seen < 6) {
            const DatagramBatch::Received received = batch.receive(listening, 6 - seen, false, &error);
            QVERIFY(received.count > 0);
            for (int i = 0; i < received.count; ++i, ++seen) {
                const Net::Endpoint source = batch.source(received.first + i);
                if (seen == 1 || seen == 3 || seen == 4)
                    batch.queue(received.first + i, listening, &source, QHostAddress(), &sent);
            }
        }
        batch.flush();
        // With one slot (Windows) each queued one left when the next receive needed the slot.
        QCOMPARE(batch.sendCalls(), batched ? quint64(1) : quint64(3));
        QCOMPARE(sent.results, QList<qint64>({301, 303, 304}));
        QCOMPARE(batch.queued(), 0);
        for (int c = 0; c < 2; ++c) {
            QList<QByteArray> got;
            QTRY_VERIFY(clients[c].hasPendingDatagrams());
            while (clients[c].hasPendingDatagrams())
                got << clients[c].receiveDatagram().data();
            if (c == 0)
                QCOMPARE(got, QList<QByteArray>({payload(0, 4, 304)}));
            else
                QCOMPARE(got, QList<QByteArray>({payload(1, 1, 301), payload(1, 3, 303)}));
        }
        Net::close(listening);
    }
}

void UdpBatchTest::memoryIsGivenBack()
{
#if !defined(Q_OS_LINUX)
    QSKIP("The slots are a plain allocation here (one slot, no batch calls); the lazily backed mapping is Linux's");
#else
    quint16 port = 0;
    const Net::Socket listening = boundUdp(&port);
    QVERIFY(listening != Net::invalidSocket);
    // Room for 32 of the largest datagrams at once (the default buffer takes three).
    const int bufferSize = 8 * 1024 * 1024;
    QCOMPARE(::setsockopt(listening, SOL_SOCKET, SO_RCVBUF, &bufferSize, sizeof(bufferSize)), 0);
    int granted = 0;
    socklen_t length = sizeof(granted);
    ::getsockopt(listening, SOL_SOCKET, SO_RCVBUF, &granted, &length);
    if (granted < 2 * DatagramBatch::capacity * largestDatagram)
        QSKIP(qPrintable(QStringLiteral("net.core.rmem_max lets a socket buffer only %1 bytes").arg(granted)));
    QUdpSocket client;
    QVERIFY(client.bind(QHostAddress::LocalHost, 0));
    DatagramBatch batch;
    QCOMPARE(batch.residentBytes(), qint64(0)); // reserved, nothing touched yet
    int error = 0;
    const auto fill = [&](int size) {
        for (int i = 0; i < DatagramBatch::capacity; ++i)
            client.writeDatagram(payload(0, i, size), QHostAddress::LocalHost, port);
        qint64 taken = 0;
        while (taken < DatagramBatch::capacity) {
            const DatagramBatch::Received received = batch.receive(listening, DatagramBatch::capacity, false, &error);
            if (received.count <= 0)
                return taken;
            taken += received.count;
        }
        return taken;
    };
    // Small datagrams: one page per slot at most.
    QCOMPARE(fill(1400), qint64(DatagramBatch::capacity));
    QVERIFY(!batch.needsTrim());
    const qint64 small = batch.residentBytes();
    qInfo("after %d datagrams of 1,400 bytes: %lld KiB resident of %lld KiB reserved", DatagramBatch::capacity, small / 1024,
          DatagramBatch::reservedBytes() / 1024);
    QVERIFY(small > 0);
    QVERIFY(small <= DatagramBatch::capacity * 4096);
    // The largest: every slot's pages.
    QCOMPARE(fill(largestDatagram), qint64(DatagramBatch::capacity));
    QVERIFY(batch.needsTrim());
    const qint64 large = batch.residentBytes();
    qInfo("after %d datagrams of 65,507 bytes: %lld KiB resident", DatagramBatch::capacity, large / 1024);
    QVERIFY(large >= DatagramBatch::capacity * qint64(largestDatagram));
    QVERIFY(large <= DatagramBatch::reservedBytes());
    batch.trim();
    QVERIFY(!batch.needsTrim());
    QCOMPARE(batch.residentBytes(), qint64(0));
    Net::close(listening);
#endif
}

QTEST_MAIN(UdpBatchTest)
#include "tst_udpbatch.moc"
