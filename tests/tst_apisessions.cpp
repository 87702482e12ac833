// Live sessions (issues #13 and #14) from a real engine on 127.0.0.1: each worker's registry
// lists what it holds with the right client, listener, server and bytes; the engine's batches
// bring them to a watcher; an operator's close shuts both ends and says so in the error log
// and the recently closed list; and /portier/v1/sessions lists, filters and closes them, with
// write access only.
#include "apicall.h"
#include "apiserver.h"
#include "engine.h"
#include "logcapture.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QUdpSocket>
#include <QtTest>

namespace {

constexpr int listedWithinMs = 2000; // the bound for a session to show


QList<SessionInfo> sessionsOn(Engine &engine, const QString &listener)
{
    SessionFilter filter;
    filter.listener = listener;
    return engine.sessions(filter);
}

// Connects a client and waits until the backend holds its connection, so the session is
// relaying; sends `data` first.
bool connectThrough(TestClient &client, quint16 port, const QByteArray &data)
{
    return client.connectTo(port) && (data.isEmpty() || client.sendAll(data));
}

} // namespace

class ApiSessionsTest : public QObject
{
    Q_OBJECT

private slots:
    void liveSessionIsListed();
    void idleClientThatLeavesIsRemoved();
    void batchesBringSessionsToAWatcher();
    void operatorCloseShutsBothEnds();
    void closeFilteredClosesExactlyTheMatchingOnes();
    void udpSessionIsListed();
    void apiListsFiltersAndCloses();

private:
    ApiReply call(quint16 port, const QByteArray &method, const QString &path, const QByteArray &token = {});
    QNetworkAccessManager m_network;
};

ApiReply ApiSessionsTest::call(quint16 port, const QByteArray &method, const QString &path, const QByteArray &token)
{
    return apiCall(m_network, port, method, path, {}, token);
}

void ApiSessionsTest::liveSessionIsListed()
{
    TestBackend backend(TestBackend::Mode::Echo);
    QVERIFY(backend.isListening());
    Engine engine;
    LogCapture log(engine.errorLog());
    const quint16 port = findFreePort();
    QVERIFY(engine.apply(proxyConfig(port, {serverAt(backend.address())})).ok());
    const QString listener = QStringLiteral("127.0.0.1:%1").arg(port);

    TestClient client;
    QVERIFY(connectThrough(client, port, "hello\n"));
    QCOMPARE(client.readLine(), QByteArray("hello\n")); // relayed both ways

    QTRY_VERIFY_WITH_TIMEOUT(engine.sessions().size() == 1 && engine.sessions().constFirst().bytesToClient == 6, listedWithinMs);
    const SessionInfo session = engine.sessions().constFirst();
    QCOMPARE(session.protocol, QStringLiteral("tcp"));
    QVERIFY2(session.client.startsWith(QStringLiteral("127.0.0.1:")), qPrintable(session.client));
    QCOMPARE(session.listener, listener);
    QCOMPARE(session.group, QStringLiteral("backend"));
    QCOMPARE(session.server, backend.address());
    QCOMPARE(session.state, QStringLiteral("relaying"));
    QCOMPARE(session.bytesFromClient, quint64(6));
    QCOMPARE(session.bytesToUpstream, quint64(6));
    QCOMPARE(session.bytesFromUpstream, quint64(6));
    QCOMPARE(session.bytesToClient, quint64(6));
    QVERIFY(session.startedMs <= session.lastActivityMs);
    // The number is the error log's *N for this connection.
    QCOMPARE(log.count(QStringLiteral("*%1 client %2 connected to %3").arg(session.number).arg(session.client, listener)), 1);

    // A filter that names another listener, client or server finds nothing.
    SessionFilter other;
    other.listener = QStringLiteral("127.0.0.1:1");
    QVERIFY(engine.sessions(other).isEmpty());
    SessionFilter byHost;
    byHost.client = QStringLiteral("127.0.0.1");
    byHost.server = QStringLiteral("backend");
    QCOMPARE(engine.sessions(byHost).size(), 1);

    client.close();
    QTRY_VERIFY_WITH_TIMEOUT(engine.sessions().isEmpty(), 5000);
    const QList<ClosedSession> closed = engine.closedSessions();
    QCOMPARE(closed.size(), 1);
    QCOMPARE(closed.constFirst().session.number, session.number);
    QCOMPARE(closed.constFirst().end, SessionEnd::ClientClosed);
}

