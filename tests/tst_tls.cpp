// TLS termination end to end, in process: a real Engine with its worker threads, real
// backends, and real `openssl s_client` processes (and a small OpenSSL client of the test's
// own where s_client cannot half-close). Certificates are made by `openssl req` into a
// temporary folder; the certificate tools and the checks behind `portierd --check` are
// tried on good and bad files alike.
#include "errortext.h"
#include "issuetext.h"
#include "logcapture.h"
#include "opensslprocess.h"
#include "portierdprocess.h"
#include "testbackend.h"
#include "testclient.h"
#include "testsocket.h"

#include <configjson.h>
#include <configvalidator.h>
#include <engine.h>
#include <tls/certificatecommand.h>
#include <tls/certificatetools.h>
#include <tls/tlschecks.h>

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QCryptographicHash>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <openssl/err.h>
#include <openssl/ssl.h>

#if !defined(_WIN32)
#include <sys/stat.h>
#endif

namespace {

constexpr int processTimeoutMs = opensslTimeoutMs;

struct Pair
{
    QString certificate;
    QString key;
    QString passphrase; // file; empty: the key is not encrypted
};

enum class KeyKind { Rsa, Ecdsa };

// A self-signed certificate made by `openssl req`, optionally with a passphrase-protected key.
Pair makeCertificate(const QString &dir, const QString &name, const QString &commonName, KeyKind kind = KeyKind::Rsa,
                     const QByteArray &passphrase = QByteArray(), const QString &altNames = QStringLiteral("DNS:localhost,IP:127.0.0.1"))
{
    Pair pair;
    pair.certificate = dir + u'/' + name + QStringLiteral(".crt");
    pair.key = dir + u'/' + name + QStringLiteral(".key");
    QStringList arguments{QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-days"), QStringLiteral("90"),
                          QStringLiteral("-subj"), QStringLiteral("/CN=") + commonName,
                          QStringLiteral("-addext"), QStringLiteral("subjectAltName=") + altNames,
                          QStringLiteral("-keyout"), pair.key, QStringLiteral("-out"), pair.certificate};
    if (kind == KeyKind::Rsa)
        arguments << QStringLiteral("-newkey") << QStringLiteral("rsa:2048");
    else
        arguments << QStringLiteral("-newkey") << QStringLiteral("ec") << QStringLiteral("-pkeyopt") << QStringLiteral("ec_paramgen_curve:P-256");
    if (passphrase.isEmpty()) {
        arguments << QStringLiteral("-noenc");
    } else {
        arguments << QStringLiteral("-passout") << QStringLiteral("pass:") + QString::fromLatin1(passphrase);
        pair.passphrase = dir + u'/' + name + QStringLiteral(".pass");
        QFile file(pair.passphrase);
        if (file.open(QIODevice::WriteOnly))
            file.write(passphrase + '\n');
    }
    const OpensslRun run = runOpenssl(arguments);
    if (run.exitCode != 0)
        qWarning("openssl req failed: %s", qPrintable(run.output));
    return pair;
}

Config tlsConfig(quint16 port, const QString &backend, const Pair &pair)
{
    Config config;
    config.workers = 2;
    config.errorLog.level = QStringLiteral("info");
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    ServerConfig server;
    server.address = backend;
    upstream.servers << server;
    config.upstreams << upstream;
    CertificateConfig certificate;
    certificate.name = QStringLiteral("site");
    certificate.certificateFile = pair.certificate;
    certificate.keyFile = pair.key;
    certificate.passphraseFile = pair.passphrase;
    config.certificates << certificate;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:") + QString::number(port);
    listener.proxyPass = QStringLiteral("backend");
    listener.ssl.enabled = true;
    listener.ssl.certificate = QStringLiteral("site");
    config.listeners << listener;
    return config;
}

QString connectArgument(quint16 port)
{
    return QStringLiteral("127.0.0.1:") + QString::number(port);
}

// s_client's "New, TLSv1.2, ..." / "Reused, TLSv1.2, ..." lines, in order.
QStringList sessionLines(const QString &output)
{
    QStringList lines;
    static const QRegularExpression re(QStringLiteral("^(New|Reused), (TLSv1\\.[23])"), QRegularExpression::MultilineOption);
    for (auto it = re.globalMatch(output); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        lines << match.captured(1) + u' ' + match.captured(2);
    }
    return lines;
}

// One s_client session that sends a line, waits for the echo and then closes: long enough
// for TLS 1.3 session tickets (sent after the handshake) to arrive for -sess_out.
OpensslRun exchangeLine(const QStringList &arguments)
{
    return runOpenssl(arguments, "ping-through-tls\n", processTimeoutMs, QStringLiteral("ping-through-tls"));
}

// s_client -reconnect over TLS 1.2: a full handshake, then five reconnects with its session;
// the six session lines.
QStringList reconnectSessions(quint16 port, const QStringList &extraArguments = QStringList())
{
    return sessionLines(runOpenssl(QStringList{QStringLiteral("s_client"), QStringLiteral("-connect"), connectArgument(port), QStringLiteral("-tls1_2"),
                                               QStringLiteral("-reconnect")}
                                   + extraArguments)
                            .output);
}

// A blocking TLS client of the test's own, for what s_client cannot do: send close_notify
// and keep reading (a TLS half-close), and tell a close_notify from a bare FIN.
class TlsTestClient
{
public:
    TlsTestClient() : m_context(SSL_CTX_new(TLS_client_method())) {}
    ~TlsTestClient()
    {
        if (m_ssl)
            SSL_free(m_ssl);
        if (m_socket != testInvalidSocket)
            testCloseSocket(m_socket);
        SSL_CTX_free(m_context);
    }

    bool connectTo(quint16 port, int version, int receiveBuffer = 0)
    {
        SSL_CTX_set_min_proto_version(m_context, version);
        SSL_CTX_set_max_proto_version(m_context, version);
        m_socket = ::socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (receiveBuffer > 0) // a small window makes a slow reader
            testSetIntOption(m_socket, SOL_SOCKET, SO_RCVBUF, receiveBuffer);
        testSetReceiveTimeout(m_socket, 10);
        testSetSendTimeout(m_socket, 30); // an upload the proxy stopped reading fails, not hangs
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_socket, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0)
            return false;
        m_ssl = SSL_new(m_context);
        SSL_set_fd(m_ssl, m_socket);
        return SSL_connect(m_ssl) == 1;
    }
    bool writeAll(const QByteArray &data)
    {
        for (qsizetype done = 0; done < data.size();) {
            const int n = SSL_write(m_ssl, data.constData() + done, int(qMin<qsizetype>(data.size() - done, 1 << 20)));
            if (n <= 0)
                return false;
            done += n;
        }
        return true;
    }
    bool sendCloseNotify() { return SSL_shutdown(m_ssl) >= 0; }
    // Reads and discards up to max bytes; returns how many arrived before the stream ended.
    qint64 drain(qint64 max)
    {
        qint64 total = 0;
        char buffer[16384];
        while (total < max) {
            const int n = SSL_read(m_ssl, buffer, int(qMin<qint64>(sizeof(buffer), max - total)));
            if (n <= 0)
                break;
            total += n;
        }
        ERR_clear_error();
        return total;
    }
    // Reads until the stream ends; *cleanEnd: it ended with the server's close_notify.
    QByteArray readToEnd(bool *cleanEnd)
    {
        QByteArray data;
        char buffer[16384];
        for (;;) {
            const int n = SSL_read(m_ssl, buffer, sizeof(buffer));
            if (n > 0) {
                data.append(buffer, n);
                continue;
            }
            *cleanEnd = SSL_get_error(m_ssl, n) == SSL_ERROR_ZERO_RETURN;
            ERR_clear_error();
            return data;
        }
    }

private:
    SSL_CTX *m_context;
    SSL *m_ssl = nullptr;
    TestSocketHandle m_socket = testInvalidSocket;
};

