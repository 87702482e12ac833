// listen's rcvbuf= and sndbuf= as the engine really sets them (and where fastopen= is taken,
// whose queue length tst_listensocket reads back on Linux): the test finds the engine's
// listening sockets (TCP and UDP) in this process by their ports and reads SO_RCVBUF and
// SO_SNDBUF back. Systems round and cap the sizes (Linux doubles them up to
// net.core.rmem_max / wmem_max), so a size asked within the cap must read back at least as
// big, and bigger than what a listener without the option has.
#include "listeningsocketprobe.h"
#include "logcapture.h"
#include "testclient.h"
#include "testconfig.h"

#include <configvalidator.h>
#include <engine.h>

#include <QTest>

namespace Probe = ListeningSocketProbe;

namespace {

constexpr qint64 wanted = 1024 * 1024; // above every system's default listening buffer

// What the test asks for: a megabyte, or the system's cap where that is lower.
qint64 askedSize(bool receive)
{
    return qMin<qint64>(wanted, Probe::systemCap(receive));
}

QString firstIssue(const Engine::ApplyResult &result)
{
    return result.issues.isEmpty() ? QString() : result.issues.first().toString();
}

void addProtocolRows()
{
    QTest::addColumn<bool>("udp");
    QTest::newRow("tcp") << false;
    QTest::newRow("udp") << true;
}

} // namespace

class ListenSocketBuffersTest : public QObject
{
    Q_OBJECT

private slots:
    void buffersAreSetOnListeningSockets_data();
    void buffersAreSetOnListeningSockets();
    void reapplyChangesThemOnTheKeptSocket_data();
    void reapplyChangesThemOnTheKeptSocket();
    void fastOpenOnlyWhereItHasAQueue();
};

void ListenSocketBuffersTest::buffersAreSetOnListeningSockets_data()
{
    addProtocolRows();
}

void ListenSocketBuffersTest::buffersAreSetOnListeningSockets()
{
    QFETCH(bool, udp);
    const auto protocol = udp ? ListenerConfig::Protocol::Udp : ListenerConfig::Protocol::Tcp;
    const quint16 port = findFreePort();
    const quint16 plainPort = findFreePort();
    Config config = proxyConfig(port, QStringList{QStringLiteral("127.0.0.1:9")}, 1, protocol);
    config.listeners.first().socket.rcvbuf = askedSize(true);
    config.listeners.first().socket.sndbuf = askedSize(false);
    ListenerConfig plain = config.listeners.first(); // the system's sizes, for comparison
    plain.listen = QStringLiteral("127.0.0.1:%1").arg(plainPort);
    plain.socket = ListenSocketConfig();
    config.listeners << plain;
    Engine engine;
    LogCapture log(engine.errorLog());
    const Engine::ApplyResult result = engine.apply(config);
    QVERIFY2(result.ok(), qPrintable(firstIssue(result)));

    const Probe::Handle socket = Probe::find(port, udp);
    const Probe::Handle plainSocket = Probe::find(plainPort, udp);
    QVERIFY2(socket != Probe::none && plainSocket != Probe::none, "the engine's listening sockets were not found");
    const int receive = Probe::intOption(socket, SOL_SOCKET, SO_RCVBUF);
    const int send = Probe::intOption(socket, SOL_SOCKET, SO_SNDBUF);
    QVERIFY2(receive >= askedSize(true), qPrintable(QStringLiteral("SO_RCVBUF %1, asked %2").arg(receive).arg(askedSize(true))));
    QVERIFY2(send >= askedSize(false), qPrintable(QStringLiteral("SO_SNDBUF %1, asked %2").arg(send).arg(askedSize(false))));
    QVERIFY2(Probe::intOption(plainSocket, SOL_SOCKET, SO_RCVBUF) < receive, "the listener without rcvbuf has as much");
    QVERIFY2(Probe::intOption(plainSocket, SOL_SOCKET, SO_SNDBUF) < send, "the listener without sndbuf has as much");
}