void ApiSessionsTest::idleClientThatLeavesIsRemoved()
{
    TestBackend backend(TestBackend::Mode::Hold);
    Engine engine;
    LogCapture log(engine.errorLog());
    const quint16 port = findFreePort();
    QVERIFY(engine.apply(proxyConfig(port, {serverAt(backend.address())})).ok());
    TestClient clients[3];
    for (TestClient &client : clients)
        QVERIFY(client.connectTo(port));
    QTRY_COMPARE_WITH_TIMEOUT(backend.accepted(), 3, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(engine.sessions().size(), 3, listedWithinMs);
    for (TestClient &client : clients)
        client.close();
    QTRY_VERIFY_WITH_TIMEOUT(engine.sessions().isEmpty(), 5000);
    QCOMPARE(engine.closedSessions().constLast().end, SessionEnd::ClientClosed);
}

void ApiSessionsTest::batchesBringSessionsToAWatcher()
{
    TestBackend backend(TestBackend::Mode::Hold);
    Engine engine;
    LogCapture log(engine.errorLog());
    engine.setStatsInterval(100);
    const quint16 port = findFreePort();
    QVERIFY(engine.apply(proxyConfig(port, {serverAt(backend.address())})).ok());

    QSignalSpy batches(&engine, &Engine::sessionsChanged);
    // Nobody watches: no batch, however many intervals pass.
    TestClient early;
    QVERIFY(connectThrough(early, port, "abc"));
    QTRY_COMPARE(backend.accepted(), 1);
    QSignalSpy stats(&engine, &Engine::statsUpdated);
    QVERIFY(stats.wait(2000) && stats.wait(2000));
    QCOMPARE(batches.size(), 0);

    engine.watchSessions(true);
    QHash<quint64, SessionInfo> seen;
    QSet<quint64> removed;
    auto collect = [&] {
        for (const QList<QVariant> &arguments : std::as_const(batches)) {
            const SessionBatch batch = arguments.at(0).value<SessionBatch>();
            for (const SessionInfo &s : batch.added + batch.updated)
                seen.insert(s.number, s);
            for (quint64 n : batch.removed)
                removed.insert(n);
        }
        batches.clear();
    };
    // The first batches are full: the session already open is in them.
    QTRY_VERIFY_WITH_TIMEOUT((collect(), seen.size() == 1), listedWithinMs);
    QCOMPARE(seen.constBegin()->bytesFromClient, quint64(3));

    TestClient later;
    QVERIFY(connectThrough(later, port, "hello"));
    QTRY_VERIFY_WITH_TIMEOUT((collect(), seen.size() == 2), listedWithinMs);
    quint64 laterNumber = 0;
    for (const SessionInfo &s : std::as_const(seen))
        laterNumber = qMax(laterNumber, s.number);
    QTRY_VERIFY_WITH_TIMEOUT((collect(), seen.value(laterNumber).bytesToUpstream == 5), listedWithinMs);

    // Nothing moves: no batch after the ones that said so.
    later.close();
    QTRY_VERIFY_WITH_TIMEOUT((collect(), removed.contains(laterNumber)), listedWithinMs);
    engine.watchSessions(false);
    // A batch a worker was already making may still arrive: let one interval pass first.
    QVERIFY(stats.wait(2000) && stats.wait(2000));
    batches.clear();
    QVERIFY(stats.wait(2000) && stats.wait(2000) && stats.wait(2000));
    QCOMPARE(batches.size(), 0);
}

void ApiSessionsTest::operatorCloseShutsBothEnds()
{
    TestBackend backend(TestBackend::Mode::Hold);
    Engine engine;
    LogCapture log(engine.errorLog());
    const quint16 port = findFreePort();
    QVERIFY(engine.apply(proxyConfig(port, {serverAt(backend.address())})).ok());
    TestClient client;
    QVERIFY(connectThrough(client, port, "x"));
    QTRY_VERIFY_WITH_TIMEOUT(engine.sessions().size() == 1 && engine.sessions().constFirst().bytesToUpstream == 1, listedWithinMs);
    const quint64 number = engine.sessions().constFirst().number;
    QCOMPARE(backend.peerClosed(), 0);

    SessionFilter filter;
    filter.numbers.insert(number);
    QCOMPARE(engine.closeSessions(filter, QStringLiteral("from the window")), 1);
    QVERIFY(client.waitForClose(5000));               // the client sees EOF
    QTRY_COMPARE_WITH_TIMEOUT(backend.peerClosed(), 1, 5000); // and so does the backend
    QVERIFY(engine.sessions().isEmpty());
    const QStringList lines = log.matching(QStringLiteral("*%1 closed by operator from the window, client: 127.0.0.1").arg(number));
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.constFirst().contains(QStringLiteral("[notice]")), qPrintable(lines.constFirst()));
    const ClosedSession closed = engine.closedSessions().constLast();
    QCOMPARE(closed.session.number, number);
    QCOMPARE(closed.end, SessionEnd::ClosedByOperator);
    QCOMPARE(closed.detail, QStringLiteral("from the window"));
    QCOMPARE(SessionEnds::key(closed.end), QStringLiteral("closed-by-operator"));
    // A second close finds nothing.
    QCOMPARE(engine.closeSessions(filter, QStringLiteral("from the window")), 0);
}