// Writes size bytes of TestBackend::pattern(seed) through the client in writes of chunk
// bytes, then close_notify: the SHA-256 of what was written, empty when a write failed.
QByteArray uploadPattern(TlsTestClient &client, quint32 seed, qint64 size, qint64 chunk)
{
    QCryptographicHash sent(QCryptographicHash::Sha256);
    for (qint64 offset = 0; offset < size; offset += chunk) {
        const QByteArray data = TestBackend::pattern(seed, offset, chunk);
        sent.addData(data);
        if (!client.writeAll(data))
            return QByteArray();
    }
    return client.sendCloseNotify() ? sent.result() : QByteArray();
}

// The listener's stats in the snapshot (valid as long as the snapshot). A listener missing
// from it stops the test with that message, instead of a null pointer read in a QTRY_*.
const ListenerStats *statsFor(const StatsSnapshot &snapshot, quint16 port)
{
    for (const ListenerStats &stats : snapshot.listeners) {
        if (stats.listen.endsWith(u':' + QString::number(port)))
            return &stats;
    }
    qFatal("no listener on port %d in the engine's stats", int(port));
}

} // namespace

class TlsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    // Termination and relaying.
    void relaysByteExact_data();
    void relaysByteExact();
    void halfCloseMapsToCloseNotify_data();
    void halfCloseMapsToCloseNotify();
    void upstreamCloseSendsCloseNotify();
    void slowTlsReaderStaysBounded();
    void tlsUploadIsByteExact();
    void tlsUploadPastTheReadLimitIsByteExact();
    void clientBytesSentWhileTheUpstreamConnectsArrive();
    void proxyTimeoutAppliesThroughTls();

    // Sessions.
    void tls12ResumesFromCache();
    void ticketsResumeWithoutCache();
    void noCacheNoTicketsIsNew();
    void tls13ResumesFromSessionFile();
    void sessionTimeoutExpires();
    void reapplyKeepsSessions();

    // Limits and failures.
    void protocolLimits_data();
    void protocolLimits();
    void cipherListHonoured();
    void handshakeTimeoutClosesAndCounts();
    void clientCertificateRequired();
    void badCertificateRefusesApplyOthersKeepServing();

    // Checks behind --check, and the certificate tools.
    void checksRefuseBadInput_data();
    void checksRefuseBadInput();
    void checksWarnBeforeExpiry();
    void generatedCertificateVerifies_data();
    void generatedCertificateVerifies();
    void certInfoCommand();
    void generateCommandRefusesBadArguments();

    // The article's second config, as a JSON file, through the real portierd.
    void articleTlsConfig();

private:
    QTemporaryDir m_dir;
    Pair m_rsa;
};

void TlsTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const OpensslRun version = runOpenssl({QStringLiteral("version")});
    QVERIFY2(version.exitCode == 0, "the openssl command is missing: scripts/test.sh installs it"); // fails, never skips
    m_rsa = makeCertificate(m_dir.path(), QStringLiteral("rsa"), QStringLiteral("localhost"));
    QVERIFY(QFile::exists(m_rsa.certificate));
}

void TlsTest::relaysByteExact_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("passphrase");
    QTest::newRow("RSA") << int(KeyKind::Rsa) << QByteArray();
    QTest::newRow("ECDSA") << int(KeyKind::Ecdsa) << QByteArray();
    QTest::newRow("RSA, key with a passphrase") << int(KeyKind::Rsa) << QByteArray("correct horse");
    QTest::newRow("ECDSA, key with a passphrase") << int(KeyKind::Ecdsa) << QByteArray("battery staple");
}

void TlsTest::relaysByteExact()
{
    QFETCH(int, kind);
    QFETCH(QByteArray, passphrase);
    const Pair pair = makeCertificate(m_dir.path(), QStringLiteral("exact%1%2").arg(kind).arg(passphrase.size()), QStringLiteral("localhost"),
                                      KeyKind(kind), passphrase);
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    const Engine::ApplyResult applied = engine.apply(tlsConfig(port, backend.address(), pair));
    QVERIFY2(applied.ok(), qPrintable(describe(applied.issues)));

    // -quiet: stdout carries exactly the bytes echoed back through the TLS listener.
    const QByteArray payload = TestBackend::pattern(7, 0, 768 * 1024);
    const OpensslStdout client = readOpensslStdout({QStringLiteral("s_client"), QStringLiteral("-connect"), connectArgument(port), QStringLiteral("-quiet"),
                                                    QStringLiteral("-nocommands"), QStringLiteral("-CAfile"), pair.certificate},
                                                   payload, [&](const QByteArray &data) { return data.size() >= payload.size(); });
    QVERIFY(client.started);
    const QByteArray &received = client.data;
    // On a short read, the listener's counters tell whether the proxy relayed the bytes.
    QVERIFY2(received.size() == payload.size(),
             qPrintable(QStringLiteral("%1 of %2 bytes came out of openssl; the listener had %3 bytes from the client and %4 to it")
                            .arg(received.size()).arg(payload.size())
                            .arg(statsFor(engine.snapshot(), port)->bytesFromClients).arg(statsFor(engine.snapshot(), port)->bytesToClients)));
    QVERIFY(received == payload);
    QTRY_VERIFY(statsFor(engine.snapshot(), port)->tlsHandshakes == 1);
    QCOMPARE(statsFor(engine.snapshot(), port)->tlsHandshakeFailures, quint64(0));
    QVERIFY2(log.count(QStringLiteral("SSL handshake done: TLSv1.3")) == 1, qPrintable(log.lines().join(u'\n')));
}

void TlsTest::halfCloseMapsToCloseNotify_data()
{
    QTest::addColumn<int>("version");
    QTest::newRow("TLSv1.2") << TLS1_2_VERSION;
    QTest::newRow("TLSv1.3") << TLS1_3_VERSION;
}

void TlsTest::halfCloseMapsToCloseNotify()
{
    // The client's close_notify reaches the backend as a FIN; the backend's answer, sent after
    // it, still reaches the client, and its FIN comes back as close_notify.
    QFETCH(int, version);
    TestBackend backend(TestBackend::Mode::ReplyAfterEof);
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(tlsConfig(port, backend.address(), m_rsa)).ok());

    TlsTestClient client;
    QVERIFY(client.connectTo(port, version));
    QVERIFY(client.writeAll(TestBackend::pattern(3, 0, 100000)));
    QVERIFY(client.sendCloseNotify());
    bool cleanEnd = false;
    const QByteArray answer = client.readToEnd(&cleanEnd);
    QCOMPARE(answer, QByteArray("got 100000 bytes\n"));
    QVERIFY2(cleanEnd, "the backend's FIN should arrive as close_notify");
    QTRY_COMPARE(log.count(QStringLiteral("client disconnected")), 1);
}

