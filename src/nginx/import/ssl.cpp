#include "importer.h"

#include <QFileInfo>

// ssl_* and proxy_ssl_* (ngx_stream_ssl_module, the proxy module's TLS to upstreams) and the
// certificates they name.

namespace NginxImport {

// One ssl_* (the listener's TLS) or proxy_ssl_* (TLS to the upstream) setting; false when d
// is neither.
bool Importer::applySslSetting(const NginxDirective &d, Draft *draft, bool fromServer)
{
    ListenerConfig &l = draft->listener;
    const QString &name = d.name;
    if (name == u"ssl_certificate") {
        if (!draft->certificateFile.isEmpty() && draft->certificateFromServer == fromServer) {
            report(Severity::Warning, d, QStringLiteral("a second ssl_certificate is not carried over: a Portier listener has one certificate"));
            return true;
        }
        setFile(d, &draft->certificateFile);
        draft->certificateFromServer = fromServer;
        draft->certificatePlace = placeOf(d);
    } else if (name == u"ssl_certificate_key") {
        if (!draft->keyFile.isEmpty() && draft->keyFromServer == fromServer) {
            report(Severity::Warning, d, QStringLiteral("a second ssl_certificate_key is not carried over: a Portier listener has one certificate"));
            return true;
        }
        setFile(d, &draft->keyFile);
        draft->keyFromServer = fromServer;
    } else if (name == u"ssl_password_file")
        setFile(d, &draft->passwordFile);
    else if (name == u"ssl_protocols") {
        setProtocols(d, &l.ssl.protocols);
        draft->sslProtocolsSet = true;
    } else if (name == u"ssl_ciphers") {
        if (single(d, QStringLiteral("one cipher list")))
            l.ssl.ciphers = d.args.first();
    } else if (name == u"ssl_prefer_server_ciphers")
        setFlag(d, &l.ssl.preferServerCiphers);
    else if (name == u"ssl_session_cache") {
        if (d.args.isEmpty())
            arity(d, QStringLiteral("off, none, builtin[:size] or shared:NAME:size"));
        else
            l.ssl.sessionCache = d.args.join(u' ');
    } else if (name == u"ssl_session_timeout")
        setTime(d, &l.ssl.sessionTimeoutMs);
    else if (name == u"ssl_session_tickets")
        setFlag(d, &l.ssl.sessionTickets);
    else if (name == u"ssl_handshake_timeout")
        setTime(d, &l.ssl.handshakeTimeoutMs);
    else if (name == u"ssl_verify_client") {
        static const QStringList values{QStringLiteral("off"), QStringLiteral("on"), QStringLiteral("optional"), QStringLiteral("optional_no_ca")};
        if (single(d, QStringLiteral("off, on, optional or optional_no_ca"))) {
            if (values.contains(d.args.first()))
                l.ssl.verifyClient = d.args.first();
            else
                report(Severity::Error, d, QStringLiteral("\"%1\" is not a value of ssl_verify_client; use off, on, optional or optional_no_ca").arg(d.args.first()));
        }
    } else if (name == u"ssl_client_certificate")
        setFile(d, &l.ssl.clientCertificate);
    else if (name == u"ssl_preread")
        setFlag(d, &draft->sslPreread);
    else if (name == u"proxy_ssl")
        setFlag(d, &l.proxySsl.enabled);
    else if (name == u"proxy_ssl_server_name")
        setFlag(d, &l.proxySsl.serverName);
    else if (name == u"proxy_ssl_name") {
        if (single(d, QStringLiteral("one name")))
            l.proxySsl.name = d.args.first();
    } else if (name == u"proxy_ssl_verify")
        setFlag(d, &l.proxySsl.verify);
    else if (name == u"proxy_ssl_trusted_certificate")
        setFile(d, &l.proxySsl.trustedCertificate);
    else if (name == u"proxy_ssl_protocols")
        setProtocols(d, &l.proxySsl.protocols);
    else if (name == u"proxy_ssl_session_reuse")
        setFlag(d, &l.proxySsl.sessionReuse);
    else
        return false;
    return true;
}

void Importer::declareCertificate(const NginxDirective &d)
{
    if (d.args.isEmpty()) {
        report(Severity::Warning, d, QStringLiteral("\"# portier: certificate\" needs a name; it is ignored"));
        return;
    }
    CertificateConfig certificate;
    certificate.name = d.args.first();
    for (qsizetype i = 1; i < d.args.size(); ++i) {
        const QString &arg = d.args.at(i);
        QString value;
        if (parameter(arg, QLatin1StringView("certificate_file"), &value))
            certificate.certificateFile = absolutePath(value, m_baseDirectory);
        else if (parameter(arg, QLatin1StringView("key_file"), &value))
            certificate.keyFile = absolutePath(value, m_baseDirectory);
        else if (parameter(arg, QLatin1StringView("passphrase_file"), &value))
            certificate.passphraseFile = absolutePath(value, m_baseDirectory);
        else if (parameter(arg, QLatin1StringView("allow_expired"), &value))
            certificate.allowExpired = value == u"on" || value == u"true";
        else
            report(Severity::Warning, d, QStringLiteral("\"%1\" in \"# portier: certificate\" is unknown; it is ignored").arg(arg));
    }
    if (m_result->config.findCertificate(certificate.name)) {
        report(Severity::Warning, d, QStringLiteral("certificate \"%1\" is declared twice; the first is kept").arg(certificate.name));
        return;
    }
    m_positions.insert(QStringLiteral("certificates[%1]").arg(m_result->config.certificates.size()), placeOf(d));
    m_result->config.certificates << certificate;
}

QString Importer::certificateFor(const Draft &draft)
{
    QList<CertificateConfig> &certificates = m_result->config.certificates;
    const CertificateConfig wanted{QString(), draft.certificateFile, draft.keyFile, draft.passwordFile, false};
    if (!draft.certificateName.isEmpty()) {
        for (CertificateConfig &certificate : certificates) {
            if (certificate.name != draft.certificateName)
                continue;
            if (!draft.certificateFile.isEmpty()
                && (certificate.certificateFile != wanted.certificateFile || certificate.keyFile != wanted.keyFile
                    || certificate.passphraseFile != wanted.passphraseFile)) {
                report(Severity::Warning, draft.certificatePlace,
                       QStringLiteral("these files differ from certificate \"%1\" in its \"# portier: certificate\" comment; the directives win")
                           .arg(certificate.name));
                certificate.certificateFile = wanted.certificateFile;
                certificate.keyFile = wanted.keyFile;
                certificate.passphraseFile = wanted.passphraseFile;
            }
            return certificate.name;
        }
        if (!draft.certificateFile.isEmpty())
            addCertificate(draft.certificateName, wanted, draft.certificatePlace);
        return draft.certificateName;
    }
    for (const CertificateConfig &certificate : std::as_const(certificates)) {
        if (certificate.certificateFile == wanted.certificateFile && certificate.keyFile == wanted.keyFile
            && certificate.passphraseFile == wanted.passphraseFile)
            return certificate.name;
    }
    // A name for the editor's list, from the file: keys/CAcert.pem -> CAcert.
    QString base;
    for (const QChar c : QFileInfo(draft.certificateFile).completeBaseName())
        base += (c.isLetterOrNumber() && c.unicode() < 128) || c == u'_' || c == u'-' || c == u'.' ? c : u'_';
    if (base.isEmpty())
        base = QStringLiteral("certificate");
    QString name = base;
    for (int n = 2; m_result->config.findCertificate(name); ++n)
        name = base + u'_' + QString::number(n);
    addCertificate(name, wanted, draft.certificatePlace);
    return name;
}

void Importer::addCertificate(const QString &name, CertificateConfig certificate, const Place &place)
{
    certificate.name = name;
    m_positions.insert(QStringLiteral("certificates[%1]").arg(m_result->config.certificates.size()), place);
    m_result->config.certificates << certificate;
}

} // namespace NginxImport
