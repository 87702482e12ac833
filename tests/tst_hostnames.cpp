// Host names in server addresses: resolved without blocking the engine, a name's addresses
// become servers, and a name that does not resolve is an error in words, never a crash.
#include "logcapture.h"
#include "testconfig.h"
#include "portierdprocess.h"
#include "testbackend.h"
#include "testclient.h"

#include <engine.h>
#include <hostresolver.h>

#include <QFile>
#include <QHostInfo>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString unresolvable = QStringLiteral("portier-test.invalid"); // .invalid never resolves (RFC 2606)

} // namespace

class HostNamesTest : public QObject
{
    Q_OBJECT

private slots:
    void localhostReachesBackend();
    void unresolvableNameIsLoggedOthersServe();
    void checkReportsUnresolvableName();
    void hostNamesOfConfig();
};

void HostNamesTest::localhostReachesBackend()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("named"));
    const quint16 port = findFreePort();
    const QString address = QStringLiteral("localhost:%1").arg(backend.port());
    Engine engine;
    LogCapture log(engine.errorLog());
    const Config config = proxyConfig(port, QStringList{address}, 1);
    QVERIFY(engine.apply(config).ok()); // returns at once; the lookup runs on
    QTRY_VERIFY(log.count(QStringLiteral("host \"localhost\" resolved to")) == 1);

    // As nginx: one server per address the name has.
    const QList<QHostAddress> addresses = QHostInfo::fromName(QStringLiteral("localhost")).addresses();
    QTRY_COMPARE(engine.snapshot().servers.size(), addresses.size());
    for (int i = 0; i < 4; ++i) {
        TestClient client;
        QVERIFY(client.connectTo(port));
        // Any ::1 server refuses (the backend listens on 127.0.0.1) and the next is tried.
        QCOMPARE(client.readLine(), QByteArray("named\n"));
    }
    QVERIFY(engine.snapshot().servers.constFirst().address.startsWith(address)); // written as the user wrote it
}

void HostNamesTest::unresolvableNameIsLoggedOthersServe()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("ip"));
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(proxyConfig(port, QStringList{unresolvable + QStringLiteral(":80"), backend.address()}, 1)).ok());
    QTRY_COMPARE(log.count(QStringLiteral("host \"%1\" could not be resolved").arg(unresolvable)), 1);
    QVERIFY(log.matching(unresolvable).constFirst().contains(QStringLiteral("[error]")));
    for (int i = 0; i < 3; ++i) {
        TestClient client;
        QVERIFY(client.connectTo(port));
        QCOMPARE(client.readLine(), QByteArray("ip\n"));
    }
    bool reported = false;
    for (const ServerStats &server : engine.snapshot().servers) {
        if (server.address.startsWith(unresolvable)) {
            QCOMPARE(server.state, ServerStats::State::Unhealthy);
            QCOMPARE(server.lastCheck, QStringLiteral("host name not resolved"));
            reported = true;
        }
    }
    QVERIFY(reported);
}

void HostNamesTest::checkReportsUnresolvableName()
{
    const Config config = proxyConfig(30999, QStringList{unresolvable + QStringLiteral(":80")}, 1);
    const ConfigIssues issues = HostResolver::check(config);
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues[0].path, QStringLiteral("upstreams[0].servers[0].address"));
    QVERIFY(issues[0].message.contains(QStringLiteral("cannot be resolved")));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("{\"version\": 1, \"upstreams\": [{\"name\": \"b\", \"servers\": [{\"address\": \"%1:80\"}]}],"
                              " \"listeners\": [{\"listen\": \"127.0.0.1:30999\", \"proxy_pass\": \"b\"}]}")
                   .arg(unresolvable)
                   .toUtf8());
    file.close();
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--check"), QStringLiteral("--config"), path}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("upstreams[0].servers[0].address: host \"%1\" cannot be resolved").arg(unresolvable)),
             qPrintable(output));
}

void HostNamesTest::hostNamesOfConfig()
{
    Config config = proxyConfig(1, QStringList{QStringLiteral("a.example:1"), QStringLiteral("127.0.0.1:2"), QStringLiteral("[::1]:3")}, 1);
    ListenerConfig direct = config.listeners[0];
    direct.proxyPass = QStringLiteral("b.example:4");
    config.listeners << direct;
    QCOMPARE(HostResolver::hostNames(config), (QSet<QString>{QStringLiteral("a.example"), QStringLiteral("b.example")}));
}

QTEST_GUILESS_MAIN(HostNamesTest)
#include "tst_hostnames.moc"