void TlsTest::upstreamCloseSendsCloseNotify()
{
    TestBackend backend(TestBackend::Mode::Source);
    backend.sourceBytes = 3 * 1024 * 1024;
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(tlsConfig(port, backend.address(), m_rsa)).ok());

    TlsTestClient client;
    QVERIFY(client.connectTo(port, TLS1_3_VERSION));
    bool cleanEnd = false;
    const QByteArray data = client.readToEnd(&cleanEnd);
    QCOMPARE(data.size(), backend.sourceBytes);
    QVERIFY(data == QByteArray(backend.sourceBytes, 'x'));
    QVERIFY(cleanEnd);
    QVERIFY(client.sendCloseNotify()); // the other direction ends too: the session is done
    QTRY_COMPARE(log.count(QStringLiteral("upstream disconnected")), 1);
}

void TlsTest::slowTlsReaderStaysBounded()
{
#if defined(Q_OS_WIN)
    QSKIP("measures portierd's resident size in /proc/PID/status (Linux only)");
#endif
    // Backpressure through TLS: a client that stops reading while the backend pushes 64 MB.
    // portierd must stop reading from the backend instead of buffering (bound: 16 MiB of
    // growth, against at most one read per direction plus one TLS record in OpenSSL).
    QVERIFY2(QFile::exists(PortierdProcess::binary()), "portierd is not built ($PORTIERD): run the tests through ctest"); // fails, never skips
    constexpr qint64 total = 64LL * 1024 * 1024;
    constexpr qint64 boundKiB = 16 * 1024;
    TestBackend source(TestBackend::Mode::Source);
    source.sourceBytes = total;
    const quint16 port = findFreePort();
    Config config = tlsConfig(port, source.address(), m_rsa);
    config.errorLog.level = QStringLiteral("notice");
    const QString path = m_dir.filePath(QStringLiteral("slow-reader.json"));
    QString saveError;
    QVERIFY2(ConfigJson::save(config, path, &saveError), qPrintable(saveError));
    PortierdProcess portierd;
    QVERIFY(portierd.start({QStringLiteral("--config"), path}));
    QVERIFY2(portierd.waitForOutput(QStringLiteral("listening on")), qPrintable(portierd.output()));
    const qint64 baseline = portierd.residentKiB();
    QVERIFY(baseline > 0);

    TlsTestClient client;
    QVERIFY(client.connectTo(port, TLS1_3_VERSION, 64 * 1024));
    source.waitUntilSendingStalls();
    QVERIFY2(source.sentBytes() < total / 4, qPrintable(QStringLiteral("backend sent %1 bytes to a client that reads nothing").arg(source.sentBytes())));
    const qint64 grown = portierd.residentKiB() - baseline;
    QVERIFY2(grown < boundKiB, qPrintable(QStringLiteral("portierd grew by %1 KiB").arg(grown)));

    QCOMPARE(client.drain(total), total);
#if defined(__SANITIZE_ADDRESS__)
    // Built with AddressSanitizer (scripts/test-sanitizers.sh), portierd keeps freed buffers
    // resident in its quarantine (up to 256 MiB) to catch use after free: after 64 MiB have
    // passed, its size no longer says what Portier holds. The stall above was measured.
    QVERIFY(portierd.terminate());
    QSKIP("resident size after the transfer: AddressSanitizer's quarantine keeps freed buffers");
#endif
    QVERIFY(portierd.residentKiB() - baseline < boundKiB);
    QVERIFY(portierd.terminate());
}

