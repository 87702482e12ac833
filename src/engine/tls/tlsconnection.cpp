#include "tlsconnection.h"

#include "opensslerror.h"
#include "platform/poller.h"
#include "socketbio.h"
#include "tlscontext.h"

#include <QHostAddress>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <utility>

TlsConnection::TlsConnection(std::shared_ptr<TlsContext> context, Net::Socket socket)
    : m_context(std::move(context)), m_readWaitsFor(PollHandler::Readable), m_writeWaitsFor(PollHandler::Writable),
      m_handshakeWaitsFor(PollHandler::Readable)
{
    OpenSslError::clear();
    m_ssl.reset(SSL_new(m_context->handle()));
    BIO *bio = m_ssl ? SocketBio::create(socket, &m_socketError) : nullptr;
    if (!bio) {
        m_error = OpenSslError::takeForLog(QStringLiteral("SSL_new() failed"));
        m_ssl.reset();
        return;
    }
    SSL_set_bio(m_ssl.get(), bio, bio); // the SSL owns the BIO, the BIO not the socket
    if (m_context->isServer()) {
        SSL_set_accept_state(m_ssl.get());
    } else {
        SSL_set_connect_state(m_ssl.get());
        m_handshakeWaitsFor = PollHandler::Writable;
    }
}

TlsConnection::~TlsConnection()
{
    if (!m_ssl)
        return;
    // Count the connection as properly closed whatever happened last, as nginx does: OpenSSL
    // would otherwise drop its session from the cache, and clients could not resume it.
    if (m_handshakeDone)
        SSL_set_shutdown(m_ssl.get(), SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
}

void TlsConnection::setServerName(const QString &name)
{
    // SNI carries host names only (RFC 6066): an address literal is not sent.
    if (name.isEmpty() || !QHostAddress(name).isNull())
        return;
    SSL_set_tlsext_host_name(m_ssl.get(), name.toUtf8().constData());
}

void TlsConnection::setVerifyName(const QString &name)
{
    if (name.isEmpty())
        return;
    if (!QHostAddress(name).isNull())
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl.get()), name.toLatin1().constData());
    else
        SSL_set1_host(m_ssl.get(), name.toUtf8().constData());
}

void TlsConnection::setSessionPeer(const QString &peer)
{
    m_peer = peer;
    m_context->prepareClientSession(m_ssl.get(), &m_peer);
}

bool TlsConnection::classify(int result, quint32 *waitsFor, bool *endOfStream)
{
    const int error = SSL_get_error(m_ssl.get(), result);
    switch (error) {
    case SSL_ERROR_WANT_READ:
        *waitsFor = PollHandler::Readable;
        return true;
    case SSL_ERROR_WANT_WRITE:
        *waitsFor = PollHandler::Writable;
        return true;
    case SSL_ERROR_ZERO_RETURN:
        *endOfStream = true;
        return false;
    case SSL_ERROR_SYSCALL:
        if (m_socketError == 0 && ERR_peek_error() == 0) {
            *endOfStream = true; // FIN where TLS wanted more
            m_error = QStringLiteral("peer closed connection");
            return false;
        }
        m_error = m_socketError ? Net::errorString(m_socketError) : OpenSslError::takeForLog(QStringLiteral("SSL_ERROR_SYSCALL"));
        OpenSslError::clear();
        return false;
    default:
        m_error = OpenSslError::takeForLog(QStringLiteral("SSL_get_error() %1").arg(error));
        return false;
    }
}

TlsConnection::Status TlsConnection::handshake()
{
    OpenSslError::clear();
    m_socketError = 0;
    const int result = SSL_do_handshake(m_ssl.get());
    if (result == 1) {
        m_handshakeDone = true;
        return Status::Done;
    }
    bool endOfStream = false;
    if (classify(result, &m_handshakeWaitsFor, &endOfStream))
        return Status::WouldBlock;
    if (endOfStream && m_error.isEmpty())
        m_error = QStringLiteral("peer closed connection");
    return Status::Failed;
}

