// NginxExport::Exporter's TLS lines in a server {}: ssl_* for a terminating listener (its
// certificate named again for the importer) and proxy_ssl_* towards the upstream.
#include "exporter.h"

#include <duration.h>

namespace {

const QStringList nginxSslProtocols{QStringLiteral("SSLv2"), QStringLiteral("SSLv3"), QStringLiteral("TLSv1"),
                                    QStringLiteral("TLSv1.1"), QStringLiteral("TLSv1.2"), QStringLiteral("TLSv1.3")};

const QStringList verifyClientValues{QStringLiteral("off"), QStringLiteral("on"), QStringLiteral("optional"),
                                     QStringLiteral("optional_no_ca")};

} // namespace

namespace NginxExport {

void Exporter::writeSsl(Writer &out, const SslConfig &ssl, qsizetype index)
{
    SslConfig defaults;
    defaults.enabled = ssl.enabled;
    if (!ssl.enabled && ssl == defaults)
        return;

    if (ssl.certificate.isEmpty()) {
        if (ssl.enabled)
            error(path("listeners", index, "ssl.certificate"), QStringLiteral("is empty; nginx needs a certificate for listen ... ssl: name an entry of certificates"));
    } else {
        out.portier(QStringLiteral("certificate"), {ssl.certificate});
        if (const CertificateConfig *certificate = m_config.findCertificate(ssl.certificate)) {
            if (certificate->certificateFile.isEmpty() || certificate->keyFile.isEmpty())
                error(path("listeners", index, "ssl.certificate"), QStringLiteral("\"%1\" needs both certificate_file and key_file for nginx").arg(ssl.certificate));
            if (!certificate->certificateFile.isEmpty())
                out.directive(QStringLiteral("ssl_certificate"), {certificate->certificateFile});
            if (!certificate->keyFile.isEmpty())
                out.directive(QStringLiteral("ssl_certificate_key"), {certificate->keyFile});
            if (!certificate->passphraseFile.isEmpty())
                out.directive(QStringLiteral("ssl_password_file"), {certificate->passphraseFile});
        } else if (ssl.enabled) {
            error(path("listeners", index, "ssl.certificate"), QStringLiteral("\"%1\" is not in certificates; add it there or pick another").arg(ssl.certificate));
        }
    }
    // Always written: the default changed in nginx 1.23.4 (before, TLSv1 and TLSv1.1 too).
    writeProtocols(out, QStringLiteral("ssl_protocols"), ssl.protocols, path("listeners", index, "ssl.protocols"));
    if (ssl.ciphers != defaults.ciphers)
        out.directive(QStringLiteral("ssl_ciphers"), {ssl.ciphers});
    if (ssl.preferServerCiphers != defaults.preferServerCiphers)
        out.directive(QStringLiteral("ssl_prefer_server_ciphers"), {onOff(ssl.preferServerCiphers)});
    if (ssl.sessionCache != defaults.sessionCache) {
        const QStringList caches = ssl.sessionCache.split(u' ', Qt::SkipEmptyParts);
        if (caches.isEmpty())
            error(path("listeners", index, "ssl.session_cache"), QStringLiteral("is empty; use off, none, builtin[:size] or shared:NAME:size"));
        else
            out.directive(QStringLiteral("ssl_session_cache"), caches);
    }
    if (ssl.sessionTimeoutMs != defaults.sessionTimeoutMs)
        out.directive(QStringLiteral("ssl_session_timeout"), {seconds(ssl.sessionTimeoutMs, path("listeners", index, "ssl.session_timeout"))});
    if (ssl.sessionTickets != defaults.sessionTickets)
        out.directive(QStringLiteral("ssl_session_tickets"), {onOff(ssl.sessionTickets)});
    if (ssl.handshakeTimeoutMs != defaults.handshakeTimeoutMs)
        out.directive(QStringLiteral("ssl_handshake_timeout"), {Duration::format(ssl.handshakeTimeoutMs)});
    if (ssl.verifyClient != defaults.verifyClient) {
        if (!verifyClientValues.contains(ssl.verifyClient))
            error(path("listeners", index, "ssl.verify_client"), QStringLiteral("\"%1\" is not a value nginx takes; use off, on, optional or optional_no_ca").arg(ssl.verifyClient));
        else if (ssl.enabled && ssl.clientCertificate.isEmpty() && (ssl.verifyClient == u"on" || ssl.verifyClient == u"optional"))
            error(path("listeners", index, "ssl.client_certificate"), QStringLiteral("is empty; nginx needs the CA file to verify clients with verify_client %1").arg(ssl.verifyClient));
        out.directive(QStringLiteral("ssl_verify_client"), {ssl.verifyClient});
    }
    if (!ssl.clientCertificate.isEmpty())
        out.directive(QStringLiteral("ssl_client_certificate"), {ssl.clientCertificate});
}

void Exporter::writeProxySsl(Writer &out, const ProxySslConfig &ssl, qsizetype index)
{
    ProxySslConfig defaults;
    defaults.enabled = ssl.enabled;
    if (!ssl.enabled && ssl == defaults)
        return;
    if (ssl.enabled)
        out.directive(QStringLiteral("proxy_ssl"), {QStringLiteral("on")});
    if (ssl.serverName != defaults.serverName)
        out.directive(QStringLiteral("proxy_ssl_server_name"), {onOff(ssl.serverName)});
    if (!ssl.name.isEmpty())
        out.directive(QStringLiteral("proxy_ssl_name"), {ssl.name});
    if (ssl.verify != defaults.verify) {
        if (ssl.enabled && ssl.trustedCertificate.isEmpty())
            error(path("listeners", index, "proxy_ssl.trusted_certificate"), QStringLiteral("is empty; nginx needs the CA file to verify upstream servers"));
        out.directive(QStringLiteral("proxy_ssl_verify"), {onOff(ssl.verify)});
    }
    if (!ssl.trustedCertificate.isEmpty())
        out.directive(QStringLiteral("proxy_ssl_trusted_certificate"), {ssl.trustedCertificate});
    writeProtocols(out, QStringLiteral("proxy_ssl_protocols"), ssl.protocols, path("listeners", index, "proxy_ssl.protocols"));
    if (ssl.sessionReuse != defaults.sessionReuse)
        out.directive(QStringLiteral("proxy_ssl_session_reuse"), {onOff(ssl.sessionReuse)});
}

void Exporter::writeProtocols(Writer &out, const QString &name, const QStringList &protocols, const QString &where)
{
    if (protocols.isEmpty()) {
        error(where, QStringLiteral("is empty; nginx needs at least one, e.g. TLSv1.2 TLSv1.3"));
        return;
    }
    for (const QString &protocol : protocols) {
        if (!nginxSslProtocols.contains(protocol))
            error(where, QStringLiteral("\"%1\" is not a protocol nginx knows; use TLSv1.2 or TLSv1.3").arg(protocol));
    }
    out.directive(name, protocols);
}

} // namespace NginxExport