void TlsTest::tlsUploadIsByteExact()
{
    // A TLS source read ahead: 32 MiB up in 1 MiB SSL_writes, so one recv() takes several
    // 16 KiB records and OpenSSL keeps what the relay has not asked for yet, while the
    // backend (hashing every byte) makes the relay stop and resume reading now and then.
    // Every byte must arrive, in order; none may stay stranded inside OpenSSL.
    constexpr qint64 size = 32 * 1024 * 1024;
    constexpr qint64 chunk = 1024 * 1024;
    TestBackend backend(TestBackend::Mode::Exchange);
    const quint16 port = findFreePort();
    Engine engine;
    QVERIFY(engine.apply(tlsConfig(port, backend.address(), m_rsa)).ok());
    TlsTestClient client;
    QVERIFY(client.connectTo(port, TLS1_3_VERSION));
    const QByteArray sent = uploadPattern(client, 5, size, chunk);
    QVERIFY(!sent.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(backend.receivedBytes(), size, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(backend.receivedDigest().toHex(), sent.toHex(), 10000);
}

void TlsTest::tlsUploadPastTheReadLimitIsByteExact()
{
    // The backend reads nothing for half a second, so megabytes of records pile up in the
    // client's socket (a 4 MiB receive buffer); once it reads, faster than the relay (it
    // hashes at the end), readiness reports find more than the relay's 16 reads per event
    // take (instrumented while writing this test: about 20 times a run). Past them the relay
    // takes only what OpenSSL already holds (TlsConnection::readBuffered, whose own test is
    // tst_tlsconnection) and leaves the socket for a re-armed report: nothing may be lost or
    // stall. Records of 10,000 bytes, so reads and records do not line up.
    constexpr qint64 chunk = 10000;
    constexpr qint64 size = 3200 * chunk;
    TestBackend backend(TestBackend::Mode::Exchange);
    backend.exchangeReadDelayMs = 500;
    backend.exchangeHashesAtEnd = true;
    const quint16 port = findFreePort();
    Engine engine;
    Config config = tlsConfig(port, backend.address(), m_rsa);
    // A receive buffer larger than the 16 reads of 64 KiB (the system's 128 KiB default is
    // drained in fewer), capped by net.core.rmem_max.
    config.listeners[0].socket.rcvbuf = 4 * 1024 * 1024;
    QVERIFY(engine.apply(config).ok());
    TlsTestClient client;
    QVERIFY(client.connectTo(port, TLS1_2_VERSION));
    const QByteArray sent = uploadPattern(client, 6, size, chunk);
    QVERIFY(!sent.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(backend.receivedBytes(), size, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(backend.receivedDigest().toHex(), sent.toHex(), 10000);
}

void TlsTest::clientBytesSentWhileTheUpstreamConnectsArrive()
{
#if !defined(Q_OS_LINUX)
    QSKIP("holds the proxy's connect open with a full accept queue, where Linux drops the SYN (Windows answers it with a reset)");
#else
    // On Linux a TLS client side is edge-triggered: bytes that arrive while the upstream
    // connect is still open raise their one edge then, and the session must read them once
    // connected, or they wait for bytes that may never come. The connect is held open by a
    // full accept queue: with a backlog of 1 Linux queues two connections, two fillers the
    // test has not accepted take both places (a backlog of 0 would need SYN cookies), the
    // proxy's SYN is dropped until the test makes room, and its retransmission, one second
    // on, succeeds.
    const TestSocketHandle listening = testSocket(SOCK_STREAM, IPPROTO_TCP);
    QVERIFY(listening != testInvalidSocket);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::bind(listening, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
    QCOMPARE(::listen(listening, 1), 0);
    socklen_t length = sizeof(address);
    QCOMPARE(::getsockname(listening, reinterpret_cast<sockaddr *>(&address), &length), 0);
    testSetReceiveTimeout(listening, 10); // bounds accept() too
    TestSocketHandle fillers[2];
    for (TestSocketHandle &filler : fillers) {
        filler = testSocket(SOCK_STREAM, IPPROTO_TCP);
        testSetSendTimeout(filler, 10); // bounds connect() too
        QCOMPARE(::connect(filler, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
    }

    const quint16 port = findFreePort();
    Engine engine;
    QVERIFY(engine.apply(tlsConfig(port, QStringLiteral("127.0.0.1:") + QString::number(ntohs(address.sin_port)), m_rsa)).ok());
    TlsTestClient client;
    QVERIFY(client.connectTo(port, TLS1_3_VERSION));
    QElapsedTimer sinceHandshake;
    sinceHandshake.start();
    // Only once the proxy has finished its side of the handshake (and so started the
    // connect): bytes sent before that could come in the handshake's last read and be
    // buffered inside OpenSSL, which connected() reads anyway.
    QTRY_COMPARE(statsFor(engine.snapshot(), port)->tlsHandshakes, quint64(1));
    const QByteArray line = "sent while the proxy connects\n";
    QVERIFY(client.writeAll(line));

    // The queue is first in, first out: the two fillers, then the proxy's connection.
    for (int i = 0; i < 2; ++i) {
        const TestSocketHandle queued = testAccept(listening);
        QVERIFY(queued != testInvalidSocket);
        testCloseSocket(queued);
    }
    const TestSocketHandle upstream = testAccept(listening);
    for (TestSocketHandle filler : fillers)
        testCloseSocket(filler);
    QVERIFY(upstream != testInvalidSocket);
    const qint64 connectMs = sinceHandshake.elapsed();
    testCloseSocket(listening);
    // The scenario held: the connect was still open when the client's bytes came.
    QVERIFY2(connectMs >= 500, qPrintable(QStringLiteral("the proxy connected %1 ms after the handshake").arg(connectMs)));

    testSetReceiveTimeout(upstream, 10);
    QByteArray received;
    char buffer[256];
    while (received.size() < line.size()) {
        const auto n = ::recv(upstream, buffer, sizeof buffer, 0);
        if (n <= 0)
            break;
        received.append(buffer, int(n));
    }
    QCOMPARE(received, line);
    QVERIFY(testSendAll(upstream, "answer\n", 7));
    ::shutdown(upstream, testShutWrite);
    QVERIFY(client.sendCloseNotify());
    bool cleanEnd = false;
    QCOMPARE(client.readToEnd(&cleanEnd), QByteArray("answer\n"));
    testCloseSocket(upstream);
#endif
}

void TlsTest::proxyTimeoutAppliesThroughTls()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    Config config = tlsConfig(port, backend.address(), m_rsa);
    config.listeners[0].proxyTimeoutMs = 400;
    QVERIFY(engine.apply(config).ok());

    TlsTestClient client;
    QVERIFY(client.connectTo(port, TLS1_3_VERSION));
    QVERIFY(client.writeAll("one line\n"));
    bool cleanEnd = true;
    QCOMPARE(client.readToEnd(&cleanEnd), QByteArray("one line\n")); // then idle until the timeout closes it
    QTRY_COMPARE(log.count(QStringLiteral("Connection timed out (%1) while proxying connection").arg(ErrorText::timedOut())), 1);
    QTRY_COMPARE(statsFor(engine.snapshot(), port)->activeConnections, quint64(0)); // counted down just after the log line
}

void TlsTest::tls12ResumesFromCache()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    Config config = tlsConfig(port, backend.address(), m_rsa);
    config.listeners[0].ssl.sessionCache = QStringLiteral("shared:SSL:10m");
    config.listeners[0].ssl.sessionTickets = false; // session IDs only: the cache must do it
    QVERIFY(engine.apply(config).ok());
    runOpenssl({QStringLiteral("s_client"), QStringLiteral("-connect"), connectArgument(port)}); // warms OpenSSL up in the workers

    const QStringList lines = reconnectSessions(port, {QStringLiteral("-no_ticket")});
    QCOMPARE(lines.size(), 6);
    QCOMPARE(lines.first(), QStringLiteral("New TLSv1.2"));
    // The five reconnects resume, whichever worker accepts them. (A reconnect can in principle
    // overtake the server's cache insert, which OpenSSL does just after sending Finished.)
    QVERIFY2(lines.count(QStringLiteral("Reused TLSv1.2")) >= 4, qPrintable(lines.join(u'\n')));
    QTRY_VERIFY(statsFor(engine.snapshot(), port)->tlsSessionsReused >= 4);
}

void TlsTest::ticketsResumeWithoutCache()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    Config config = tlsConfig(port, backend.address(), m_rsa);
    config.listeners[0].ssl.sessionCache = QStringLiteral("off");
    config.listeners[0].ssl.sessionTickets = true;
    QVERIFY(engine.apply(config).ok());

    const QStringList lines = reconnectSessions(port);
    QCOMPARE(lines.size(), 6);
    QCOMPARE(lines.count(QStringLiteral("Reused TLSv1.2")), 5);
}

void TlsTest::noCacheNoTicketsIsNew()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    Config config = tlsConfig(port, backend.address(), m_rsa);
    config.listeners[0].ssl.sessionCache = QStringLiteral("none");
    config.listeners[0].ssl.sessionTickets = false;
    QVERIFY(engine.apply(config).ok());

    const QStringList lines = reconnectSessions(port);
    QCOMPARE(lines.size(), 6);
    QCOMPARE(lines.count(QStringLiteral("New TLSv1.2")), 6);
    QCOMPARE(statsFor(engine.snapshot(), port)->tlsSessionsReused, quint64(0));
}

void TlsTest::tls13ResumesFromSessionFile()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    Config config = tlsConfig(port, backend.address(), m_rsa);
    config.listeners[0].ssl.sessionCache = QStringLiteral("shared:SSL:10m");
    QVERIFY(engine.apply(config).ok());

    const QString session = m_dir.filePath(QStringLiteral("tls13.session"));
    const QStringList base{QStringLiteral("s_client"), QStringLiteral("-connect"), connectArgument(port), QStringLiteral("-tls1_3")};
    const OpensslRun first = exchangeLine(base + QStringList{QStringLiteral("-sess_out"), session});
    QVERIFY2(sessionLines(first.output) == QStringList{QStringLiteral("New TLSv1.3")}, qPrintable(first.output));
    QVERIFY(QFile::exists(session));
    const OpensslRun second = exchangeLine(base + QStringList{QStringLiteral("-sess_in"), session});
    QVERIFY2(sessionLines(second.output) == QStringList{QStringLiteral("Reused TLSv1.3")}, qPrintable(second.output));
    QVERIFY(second.output.contains(QStringLiteral("ping-through-tls")));
}

void TlsTest::sessionTimeoutExpires()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    Config config = tlsConfig(port, backend.address(), m_rsa);
    config.listeners[0].ssl.sessionCache = QStringLiteral("builtin:1000");
    // Long enough for the second client to start and resume within it: OpenSSL counts
    // whole seconds from the first handshake, and a client program can take a second to
    // start (openssl.exe under Wine: 0.5-1.4 s, and with 1 s the resumption had expired).
    config.listeners[0].ssl.sessionTimeoutMs = 3000;
    QVERIFY(engine.apply(config).ok());

    const QString session = m_dir.filePath(QStringLiteral("short.session"));
    const QStringList base{QStringLiteral("s_client"), QStringLiteral("-connect"), connectArgument(port), QStringLiteral("-tls1_2")};
    QCOMPARE(sessionLines(exchangeLine(base + QStringList{QStringLiteral("-sess_out"), session}).output), QStringList{QStringLiteral("New TLSv1.2")});
    QCOMPARE(sessionLines(exchangeLine(base + QStringList{QStringLiteral("-sess_in"), session}).output), QStringList{QStringLiteral("Reused TLSv1.2")});
    // The timeout is what is under test: let it pass (OpenSSL counts whole seconds).
    QThread::msleep(4500);
    QCOMPARE(sessionLines(exchangeLine(base + QStringList{QStringLiteral("-sess_in"), session}).output), QStringList{QStringLiteral("New TLSv1.2")});
}

void TlsTest::reapplyKeepsSessions()
{
    // A re-apply that leaves a TLS listener's settings alone keeps its SSL_CTX, so sessions
    // made before it resume after it; one that changes them starts a new cache.
    TestBackend backend(TestBackend::Mode::Echo);
    TestBackend other(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    Config config = tlsConfig(port, backend.address(), m_rsa);
    config.listeners[0].ssl.sessionCache = QStringLiteral("shared:SSL:1m");
    config.listeners[0].ssl.sessionTickets = false;
    QVERIFY(engine.apply(config).ok());

    const QString session = m_dir.filePath(QStringLiteral("reapply.session"));
    const QStringList base{QStringLiteral("s_client"), QStringLiteral("-connect"), connectArgument(port), QStringLiteral("-tls1_2")};
    QCOMPARE(sessionLines(exchangeLine(base + QStringList{QStringLiteral("-sess_out"), session}).output), QStringList{QStringLiteral("New TLSv1.2")});

    config.upstreams[0].servers[0].address = other.address(); // the group changes, TLS does not
    QVERIFY(engine.apply(config).ok());
    QCOMPARE(sessionLines(exchangeLine(base + QStringList{QStringLiteral("-sess_in"), session}).output), QStringList{QStringLiteral("Reused TLSv1.2")});
    QCOMPARE(other.accepted(), 1);

    config.listeners[0].ssl.sessionTimeoutMs = 3600 * 1000; // TLS changes: a new context
    QVERIFY(engine.apply(config).ok());
    QCOMPARE(sessionLines(exchangeLine(base + QStringList{QStringLiteral("-sess_in"), session}).output), QStringList{QStringLiteral("New TLSv1.2")});
}

void TlsTest::protocolLimits_data()
{
    QTest::addColumn<QString>("allowed");
    QTest::addColumn<QString>("refused");
    QTest::newRow("TLSv1.3 only") << QStringLiteral("TLSv1.3") << QStringLiteral("TLSv1.2");
    QTest::newRow("TLSv1.2 only") << QStringLiteral("TLSv1.2") << QStringLiteral("TLSv1.3");
}

void TlsTest::protocolLimits()
{
    QFETCH(QString, allowed);
    QFETCH(QString, refused);
    auto flag = [](const QString &protocol) { return protocol == u"TLSv1.3" ? QStringLiteral("-tls1_3") : QStringLiteral("-tls1_2"); };
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    Config config = tlsConfig(port, backend.address(), m_rsa);
    config.listeners[0].ssl.protocols = {allowed};
    QVERIFY(engine.apply(config).ok());

    const QStringList base{QStringLiteral("s_client"), QStringLiteral("-connect"), connectArgument(port)};
    const OpensslRun accepted = exchangeLine(base + QStringList{flag(allowed)});
    QVERIFY2(sessionLines(accepted.output) == QStringList{QStringLiteral("New ") + allowed}, qPrintable(accepted.output));
    QVERIFY(accepted.output.contains(QStringLiteral("ping-through-tls")));

    const OpensslRun refusedRun = runOpenssl(base + QStringList{flag(refused)});
    QVERIFY(refusedRun.exitCode != 0);
    QVERIFY2(sessionLines(refusedRun.output).isEmpty(), qPrintable(refusedRun.output));
    QTRY_COMPARE(statsFor(engine.snapshot(), port)->tlsHandshakeFailures, quint64(1));
    // Logged the nginx way, at info.
    QTRY_COMPARE(log.count(QStringLiteral("SSL_do_handshake() failed (SSL: error:")), 1); // written just after the count
    const QStringList failures = log.matching(QStringLiteral("SSL_do_handshake() failed (SSL: error:"));
    QCOMPARE(failures.size(), 1);
    QVERIFY2(failures.first().contains(QStringLiteral("[info]")), qPrintable(failures.first()));
    QVERIFY2(failures.first().contains(QStringLiteral(") while SSL handshaking, client: 127.0.0.1, server: 127.0.0.1:%1").arg(port)),
             qPrintable(failures.first()));
    QCOMPARE(backend.accepted(), 1); // the refused client never reached an upstream
}

void TlsTest::cipherListHonoured()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    Config config = tlsConfig(port, backend.address(), m_rsa);
    config.listeners[0].ssl.ciphers = QStringLiteral("ECDHE-RSA-AES128-GCM-SHA256");
    QVERIFY(engine.apply(config).ok());

    // ssl_ciphers governs TLS 1.2 (TLS 1.3 suites are configured apart, as in nginx).
    const QStringList base{QStringLiteral("s_client"), QStringLiteral("-connect"), connectArgument(port), QStringLiteral("-tls1_2")};
    const OpensslRun negotiated = exchangeLine(base);
    QVERIFY2(negotiated.output.contains(QStringLiteral("Cipher is ECDHE-RSA-AES128-GCM-SHA256")), qPrintable(negotiated.output));
    const OpensslRun refused = runOpenssl(base + QStringList{QStringLiteral("-cipher"), QStringLiteral("ECDHE-RSA-AES256-GCM-SHA384")});
    QVERIFY(refused.exitCode != 0);
    QTRY_COMPARE(log.count(QStringLiteral("no shared cipher) while SSL handshaking")), 1);
}

void TlsTest::handshakeTimeoutClosesAndCounts()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    Config config = tlsConfig(port, backend.address(), m_rsa);
    config.listeners[0].ssl.handshakeTimeoutMs = 300;
    QVERIFY(engine.apply(config).ok());

    TestClient silent; // connects and never says hello
    QVERIFY(silent.connectTo(port));
    QVERIFY(silent.waitForClose(10000));
    QTRY_COMPARE(log.count(QStringLiteral("client timed out (%1) while SSL handshaking, client: 127.0.0.1").arg(ErrorText::timedOut())), 1);
    QTRY_COMPARE(statsFor(engine.snapshot(), port)->tlsHandshakeFailures, quint64(1));
    QCOMPARE(backend.accepted(), 0);

    TestClient plain; // speaks plain text to a TLS port
    QVERIFY(plain.connectTo(port));
    QVERIFY(plain.sendAll("GET / HTTP/1.0\r\n\r\n"));
    QVERIFY(plain.waitForClose(10000));
    QTRY_COMPARE(statsFor(engine.snapshot(), port)->tlsHandshakeFailures, quint64(2));
}

