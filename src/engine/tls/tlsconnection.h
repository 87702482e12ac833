#pragma once

#include "opensslptr.h"
#include "platform/net.h"

#include <QString>
#include <memory>

class TlsContext;

// One TLS connection over one of the engine's non-blocking sockets (see socketbio.h), used by
// a TcpSession for the side that speaks TLS. Lives in the session's worker thread.
//
// read() and write() answer like Net::receive/Net::send (a count, 0 for the end of the
// stream, Net::wouldBlock or Net::failed), so the session's relay loop is the same code for
// plain and TLS sides. What a blocked call waits for is not always what it looks like (TLS
// may have to write to read, or read to write), so readWaitsFor()/writeWaitsFor() say which
// readiness to ask the poller for.
class TlsConnection
{
public:
    enum class Status { Done, WouldBlock, Failed };

    // server: accept a client's handshake (the context is a server context); otherwise connect.
    TlsConnection(std::shared_ptr<TlsContext> context, Net::Socket socket);
    ~TlsConnection();
    Q_DISABLE_COPY_MOVE(TlsConnection)

    bool isValid() const { return m_ssl != nullptr; }

    // Client side, before the handshake: the name sent as SNI (empty: none), the name the
    // server's certificate must carry when verifying, and the upstream server whose last
    // session is offered again.
    void setServerName(const QString &name);
    void setVerifyName(const QString &name);
    void setSessionPeer(const QString &peer);

    Status handshake();
    qint64 read(char *data, qint64 size);
    // read() of only what OpenSSL already holds, without reading the socket (it may still write
    // one, e.g. an alert or a TLS 1.3 KeyUpdate's answer): Net::wouldBlock when
    // that is nothing or part of a record. For a caller past its reads per event, so a fast
    // sender cannot keep it reading while bytes already decrypted would be stranded.
    qint64 readBuffered(char *data, qint64 size);
    qint64 write(const char *data, qint64 size);
    // Sends close_notify (the TLS form of a FIN); WouldBlock until it is out.
    Status shutdown();
    // Decrypted or raw bytes already inside OpenSSL, or an end of stream or failure a read
    // met after returning bytes: the socket will not report them.
    bool hasBufferedData() const;

    quint32 readWaitsFor() const { return m_readWaitsFor; }   // PollHandler::Readable or ::Writable
    quint32 writeWaitsFor() const { return m_writeWaitsFor; }
    quint32 handshakeWaitsFor() const { return m_handshakeWaitsFor; }

    // The last failure as nginx prints it inside its parentheses:
    // "SSL: error:0A00010B:SSL routines::wrong version number" or "104: Connection reset by peer".
    const QString &errorText() const { return m_error; }
    // Client side: the certificate check's verdict, "" when it passed or was not asked for.
    QString verifyError() const;

    bool isSessionReused() const;
    QString protocol() const;
    QString cipher() const;
    QString requestedServerName() const; // the client's SNI (server side)

private:
    // Maps SSL_get_error; returns true when the call may be retried once the socket is ready.
    bool classify(int result, quint32 *waitsFor, bool *endOfStream);

    std::shared_ptr<TlsContext> m_context; // keeps the SSL_CTX alive while this connection is
    OpenSsl::SslPtr m_ssl;
    int m_socketError = 0;
    QString m_peer;
    QString m_error;
    bool m_handshakeDone = false;
    enum class Closing { No, Sending, Sent } m_closing = Closing::No;
    // What read() met after bytes it returned (a close_notify or a bad record behind the
    // data in the read-ahead buffer), for its next call to report.
    enum class Deferred { None, EndOfStream, Failed } m_deferred = Deferred::None;
    quint32 m_readWaitsFor;
    quint32 m_writeWaitsFor;
    quint32 m_handshakeWaitsFor;
};
