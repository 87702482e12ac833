// What the engine sets on a TCP session's two sockets, read back from the sockets themselves
// (found in this process by their ports): TCP_NODELAY on the client's and on the server's
// side, as nginx's tcp_nodelay (on by default) sets on both. On Linux the accepted socket
// inherits it from the listening socket, so the engine sets it there once instead of once
// per connection; this test is what says the inheritance holds.
#include "listeningsocketprobe.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"

#include <engine.h>

#include <QTest>

namespace Probe = ListeningSocketProbe;

class SessionSocketsTest : public QObject
{
    Q_OBJECT

private slots:
    void bothSidesHaveNoDelay_data();
    void bothSidesHaveNoDelay();
};

void SessionSocketsTest::bothSidesHaveNoDelay_data()
{
    QTest::addColumn<int>("workers");
    QTest::newRow("one worker") << 1;
    QTest::newRow("two workers") << 2;
}

void SessionSocketsTest::bothSidesHaveNoDelay()
{
    QFETCH(int, workers);
    TestBackend backend(TestBackend::Mode::Echo);
    QVERIFY(backend.isListening());
    const quint16 port = findFreePort();
    Engine engine;
    const Engine::ApplyResult result = engine.apply(proxyConfig(port, {serverAt(backend.address())}, workers));
    QVERIFY2(result.ok(), qPrintable(result.issues.isEmpty() ? QString() : result.issues.first().toString()));

    TestClient client;
    QVERIFY(client.connectTo(port));
    QVERIFY(client.sendAll("ping\n"));
    QCOMPARE(client.readLine(), QByteArray("ping\n")); // relayed: both sockets exist now

    const Probe::Handle accepted = Probe::findConnected(port, false);
    const Probe::Handle upstream = Probe::findConnected(backend.port(), true);
    QVERIFY2(accepted != Probe::none, "the engine's accepted socket was not found");
    QVERIFY2(upstream != Probe::none, "the engine's socket to the server was not found");
    // 1 when set, 0 when not, -1000 less the error code when it cannot be read.
    const int clientSide = Probe::intOption(accepted, IPPROTO_TCP, TCP_NODELAY);
    const int serverSide = Probe::intOption(upstream, IPPROTO_TCP, TCP_NODELAY);
    QVERIFY2(clientSide > 0, qPrintable(QStringLiteral("TCP_NODELAY on the client's side: %1").arg(clientSide)));
    QVERIFY2(serverSide > 0, qPrintable(QStringLiteral("TCP_NODELAY on the server's side: %1").arg(serverSide)));
}

QTEST_GUILESS_MAIN(SessionSocketsTest)
#include "tst_sessionsockets.moc"