void TlsTest::clientCertificateRequired()
{
    TestBackend backend(TestBackend::Mode::Echo);
    const Pair clientPair = makeCertificate(m_dir.path(), QStringLiteral("client"), QStringLiteral("client one"));
    const quint16 port = findFreePort();
    Engine engine;
    LogCapture log(engine.errorLog());
    Config config = tlsConfig(port, backend.address(), m_rsa);
    config.listeners[0].ssl.verifyClient = QStringLiteral("on");
    config.listeners[0].ssl.clientCertificate = clientPair.certificate;
    QVERIFY(engine.apply(config).ok());

    const QStringList base{QStringLiteral("s_client"), QStringLiteral("-connect"), connectArgument(port)};
    const OpensslRun without = runOpenssl(base + QStringList{QStringLiteral("-tls1_2")});
    QVERIFY(without.exitCode != 0);
    QTRY_COMPARE(statsFor(engine.snapshot(), port)->tlsHandshakeFailures, quint64(1));
    const OpensslRun with = exchangeLine(base + QStringList{QStringLiteral("-cert"), clientPair.certificate, QStringLiteral("-key"), clientPair.key});
    QVERIFY2(with.output.contains(QStringLiteral("ping-through-tls")), qPrintable(with.output));

    // A certificate the CA file does not vouch for is refused, in nginx's words.
    const OpensslRun stranger = runOpenssl(base + QStringList{QStringLiteral("-tls1_2"), QStringLiteral("-cert"), m_rsa.certificate, QStringLiteral("-key"), m_rsa.key});
    QVERIFY(stranger.exitCode != 0);
    QTRY_COMPARE(log.count(QStringLiteral("client SSL certificate verify error: (18:self-signed certificate) while SSL handshaking")), 1);
    QCOMPARE(statsFor(engine.snapshot(), port)->tlsHandshakeFailures, quint64(2));
}

