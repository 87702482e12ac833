// A listener that cannot bind says why in words that say what to do (BindFailure): the program
// holding the port is named (a real child process holds it), a privileged port refused to a
// user without the right is told apart from an address that is not this machine's and offers
// a free port above, and portierd run as nobody on a port below 1024 says so for real.
#include "errortext.h"
#include "portierdprocess.h"

#include <bindfailure.h>
#include <preflight.h>
#include <configjson.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#if defined(Q_OS_WIN)
#include <winsock2.h>
#else
#include <cerrno>
#include <unistd.h>
#endif

namespace {

#if defined(Q_OS_WIN)
constexpr int permissionDenied = WSAEACCES;
constexpr int addressNotAvailable = WSAEADDRNOTAVAIL;
constexpr int addressInUse = WSAEADDRINUSE;
#else
constexpr int permissionDenied = EACCES;
constexpr int addressNotAvailable = EADDRNOTAVAIL;
constexpr int addressInUse = EADDRINUSE;
#endif

const QString administratorWords = QStringLiteral("need administrator rights");

Net::Endpoint loopback(quint16 port)
{
    return Net::Endpoint{QHostAddress(QHostAddress::LocalHost), port};
}

// The portholder helper (tests/support/portholder.cpp) beside this executable, holding a port.
class PortHolder
{
public:
    ~PortHolder()
    {
        m_process.closeWriteChannel(); // it exits when stdin closes
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }

    bool start(const QString &protocol)
    {
        const QString program = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("portholder"));
        m_process.start(program, {protocol, QStringLiteral("60")});
        if (!m_process.waitForStarted(10000))
            return false;
        for (int i = 0; i < 50 && !m_process.canReadLine(); ++i) // bounded: 50 waits of up to 200 ms
            m_process.waitForReadyRead(200);
        const QByteArray line = m_process.readLine().trimmed();
        if (!line.startsWith("port "))
            return false;
        m_port = quint16(line.mid(5).toUInt());
        return m_port != 0;
    }

    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

Config oneListener(const QString &listen, ListenerConfig::Protocol protocol)
{
    Config config;
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    ServerConfig server;
    server.address = QStringLiteral("127.0.0.1:9");
    upstream.servers << server;
    config.upstreams << upstream;
    ListenerConfig listener;
    listener.listen = listen;
    listener.protocol = protocol;
    listener.proxyPass = QStringLiteral("backend");
    config.listeners << listener;
    return config;
}

} // namespace

class BindFailureTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(Net::startup()); }
    void classifies_data();
    void classifies();
    void privilegedPortSaysWhatGivesTheRightAndOffersAFreePort();
    void addressNotOnThisMachineHasItsOwnHint();
    void portInUseNamesTheProgramHoldingIt_data();
    void portInUseNamesTheProgramHoldingIt();
    void portierdAsNobodyOnAPrivilegedPort();
};

void BindFailureTest::classifies_data()
{
    QTest::addColumn<QString>("call");
    QTest::addColumn<int>("error");
    QTest::addColumn<int>("port");
    QTest::addColumn<int>("kind");
    const bool privilegedPorts = Net::unprivilegedPortStart() > 80;
    QTest::newRow("EACCES on 80") << QString() << permissionDenied << 80
                                  << int(privilegedPorts ? BindFailure::Kind::PrivilegedPort : BindFailure::Kind::Refused);
    QTest::newRow("EACCES on 8080") << QString() << permissionDenied << 8080 << int(BindFailure::Kind::Refused);
    QTest::newRow("EADDRNOTAVAIL on 80") << QString() << addressNotAvailable << 80 << int(BindFailure::Kind::NotOnThisMachine);
    QTest::newRow("EADDRINUSE on 80") << QString() << addressInUse << 80 << int(BindFailure::Kind::InUse);
    QTest::newRow("setsockopt refused") << QStringLiteral("setsockopt(SO_REUSEPORT)") << permissionDenied << 80 << int(BindFailure::Kind::SocketOption);
}

void BindFailureTest::classifies()
{
    QFETCH(QString, call);
    QFETCH(int, error);
    QFETCH(int, port);
    QFETCH(int, kind);
    QCOMPARE(int(BindFailure::classify(call, error, quint16(port))), kind);
}

