#pragma once

#include "opensslptr.h"

#include <config.h>

#include <QHash>
#include <QMutex>
#include <QStringList>
#include <memory>
#include <optional>

// One OpenSSL context (SSL_CTX) built from a listener's settings, shared by every connection
// of that listener across all worker threads, as nginx shares one per server block. A
// server context terminates TLS for clients (the listener's "ssl"); it holds the session
// cache (ssl_session_cache, ssl_session_timeout) and the session ticket keys, so sessions
// resume whichever worker accepted the connection. A client context speaks TLS to the
// upstream servers (the listener's "proxy_ssl") and keeps the last session per server for
// proxy_ssl_session_reuse.
//
// Built in the engine thread; afterwards immutable apart from the caches, which OpenSSL
// (server) and m_sessionsMutex (client) guard, so any worker may use it. Sessions hold a
// shared_ptr to it, so a context replaced by a re-apply lives until its last connection ends.
class TlsContext
{
public:
    ~TlsContext();
    Q_DISABLE_COPY_MOVE(TlsContext)

    // Builds a listener's server context. nullptr with *error naming the file or the value
    // and what to do. *warnings gets what should be fixed soon (a certificate expiring
    // within 30 days).
    static std::shared_ptr<TlsContext> createServer(const SslConfig &ssl, const CertificateConfig &certificate, QString *error,
                                                    QStringList *warnings = nullptr);
    static std::shared_ptr<TlsContext> createClient(const ProxySslConfig &proxySsl, QString *error);

    // running when it was built from the same settings and unchanged files (so its session
    // cache and ticket keys carry on and clients keep resuming); otherwise a new context.
    static std::shared_ptr<TlsContext> serverFor(const SslConfig &ssl, const CertificateConfig &certificate,
                                                 const std::shared_ptr<TlsContext> &running, QString *error,
                                                 QStringList *warnings = nullptr);
    static std::shared_ptr<TlsContext> clientFor(const ProxySslConfig &proxySsl, const std::shared_ptr<TlsContext> &running,
                                                 QString *error);

    SSL_CTX *handle() const { return m_context.get(); }
    bool isServer() const { return m_server; }
    const ProxySslConfig &proxySsl() const { return m_source.proxySsl; }

    // Client contexts with session_reuse: the session the upstream server `peer` gave last time,
    // set on ssl before its handshake; and the key under which new sessions of ssl are kept.
    void prepareClientSession(SSL *ssl, const QString *peer) const;

    // "TLSv1.2" -> TLS1_2_VERSION; nullopt for a name OpenSSL 3 does not speak.
    static std::optional<int> protocolVersion(const QString &name);

private:
    // What a context was built from; equal sources mean the running context can stay.
    struct Source
    {
        SslConfig ssl;
        CertificateConfig certificate;
        ProxySslConfig proxySsl;
        QStringList fileStamps; // path, size and modification time of every file read

        friend bool operator==(const Source &, const Source &) = default;
    };

    TlsContext(OpenSsl::SslContextPtr context, bool server, Source source);
    static Source serverSource(const SslConfig &ssl, const CertificateConfig &certificate);
    static Source clientSource(const ProxySslConfig &proxySsl);
    // createServer/createClient from a source already made (serverFor/clientFor compare it first).
    static std::shared_ptr<TlsContext> buildServer(Source source, QString *error, QStringList *warnings);
    static std::shared_ptr<TlsContext> buildClient(Source source, QString *error);
    static int onNewClientSession(SSL *ssl, SSL_SESSION *session);

    OpenSsl::SslContextPtr m_context;
    bool m_server;
    Source m_source;
    mutable QMutex m_sessionsMutex;
    QHash<QString, SSL_SESSION *> m_sessions; // client: upstream server -> its last session
};