void TlsTest::badCertificateRefusesApplyOthersKeepServing()
{
    TestBackend backend(TestBackend::Mode::Name, QStringLiteral("backend"));
    const Pair other = makeCertificate(m_dir.path(), QStringLiteral("other"), QStringLiteral("other"));
    const quint16 badPort = findFreePort();
    const quint16 goodTlsPort = findFreePort();
    const quint16 plainPort = findFreePort();
    Config config = tlsConfig(goodTlsPort, backend.address(), m_rsa);
    CertificateConfig mismatched;
    mismatched.name = QStringLiteral("mismatched");
    mismatched.certificateFile = m_rsa.certificate;
    mismatched.keyFile = other.key;
    config.certificates << mismatched;
    ListenerConfig bad = config.listeners.first();
    bad.listen = connectArgument(badPort);
    bad.ssl.certificate = QStringLiteral("mismatched");
    ListenerConfig plain = config.listeners.first();
    plain.listen = connectArgument(plainPort);
    plain.ssl = SslConfig();
    config.listeners = {bad, config.listeners.first(), plain};

    // A key that does not belong to its certificate refuses the apply whole (it would not
    // run); the listeners that already run keep serving, as they were.
    Config running = config;
    running.listeners = {config.listeners.at(1), plain};
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(running).ok());
    const Engine::ApplyResult result = engine.apply(config);
    QVERIFY(!result.applied);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().path, QStringLiteral("listeners[0].ssl"));
    QVERIFY2(result.issues.first().message.contains(QStringLiteral("listener %1").arg(bad.listen)), qPrintable(result.issues.first().message));
    QVERIFY2(result.issues.first().message.contains(other.key), qPrintable(result.issues.first().message));
    QVERIFY2(result.issues.first().message.contains(QStringLiteral("does not belong to the certificate")), qPrintable(result.issues.first().message));
    QCOMPARE(log.count(QStringLiteral("[emerg]")), 1);

    TestClient refused;
    QVERIFY(!refused.connectTo(badPort));
    TestClient client;
    QVERIFY(client.connectTo(plainPort));
    QCOMPARE(client.readLine(), QByteArray("backend\n"));
    const OpensslRun tls = exchangeLine({QStringLiteral("s_client"), QStringLiteral("-connect"), connectArgument(goodTlsPort)});
    QVERIFY2(tls.output.contains(QStringLiteral("ping-through-tls")), qPrintable(tls.output));
}

void TlsTest::checksRefuseBadInput_data()
{
    // What the C runtime says of a missing file: POSIX's strerror and Windows' differ.
#if defined(_WIN32)
    const QString missingFileText = QStringLiteral("File not found");
#else
    const QString missingFileText = QStringLiteral("No such file");
#endif
    QTest::addColumn<QString>("row");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("fragments");
    QTest::newRow("key of another certificate") << QStringLiteral("mismatch") << QStringLiteral("listeners[0].ssl")
                                                << QStringList{QStringLiteral("other.key"), QStringLiteral("does not belong to the certificate")};
    QTest::newRow("wrong passphrase") << QStringLiteral("wrong passphrase") << QStringLiteral("listeners[0].ssl")
                                      << QStringList{QStringLiteral("locked.key"), QStringLiteral("wrong passphrase"), QStringLiteral("wrong.pass")};
    QTest::newRow("missing passphrase") << QStringLiteral("missing passphrase") << QStringLiteral("listeners[0].ssl")
                                        << QStringList{QStringLiteral("locked.key"), QStringLiteral("protected by a passphrase"),
                                                       QStringLiteral("passphrase_file")};
    QTest::newRow("certificate file missing") << QStringLiteral("no certificate") << QStringLiteral("listeners[0].ssl")
                                              << QStringList{QStringLiteral("cannot read"), QStringLiteral("nosuch.crt"),
                                                             missingFileText};
    QTest::newRow("key file is a directory") << QStringLiteral("key directory") << QStringLiteral("listeners[0].ssl")
                                             << QStringList{QStringLiteral("cannot read"), QStringLiteral("is a directory")};
    QTest::newRow("not PEM") << QStringLiteral("garbage") << QStringLiteral("listeners[0].ssl")
                             << QStringList{QStringLiteral("garbage.crt"), QStringLiteral("holds no PEM certificate")};
    QTest::newRow("expired") << QStringLiteral("expired") << QStringLiteral("listeners[0].ssl")
                             << QStringList{QStringLiteral("expired.crt"), QStringLiteral("expired on"), QStringLiteral("allow_expired")};
    QTest::newRow("misspelt protocol") << QStringLiteral("protocol") << QStringLiteral("listeners[0].ssl.protocols")
                                       << QStringList{QStringLiteral("\"TLSv1.4\" is not a protocol")};
    QTest::newRow("unknown ciphers") << QStringLiteral("ciphers") << QStringLiteral("listeners[0].ssl")
                                     << QStringList{QStringLiteral("NOT-A-CIPHER"), QStringLiteral("names no cipher")};
    QTest::newRow("session cache misspelt") << QStringLiteral("session cache") << QStringLiteral("listeners[0].ssl.session_cache")
                                            << QStringList{QStringLiteral("shared:SSL"), QStringLiteral("shared:NAME:size")};
    QTest::newRow("client CA missing") << QStringLiteral("client ca") << QStringLiteral("listeners[0].ssl")
                                       << QStringList{QStringLiteral("client_certificate"), QStringLiteral("noca.pem")};
    QTest::newRow("proxy_ssl CA missing") << QStringLiteral("trusted") << QStringLiteral("listeners[0].proxy_ssl")
                                          << QStringList{QStringLiteral("trusted_certificate"), QStringLiteral("noca.pem")};
    QTest::newRow("proxy_ssl verify without CA") << QStringLiteral("verify without ca") << QStringLiteral("listeners[0].proxy_ssl.trusted_certificate")
                                                 << QStringList{QStringLiteral("verify needs the CA file")};
    QTest::newRow("sni_routes bad name") << QStringLiteral("sni name") << QStringLiteral("listeners[0].sni_routes.a b")
                                         << QStringList{QStringLiteral("is not a server name")};
}