void ApiSessionsTest::closeFilteredClosesExactlyTheMatchingOnes()
{
    TestBackend backend(TestBackend::Mode::Echo);
    Engine engine;
    LogCapture log(engine.errorLog());
    const quint16 portA = findFreePort();
    const quint16 portB = findFreePort();
    Config config = proxyConfig(portA, {serverAt(backend.address())});
    ListenerConfig second = config.listeners.constFirst();
    second.listen = QStringLiteral("127.0.0.1:%1").arg(portB);
    config.listeners << second;
    QVERIFY(engine.apply(config).ok());
    const QString listenerA = QStringLiteral("127.0.0.1:%1").arg(portA);
    const QString listenerB = QStringLiteral("127.0.0.1:%1").arg(portB);

    std::vector<std::unique_ptr<TestClient>> onA;
    std::vector<std::unique_ptr<TestClient>> onB;
    for (int i = 0; i < 5; ++i) {
        auto client = std::make_unique<TestClient>();
        QVERIFY(connectThrough(*client, i < 3 ? portA : portB, "ping\n"));
        QCOMPARE(client->readLine(), QByteArray("ping\n"));
        (i < 3 ? onA : onB).push_back(std::move(client));
    }
    QTRY_COMPARE_WITH_TIMEOUT(engine.sessions().size(), 5, listedWithinMs);
    QCOMPARE(sessionsOn(engine, listenerA).size(), 3);

    SessionFilter filter;
    filter.listener = listenerA;
    QCOMPARE(engine.closeSessions(filter, QStringLiteral("from the window")), 3);
    for (const auto &client : onA)
        QVERIFY(client->waitForClose(5000));
    QTRY_COMPARE_WITH_TIMEOUT(backend.peerClosed(), 3, 5000);
    QCOMPARE(log.count(QStringLiteral("closed by operator from the window")), 3);
    // Listener B's sessions were not touched: they still relay.
    QCOMPARE(sessionsOn(engine, listenerB).size(), 2);
    QCOMPARE(engine.sessions().size(), 2);
    for (const auto &client : onB) {
        QVERIFY(client->sendAll("again\n"));
        QCOMPARE(client->readLine(), QByteArray("again\n"));
    }
    QCOMPARE(backend.peerClosed(), 3);
}