void BindFailureTest::privilegedPortSaysWhatGivesTheRightAndOffersAFreePort()
{
    if (Net::unprivilegedPortStart() <= 80)
        QSKIP("any user may bind port 80 on this system (Windows, or ip_unprivileged_port_start lowered)");
    const QString message = BindFailure::describe(QString(), permissionDenied, loopback(80), false);
    QVERIFY2(message.startsWith(QStringLiteral("bind() to 127.0.0.1:80 failed (")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("ports below %1 need administrator rights").arg(Net::unprivilegedPortStart())), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("setcap 'cap_net_bind_service=+ep' ")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("run the installed service")), qPrintable(message));
    QVERIFY2(!message.contains(QStringLiteral("not an address of this machine")), qPrintable(message));
    // The port offered is above the limit and free: this process can listen on it.
    const qsizetype at = message.indexOf(QStringLiteral(", e.g. "));
    QVERIFY2(at > 0 && message.endsWith(QStringLiteral(" (free now)")), qPrintable(message));
    const int offered = message.mid(at + 7).section(u' ', 0, 0).toInt();
    QVERIFY2(offered >= Net::unprivilegedPortStart() && offered <= 65535, qPrintable(message));
    int error = 0;
    const Net::Socket socket = Net::listenTcp(loopback(quint16(offered)), 1, &error);
    QVERIFY2(socket != Net::invalidSocket, qPrintable(Net::errorString(error)));
    Net::close(socket);
}

void BindFailureTest::addressNotOnThisMachineHasItsOwnHint()
{
    const Net::Endpoint endpoint{QHostAddress(QStringLiteral("192.0.2.7")), 80};
    const QString message = BindFailure::describe(QString(), addressNotAvailable, endpoint, false);
    QVERIFY2(message.contains(QStringLiteral("192.0.2.7 is not an address of this machine; listen on one of its addresses")), qPrintable(message));
    QVERIFY2(!message.contains(administratorWords), qPrintable(message));
}

void BindFailureTest::portInUseNamesTheProgramHoldingIt_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("tcp") << QStringLiteral("tcp");
    QTest::newRow("udp") << QStringLiteral("udp");
}

void BindFailureTest::portInUseNamesTheProgramHoldingIt()
{
    QFETCH(QString, protocol);
    PortHolder holder;
    QVERIFY2(holder.start(protocol), "portholder did not start or said no port");
    const bool udp = protocol == u"udp";
    const Config config = oneListener(QStringLiteral("127.0.0.1:%1").arg(holder.port()),
                                      udp ? ListenerConfig::Protocol::Udp : ListenerConfig::Protocol::Tcp);
    ConfigIssue issue;
    const Net::Socket socket = Preflight::bind(config, 0, &issue);
    if (socket != Net::invalidSocket)
        Net::close(socket);
    QVERIFY(socket == Net::invalidSocket);
    QCOMPARE(issue.path, QStringLiteral("listeners[0].listen"));
    const QString expected = QStringLiteral("bind() to 127.0.0.1:%1%2 failed (%3): the port is in use by another program (portholder, pid %4); "
                                            "stop it or choose another port")
                                 .arg(holder.port())
                                 .arg(udp ? QStringLiteral(" (udp)") : QString(), ErrorText::addressInUse())
                                 .arg(holder.pid());
    QCOMPARE(issue.message, expected);
}

void BindFailureTest::portierdAsNobodyOnAPrivilegedPort()
{
#if defined(Q_OS_WIN)
    QSKIP("Windows has no privileged ports");
#else
    if (::geteuid() != 0)
        QSKIP("dropping to nobody needs root");
    const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    if (setpriv.isEmpty())
        QSKIP("setpriv (util-linux) is not installed");
    const int limit = Net::unprivilegedPortStart();
    if (limit < 2)
        QSKIP("ip_unprivileged_port_start lets any user bind every port here");
    // A privileged port nobody holds now (root may bind it: the test runs as root).
    quint16 port = 0;
    for (int candidate = limit - 1; candidate > 0 && candidate >= limit - 200 && port == 0; --candidate) {
        int error = 0;
        const Net::Socket socket = Net::listenTcp(loopback(quint16(candidate)), 1, &error);
        if (socket != Net::invalidSocket) {
            Net::close(socket);
            port = quint16(candidate);
        }
    }
    QVERIFY2(port != 0, "no free port below the privileged limit");
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther));
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    QString error;
    QVERIFY2(ConfigJson::save(oneListener(QStringLiteral("127.0.0.1:%1").arg(port), ListenerConfig::Protocol::Tcp), path, &error), qPrintable(error));
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(setpriv, {QStringLiteral("--reuid=nobody"), QStringLiteral("--regid=nogroup"), QStringLiteral("--clear-groups"),
                            QStringLiteral("--inh-caps=-all"), PortierdProcess::binary(), QStringLiteral("--check"), QStringLiteral("--config"), path});
    QVERIFY2(process.waitForFinished(30000), "portierd --check as nobody did not finish");
    const QString output = QString::fromUtf8(process.readAll());
    QCOMPARE(process.exitCode(), 1);
    QVERIFY2(output.contains(QStringLiteral("listeners[0].listen: bind() to 127.0.0.1:%1 failed (13: Permission denied): ports below %2 need "
                                            "administrator rights")
                                 .arg(port)
                                 .arg(limit)),
             qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("setcap 'cap_net_bind_service=+ep' ")), qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("(free now)")), qPrintable(output));
#endif
}

QTEST_GUILESS_MAIN(BindFailureTest)
#include "tst_bindfailure.moc"