void TlsTest::checksRefuseBadInput()
{
    QFETCH(QString, row);
    QFETCH(QString, path);
    QFETCH(QStringList, fragments);

    const QString dir = m_dir.path();
    Config config = tlsConfig(30443, QStringLiteral("127.0.0.1:7773"), m_rsa);
    CertificateConfig &certificate = config.certificates[0];
    ListenerConfig &listener = config.listeners[0];
    if (row == u"mismatch") {
        certificate.keyFile = makeCertificate(dir, QStringLiteral("other"), QStringLiteral("other")).key;
    } else if (row == u"wrong passphrase" || row == u"missing passphrase") {
        const Pair locked = makeCertificate(dir, QStringLiteral("locked"), QStringLiteral("localhost"), KeyKind::Rsa, "right");
        certificate.certificateFile = locked.certificate;
        certificate.keyFile = locked.key;
        if (row == u"wrong passphrase") {
            certificate.passphraseFile = dir + QStringLiteral("/wrong.pass");
            QFile file(certificate.passphraseFile);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("wrong\nalso wrong\n");
        }
    } else if (row == u"no certificate") {
        certificate.certificateFile = dir + QStringLiteral("/nosuch.crt");
    } else if (row == u"key directory") {
        certificate.keyFile = dir;
    } else if (row == u"garbage") {
        certificate.certificateFile = dir + QStringLiteral("/garbage.crt");
        QFile file(certificate.certificateFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not a certificate\n");
    } else if (row == u"expired") {
        CertificateTools::GenerateOptions options;
        options.commonName = QStringLiteral("localhost");
        options.days = 1;
        options.notBefore = QDateTime::currentDateTimeUtc().addDays(-10);
        options.certificateFile = dir + QStringLiteral("/expired.crt");
        options.keyFile = dir + QStringLiteral("/expired.key");
        QFile::remove(options.certificateFile);
        QFile::remove(options.keyFile);
        QString error;
        QVERIFY2(CertificateTools::generate(options, &error), qPrintable(error));
        certificate.certificateFile = options.certificateFile;
        certificate.keyFile = options.keyFile;
    } else if (row == u"protocol") {
        listener.ssl.protocols = {QStringLiteral("TLSv1.2"), QStringLiteral("TLSv1.4")};
    } else if (row == u"ciphers") {
        listener.ssl.ciphers = QStringLiteral("NOT-A-CIPHER");
    } else if (row == u"session cache") {
        listener.ssl.sessionCache = QStringLiteral("shared:SSL");
    } else if (row == u"client ca") {
        listener.ssl.verifyClient = QStringLiteral("optional");
        listener.ssl.clientCertificate = dir + QStringLiteral("/noca.pem");
    } else if (row == u"trusted") {
        listener.proxySsl.enabled = true;
        listener.proxySsl.verify = true;
        listener.proxySsl.trustedCertificate = dir + QStringLiteral("/noca.pem");
    } else if (row == u"verify without ca") {
        listener.proxySsl.enabled = true;
        listener.proxySsl.verify = true;
    } else if (row == u"sni name") {
        listener.ssl = SslConfig();
        listener.sniRoutes.insert(QStringLiteral("a b"), QStringLiteral("backend"));
    }

    // What portierd --check runs: the validator, then (for a config it accepts) the TLS checks.
    ConfigIssues issues = ConfigValidator::validate(config);
    if (issues.isEmpty())
        issues = TlsChecks::check(config);
    QVERIFY2(issues.size() == 1, qPrintable(describe(issues)));
    QCOMPARE(issues.first().path, path);
    for (const QString &fragment : fragments)
        QVERIFY2(issues.first().message.contains(fragment), qPrintable(issues.first().toString()));
    if (path == u"listeners[0].ssl" || path == u"listeners[0].proxy_ssl") // the TLS checks also name the listener
        QVERIFY2(issues.first().message.startsWith(QStringLiteral("listener 127.0.0.1:30443")), qPrintable(issues.first().toString()));

    if (row == u"expired") { // allowed on request, with a warning
        config.certificates[0].allowExpired = true;
        QStringList warnings;
        QVERIFY2(TlsChecks::check(config, &warnings).isEmpty(), qPrintable(warnings.join(u'\n')));
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings.first().contains(QStringLiteral("expired on")));
    }
}

void TlsTest::checksWarnBeforeExpiry()
{
    CertificateTools::GenerateOptions options;
    options.commonName = QStringLiteral("soon.test");
    options.days = 10;
    options.keyType = CertificateTools::KeyType::Ecdsa;
    options.certificateFile = m_dir.filePath(QStringLiteral("soon.crt"));
    options.keyFile = m_dir.filePath(QStringLiteral("soon.key"));
    QString error;
    QVERIFY2(CertificateTools::generate(options, &error), qPrintable(error));
    Config config = tlsConfig(30443, QStringLiteral("127.0.0.1:7773"), {options.certificateFile, options.keyFile, QString()});
    QStringList warnings;
    QVERIFY(TlsChecks::check(config, &warnings).isEmpty());
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings.first().contains(QStringLiteral("listener 127.0.0.1:30443")) && warnings.first().contains(QStringLiteral("soon.crt"))
                 && warnings.first().contains(QStringLiteral("renew it soon")),
             qPrintable(warnings.first()));

    // The engine serves it and says so in its log.
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    config = tlsConfig(port, backend.address(), {options.certificateFile, options.keyFile, QString()});
    Engine engine;
    LogCapture log(engine.errorLog());
    QVERIFY(engine.apply(config).ok());
    QCOMPARE(log.count(QStringLiteral("[warn]")), 1);
}

void TlsTest::generatedCertificateVerifies_data()
{
    QTest::addColumn<QString>("keyType");
    QTest::addColumn<QString>("expectedKey");
    QTest::newRow("rsa") << QStringLiteral("rsa") << QStringLiteral("RSA 2048 bits");
    QTest::newRow("ecdsa") << QStringLiteral("ecdsa") << QStringLiteral("EC 256 bits (prime256v1)");
}