void ApiSessionsTest::udpSessionIsListed()
{
    // A UDP "session" is a client address and port; the test's echo server answers.
    QUdpSocket server;
    QVERIFY(server.bind(QHostAddress::LocalHost, 0));
    connect(&server, &QUdpSocket::readyRead, &server, [&server] {
        while (server.hasPendingDatagrams()) {
            QHostAddress from;
            quint16 port = 0;
            QByteArray data(int(server.pendingDatagramSize()), Qt::Uninitialized);
            server.readDatagram(data.data(), data.size(), &from, &port);
            server.writeDatagram(data, from, port);
        }
    });
    Engine engine;
    LogCapture log(engine.errorLog());
    const quint16 port = findFreePort();
    QVERIFY(engine.apply(proxyConfig(port, {serverAt(QStringLiteral("127.0.0.1:%1").arg(server.localPort()))}, 1,
                                     ListenerConfig::Protocol::Udp)).ok());
    QUdpSocket client;
    QVERIFY(client.bind(QHostAddress::LocalHost, 0));
    client.writeDatagram("ping", QHostAddress::LocalHost, port);
    QTRY_VERIFY_WITH_TIMEOUT(client.hasPendingDatagrams(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(engine.sessions().size() == 1 && engine.sessions().constFirst().bytesToClient == 4, listedWithinMs);
    const SessionInfo session = engine.sessions().constFirst();
    QCOMPARE(session.protocol, QStringLiteral("udp"));
    QCOMPARE(session.client, QStringLiteral("127.0.0.1:%1").arg(client.localPort()));
    QCOMPARE(session.server, QStringLiteral("127.0.0.1:%1").arg(server.localPort()));
    QCOMPARE(session.bytesFromClient, quint64(4));

    SessionFilter filter;
    filter.protocol = QStringLiteral("udp");
    QCOMPARE(engine.closeSessions(filter, QStringLiteral("from the window")), 1);
    QVERIFY(engine.sessions().isEmpty());
    QCOMPARE(log.count(QStringLiteral("*%1 udp session closed by operator from the window").arg(session.number)), 1);
    QCOMPARE(engine.closedSessions().constLast().end, SessionEnd::ClosedByOperator);
}

void ApiSessionsTest::apiListsFiltersAndCloses()
{
    TestBackend backend(TestBackend::Mode::Hold);
    Engine engine;
    LogCapture log(engine.errorLog());
    const quint16 portA = findFreePort();
    const quint16 portB = findFreePort();
    const quint16 apiPort = findFreePort();
    Config config = proxyConfig(portA, {serverAt(backend.address())});
    ListenerConfig second = config.listeners.constFirst();
    second.listen = QStringLiteral("127.0.0.1:%1").arg(portB);
    config.listeners << second;
    config.api.listen = QStringLiteral("127.0.0.1:%1").arg(apiPort);
    const QByteArray readToken = ApiToken::generate();
    const QByteArray writeToken = ApiToken::generate();
    config.api.tokens << ApiTokenConfig{QStringLiteral("viewer"), ApiToken::digest(readToken), false}
                      << ApiTokenConfig{QStringLiteral("ops"), ApiToken::digest(writeToken), true};
    QVERIFY(engine.apply(config).ok());
    ApiServer api(&engine, nullptr);
    QCOMPARE(api.apply(config), QString());
    const QString listenerA = QStringLiteral("127.0.0.1:%1").arg(portA);
    const QString listenerB = QStringLiteral("127.0.0.1:%1").arg(portB);

    std::vector<std::unique_ptr<TestClient>> clients;
    for (int i = 0; i < 4; ++i) {
        clients.push_back(std::make_unique<TestClient>());
        QVERIFY(connectThrough(*clients.back(), i < 2 ? portA : portB, "abcd"));
    }
    auto allRelayed = [&engine] {
        const QList<SessionInfo> sessions = engine.sessions();
        return sessions.size() == 4
               && std::all_of(sessions.cbegin(), sessions.cend(), [](const SessionInfo &s) { return s.bytesToUpstream == 4; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allRelayed(), listedWithinMs);

    // Reading needs a token; any token reads.
    QCOMPARE(call(apiPort, "GET", QStringLiteral("/portier/v1/sessions")).status, 401);
    ApiReply reply = call(apiPort, "GET", QStringLiteral("/portier/v1/sessions"), readToken);
    QCOMPARE(reply.status, 200);
    QJsonArray list = reply.json().toArray();
    QCOMPARE(list.size(), 4);
    const QJsonObject first = list.at(0).toObject();
    QCOMPARE(first[QStringLiteral("protocol")].toString(), QStringLiteral("tcp"));
    QCOMPARE(first[QStringLiteral("server")].toString(), backend.address());
    QCOMPARE(first[QStringLiteral("group")].toString(), QStringLiteral("backend"));
    QCOMPARE(first[QStringLiteral("bytes_from_client")].toInteger(), 4);
    QVERIFY(first[QStringLiteral("client")].toString().startsWith(QStringLiteral("127.0.0.1:")));
    QVERIFY(first[QStringLiteral("age_ms")].toInteger() >= 0);

    reply = call(apiPort, "GET", QStringLiteral("/portier/v1/sessions?listener=%1").arg(listenerB), readToken);
    QCOMPARE(reply.status, 200);
    list = reply.json().toArray();
    QCOMPARE(list.size(), 2);
    for (const QJsonValue &s : std::as_const(list))
        QCOMPARE(s[QStringLiteral("listener")].toString(), listenerB);
    reply = call(apiPort, "GET", QStringLiteral("/portier/v1/sessions?server=%1&client=127.0.0.1").arg(backend.address()), readToken);
    QCOMPARE(reply.json().toArray().size(), 4);
    reply = call(apiPort, "GET", QStringLiteral("/portier/v1/sessions?colour=red"), readToken);
    QCOMPARE(reply.status, 400);
    QVERIFY2(reply.body.contains("unknown parameter \\\"colour\\\""), reply.body.constData());

    // Closing needs write access; a read token changes nothing.
    const QString firstClient = QStringLiteral("127.0.0.1:%1").arg(clients.front()->localPort());
    const QList<SessionInfo> ofFirst = engine.sessions(SessionFilter{{}, {}, {}, firstClient, {}});
    QCOMPARE(ofFirst.size(), 1);
    const quint64 one = ofFirst.constFirst().number;
    QCOMPARE(call(apiPort, "DELETE", QStringLiteral("/portier/v1/sessions/%1").arg(one)).status, 401);
    QCOMPARE(call(apiPort, "DELETE", QStringLiteral("/portier/v1/sessions/%1").arg(one), readToken).status, 403);
    QCOMPARE(call(apiPort, "DELETE", QStringLiteral("/portier/v1/sessions?listener=%1").arg(listenerB), readToken).status, 403);
    QCOMPARE(engine.sessions().size(), 4);
    QCOMPARE(backend.peerClosed(), 0);

    reply = call(apiPort, "DELETE", QStringLiteral("/portier/v1/sessions/%1").arg(one), writeToken);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json()[QStringLiteral("closed")].toInt(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(backend.peerClosed(), 1, 5000); // the backend saw EOF
    QVERIFY(clients.front()->waitForClose(5000)); // and the client too
    QCOMPARE(log.count(QStringLiteral("*%1 closed by operator through the API from 127.0.0.1").arg(one)), 1);
    QCOMPARE(call(apiPort, "DELETE", QStringLiteral("/portier/v1/sessions/%1").arg(one), writeToken).status, 404);
    QCOMPARE(call(apiPort, "GET", QStringLiteral("/portier/v1/sessions/%1").arg(one), readToken).status, 404);

    // A filterless DELETE is refused: closing everything must be said.
    QCOMPARE(call(apiPort, "DELETE", QStringLiteral("/portier/v1/sessions"), writeToken).status, 400);
    reply = call(apiPort, "DELETE", QStringLiteral("/portier/v1/sessions?listener=%1").arg(listenerB), writeToken);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json()[QStringLiteral("closed")].toInt(), 2);
    for (int i = 2; i < 4; ++i)
        QVERIFY(clients.at(size_t(i))->waitForClose(5000));
    QTRY_COMPARE_WITH_TIMEOUT(backend.peerClosed(), 3, 5000);
    QCOMPARE(engine.sessions().size(), 1); // listener A's other session stays

    reply = call(apiPort, "GET", QStringLiteral("/portier/v1/sessions/closed"), readToken);
    QCOMPARE(reply.status, 200);
    const QJsonArray closed = reply.json().toArray();
    QCOMPARE(closed.size(), 3);
    for (const QJsonValue &c : closed) {
        QCOMPARE(c[QStringLiteral("end")].toString(), QStringLiteral("closed-by-operator"));
        QCOMPARE(c[QStringLiteral("detail")].toString(), QStringLiteral("through the API from 127.0.0.1"));
    }
    QCOMPARE(closed.at(0)[QStringLiteral("id")].toInteger(), qint64(one));
}

QTEST_MAIN(ApiSessionsTest)
#include "tst_apisessions.moc"
