#include "tlscontext.h"

#include "certificatetools.h"
#include "opensslerror.h"
#include "pemfile.h"

#include <configvalidator.h>

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <openssl/err.h>

namespace {

// OpenSSL's ex-data slot on a client SSL_CTX that points back at its TlsContext, and the
// slot on each client SSL that names the upstream server its sessions belong to.
int contextIndex()
{
    static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

int peerIndex()
{
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

// Modes every connection runs with: SSL_write may take part of a buffer (the relay keeps
// the rest as its pending bytes), may be retried from another address with the same bytes
// (the rest moves from the worker's scratch buffer to the session's pending buffer), and an
// idle connection gives its read/write buffers back (nginx sets the same).
constexpr long connectionModes = SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS;

bool setProtocols(SSL_CTX *context, const QStringList &protocols, QString *error)
{
    // nginx's way: allow exactly the listed versions. The lowest and highest bound the range;
    // a version left out in between is switched off on its own.
    QList<int> versions;
    for (const QString &name : protocols) {
        const std::optional<int> version = TlsContext::protocolVersion(name);
        if (!version) {
            *error = QStringLiteral("\"%1\" is not a protocol; use TLSv1.2 or TLSv1.3").arg(name);
            return false;
        }
        versions << *version;
    }
    if (versions.isEmpty()) {
        *error = QStringLiteral("no protocol listed; list at least one of TLSv1.2 and TLSv1.3");
        return false;
    }
    std::sort(versions.begin(), versions.end());
    SSL_CTX_set_min_proto_version(context, versions.first());
    SSL_CTX_set_max_proto_version(context, versions.last());
    const std::pair<int, uint64_t> switches[] = {{TLS1_VERSION, SSL_OP_NO_TLSv1}, {TLS1_1_VERSION, SSL_OP_NO_TLSv1_1},
                                                 {TLS1_2_VERSION, SSL_OP_NO_TLSv1_2}, {TLS1_3_VERSION, SSL_OP_NO_TLSv1_3}};
    for (const auto &[version, option] : switches) {
        if (!versions.contains(version))
            SSL_CTX_set_options(context, option);
    }
    return true;
}

// A context with what server and client contexts share: the modes every connection runs
// with, read ahead, no compression, an EOF without close_notify taken as the end of the
// stream, plus extraOptions; only the listed protocol versions.
//
// Read ahead, as nginx does: one recv() takes whatever records have arrived instead of a
// 5-byte header and then the body of each, which halves the receive calls of a handshake.
// The records it keeps are invisible to the socket's readiness, so the session drains them
// before it waits (TlsConnection::hasBufferedData: SSL_has_pending counts them).
OpenSsl::SslContextPtr newContext(const SSL_METHOD *method, uint64_t extraOptions, const QStringList &protocols, QString *error)
{
    OpenSslError::clear();
    OpenSsl::SslContextPtr context(SSL_CTX_new(method));
    if (!context) {
        *error = QStringLiteral("OpenSSL could not create a TLS context (%1)").arg(OpenSslError::take());
        return nullptr;
    }
    SSL_CTX *ctx = context.get();
    SSL_CTX_set_mode(ctx, connectionModes);
    SSL_CTX_set_read_ahead(ctx, 1);
    // With read-ahead, one recv() fills this: two full records instead of one, which
    // TlsConnection::read hands on together (SSL_MODE_RELEASE_BUFFERS frees it when idle).
    // Not more: OpenSSL moves what is left in the buffer to its front before each record
    // (ssl3_read_n's payload alignment), so the copying grows with the square of the records
    // a buffer holds. Measured (docs/performance.md, TLS bulk): 64 KiB cost 0.81 CPU-s per
    // GB, two records 0.61, OpenSSL's default of one 0.69.
    SSL_CTX_set_default_read_buffer_len(ctx, 2 * (SSL3_RT_HEADER_LENGTH + SSL3_RT_MAX_TLS13_ENCRYPTED_LENGTH));
    SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_COMPRESSION | extraOptions);
    if (!setProtocols(ctx, protocols, error)) {
        *error = QStringLiteral("protocols: ") + *error;
        return nullptr;
    }
    return context;
}

QString fileStamp(const QString &path)
{
    if (path.isEmpty())
        return QString();
    const QFileInfo info(path);
    return path + u'|' + QString::number(info.size()) + u'|' + QString::number(info.lastModified().toMSecsSinceEpoch());
}

} // namespace

TlsContext::TlsContext(OpenSsl::SslContextPtr context, bool server, Source source)
    : m_context(std::move(context)), m_server(server), m_source(std::move(source))
{
    SSL_CTX_set_ex_data(m_context.get(), contextIndex(), this);
}

TlsContext::~TlsContext()
{
    for (SSL_SESSION *session : std::as_const(m_sessions))
        SSL_SESSION_free(session);
}

std::optional<int> TlsContext::protocolVersion(const QString &name)
{
    if (name == u"TLSv1")
        return TLS1_VERSION;
    if (name == u"TLSv1.1")
        return TLS1_1_VERSION;
    if (name == u"TLSv1.2")
        return TLS1_2_VERSION;
    if (name == u"TLSv1.3")
        return TLS1_3_VERSION;
    return std::nullopt;
}

TlsContext::Source TlsContext::serverSource(const SslConfig &ssl, const CertificateConfig &certificate)
{
    Source source;
    source.ssl = ssl;
    source.certificate = certificate;
    source.fileStamps = {fileStamp(certificate.certificateFile), fileStamp(certificate.keyFile),
                         fileStamp(certificate.passphraseFile), fileStamp(ssl.clientCertificate)};
    return source;
}

TlsContext::Source TlsContext::clientSource(const ProxySslConfig &proxySsl)
{
    Source source;
    source.proxySsl = proxySsl;
    source.fileStamps = {fileStamp(proxySsl.trustedCertificate)};
    return source;
}

std::shared_ptr<TlsContext> TlsContext::createServer(const SslConfig &ssl, const CertificateConfig &certificate, QString *error,
                                                     QStringList *warnings)
{
    return buildServer(serverSource(ssl, certificate), error, warnings);
}

std::shared_ptr<TlsContext> TlsContext::buildServer(Source source, QString *error, QStringList *warnings)
{
    const SslConfig &ssl = source.ssl;
    const CertificateConfig &certificate = source.certificate;
    // Client-initiated renegotiation is a denial-of-service lever and nginx refuses it too.
    // A client's FIN without close_notify ends its stream like a close_notify would: the
    // relay passes it on either way, as it does for plain TCP.
    OpenSsl::SslContextPtr context = newContext(TLS_server_method(), SSL_OP_NO_RENEGOTIATION, ssl.protocols, error);
    if (!context)
        return nullptr;
    SSL_CTX *ctx = context.get();

    CertificateTools::LoadedCertificate loaded;
    if (!CertificateTools::load(certificate, &loaded, error, warnings))
        return nullptr;
    if (SSL_CTX_use_certificate(ctx, loaded.chain.front().get()) != 1 || SSL_CTX_use_PrivateKey(ctx, loaded.key.get()) != 1) {
        *error = QStringLiteral("OpenSSL refused the certificate %1 or its key %2 (%3)")
                     .arg(certificate.certificateFile, certificate.keyFile, OpenSslError::take());
        return nullptr;
    }
    for (size_t i = 1; i < loaded.chain.size(); ++i) {
        if (SSL_CTX_add1_chain_cert(ctx, loaded.chain.at(i).get()) != 1) {
            *error = QStringLiteral("OpenSSL refused the chain in %1 (%2)").arg(certificate.certificateFile, OpenSslError::take());
            return nullptr;
        }
    }

    if (SSL_CTX_set_cipher_list(ctx, ssl.ciphers.toLatin1().constData()) != 1) {
        OpenSslError::clear();
        *error = QStringLiteral("ciphers: \"%1\" names no cipher OpenSSL knows; use e.g. HIGH:!aNULL:!MD5 (see openssl ciphers -v)")
                     .arg(ssl.ciphers);
        return nullptr;
    }
    if (ssl.preferServerCiphers)
        SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);

