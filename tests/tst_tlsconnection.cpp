// TlsConnection (src/engine/tls/tlsconnection.h) over two real loopback sockets, one a
// server side with a certificate made by `openssl req`, the other a client side: what
// readBuffered() gives and does not take. The relay calls it past its reads per event, so a
// fast TLS sender cannot keep one session reading while the worker's other sessions wait;
// it must hand over every whole record OpenSSL already holds (the socket will not report
// those again) and must leave the socket's bytes for the socket's next report.

#include "opensslprocess.h"

#include <platform/net.h>
#include <tls/tlsconnection.h>
#include <tls/tlscontext.h>

#include <QDeadlineTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

namespace {

// A loopback connection: both ends non-blocking, closed with the test.
struct SocketPair
{
    Net::Socket client = Net::invalidSocket;
    Net::Socket server = Net::invalidSocket;

    ~SocketPair()
    {
        if (client != Net::invalidSocket)
            Net::close(client);
        if (server != Net::invalidSocket)
            Net::close(server);
    }
};

bool connectPair(SocketPair *pair)
{
    int error = 0;
    const Net::Socket listener = Net::listenTcp(Net::Endpoint{QHostAddress(QHostAddress::LocalHost), 0}, 8, &error);
    if (listener == Net::invalidSocket)
        return false;
    const Net::Endpoint bound = Net::localEndpoint(listener);
    if (Net::connectTcp(bound, &pair->client, &error) == Net::ConnectStatus::Failed) {
        Net::close(listener);
        return false;
    }
    const QDeadlineTimer deadline(5000);
    while (pair->server == Net::invalidSocket && !deadline.hasExpired()) {
        Net::Endpoint peer;
        pair->server = Net::accept(listener, &peer, &error);
        if (pair->server == Net::invalidSocket)
            QThread::msleep(5);
    }
    Net::close(listener);
    return pair->server != Net::invalidSocket;
}

// How many bytes the kernel holds for the socket to read: a peek, which takes nothing.
qint64 queuedBytes(Net::Socket socket)
{
    static char scratch[256 * 1024];
    int error = 0;
    const qint64 n = Net::peek(socket, scratch, sizeof scratch, &error);
    return n > 0 ? n : 0;
}

QByteArray pattern(int size)
{
    QByteArray data(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        data[i] = char('a' + (i * 7 + i / 251) % 26);
    return data;
}

} // namespace

class TestTlsConnection : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    CertificateConfig m_certificate;

private slots:
    void initTestCase()
    {
        QVERIFY(Net::startup());
        QVERIFY(m_dir.isValid());
        m_certificate.name = QStringLiteral("site");
        m_certificate.certificateFile = m_dir.filePath(QStringLiteral("site.crt"));
        m_certificate.keyFile = m_dir.filePath(QStringLiteral("site.key"));
        const OpensslRun run = runOpenssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-days"), QStringLiteral("30"),
                                           QStringLiteral("-subj"), QStringLiteral("/CN=localhost"), QStringLiteral("-newkey"),
                                           QStringLiteral("ec"), QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                                           QStringLiteral("-noenc"), QStringLiteral("-keyout"), m_certificate.keyFile,
                                           QStringLiteral("-out"), m_certificate.certificateFile});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    }

    void readBufferedTakesNothingFromTheSocket_data()
    {
        QTest::addColumn<QString>("protocol");
        QTest::newRow("TLS 1.2") << QStringLiteral("TLSv1.2");
        QTest::newRow("TLS 1.3") << QStringLiteral("TLSv1.3");
    }

    void readBufferedTakesNothingFromTheSocket()
    {
        QFETCH(QString, protocol);

        SslConfig ssl;
        ssl.enabled = true;
        ssl.certificate = m_certificate.name;
        ssl.protocols = {protocol};
        QString error;
        const std::shared_ptr<TlsContext> serverContext = TlsContext::createServer(ssl, m_certificate, &error);
        QVERIFY2(serverContext, qPrintable(error));
        ProxySslConfig proxySsl;
        proxySsl.enabled = true;
        proxySsl.protocols = {protocol};
        const std::shared_ptr<TlsContext> clientContext = TlsContext::createClient(proxySsl, &error);
        QVERIFY2(clientContext, qPrintable(error));

        SocketPair sockets;
        QVERIFY(connectPair(&sockets));
        TlsConnection server(serverContext, sockets.server);
        TlsConnection client(clientContext, sockets.client);
        QVERIFY(server.isValid());
        QVERIFY(client.isValid());

        // Both handshakes, stepped in turn until each is done.
        TlsConnection::Status serverStatus = TlsConnection::Status::WouldBlock;
        TlsConnection::Status clientStatus = TlsConnection::Status::WouldBlock;
        const QDeadlineTimer deadline(10000);
        while ((serverStatus != TlsConnection::Status::Done || clientStatus != TlsConnection::Status::Done) && !deadline.hasExpired()) {
            if (clientStatus != TlsConnection::Status::Done)
                clientStatus = client.handshake();
            if (serverStatus != TlsConnection::Status::Done)
                serverStatus = server.handshake();
            QVERIFY2(clientStatus != TlsConnection::Status::Failed, qPrintable(client.errorText()));
            QVERIFY2(serverStatus != TlsConnection::Status::Failed, qPrintable(server.errorText()));
            if (serverStatus != TlsConnection::Status::Done || clientStatus != TlsConnection::Status::Done)
                QThread::msleep(2);
        }
        QCOMPARE(serverStatus, TlsConnection::Status::Done);
        QCOMPARE(clientStatus, TlsConnection::Status::Done);
        QCOMPARE(server.protocol(), protocol);

        // Three full records (16 KiB of plaintext each): more than OpenSSL takes in one recv()
        // (TlsContext's read buffer holds two records), so one read leaves bytes in the kernel.
        constexpr int recordSize = 16384;
        const QByteArray sent = pattern(3 * recordSize);
        for (int offset = 0; offset < sent.size(); offset += recordSize)
            QCOMPARE(client.write(sent.constData() + offset, recordSize), qint64(recordSize));
        // Everything on the wire has arrived when the queue holds more than the plaintext (each
        // record adds its header and tag) and stays the same across a pause.
        const QDeadlineTimer arrival(5000);
        qint64 queued = 0;
        for (qint64 previous = -1; (queued <= sent.size() || queued != previous) && !arrival.hasExpired();) {
            previous = queued;
            QThread::msleep(20);
            queued = queuedBytes(sockets.server);
        }
        QVERIFY2(queued > sent.size(), qPrintable(QStringLiteral("the kernel holds %1 bytes").arg(queued)));

        QByteArray received;
        QByteArray buffer(256 * 1024, Qt::Uninitialized);

        // Nothing inside OpenSSL yet: readBuffered() answers "would block" and every byte is
        // still the kernel's.
        QVERIFY(!server.hasBufferedData());
        QCOMPARE(server.readBuffered(buffer.data(), buffer.size()), qint64(Net::wouldBlock));
        QCOMPARE(queuedBytes(sockets.server), queued);

        // One small read() makes OpenSSL read ahead from the socket; it gives 100 bytes.
        QCOMPARE(server.read(buffer.data(), 100), qint64(100));
        received.append(buffer.constData(), 100);
        const qint64 leftInKernel = queuedBytes(sockets.server);
        QVERIFY2(leftInKernel > 0 && leftInKernel < queued, qPrintable(QStringLiteral("%1 of %2 bytes left").arg(leftInKernel).arg(queued)));
        QVERIFY(server.hasBufferedData());

        // readBuffered() now gives what OpenSSL holds, whole records only, and stops at the
        // record cut short by the read-ahead: the kernel keeps exactly what it had.
        qint64 taken = 0;
        for (int calls = 0; calls < 8; ++calls) {
            const qint64 n = server.readBuffered(buffer.data(), buffer.size());
            if (n == Net::wouldBlock)
                break;
            QVERIFY2(n > 0, qPrintable(QStringLiteral("readBuffered() returned %1").arg(n)));
            received.append(buffer.constData(), int(n));
            taken += n;
        }
        QVERIFY2(taken >= recordSize, qPrintable(QStringLiteral("%1 bytes were buffered").arg(taken)));
        QVERIFY2(received.size() < sent.size(), "the last record cannot have been whole without the socket");
        QCOMPARE(received.size() % recordSize, 0);
        QCOMPARE(server.readBuffered(buffer.data(), buffer.size()), qint64(Net::wouldBlock));
        QCOMPARE(queuedBytes(sockets.server), leftInKernel);

        // A plain read() goes back to the socket and completes the stream, in order.
        const QDeadlineTimer rest(5000);
        while (received.size() < sent.size() && !rest.hasExpired()) {
            const qint64 n = server.read(buffer.data(), buffer.size());
            QVERIFY2(n != Net::failed && n != 0, qPrintable(server.errorText()));
            if (n > 0)
                received.append(buffer.constData(), int(n));
            else
                QThread::msleep(2);
        }
        QCOMPARE(received.size(), sent.size());
        QVERIFY(received == sent);
        QCOMPARE(queuedBytes(sockets.server), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestTlsConnection)
#include "tst_tlsconnection.moc"