qint64 TlsConnection::read(char *data, qint64 size)
{
    if (m_deferred != Deferred::None)
        return std::exchange(m_deferred, Deferred::None) == Deferred::EndOfStream ? 0 : Net::failed;
    OpenSslError::clear();
    m_socketError = 0;
    int result = SSL_read(m_ssl.get(), data, int(qMin<qint64>(size, INT_MAX)));
    if (result > 0) {
        // One SSL_read() gives at most one record (16 KiB). What read-ahead already holds
        // (TlsContext's read buffer: two records a recv()) is taken in the same
        // call, so the relay passes it on in one send instead of one per record. Only what is
        // buffered; a close_notify or a bad record met behind the data is kept for the next
        // call (and hasBufferedData() says so), since no socket event will bring it back.
        qint64 total = result;
        while (total < size && SSL_has_pending(m_ssl.get())) {
            result = SSL_read(m_ssl.get(), data + total, int(qMin<qint64>(size - total, INT_MAX)));
            if (result <= 0) {
                bool endOfStream = false;
                if (!classify(result, &m_readWaitsFor, &endOfStream))
                    m_deferred = endOfStream ? Deferred::EndOfStream : Deferred::Failed;
                break;
            }
            total += result;
        }
        return total;
    }
    bool endOfStream = false;
    if (classify(result, &m_readWaitsFor, &endOfStream))
        return Net::wouldBlock;
    if (endOfStream)
        return 0;
    return Net::failed;
}

qint64 TlsConnection::readBuffered(char *data, qint64 size)
{
    struct Pause
    {
        BIO *bio;
        explicit Pause(BIO *b) : bio(b) { SocketBio::setReadsPaused(bio, true); }
        ~Pause() { SocketBio::setReadsPaused(bio, false); }
    } pause(SSL_get_rbio(m_ssl.get()));
    return read(data, size);
}

qint64 TlsConnection::write(const char *data, qint64 size)
{
    OpenSslError::clear();
    m_socketError = 0;
    // With partial writes on, SSL_write() returns after each record it wrote: go on until all
    // is written or the socket would block, as a send() does. A caller that stopped at a short
    // write would wait for a writable edge that never comes (the socket was never full).
    qint64 total = 0;
    int result = 0;
    while (total < size) {
        result = SSL_write(m_ssl.get(), data + total, int(qMin<qint64>(size - total, INT_MAX)));
        if (result <= 0)
            break;
        total += result;
    }
    bool endOfStream = false;
    if (total > 0) {
        // What stopped it is met again by the next call, with the bytes not taken here
        // (OpenSSL may hold part of them in a record already: SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER).
        if (total < size)
            classify(result, &m_writeWaitsFor, &endOfStream);
        OpenSslError::clear();
        return total;
    }
    if (classify(result, &m_writeWaitsFor, &endOfStream))
        return Net::wouldBlock;
    if (endOfStream && m_error.isEmpty())
        m_error = QStringLiteral("peer closed connection");
    return Net::failed;
}

TlsConnection::Status TlsConnection::shutdown()
{
    if (m_closing == Closing::Sent)
        return Status::Done;
    OpenSslError::clear();
    m_socketError = 0;
    const int result = SSL_shutdown(m_ssl.get());
    quint32 waitsFor = 0;
    bool endOfStream = false;
    // 0 or 1: our close_notify is out (the peer's may come later). Waiting to read means the
    // same: OpenSSL has sent ours and looks for theirs, which the relay reads on its own.
    if (result >= 0 || (classify(result, &waitsFor, &endOfStream) && waitsFor == PollHandler::Readable) || endOfStream) {
        m_closing = Closing::Sent;
        OpenSslError::clear();
        return Status::Done;
    }
    if (waitsFor == PollHandler::Writable) {
        m_closing = Closing::Sending;
        m_writeWaitsFor = waitsFor;
        return Status::WouldBlock;
    }
    return Status::Failed;
}

bool TlsConnection::hasBufferedData() const
{
    return m_deferred != Deferred::None || SSL_has_pending(m_ssl.get()) == 1;
}

QString TlsConnection::verifyError() const
{
    const long result = SSL_get_verify_result(m_ssl.get());
    if (result == X509_V_OK || SSL_get_verify_mode(m_ssl.get()) == SSL_VERIFY_NONE)
        return QString();
    return QStringLiteral("%1:%2").arg(result).arg(QString::fromLatin1(X509_verify_cert_error_string(result)));
}

bool TlsConnection::isSessionReused() const
{
    return SSL_session_reused(m_ssl.get()) == 1;
}

QString TlsConnection::protocol() const
{
    return QString::fromLatin1(SSL_get_version(m_ssl.get()));
}

QString TlsConnection::cipher() const
{
    return QString::fromLatin1(SSL_get_cipher_name(m_ssl.get()));
}

QString TlsConnection::requestedServerName() const
{
    const char *name = SSL_get_servername(m_ssl.get(), TLSEXT_NAMETYPE_host_name);
    return name ? QString::fromUtf8(name) : QString();
}