    // Sessions: the cache is this context's (all workers are threads of one process, so
    // nginx's shared zone is simply the listener's cache), and so are the ticket keys, which
    // OpenSSL makes at random for each context: tickets from one worker open in any other.
    QString cacheError;
    const qint64 cacheSessions = ConfigValidator::sessionCacheSessions(ssl.sessionCache, &cacheError).value_or(-1);
    if (cacheSessions < 0) {
        *error = QStringLiteral("session_cache: ") + cacheError;
        return nullptr;
    }
    static const unsigned char sessionIdContext[] = "portier";
    SSL_CTX_set_session_id_context(ctx, sessionIdContext, sizeof(sessionIdContext) - 1);
    if (cacheSessions > 0) {
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
        SSL_CTX_sess_set_cache_size(ctx, long(cacheSessions));
    } else {
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    }
    SSL_CTX_set_timeout(ctx, long(qMax<qint64>(1, (ssl.sessionTimeoutMs + 999) / 1000)));
    if (!ssl.sessionTickets) {
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
        // TLS 1.3 then issues tickets that only name a cached session: none without a cache.
        if (cacheSessions == 0)
            SSL_CTX_set_num_tickets(ctx, 0);
    }

    if (ssl.verifyClient == u"on" || ssl.verifyClient == u"optional") {
        QByteArray contents;
        if (!PemFile::read(ssl.clientCertificate, &contents, error)) {
            *error = QStringLiteral("client_certificate: ") + *error;
            return nullptr;
        }
        const QByteArray path = QFile::encodeName(ssl.clientCertificate);
        STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(path.constData());
        if (!names || SSL_CTX_load_verify_locations(ctx, path.constData(), nullptr) != 1) {
            *error = QStringLiteral("client_certificate: %1 holds no usable PEM CA certificate (%2)")
                         .arg(ssl.clientCertificate, OpenSslError::take());
            if (names)
                sk_X509_NAME_pop_free(names, X509_NAME_free);
            return nullptr;
        }
        SSL_CTX_set_client_CA_list(ctx, names);
        int mode = SSL_VERIFY_PEER;
        if (ssl.verifyClient == u"on")
            mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
        SSL_CTX_set_verify(ctx, mode, nullptr);
    }
    OpenSslError::clear();
    return std::shared_ptr<TlsContext>(new TlsContext(std::move(context), true, std::move(source)));
}