void TlsTest::generatedCertificateVerifies()
{
    QFETCH(QString, keyType);
    QFETCH(QString, expectedKey);
    const QString certificate = m_dir.filePath(QStringLiteral("generated-%1.crt").arg(keyType));
    const QString key = m_dir.filePath(QStringLiteral("generated-%1.key").arg(keyType));
    QString output;
    QString errors;
    const int code = CertificateCommand::run({QStringLiteral("portierd"), QStringLiteral("--gen-cert"), QStringLiteral("--cn"), QStringLiteral("portier.test"),
                                              QStringLiteral("--san"), QStringLiteral("portier.test,localhost"), QStringLiteral("--san"),
                                              QStringLiteral("127.0.0.1"), QStringLiteral("--out-cert"), certificate, QStringLiteral("--out-key"), key,
                                              QStringLiteral("--days"), QStringLiteral("30"), QStringLiteral("--key-type"), keyType},
                                             &output, &errors);
    QVERIFY2(code == 0, qPrintable(errors));
    QVERIFY(output.contains(QStringLiteral("wrote ")));
#if !defined(_WIN32)
    for (const QString &file : {certificate, key}) {
        struct stat info{};
        QCOMPARE(::stat(QFile::encodeName(file).constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, mode_t(0600)); // owner-only
    }
#endif

    const OpensslRun verify = runOpenssl({QStringLiteral("verify"), QStringLiteral("-CAfile"), certificate, certificate});
    QVERIFY2(verify.exitCode == 0 && verify.output.contains(QStringLiteral(": OK")), qPrintable(verify.output));
    QCOMPARE(runOpenssl({QStringLiteral("x509"), QStringLiteral("-in"), certificate, QStringLiteral("-noout"), QStringLiteral("-checkend"),
                      QStringLiteral("86400")}).exitCode, 0);
    QVERIFY(runOpenssl({QStringLiteral("x509"), QStringLiteral("-in"), certificate, QStringLiteral("-noout"), QStringLiteral("-checkend"),
                     QString::number(31 * 86400)}).exitCode != 0);

    QString error;
    const auto info = CertificateTools::inspect(certificate, key, QString(), &error);
    QVERIFY2(info, qPrintable(error));
    QCOMPARE(info->subject, QStringLiteral("CN=portier.test"));
    QCOMPARE(info->subjectAltNames, (QStringList{QStringLiteral("DNS:portier.test"), QStringLiteral("DNS:localhost"), QStringLiteral("IP:127.0.0.1")}));
    QVERIFY(info->selfSigned);
    QCOMPARE(info->keyMatches, std::optional<bool>(true));
    QVERIFY(CertificateTools::describe(*info).contains(QStringLiteral("key:         ") + expectedKey));
    QVERIFY(CertificateTools::describe(*info).contains(QStringLiteral("renew it soon"))); // 30 days is within the warning

    // And a TLS listener serves it to a client that checks it strictly.
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    Engine engine;
    QVERIFY(engine.apply(tlsConfig(port, backend.address(), {certificate, key, QString()})).ok());
    const OpensslRun run = exchangeLine({QStringLiteral("s_client"), QStringLiteral("-connect"), connectArgument(port), QStringLiteral("-CAfile"), certificate,
                                  QStringLiteral("-verify_return_error"), QStringLiteral("-verify_hostname"), QStringLiteral("portier.test")});
    QVERIFY2(run.output.contains(QStringLiteral("Verify return code: 0 (ok)")) && run.output.contains(QStringLiteral("ping-through-tls")),
             qPrintable(run.output));
}

void TlsTest::certInfoCommand()
{
    QString output;
    QString errors;
    QCOMPARE(CertificateCommand::run({QStringLiteral("portierd"), QStringLiteral("--cert-info"), m_rsa.certificate, QStringLiteral("--key"), m_rsa.key},
                                     &output, &errors),
             0);
    QVERIFY2(output.contains(QStringLiteral("subject:     CN=localhost")), qPrintable(output));
    QVERIFY(output.contains(QStringLiteral("names:       DNS:localhost, IP:127.0.0.1")));
    QVERIFY(output.contains(QStringLiteral("RSA 2048 bits")));
    QVERIFY(output.contains(QStringLiteral("private key: matches the certificate")));

    const Pair other = makeCertificate(m_dir.path(), QStringLiteral("info-other"), QStringLiteral("other"), KeyKind::Ecdsa);
    QCOMPARE(CertificateCommand::run({QStringLiteral("portierd"), QStringLiteral("--cert-info"), m_rsa.certificate, QStringLiteral("--key"), other.key},
                                     &output, &errors),
             1);
    QVERIFY(output.contains(QStringLiteral("DOES NOT match")));

    QCOMPARE(CertificateCommand::run({QStringLiteral("portierd"), QStringLiteral("--cert-info"), m_dir.filePath(QStringLiteral("absent.pem"))}, &output,
                                     &errors),
             1);
    QVERIFY2(errors.contains(QStringLiteral("cannot read")) && errors.contains(QStringLiteral("absent.pem")), qPrintable(errors));
    QVERIFY(CertificateCommand::isRequested({QStringLiteral("portierd"), QStringLiteral("--cert-info"), QStringLiteral("x")}));
    QVERIFY(!CertificateCommand::isRequested({QStringLiteral("portierd"), QStringLiteral("--check")}));
}

void TlsTest::generateCommandRefusesBadArguments()
{
    QString output;
    QString errors;
    const QString certificate = m_dir.filePath(QStringLiteral("bad-args.crt"));
    const QString key = m_dir.filePath(QStringLiteral("bad-args.key"));
    const QStringList base{QStringLiteral("portierd"), QStringLiteral("--gen-cert"), QStringLiteral("--out-cert"), certificate,
                           QStringLiteral("--out-key"), key};
    QCOMPARE(CertificateCommand::run(base, &output, &errors), 2);
    QVERIFY(errors.contains(QStringLiteral("--cn NAME")));
    QCOMPARE(CertificateCommand::run(base + QStringList{QStringLiteral("--cn"), QStringLiteral("x"), QStringLiteral("--key-type"), QStringLiteral("dsa")},
                                     &output, &errors),
             2);
    QVERIFY(errors.contains(QStringLiteral("use rsa or ecdsa")));
    QCOMPARE(CertificateCommand::run(base + QStringList{QStringLiteral("--cn"), QStringLiteral("x"), QStringLiteral("--days"), QStringLiteral("0")},
                                     &output, &errors),
             2);
    QCOMPARE(CertificateCommand::run(base + QStringList{QStringLiteral("--cn"), QStringLiteral("x")}, &output, &errors), 0);
    QCOMPARE(CertificateCommand::run(base + QStringList{QStringLiteral("--cn"), QStringLiteral("x")}, &output, &errors), 1);
    QVERIFY(errors.contains(QStringLiteral("never overwritten")));
}

void TlsTest::articleTlsConfig()
{
    // The article's second config: `listen 9344 ssl` in front of `hash $remote_addr`, with
    // ssl_session_cache shared:SSL:10m and ssl_session_timeout 2h; its addresses moved to
    // loopback and its certificate paths pointed at this test's files.
    QVERIFY2(QFile::exists(PortierdProcess::binary()), "portierd is not built ($PORTIERD): run the tests through ctest"); // fails, never skips
    TestBackend first(TestBackend::Mode::Name, QStringLiteral("first"));
    TestBackend second(TestBackend::Mode::Name, QStringLiteral("second"));
    const quint16 port = findFreePort();
    const QString path = m_dir.filePath(QStringLiteral("article-tls.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(R"({
  "error_log": {"level": "info"},
  "upstreams": [{"name": "backend", "method": "hash", "hash_key": "$remote_addr",
                 "servers": [{"address": "%1"}, {"address": "%2"}]}],
  "listeners": [{"listen": "127.0.0.1:%3", "proxy_pass": "backend",
                 "ssl": {"certificate": "article", "session_cache": "shared:SSL:10m", "session_timeout": "2h"}}],
  "certificates": [{"name": "article", "certificate_file": "%4", "key_file": "%5"}]
})")
                   .arg(first.address(), second.address())
                   .arg(port)
                   .arg(m_rsa.certificate, m_rsa.key)
                   .toUtf8());
    file.close();

    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--check"), QStringLiteral("--config"), path}, &output), 0);
    PortierdProcess portierd;
    QVERIFY(portierd.start({QStringLiteral("--config"), path}));
    QVERIFY2(portierd.waitForOutput(QStringLiteral("listening on 127.0.0.1:%1").arg(port)), qPrintable(portierd.output()));

    // One client address: every connection lands on the same server, through TLS.
    QSet<QString> names;
    for (int i = 0; i < 3; ++i) {
        const OpensslStdout client = readOpensslLine({QStringLiteral("s_client"), QStringLiteral("-connect"), connectArgument(port), QStringLiteral("-quiet")});
        QVERIFY(client.started);
        names.insert(QString::fromUtf8(client.data.trimmed()));
    }
    QCOMPARE(names.size(), 1);
    QVERIFY(names.contains(QStringLiteral("first")) || names.contains(QStringLiteral("second")));

    const OpensslRun run = runOpenssl({QStringLiteral("s_client"), QStringLiteral("-connect"), connectArgument(port), QStringLiteral("-tls1_2"),
                             QStringLiteral("-reconnect"), QStringLiteral("-no_ticket")});
    QVERIFY2(sessionLines(run.output).count(QStringLiteral("Reused TLSv1.2")) >= 4, qPrintable(run.output));
    QVERIFY(portierd.terminate());
}

QTEST_GUILESS_MAIN(TlsTest)
#include "tst_tls.moc"