void ListenSocketBuffersTest::reapplyChangesThemOnTheKeptSocket_data()
{
    addProtocolRows();
}

// An nginx reload sets rcvbuf and sndbuf on the sockets it keeps; so does a re-apply.
void ListenSocketBuffersTest::reapplyChangesThemOnTheKeptSocket()
{
    QFETCH(bool, udp);
    const auto protocol = udp ? ListenerConfig::Protocol::Udp : ListenerConfig::Protocol::Tcp;
    const quint16 port = findFreePort();
    Config config = proxyConfig(port, QStringList{QStringLiteral("127.0.0.1:9")}, 1, protocol);
    constexpr qint64 small = 8 * 1024;
    config.listeners.first().socket.rcvbuf = small;
    config.listeners.first().socket.sndbuf = small;
    Engine engine;
    LogCapture log(engine.errorLog());
    Engine::ApplyResult result = engine.apply(config);
    QVERIFY2(result.ok(), qPrintable(firstIssue(result)));
    const Probe::Handle socket = Probe::find(port, udp);
    QVERIFY(socket != Probe::none);
    const int receiveBefore = Probe::intOption(socket, SOL_SOCKET, SO_RCVBUF);
    const int sendBefore = Probe::intOption(socket, SOL_SOCKET, SO_SNDBUF);
    QVERIFY(receiveBefore >= small && receiveBefore < askedSize(true));
    QVERIFY(sendBefore >= small && sendBefore < askedSize(false));

    config.listeners.first().socket.rcvbuf = askedSize(true);
    config.listeners.first().socket.sndbuf = askedSize(false);
    result = engine.apply(config);
    QVERIFY2(result.ok(), qPrintable(firstIssue(result)));
    QCOMPARE(Probe::find(port, udp), socket); // the same socket
    QVERIFY2(Probe::intOption(socket, SOL_SOCKET, SO_RCVBUF) >= askedSize(true),
             qPrintable(QStringLiteral("SO_RCVBUF %1").arg(Probe::intOption(socket, SOL_SOCKET, SO_RCVBUF))));
    QVERIFY2(Probe::intOption(socket, SOL_SOCKET, SO_SNDBUF) >= askedSize(false),
             qPrintable(QStringLiteral("SO_SNDBUF %1").arg(Probe::intOption(socket, SOL_SOCKET, SO_SNDBUF))));

    // Left out again: nothing can give the socket back the system's own size, so it keeps
    // the one it has and the log says so.
    config.listeners.first().socket = ListenSocketConfig();
    result = engine.apply(config);
    QVERIFY2(result.ok(), qPrintable(firstIssue(result)));
    QCOMPARE(Probe::find(port, udp), socket);
    QCOMPARE(log.count(QStringLiteral("a removed rcvbuf or sndbuf leaves the running socket's buffer as it is")), 1);
}

// TCP_FASTOPEN takes nginx's queue length on Linux only (Windows' is an on/off switch): the
// validator refuses fastopen elsewhere, with the field and the fix, before anything binds.
void ListenSocketBuffersTest::fastOpenOnlyWhereItHasAQueue()
{
    Config config = proxyConfig(findFreePort(), QStringList{QStringLiteral("127.0.0.1:9")}, 1);
    config.listeners.first().socket.fastOpen = 16;
    const ConfigIssues issues = ConfigValidator::validate(config);
#if defined(Q_OS_LINUX)
    QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
#else
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues.first().path, QStringLiteral("listeners[0].socket.fastopen"));
    QVERIFY2(issues.first().message.contains(QStringLiteral("Portier sets TCP Fast Open on Linux only")), qPrintable(issues.first().message));
#endif
}

QTEST_GUILESS_MAIN(ListenSocketBuffersTest)
#include "tst_listensocketbuffers.moc"