std::shared_ptr<TlsContext> TlsContext::createClient(const ProxySslConfig &proxySsl, QString *error)
{
    return buildClient(clientSource(proxySsl), error);
}

std::shared_ptr<TlsContext> TlsContext::buildClient(Source source, QString *error)
{
    const ProxySslConfig &proxySsl = source.proxySsl;
    OpenSsl::SslContextPtr context = newContext(TLS_client_method(), 0, proxySsl.protocols, error);
    if (!context)
        return nullptr;
    SSL_CTX *ctx = context.get();
    if (proxySsl.verify) {
        QByteArray contents;
        if (!PemFile::read(proxySsl.trustedCertificate, &contents, error)) {
            *error = QStringLiteral("trusted_certificate: ") + *error;
            return nullptr;
        }
        const QByteArray path = QFile::encodeName(proxySsl.trustedCertificate);
        if (SSL_CTX_load_verify_locations(ctx, path.constData(), nullptr) != 1) {
            *error = QStringLiteral("trusted_certificate: %1 holds no usable PEM CA certificate (%2)")
                         .arg(proxySsl.trustedCertificate, OpenSslError::take());
            return nullptr;
        }
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    } else {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    }
    if (proxySsl.sessionReuse) {
        // Sessions are kept per upstream server by the callback, not by OpenSSL's cache
        // (which only a server looks things up in).
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
        SSL_CTX_sess_set_new_cb(ctx, &TlsContext::onNewClientSession);
    } else {
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    }
    OpenSslError::clear();
    return std::shared_ptr<TlsContext>(new TlsContext(std::move(context), false, std::move(source)));
}

std::shared_ptr<TlsContext> TlsContext::serverFor(const SslConfig &ssl, const CertificateConfig &certificate,
                                                  const std::shared_ptr<TlsContext> &running, QString *error, QStringList *warnings)
{
    Source source = serverSource(ssl, certificate);
    if (running && running->m_server && running->m_source == source)
        return running;
    return buildServer(std::move(source), error, warnings);
}

std::shared_ptr<TlsContext> TlsContext::clientFor(const ProxySslConfig &proxySsl, const std::shared_ptr<TlsContext> &running,
                                                  QString *error)
{
    Source source = clientSource(proxySsl);
    if (running && !running->m_server && running->m_source == source)
        return running;
    return buildClient(std::move(source), error);
}

void TlsContext::prepareClientSession(SSL *ssl, const QString *peer) const
{
    if (m_server || !m_source.proxySsl.sessionReuse)
        return;
    SSL_set_ex_data(ssl, peerIndex(), const_cast<QString *>(peer));
    QMutexLocker locker(&m_sessionsMutex);
    if (SSL_SESSION *session = m_sessions.value(*peer))
        SSL_set_session(ssl, session); // takes its own reference
}

int TlsContext::onNewClientSession(SSL *ssl, SSL_SESSION *session)
{
    auto *self = static_cast<TlsContext *>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), contextIndex()));
    const auto *peer = static_cast<const QString *>(SSL_get_ex_data(ssl, peerIndex()));
    if (!self || !peer)
        return 0;
    QMutexLocker locker(&self->m_sessionsMutex);
    if (SSL_SESSION *previous = self->m_sessions.value(*peer))
        SSL_SESSION_free(previous);
    self->m_sessions.insert(*peer, session);
    return 1; // the reference is ours now
}
