// The proof for a safe Apply: 1,000 connections stream through the engine, each checked
// with SHA-256 both ways, while the config is applied five times (listeners added and
// removed, weights and settings changed). None may drop, none may lose or change a byte.
#include "logcapture.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"

#include <engine.h>
#include <processinfo.h>

#include <QCryptographicHash>
#include <QMutex>
#include <QSemaphore>
#include <QTest>
#include <memory>
#include <thread>

namespace {

constexpr int wantedConnections = 1000;
// Each connection holds four descriptors in this process: the client, the engine's two
// sides, and the backend's; the rest is headroom for the engine and Qt.
constexpr qint64 descriptorsPerConnection = 4;
constexpr qint64 descriptorHeadroom = 256;
constexpr int applies = 5;
constexpr int rounds = 2 * applies + 1; // an apply after every odd round
constexpr qint64 chunk = 4096;
constexpr int readTimeoutMs = 30000;

int connectionCount()
{
    const qint64 limit = ProcessInfo::openFilesLimit();
    if (limit <= 0)
        return wantedConnections;
    return int(qBound<qint64>(1, (limit - descriptorHeadroom) / descriptorsPerConnection, qint64(wantedConnections)));
}

// The five configs: a second listener added, weights changed, it removed and a third
// added, the first listener's settings changed, the third removed.
Config step(int applied, quint16 mainPort, quint16 extraPort, quint16 otherPort, const QString &a, const QString &b)
{
    Config config = proxyConfig(mainPort, {serverAt(a), serverAt(b)});
    auto add = [&config](quint16 port) {
        ListenerConfig listener = config.listeners[0];
        listener.listen = QStringLiteral("127.0.0.1:%1").arg(port);
        config.listeners << listener;
    };
    switch (applied) {
    case 1:
        add(extraPort);
        break;
    case 2:
        add(extraPort);
        config.upstreams[0].servers[0].weight = 3;
        break;
    case 3:
        add(otherPort);
        config.upstreams[0].servers[1].weight = 2;
        break;
    case 4:
        add(otherPort);
        config.upstreams[0].servers[1].weight = 5;
        config.listeners[0].proxyTimeoutMs = 120000;
        break;
    default:
        config.listeners[0].proxyTimeoutMs = 120000;
        break;
    }
    return config;
}

bool echoes(quint16 port)
{
    TestClient client;
    return client.connectTo(port) && client.sendAll("ping\n") && client.readLine() == "ping\n";
}

} // namespace

class ApplyUnderLoadTest : public QObject
{
    Q_OBJECT

private slots:
    void thousandStreamsSurviveFiveApplies();
};

void ApplyUnderLoadTest::thousandStreamsSurviveFiveApplies()
{
    const int connections = connectionCount();
    if (connections < wantedConnections)
        qInfo("the descriptor limit (%lld) allows %d connections, not %d", ProcessInfo::openFilesLimit(), connections, wantedConnections);
    TestBackend a(TestBackend::Mode::Echo);
    TestBackend b(TestBackend::Mode::Echo);
    const quint16 mainPort = findFreePort();
    const quint16 extraPort = findFreePort();
    const quint16 otherPort = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(step(0, mainPort, extraPort, otherPort, a.address(), b.address())).ok());

    std::vector<TestClient> clients(static_cast<size_t>(connections));
    for (int i = 0; i < connections; ++i)
        QVERIFY2(clients[size_t(i)].connectTo(mainPort), qPrintable(QString::number(i)));

    // The streams run on a thread of their own; after every odd round it has sent, it waits
    // (bounded) for the apply, which meets that round's bytes in flight.
    QSemaphore roundSent;
    QSemaphore applyDone;
    QMutex mutex;
    QStringList problems;
    std::vector<QByteArray> sentDigest(static_cast<size_t>(connections)), receivedDigest(static_cast<size_t>(connections));
    std::thread streams([&] {
        std::vector<std::unique_ptr<QCryptographicHash>> sent, received;
        for (int i = 0; i < connections; ++i) {
            sent.push_back(std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256));
            received.push_back(std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256));
        }
        auto fail = [&](const QString &problem) {
            QMutexLocker locker(&mutex);
            problems << problem;
        };
        for (int round = 0; round < rounds; ++round) {
            for (int i = 0; i < connections; ++i) {
                const QByteArray data = TestBackend::pattern(quint32(i + 1), round * chunk, chunk);
                sent[size_t(i)]->addData(data);
                if (!clients[size_t(i)].sendAll(data))
                    return fail(QStringLiteral("connection %1: send failed in round %2").arg(i).arg(round));
            }
            if (round % 2 == 1) {
                roundSent.release();
                if (!applyDone.tryAcquire(1, readTimeoutMs))
                    return fail(QStringLiteral("no apply after round %1").arg(round));
            }
            for (int i = 0; i < connections; ++i) {
                qint64 got = 0;
                while (got < chunk) {
                    const QByteArray part = clients[size_t(i)].readSome(chunk - got, readTimeoutMs);
                    if (part.isEmpty())
                        return fail(QStringLiteral("connection %1: dropped or stalled in round %2 after %3 bytes").arg(i).arg(round).arg(got));
                    received[size_t(i)]->addData(part);
                    got += part.size();
                }
            }
        }
        for (int i = 0; i < connections; ++i) {
            sentDigest[size_t(i)] = sent[size_t(i)]->result();
            receivedDigest[size_t(i)] = received[size_t(i)]->result();
        }
    });

    int applied = 0;
    for (int k = 1; k <= applies; ++k) {
        if (!roundSent.tryAcquire(1, readTimeoutMs))
            break; // the streams stopped; their problem says why
        const Engine::ApplyResult result = engine.apply(step(k, mainPort, extraPort, otherPort, a.address(), b.address()));
        applyDone.release();
        if (!result.ok())
            break;
        ++applied;
        // The listeners the apply added answer; the ones it removed are gone.
        const bool extra = k == 1 || k == 2;
        const bool other = k == 3 || k == 4;
        if (echoes(extraPort) != extra || echoes(otherPort) != other)
            break;
    }
    applyDone.release(rounds); // never leave the streams waiting
    streams.join();

    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QCOMPARE(applied, applies);
    int corrupted = 0;
    for (int i = 0; i < connections; ++i)
        corrupted += sentDigest[size_t(i)] != receivedDigest[size_t(i)] || sentDigest[size_t(i)].isEmpty() ? 1 : 0;
    QCOMPARE(corrupted, 0);
    const StatsSnapshot stats = engine.snapshot();
    QCOMPARE(stats.listeners[0].activeConnections, quint64(connections)); // 0 dropped: all still open
    quint64 selected = 0;
    for (const ServerStats &server : stats.servers)
        selected += server.selectedTotal;
    QVERIFY2(selected >= quint64(connections), "the servers' counters went on across the applies");
    qInfo("%d connections, %lld bytes each way per connection, %d applies: 0 dropped, 0 corrupted", connections, qint64(rounds) * chunk,
          applied);
}

QTEST_GUILESS_MAIN(ApplyUnderLoadTest)
#include "tst_applyunderload.moc"
