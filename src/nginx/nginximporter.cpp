#include "nginximporter.h"

#include "import/access.h"
#include "import/limits.h"
#include "nginxparser.h"
#include "nginxtokenizer.h"

#include <configvalidator.h>
#include <duration.h>

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMap>
#include <QSet>

namespace {

using Severity = NginxIssue::Severity;

constexpr QLatin1StringView portierPrefix("portier:");
constexpr QLatin1StringView disabledMarker("disabled |");

struct Place
{
    QString file;
    int line = 0;
};

Place placeOf(const NginxDirective &directive)
{
    return {directive.file, directive.line};
}

// Directives of ngx_stream_ssl_module that a server takes from stream {} only when one of
// its listen lines says ssl (Portier keeps TLS settings on TLS listeners only).
bool isServerSslSetting(const QString &name)
{
    return name.startsWith(QLatin1StringView("ssl_")) && name != u"ssl_preread";
}

const QStringList listenerSettings{
    QStringLiteral("proxy_timeout"), QStringLiteral("proxy_connect_timeout"), QStringLiteral("proxy_next_upstream"),
    QStringLiteral("proxy_next_upstream_tries"), QStringLiteral("proxy_next_upstream_timeout"), QStringLiteral("proxy_half_close"),
    QStringLiteral("proxy_responses"), QStringLiteral("proxy_requests"), QStringLiteral("ssl_certificate"),
    QStringLiteral("ssl_certificate_key"), QStringLiteral("ssl_password_file"), QStringLiteral("ssl_protocols"),
    QStringLiteral("ssl_ciphers"), QStringLiteral("ssl_prefer_server_ciphers"), QStringLiteral("ssl_session_cache"),
    QStringLiteral("ssl_session_timeout"), QStringLiteral("ssl_session_tickets"), QStringLiteral("ssl_handshake_timeout"),
    QStringLiteral("ssl_verify_client"), QStringLiteral("ssl_client_certificate"), QStringLiteral("ssl_preread"),
    QStringLiteral("proxy_ssl"), QStringLiteral("proxy_ssl_server_name"), QStringLiteral("proxy_ssl_name"),
    QStringLiteral("proxy_ssl_verify"), QStringLiteral("proxy_ssl_trusted_certificate"), QStringLiteral("proxy_ssl_protocols"),
    QStringLiteral("proxy_ssl_session_reuse"),
};

// Why a directive Portier has no field for is left behind, for the ones users meet most.
QString reasonFor(const QString &name)
{
    static const QHash<QString, QString> reasons{
        {QStringLiteral("access_log"), QStringLiteral("Portier has no access log; its stats and error log cover connections")},
        {QStringLiteral("log_format"), QStringLiteral("Portier has no access log; its stats and error log cover connections")},
        {QStringLiteral("resolver"), QStringLiteral("Portier has no resolver setting")},
        {QStringLiteral("resolver_timeout"), QStringLiteral("Portier has no resolver setting")},
        {QStringLiteral("keepalive"), QStringLiteral("stream upstreams have no keepalive pool")},
        {QStringLiteral("sticky"), QStringLiteral("NGINX Plus only; Portier has no session persistence")},
        {QStringLiteral("ntlm"), QStringLiteral("NGINX Plus only")},
        {QStringLiteral("state"), QStringLiteral("NGINX Plus only")},
        {QStringLiteral("queue"), QStringLiteral("NGINX Plus only")},
    };
    return reasons.value(name, QStringLiteral("Portier has no equivalent setting"));
}

QString absolutePath(const QString &path, const QString &baseDirectory)
{
    if (path.isEmpty() || !QDir::isRelativePath(path))
        return path;
    return QDir::cleanPath(QDir(baseDirectory).absoluteFilePath(path));
}

struct Listen
{
    QString address;
    bool ssl = false;
    bool udp = false;
    Place place;
};

// One listener being assembled from stream-level settings, then its server {} block.
struct Draft
{
    ListenerConfig listener;
    QString certificateFile;
    QString keyFile;
    QString passwordFile;
    bool certificateFromServer = false; // a server-level ssl_certificate replaces stream's, as in nginx
    bool keyFromServer = false;
    Place certificatePlace;
    QString certificateName; // from "# portier: certificate NAME"
    bool sslPreread = false;
    bool sslProtocolsSet = false;
    bool hasProxyPass = false;
};

struct MapBlock
{
    QString source;
    QMap<QString, QString> entries;
    QString defaultValue;
    QList<Place> regexKeys;
    Place place;
    bool used = false;
};

struct Match
{
    QString send;
    QString expect;
};

struct PendingHealthCheck
{
    QString upstream;
    HealthCheckConfig check;
    QString match;
    Place place;
};

class Importer
{
public:
    Importer(NginxImporter::Result *result, const QString &mainFile, const QString &baseDirectory)
        : m_result(result), m_mainFile(mainFile), m_baseDirectory(baseDirectory)
    {
    }

    void importMain(const QList<NginxDirective> &top)
    {
        QSet<QString> nginxOnly; // "file:line" of directives marked "# portier: nginx_only"
        for (const NginxDirective &d : top) {
            if (d.isComment && portierText(d) == u"nginx_only")
                nginxOnly.insert(d.file + u':' + QString::number(d.line));
        }

        const NginxDirective *stream = nullptr;
        std::optional<ErrorLogConfig> mainLog;
        Place mainLogPlace;
        for (const NginxDirective &d : top) {
            if (d.isComment) {
                const QString text = portierText(d);
                if (!text.isNull() && text != u"nginx_only")
                    report(Severity::Warning, d, QStringLiteral("\"# portier: %1\" means nothing outside stream {}; it is ignored").arg(text));
                continue;
            }
            if (d.name == u"stream") {
                if (!d.isBlock) {
                    report(Severity::Error, d, QStringLiteral("\"stream\" must be a block: stream { ... }"));
                } else if (stream) {
                    report(Severity::Error, d, QStringLiteral("\"stream\" is duplicate (the first is at %1:%2); nginx takes one stream {} block, merge them")
                                                   .arg(stream->file).arg(stream->line));
                } else {
                    stream = &d;
                }
            } else if (d.name == u"worker_processes" && !d.isBlock) {
                if (d.args.size() != 1) {
                    arity(d, QStringLiteral("one value, a number or auto"));
                } else if (d.args.first() == u"auto") {
                    m_result->config.workers = 0;
                    m_positions.insert(QStringLiteral("workers"), placeOf(d));
                } else if (const std::optional<int> n = number(d, d.args.first(), 1)) {
                    m_result->config.workers = *n;
                    m_positions.insert(QStringLiteral("workers"), placeOf(d));
                }
            } else if (d.name == u"error_log" && !d.isBlock) {
                if (nginxOnly.contains(d.file + u':' + QString::number(d.line)))
                    continue; // nginx's own log in a standalone export, not the config's
                if (mainLog) {
                    report(Severity::Warning, d, QStringLiteral("a second error_log is not carried over: Portier writes one log"));
                    continue;
                }
                mainLog = errorLog(d);
                mainLogPlace = placeOf(d);
            } else if (d.name == u"events" && d.isBlock) {
                importEvents(d);
            } else if (d.isBlock) {
                report(Severity::Note, d, QStringLiteral("%1 {} skipped: Portier takes only stream {}").arg(d.name));
            } else {
                report(Severity::Note, d, QStringLiteral("\"%1\" is not carried over: it sets up nginx's own process").arg(d.name));
            }
        }

        if (stream) {
            m_streamPlace = placeOf(*stream);
            importStream(*stream);
        } else {
            report(Severity::Warning, Place{m_mainFile, 1},
                   QStringLiteral("there is no stream {} block, so nothing is imported; Portier takes only stream {}"));
        }
        if (!m_streamLog && mainLog) {
            m_result->config.errorLog = *mainLog;
            m_positions.insert(QStringLiteral("error_log"), mainLogPlace);
        }

        if (m_result->hasErrors())
            return;
        for (const ConfigIssue &issue : ConfigValidator::validate(m_result->config))
            report(Severity::Warning, placeFor(issue.path), QStringLiteral("in the imported config, %1").arg(issue.toString()));
    }

private:
    // --- reporting -------------------------------------------------------------------

    void report(Severity severity, const Place &place, const QString &message)
    {
        // nginx ignores a commented-out listener whatever it holds, so its problems never stop the import.
        if (m_inDisabled && severity == Severity::Error)
            severity = Severity::Warning;
        const NginxIssue issue{severity, place.file, place.line, message};
        const QString key = issue.toString();
        if (m_reported.contains(key))
            return; // a server with several listen lines is read once per line
        m_reported.insert(key);
        m_result->issues << issue;
    }
    void report(Severity severity, const NginxDirective &d, const QString &message) { report(severity, placeOf(d), message); }

    void arity(const NginxDirective &d, const QString &expected)
    {
        report(Severity::Error, d, QStringLiteral("invalid number of arguments in \"%1\": it takes %2").arg(d.name, expected));
    }

    void notCarried(const NginxDirective &d)
    {
        report(Severity::Warning, d, QStringLiteral("\"%1\" is not carried over: %2").arg(d.name, reasonFor(d.name)));
    }

    Place placeFor(QString path) const
    {
        // The closest recorded ancestor: "upstreams[0].servers[1].weight" -> the server line.
        while (!path.isEmpty()) {
            if (m_positions.contains(path))
                return m_positions.value(path);
            const qsizetype cut = std::max(path.lastIndexOf(u'.'), path.lastIndexOf(u'['));
            path = cut > 0 ? path.left(cut) : QString();
        }
        return m_streamPlace.file.isEmpty() ? Place{m_mainFile, 1} : m_streamPlace;
    }

    // --- values ----------------------------------------------------------------------

    std::optional<int> number(const NginxDirective &d, const QString &text, int minimum, const QString &what = QString())
    {
        bool ok = false;
        const int value = text.toInt(&ok);
        if (!ok || text.isEmpty() || !text.front().isDigit() || value < minimum) {
            report(Severity::Error, d, QStringLiteral("\"%1\" in \"%2\" is not a number of %3 or more%4")
                                           .arg(text, d.name).arg(minimum).arg(what.isEmpty() ? QString() : QStringLiteral(" (") + what + u')'));
            return std::nullopt;
        }
        return value;
    }

    std::optional<qint64> duration(const NginxDirective &d, const QString &text)
    {
        const std::optional<qint64> value = Duration::parse(text);
        if (!value)
            report(Severity::Error, d, QStringLiteral("\"%1\" in \"%2\" is not a time; write it as nginx does, e.g. 500ms, 20s, 1m30s").arg(text, d.name));
        return value;
    }

    std::optional<bool> flag(const NginxDirective &d)
    {
        if (d.args.size() == 1 && (d.args.first() == u"on" || d.args.first() == u"off"))
            return d.args.first() == u"on";
        report(Severity::Error, d, QStringLiteral("\"%1\" takes on or off, found \"%2\"").arg(d.name, d.args.join(u' ')));
        return std::nullopt;
    }

    // "name=value" parameters of server, listen and the "# portier:" comments.
    static bool parameter(const QString &arg, QLatin1StringView name, QString *value)
    {
        if (!arg.startsWith(name) || arg.size() <= name.size() || arg.at(name.size()) != u'=')
            return false;
        *value = arg.mid(name.size() + 1);
        return true;
    }

    ErrorLogConfig errorLog(const NginxDirective &d)
    {
        ErrorLogConfig log;
        if (d.args.isEmpty() || d.args.size() > 2) {
            arity(d, QStringLiteral("a file and optionally a level"));
            return log;
        }
        const QString &file = d.args.first();
        if (file == u"stderr") {
            log.path.clear();
        } else if (file.startsWith(QLatin1StringView("syslog:")) || file.startsWith(QLatin1StringView("memory:"))) {
            report(Severity::Warning, d, QStringLiteral("logging to \"%1\" is not carried over: Portier logs to stderr and a file").arg(file));
        } else {
            log.path = file;
            if (QDir::isRelativePath(file))
                report(Severity::Note, d, QStringLiteral("the relative error_log \"%1\" is kept as written: nginx reads it against its prefix (-p), "
                                                         "Portier against the JSON file's folder").arg(file));
        }
        // nginx's level when none is given is error, not Portier's notice.
        log.level = d.args.size() == 2 ? d.args.at(1) : QStringLiteral("error");
        return log;
    }

    // The text of a "# portier: ..." comment after the marker; a null string otherwise.
    static QString portierText(const NginxDirective &comment)
    {
        const QString text = comment.comment.trimmed();
        if (!text.startsWith(portierPrefix))
            return QString();
        return text.mid(portierPrefix.size()).trimmed();
    }

    // A "# portier: name args" comment read as a directive with nginx's word rules.
    std::optional<NginxDirective> portierDirective(const NginxDirective &comment)
    {
        const QString text = portierText(comment);
        if (text.isNull() || text.startsWith(disabledMarker) || text == u"nginx_only")
            return std::nullopt;
        const NginxTokenizer::Result tokens = NginxTokenizer::tokenize(text.toUtf8(), comment.file, comment.line);
        NginxDirective d;
        d.file = comment.file;
        d.line = comment.line;
        bool readable = !tokens.error && !tokens.tokens.isEmpty();
        for (const NginxToken &token : tokens.tokens) {
            if (token.type != NginxToken::Type::Word) {
                readable = false;
                break;
            }
            if (d.name.isNull())
                d.name = token.text;
            else
                d.args << token.text;
        }
        if (!readable) {
            report(Severity::Warning, comment, QStringLiteral("this \"# portier:\" comment cannot be read (%1); it is ignored")
                                                   .arg(tokens.error ? tokens.error->message : QStringLiteral("expected words only")));
            return std::nullopt;
        }
        return d;
    }

    // --- stream {} ---------------------------------------------------------------------

    struct Entry
    {
        NginxDirective directive;
        bool disabled = false; // from a "# portier: disabled |" region
    };

    // The stream block's children, with the commented-out listeners of a "# portier:
    // disabled |" region parsed back in place.
    QList<Entry> expandDisabled(const QList<NginxDirective> &children)
    {
        QList<Entry> entries;
        qsizetype i = 0;
        while (i < children.size()) {
            const NginxDirective &d = children.at(i);
            const QString text = d.isComment ? portierText(d) : QString();
            if (text.isNull() || !text.startsWith(disabledMarker)) {
                entries.append({d, false});
                ++i;
                continue;
            }
            // One run of consecutive marked lines is one region.
            QByteArray region;
            const int firstLine = d.line;
            int expected = d.line;
            while (i < children.size() && children.at(i).isComment && children.at(i).file == d.file && children.at(i).line == expected) {
                const QString lineText = portierText(children.at(i));
                if (lineText.isNull() || !lineText.startsWith(disabledMarker))
                    break;
                QString body = children.at(i).comment;
                body = body.mid(body.indexOf(u'|') + 1);
                region += body.toUtf8() + '\n';
                ++expected;
                ++i;
            }
            const NginxParser::Result parsed = NginxParser::parseText(region, d.file, m_baseDirectory, firstLine);
            for (const NginxIssue &issue : parsed.issues)
                report(Severity::Warning, Place{issue.file, issue.line},
                       QStringLiteral("this commented-out listener cannot be read back (%1); it is left out").arg(issue.message));
            if (parsed.ok()) {
                for (const NginxDirective &inner : parsed.directives)
                    entries.append({inner, true});
            }
        }
        return entries;
    }

    // events {}: worker_connections carries over (the same cap, per worker thread); the rest
    // tunes nginx's own event loop.
    void importEvents(const NginxDirective &events)
    {
        QSet<QString> nginxOnly; // an export's setting for nginx's own run, not the config's
        for (const NginxDirective &d : events.children) {
            if (d.isComment && portierText(d) == u"nginx_only")
                nginxOnly.insert(d.file + u':' + QString::number(d.line));
        }
        for (const NginxDirective &d : events.children) {
            if (d.isComment || nginxOnly.contains(d.file + u':' + QString::number(d.line)))
                continue;
            if (d.name == u"worker_connections" && !d.isBlock && d.args.size() == 1) {
                if (const std::optional<int> n = number(d, d.args.first(), 2))
                    m_result->config.workerConnections = *n;
            } else if (d.name == u"worker_connections") {
                arity(d, QStringLiteral("one number"));
            } else {
                report(Severity::Note, d, QStringLiteral("\"%1\" in events {} is not carried over: it tunes nginx's own event loop").arg(d.name));
            }
        }
    }

    void importStream(const NginxDirective &stream)
    {
        const QList<Entry> entries = expandDisabled(stream.children);

        // Certificates first: listeners refer to them by name.
        for (const Entry &entry : entries) {
            if (!entry.directive.isComment)
                continue;
            const std::optional<NginxDirective> d = portierDirective(entry.directive);
            if (!d)
                continue;
            if (d->name == u"certificate")
                declareCertificate(*d);
            else if (d->name == u"worker_connections" && d->args.size() == 1) {
                if (const std::optional<int> n = number(*d, d->args.first(), 2))
                    m_result->config.workerConnections = *n;
            } else if (d->name == u"workers" && d->args.size() == 1) {
                if (const std::optional<int> n = number(*d, d->args.first(), 1)) {
                    m_result->config.workers = *n;
                    m_positions.insert(QStringLiteral("workers"), placeOf(*d));
                }
            } else if (d->name == u"version" && d->args.size() == 1) {
                if (const std::optional<int> n = number(*d, d->args.first(), 1))
                    m_result->config.version = *n;
            } else {
                report(Severity::Warning, *d, QStringLiteral("\"# portier: %1\" means nothing at stream level; it is ignored").arg(d->name));
            }
        }

        QList<Entry> servers;
        for (const Entry &entry : entries) {
            const NginxDirective &d = entry.directive;
            if (d.isComment)
                continue;
            m_inDisabled = entry.disabled;
            if (d.name == u"server" && d.isBlock)
                servers.append(entry);
            else if (d.name == u"upstream" && d.isBlock)
                importUpstream(d);
            else if (d.name == u"map" && d.isBlock)
                importMap(d);
            else if (d.name == u"match" && d.isBlock)
                importMatch(d);
            else if (d.name == u"error_log" && !d.isBlock) {
                if (m_streamLog) {
                    report(Severity::Warning, d, QStringLiteral("a second error_log is not carried over: Portier writes one log"));
                } else {
                    m_streamLog = true;
                    m_result->config.errorLog = errorLog(d);
                    m_positions.insert(QStringLiteral("error_log"), placeOf(d));
                }
            } else if (!d.isBlock && listenerSettings.contains(d.name))
                m_streamSettings.append(d); // inherited by every server, wherever it is written
            else if (!d.isBlock && AccessImport::isRule(d.name))
                streamAccessRule(entry);
            else if (!d.isBlock && LimitsImport::isZone(d.name))
                importZone(d);
            else if (!d.isBlock && LimitsImport::isServerDirective(d.name))
                m_streamLimits << d; // inherited by servers without their own, as nginx merges
            else if (d.isBlock)
                report(Severity::Warning, d, QStringLiteral("%1 {} is not carried over: %2").arg(d.name, reasonFor(d.name)));
            else
                notCarried(d);
        }
        m_inDisabled = false;

        // Checked once here as well, so a bad value is reported even with no server to inherit it.
        Draft scratch;
        for (const NginxDirective &d : std::as_const(m_streamSettings))
            applySetting(d, &scratch, false);

        for (const Entry &entry : std::as_const(servers)) {
            m_inDisabled = entry.disabled;
            importServer(entry.directive, entry.disabled);
        }
        m_inDisabled = false;

        for (const PendingHealthCheck &pending : std::as_const(m_healthChecks))
            applyHealthCheck(pending);
        for (auto it = m_maps.cbegin(); it != m_maps.cend(); ++it) {
            if (!it->used)
                report(Severity::Note, it->place, QStringLiteral("map of %1 to $%2 is not carried over: Portier reads maps only as SNI routes of a proxy_pass")
                                                      .arg(it->source, it.key()));
        }
    }

    void declareCertificate(const NginxDirective &d)
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

    // --- upstream {} -------------------------------------------------------------------

    void importUpstream(const NginxDirective &block)
    {
        if (block.args.size() != 1) {
            arity(block, QStringLiteral("one name: upstream NAME { ... }"));
            return;
        }
        if (m_result->config.findUpstream(block.args.first())) {
            report(Severity::Error, block, QStringLiteral("duplicate upstream \"%1\"; give each group its own name").arg(block.args.first()));
            return;
        }
        const qsizetype index = m_result->config.upstreams.size();
        UpstreamConfig upstream;
        upstream.name = block.args.first();
        m_positions.insert(QStringLiteral("upstreams[%1]").arg(index), placeOf(block));

        for (const NginxDirective &d : block.children) {
            if (d.isComment)
                continue;
            if (d.isBlock) {
                report(Severity::Warning, d, QStringLiteral("%1 {} is not carried over: upstream {} holds no blocks").arg(d.name));
                continue;
            }
            if (d.name == u"server") {
                if (std::optional<ServerConfig> server = importServerLine(d)) {
                    m_positions.insert(QStringLiteral("upstreams[%1].servers[%2]").arg(index).arg(upstream.servers.size()), placeOf(d));
                    upstream.servers << *server;
                }
            } else if (d.name == u"zone") {
                report(Severity::Note, d, QStringLiteral("\"zone\" is not needed: Portier's groups always share their state across worker threads"));
            } else if (!applyMethod(d, &upstream)) {
                notCarried(d);
            }
        }
        // Comments last, so "# portier: least_time" wins over the least_conn written for
        // an nginx without least_time.
        for (const NginxDirective &comment : block.children) {
            if (!comment.isComment)
                continue;
            const std::optional<NginxDirective> d = portierDirective(comment);
            if (!d)
                continue;
            if (d->name == u"health_check")
                readHealthCheck(*d, &upstream.healthCheck);
            else if (d->name == u"set")
                readUpstreamSet(*d, &upstream);
            else if (!applyMethod(*d, &upstream))
                report(Severity::Warning, *d, QStringLiteral("\"# portier: %1\" means nothing in upstream {}; it is ignored").arg(d->name));
        }
        m_result->config.upstreams << upstream;
    }

    // The balancing method directives; false when d is none of them.
    bool applyMethod(const NginxDirective &d, UpstreamConfig *upstream)
    {
        using Method = UpstreamConfig::Method;
        if (d.name == u"least_conn") {
            if (!d.args.isEmpty())
                arity(d, QStringLiteral("no arguments"));
            else
                upstream->method = Method::LeastConn;
        } else if (d.name == u"hash") {
            if (d.args.isEmpty() || d.args.size() > 2 || (d.args.size() == 2 && d.args.at(1) != u"consistent")) {
                arity(d, QStringLiteral("a key and optionally consistent, e.g. hash $remote_addr consistent"));
            } else {
                upstream->method = Method::Hash;
                upstream->hashKey = d.args.first();
                upstream->consistent = d.args.size() == 2;
            }
        } else if (d.name == u"least_time") {
            const std::optional<UpstreamConfig::LeastTimeMode> mode =
                d.args.isEmpty() ? std::nullopt : UpstreamConfig::leastTimeModeFromName(d.args.first());
            if (!mode || d.args.size() > 2 || (d.args.size() == 2 && d.args.at(1) != u"inflight")) {
                report(Severity::Error, d, QStringLiteral("least_time takes connect, first_byte or last_byte, optionally followed by inflight"));
            } else {
                upstream->method = Method::LeastTime;
                upstream->leastTimeMode = *mode;
                upstream->inflight = d.args.size() == 2;
            }
        } else if (d.name == u"random") {
            if (d.args.size() > 2 || (!d.args.isEmpty() && d.args.first() != u"two")) {
                report(Severity::Error, d, QStringLiteral("random takes nothing, or two and optionally a method: random two least_conn"));
            } else {
                upstream->method = Method::Random;
                upstream->randomTwo = !d.args.isEmpty();
                upstream->randomMethod = d.args.size() == 2 ? d.args.at(1) : QString();
            }
        } else {
            return false;
        }
        return true;
    }

    std::optional<ServerConfig> importServerLine(const NginxDirective &d)
    {
        if (d.args.isEmpty()) {
            arity(d, QStringLiteral("an address and parameters"));
            return std::nullopt;
        }
        if (d.args.first().startsWith(QLatin1StringView("unix:"))) {
            report(Severity::Warning, d, QStringLiteral("the UNIX socket server \"%1\" is not carried over: Portier proxies to TCP and UDP addresses")
                                             .arg(d.args.first()));
            return std::nullopt;
        }
        ServerConfig server;
        server.address = d.args.first();
        for (qsizetype i = 1; i < d.args.size(); ++i) {
            const QString &arg = d.args.at(i);
            QString value;
            if (parameter(arg, QLatin1StringView("weight"), &value)) {
                if (const std::optional<int> n = number(d, value, 1, QStringLiteral("weight")))
                    server.weight = *n;
            } else if (parameter(arg, QLatin1StringView("max_fails"), &value)) {
                if (const std::optional<int> n = number(d, value, 0, QStringLiteral("max_fails")))
                    server.maxFails = *n;
            } else if (parameter(arg, QLatin1StringView("fail_timeout"), &value)) {
                if (const std::optional<qint64> ms = duration(d, value))
                    server.failTimeoutMs = *ms;
            } else if (parameter(arg, QLatin1StringView("max_conns"), &value)) {
                if (const std::optional<int> n = number(d, value, 0, QStringLiteral("max_conns")))
                    server.maxConns = *n;
            } else if (arg == u"backup") {
                server.backup = true;
            } else if (arg == u"down") {
                server.down = true;
            } else if (arg == u"resolve") {
                report(Severity::Warning, d, QStringLiteral("\"resolve\" is not carried over: Portier's config has no re-resolving; the address is kept as written"));
            } else if (arg.startsWith(QLatin1StringView("service=")) || arg.startsWith(QLatin1StringView("slow_start="))
                       || arg.startsWith(QLatin1StringView("route=")) || arg == u"drain") {
                report(Severity::Warning, d, QStringLiteral("server parameter \"%1\" is not carried over: NGINX Plus only").arg(arg));
            } else {
                report(Severity::Error, d, QStringLiteral("invalid parameter \"%1\" of server; it takes weight=, max_fails=, fail_timeout=, "
                                                          "max_conns=, backup and down").arg(arg));
            }
        }
        return server;
    }

    void readHealthCheck(const NginxDirective &d, HealthCheckConfig *check)
    {
        HealthCheckConfig read;
        read.enabled = true;
        for (const QString &arg : d.args) {
            QString value;
            if (arg == u"off") {
                read.enabled = false;
            } else if (parameter(arg, QLatin1StringView("interval"), &value)) {
                if (const std::optional<qint64> ms = duration(d, value))
                    read.intervalMs = *ms;
            } else if (parameter(arg, QLatin1StringView("timeout"), &value)) {
                if (const std::optional<qint64> ms = duration(d, value))
                    read.timeoutMs = *ms;
            } else if (parameter(arg, QLatin1StringView("fails"), &value)) {
                if (const std::optional<int> n = number(d, value, 0))
                    read.fails = *n;
            } else if (parameter(arg, QLatin1StringView("passes"), &value)) {
                if (const std::optional<int> n = number(d, value, 0))
                    read.passes = *n;
            } else if (parameter(arg, QLatin1StringView("send"), &value)) {
                read.send = value;
            } else if (parameter(arg, QLatin1StringView("expect"), &value)) {
                read.expect = value;
            } else {
                report(Severity::Warning, d, QStringLiteral("\"%1\" in \"# portier: health_check\" is unknown; it is ignored").arg(arg));
            }
        }
        *check = read;
    }

    void readUpstreamSet(const NginxDirective &d, UpstreamConfig *upstream)
    {
        for (const QString &arg : d.args) {
            QString value;
            if (parameter(arg, QLatin1StringView("hash_key"), &value)) {
                upstream->hashKey = value;
            } else if (parameter(arg, QLatin1StringView("consistent"), &value)) {
                upstream->consistent = value == u"on";
            } else if (parameter(arg, QLatin1StringView("least_time_mode"), &value)) {
                if (const auto mode = UpstreamConfig::leastTimeModeFromName(value))
                    upstream->leastTimeMode = *mode;
                else
                    report(Severity::Warning, d, QStringLiteral("\"%1\" is not a least_time mode; it is ignored").arg(value));
            } else if (parameter(arg, QLatin1StringView("inflight"), &value)) {
                upstream->inflight = value == u"on";
            } else if (parameter(arg, QLatin1StringView("random_two"), &value)) {
                upstream->randomTwo = value == u"on";
            } else if (parameter(arg, QLatin1StringView("random_method"), &value)) {
                upstream->randomMethod = value;
            } else {
                report(Severity::Warning, d, QStringLiteral("\"%1\" in \"# portier: set\" is unknown; it is ignored").arg(arg));
            }
        }
    }

    // --- map {} and match {} -----------------------------------------------------------

    void importMap(const NginxDirective &block)
    {
        if (block.args.size() != 2 || !block.args.at(1).startsWith(u'$')) {
            arity(block, QStringLiteral("a source and a $variable: map $ssl_preread_server_name $name { ... }"));
            return;
        }
        MapBlock map;
        map.source = block.args.first();
        map.place = placeOf(block);
        for (const NginxDirective &d : block.children) {
            if (d.isComment)
                continue;
            if (d.isBlock) {
                report(Severity::Error, d, QStringLiteral("a map holds \"value result;\" lines, not blocks"));
                continue;
            }
            if (d.name == u"hostnames" || d.name == u"volatile") {
                if (!d.args.isEmpty())
                    arity(d, QStringLiteral("no arguments"));
                continue;
            }
            if (d.args.size() != 1) {
                arity(d, QStringLiteral("a source value and a result"));
                continue;
            }
            if (d.name == u"default") {
                map.defaultValue = d.args.first();
                continue;
            }
            if (d.name.startsWith(u'~')) {
                map.regexKeys << placeOf(d);
                continue;
            }
            // A leading backslash is nginx's escape for a value that reads like a parameter.
            const QString key = d.name.startsWith(u'\\') ? d.name.mid(1) : d.name;
            map.entries.insert(key, d.args.first());
        }
        m_maps.insert(block.args.at(1).mid(1), map);
    }

    void importMatch(const NginxDirective &block)
    {
        if (block.args.size() != 1) {
            arity(block, QStringLiteral("one name: match NAME { ... }"));
            return;
        }
        Match match;
        for (const NginxDirective &d : block.children) {
            if (d.isComment)
                continue;
            if (d.name == u"send" && d.args.size() == 1)
                match.send = d.args.first();
            else if (d.name == u"expect" && d.args.size() == 1)
                match.expect = d.args.first();
            else
                report(Severity::Warning, d, QStringLiteral("\"%1\" in match {} is not carried over: Portier's health checks send and expect one string")
                                                 .arg(d.name));
        }
        m_matches.insert(block.args.first(), match);
    }

    // --- server {} -------------------------------------------------------------------

    std::optional<Listen> readListen(const NginxDirective &d)
    {
        if (d.args.isEmpty()) {
            arity(d, QStringLiteral("an address, e.g. listen 127.0.0.1:30003"));
            return std::nullopt;
        }
        if (d.args.first().startsWith(QLatin1StringView("unix:"))) {
            report(Severity::Warning, d, QStringLiteral("the UNIX socket \"%1\" is not carried over: Portier listens on TCP and UDP ports").arg(d.args.first()));
            return std::nullopt;
        }
        Listen listen;
        listen.address = d.args.first();
        listen.place = placeOf(d);
        for (qsizetype i = 1; i < d.args.size(); ++i) {
            const QString &arg = d.args.at(i);
            static const QStringList ignored{QStringLiteral("bind"), QStringLiteral("reuseport"), QStringLiteral("proxy_protocol"),
                                             QStringLiteral("deferred")};
            static const QStringList ignoredValues{QStringLiteral("backlog"), QStringLiteral("rcvbuf"), QStringLiteral("sndbuf"),
                                                   QStringLiteral("so_keepalive"), QStringLiteral("ipv6only"), QStringLiteral("fastopen"),
                                                   QStringLiteral("accept_filter"), QStringLiteral("setfib")};
            if (arg == u"ssl") {
                listen.ssl = true;
            } else if (arg == u"udp") {
                listen.udp = true;
            } else if (ignored.contains(arg) || ignoredValues.contains(arg.section(u'=', 0, 0))) {
                report(Severity::Warning, d, QStringLiteral("listen parameter \"%1\" is not carried over: Portier has no setting for it").arg(arg));
            } else {
                report(Severity::Error, d, QStringLiteral("invalid parameter \"%1\" of listen; Portier reads ssl and udp").arg(arg));
            }
        }
        return listen;
    }

    void importServer(const NginxDirective &block, bool disabled)
    {
        if (!block.args.isEmpty()) {
            arity(block, QStringLiteral("no arguments in stream: server { ... }"));
            return;
        }
        QList<Listen> listens;
        bool sslOn = false;
        bool hasListen = false;
        for (const NginxDirective &d : block.children) {
            if (d.isComment || d.isBlock)
                continue;
            if (d.name == u"listen") {
                hasListen = true;
                if (const std::optional<Listen> listen = readListen(d))
                    listens << *listen;
            } else if (d.name == u"ssl") {
                // Before nginx 1.25.1 "ssl on;" turned TLS on for every listen of the server.
                if (const std::optional<bool> on = flag(d)) {
                    sslOn = *on;
                    report(Severity::Note, d, QStringLiteral("\"ssl on\" is read as \"listen ... ssl\"; newer nginx only knows the latter"));
                }
            }
        }
        if (!hasListen) {
            report(Severity::Error, block,
                   QStringLiteral("no \"listen\" is defined for this server; nginx refuses it: add listen ADDRESS;"));
            return;
        }

        for (const Listen &listen : std::as_const(listens)) {
            Draft draft;
            draft.listener.listen = listen.address;
            draft.listener.protocol = listen.udp ? ListenerConfig::Protocol::Udp : ListenerConfig::Protocol::Tcp;
            draft.listener.ssl.enabled = listen.ssl || sslOn;
            draft.listener.proxyHalfClose = false; // nginx's default, whatever Portier's is
            draft.listener.enabled = !disabled;

            for (const NginxDirective &d : std::as_const(m_streamSettings)) {
                if (!isServerSslSetting(d.name) || draft.listener.ssl.enabled)
                    applySetting(d, &draft, false);
            }
            std::optional<PendingHealthCheck> health;
            for (const NginxDirective &d : block.children) {
                if (d.isComment || d.name == u"listen" || d.name == u"ssl")
                    continue;
                if (d.isBlock)
                    report(Severity::Warning, d, QStringLiteral("%1 {} is not carried over: a stream server holds no blocks").arg(d.name));
                else if (d.name == u"proxy_pass")
                    readProxyPass(d, &draft);
                else if (d.name == u"health_check")
                    health = readNginxPlusHealthCheck(d, health);
                else if (d.name == u"health_check_timeout" && d.args.size() == 1) {
                    if (!health)
                        health = PendingHealthCheck{QString(), HealthCheckConfig(), QString(), placeOf(d)};
                    if (const std::optional<qint64> ms = duration(d, d.args.first()))
                        health->check.timeoutMs = *ms;
                } else if (listenerSettings.contains(d.name))
                    applySetting(d, &draft, true);
                else if (!AccessImport::isRule(d.name) && !LimitsImport::isServerDirective(d.name))
                    notCarried(d);
            }
            for (const NginxDirective &comment : block.children) {
                if (!comment.isComment)
                    continue;
                const std::optional<NginxDirective> d = portierDirective(comment);
                if (!d)
                    continue;
                if (d->name == u"certificate" && d->args.size() == 1)
                    draft.certificateName = d->args.first();
                else if (listenerSettings.contains(d->name))
                    applySetting(*d, &draft, true);
                else
                    report(Severity::Warning, *d, QStringLiteral("\"# portier: %1\" means nothing in server {}; it is ignored").arg(d->name));
            }
            if (!draft.hasProxyPass) {
                report(Severity::Error, block,
                       QStringLiteral("this server has no proxy_pass; nginx refuses it (\"no handler for server\"): add proxy_pass UPSTREAM;"));
            }

            const qsizetype index = m_result->config.listeners.size();
            m_positions.insert(QStringLiteral("listeners[%1]").arg(index), listen.place);
            readAccessRules(AccessImport::effectiveRules(block.children, m_streamAccess), index, &draft.listener);
            readLimits(block.children, &draft.listener);
            finishListener(&draft, listen);
            if (health && health->check.enabled && !disabled) {
                health->upstream = draft.listener.proxyPass;
                m_healthChecks << *health;
            }
            m_result->config.listeners << draft.listener;
        }
    }

    void readProxyPass(const NginxDirective &d, Draft *draft)
    {
        if (d.args.size() != 1) {
            arity(d, QStringLiteral("one upstream name or host:port"));
            return;
        }
        draft->listener.proxyPass = d.args.first();
        draft->hasProxyPass = true;
    }

    // NGINX Plus's health_check in a server {}: the checks of the group it proxies to.
    PendingHealthCheck readNginxPlusHealthCheck(const NginxDirective &d, const std::optional<PendingHealthCheck> &earlier)
    {
        PendingHealthCheck pending = earlier.value_or(PendingHealthCheck{QString(), HealthCheckConfig(), QString(), placeOf(d)});
        pending.place = placeOf(d);
        pending.check.enabled = true;
        for (const QString &arg : d.args) {
            QString value;
            if (parameter(arg, QLatin1StringView("interval"), &value)) {
                if (const std::optional<qint64> ms = duration(d, value))
                    pending.check.intervalMs = *ms;
            } else if (parameter(arg, QLatin1StringView("fails"), &value)) {
                if (const std::optional<int> n = number(d, value, 1))
                    pending.check.fails = *n;
            } else if (parameter(arg, QLatin1StringView("passes"), &value)) {
                if (const std::optional<int> n = number(d, value, 1))
                    pending.check.passes = *n;
            } else if (parameter(arg, QLatin1StringView("match"), &value)) {
                pending.match = value;
            } else {
                report(Severity::Warning, d, QStringLiteral("health_check parameter \"%1\" is not carried over").arg(arg));
            }
        }
        return pending;
    }

    void applyHealthCheck(const PendingHealthCheck &pending)
    {
        for (UpstreamConfig &upstream : m_result->config.upstreams) {
            if (upstream.name != pending.upstream)
                continue;
            if (upstream.healthCheck.enabled)
                return; // a "# portier: health_check" already says it, or another server did
            upstream.healthCheck = pending.check;
            if (!pending.match.isEmpty()) {
                if (m_matches.contains(pending.match)) {
                    upstream.healthCheck.send = m_matches.value(pending.match).send;
                    upstream.healthCheck.expect = m_matches.value(pending.match).expect;
                } else {
                    report(Severity::Warning, pending.place, QStringLiteral("match \"%1\" is not defined; the check sends and expects nothing").arg(pending.match));
                }
            }
            return;
        }
        report(Severity::Warning, pending.place, QStringLiteral("health_check is not carried over: proxy_pass \"%1\" is not an upstream group")
                                                     .arg(pending.upstream));
    }

    void importZone(const NginxDirective &d)
    {
        QString error;
        const std::optional<ConnectionZoneConfig> zone = LimitsImport::readZone(d, &error);
        if (!zone) {
            report(Severity::Error, d, error);
            return;
        }
        for (const ConnectionZoneConfig &earlier : std::as_const(m_zones)) {
            if (earlier.name == zone->name) {
                report(Severity::Error, d, QStringLiteral("limit_conn_zone \"%1\" is already bound to key \"%2\"").arg(zone->name, earlier.key));
                return;
            }
        }
        m_zones << *zone;
        if (!LimitsImport::isMaxConnectionsZone(*zone)) // those come back as a listener's max_connections
            m_result->config.connectionZones << *zone;
    }

    void readLimits(const QList<NginxDirective> &server, ListenerConfig *listener)
    {
        QList<LimitsImport::Message> messages;
        listener->limits = LimitsImport::readServer(server, m_streamLimits, m_zones, &messages);
        for (const LimitsImport::Message &message : std::as_const(messages))
            report(message.error ? Severity::Error : Severity::Warning, message.directive, message.text);
    }

    // allow/deny at stream level: every server without rules of its own inherits them.
    void streamAccessRule(const Entry &entry)
    {
        if (entry.disabled) {
            // Only commented-out text in nginx, so it keeps no one out there either.
            report(Severity::Warning, entry.directive, QStringLiteral("\"%1\" in a \"# portier: disabled\" region is a comment to nginx; it is ignored")
                                                           .arg(entry.directive.name));
            return;
        }
        m_streamAccess << entry.directive;
        readAccessRules({entry.directive}, -1, nullptr); // checked now, so a bad one is reported even with no server
    }

    // index -1, listener null: only check and report.
    void readAccessRules(const QList<NginxDirective> &rules, qsizetype index, ListenerConfig *listener)
    {
        for (const NginxDirective &d : rules) {
            const AccessImport::Rule read = AccessImport::read(d);
            if (!read.error.isEmpty())
                report(Severity::Error, d, read.error);
            if (!read.warning.isEmpty())
                report(Severity::Warning, d, read.warning);
            if (!read.rule || !listener)
                continue;
            m_positions.insert(QStringLiteral("listeners[%1].access[%2]").arg(index).arg(listener->access.size()), placeOf(d));
            listener->access << *read.rule;
        }
    }

    void applySetting(const NginxDirective &d, Draft *draft, bool fromServer)
    {
        ListenerConfig &l = draft->listener;
        const QString &name = d.name;
        auto single = [&](const QString &what) {
            if (d.args.size() == 1)
                return true;
            arity(d, what);
            return false;
        };
        auto setFlag = [&](bool *out) {
            if (const std::optional<bool> value = flag(d))
                *out = *value;
        };
        auto setTime = [&](qint64 *out) {
            if (single(QStringLiteral("one time, e.g. 20s")))
                if (const std::optional<qint64> ms = duration(d, d.args.first()))
                    *out = *ms;
        };
        auto setNumber = [&](int *out) {
            if (single(QStringLiteral("one number")))
                if (const std::optional<int> n = number(d, d.args.first(), 0))
                    *out = *n;
        };
        auto setFile = [&](QString *out) {
            if (single(QStringLiteral("one file")))
                *out = absolutePath(d.args.first(), m_baseDirectory);
        };
        auto setProtocols = [&](QStringList *out) {
            if (d.args.isEmpty())
                arity(d, QStringLiteral("one or more protocols, e.g. TLSv1.2 TLSv1.3"));
            else
                *out = d.args;
        };

        if (name == u"proxy_timeout")
            setTime(&l.proxyTimeoutMs);
        else if (name == u"proxy_connect_timeout")
            setTime(&l.proxyConnectTimeoutMs);
        else if (name == u"proxy_next_upstream")
            setFlag(&l.proxyNextUpstream);
        else if (name == u"proxy_next_upstream_tries")
            setNumber(&l.proxyNextUpstreamTries);
        else if (name == u"proxy_next_upstream_timeout")
            setTime(&l.proxyNextUpstreamTimeoutMs);
        else if (name == u"proxy_half_close")
            setFlag(&l.proxyHalfClose);
        else if (name == u"proxy_responses")
            setNumber(&l.proxyResponses);
        else if (name == u"proxy_requests")
            setNumber(&l.proxyRequests);
        else if (name == u"ssl_certificate") {
            if (!draft->certificateFile.isEmpty() && draft->certificateFromServer == fromServer) {
                report(Severity::Warning, d, QStringLiteral("a second ssl_certificate is not carried over: a Portier listener has one certificate"));
                return;
            }
            setFile(&draft->certificateFile);
            draft->certificateFromServer = fromServer;
            draft->certificatePlace = placeOf(d);
        } else if (name == u"ssl_certificate_key") {
            if (!draft->keyFile.isEmpty() && draft->keyFromServer == fromServer) {
                report(Severity::Warning, d, QStringLiteral("a second ssl_certificate_key is not carried over: a Portier listener has one certificate"));
                return;
            }
            setFile(&draft->keyFile);
            draft->keyFromServer = fromServer;
        } else if (name == u"ssl_password_file")
            setFile(&draft->passwordFile);
        else if (name == u"ssl_protocols") {
            setProtocols(&l.ssl.protocols);
            draft->sslProtocolsSet = true;
        }
        else if (name == u"ssl_ciphers") {
            if (single(QStringLiteral("one cipher list")))
                l.ssl.ciphers = d.args.first();
        } else if (name == u"ssl_prefer_server_ciphers")
            setFlag(&l.ssl.preferServerCiphers);
        else if (name == u"ssl_session_cache") {
            if (d.args.isEmpty())
                arity(d, QStringLiteral("off, none, builtin[:size] or shared:NAME:size"));
            else
                l.ssl.sessionCache = d.args.join(u' ');
        } else if (name == u"ssl_session_timeout")
            setTime(&l.ssl.sessionTimeoutMs);
        else if (name == u"ssl_session_tickets")
            setFlag(&l.ssl.sessionTickets);
        else if (name == u"ssl_handshake_timeout")
            setTime(&l.ssl.handshakeTimeoutMs);
        else if (name == u"ssl_verify_client") {
            static const QStringList values{QStringLiteral("off"), QStringLiteral("on"), QStringLiteral("optional"), QStringLiteral("optional_no_ca")};
            if (single(QStringLiteral("off, on, optional or optional_no_ca"))) {
                if (values.contains(d.args.first()))
                    l.ssl.verifyClient = d.args.first();
                else
                    report(Severity::Error, d, QStringLiteral("\"%1\" is not a value of ssl_verify_client; use off, on, optional or optional_no_ca").arg(d.args.first()));
            }
        } else if (name == u"ssl_client_certificate")
            setFile(&l.ssl.clientCertificate);
        else if (name == u"ssl_preread")
            setFlag(&draft->sslPreread);
        else if (name == u"proxy_ssl")
            setFlag(&l.proxySsl.enabled);
        else if (name == u"proxy_ssl_server_name")
            setFlag(&l.proxySsl.serverName);
        else if (name == u"proxy_ssl_name") {
            if (single(QStringLiteral("one name")))
                l.proxySsl.name = d.args.first();
        } else if (name == u"proxy_ssl_verify")
            setFlag(&l.proxySsl.verify);
        else if (name == u"proxy_ssl_trusted_certificate")
            setFile(&l.proxySsl.trustedCertificate);
        else if (name == u"proxy_ssl_protocols")
            setProtocols(&l.proxySsl.protocols);
        else if (name == u"proxy_ssl_session_reuse")
            setFlag(&l.proxySsl.sessionReuse);
    }

    void finishListener(Draft *draft, const Listen &listen)
    {
        ListenerConfig &l = draft->listener;
        const Place place = listen.place;

        if (!draft->certificateFile.isEmpty() || !draft->certificateName.isEmpty())
            l.ssl.certificate = certificateFor(*draft);
        else if (!draft->keyFile.isEmpty())
            report(Severity::Warning, place, QStringLiteral("ssl_certificate_key without ssl_certificate is not carried over; add ssl_certificate"));
        if (l.ssl.enabled && l.ssl.certificate.isEmpty())
            report(Severity::Warning, place, QStringLiteral("listen ... ssl without ssl_certificate: nginx refuses it; add ssl_certificate and ssl_certificate_key"));

        if (l.proxyPass.startsWith(u'$')) {
            QString variable = l.proxyPass.mid(1);
            if (variable.startsWith(u'{') && variable.endsWith(u'}'))
                variable = variable.mid(1, variable.size() - 2);
            const auto map = m_maps.find(variable);
            const bool sni = map != m_maps.end()
                             && (map->source == u"$ssl_preread_server_name" || map->source == u"$ssl_server_name");
            if (!sni) {
                report(Severity::Warning, place, QStringLiteral("proxy_pass %1 is not carried over: Portier reads a variable only as a map of "
                                                                "$ssl_preread_server_name or $ssl_server_name (SNI routes)").arg(l.proxyPass));
                return;
            }
            map->used = true;
            l.sniRoutes = map->entries;
            l.proxyPass = map->defaultValue;
            for (const Place &regex : std::as_const(map->regexKeys))
                report(Severity::Warning, regex, QStringLiteral("a regular-expression server name is not carried over: SNI routes match names and *.suffix"));
            if (map->source == u"$ssl_preread_server_name" && !draft->sslPreread)
                report(Severity::Warning, place, QStringLiteral("ssl_preread is off here, so nginx never knows the server name and always takes the map's "
                                                                "default; the routes are carried over as if it were on"));
        } else if (draft->sslPreread) {
            report(Severity::Note, place, QStringLiteral("ssl_preread without a map of $ssl_preread_server_name in proxy_pass is not carried over"));
        }
        if (l.ssl.enabled && !draft->sslProtocolsSet)
            report(Severity::Note, place, QStringLiteral("no ssl_protocols here: nginx before 1.23.4 also allows TLSv1 and TLSv1.1, Portier takes TLSv1.2 TLSv1.3"));
    }

    QString certificateFor(const Draft &draft)
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

    void addCertificate(const QString &name, CertificateConfig certificate, const Place &place)
    {
        certificate.name = name;
        m_positions.insert(QStringLiteral("certificates[%1]").arg(m_result->config.certificates.size()), place);
        m_result->config.certificates << certificate;
    }

    NginxImporter::Result *m_result;
    QString m_mainFile;
    QString m_baseDirectory;
    QSet<QString> m_reported;
    QHash<QString, Place> m_positions; // JSON path of an imported value -> the directive it came from
    Place m_streamPlace;
    bool m_inDisabled = false; // reading a "# portier: disabled |" region
    QList<NginxDirective> m_streamAccess; // allow/deny at stream level, in order
    QList<NginxDirective> m_streamLimits; // limit_conn*, proxy_*_rate at stream level
    QList<ConnectionZoneConfig> m_zones;  // every limit_conn_zone, max_connections ones too
    bool m_streamLog = false;
    QList<NginxDirective> m_streamSettings;
    QHash<QString, MapBlock> m_maps; // by variable name without '$'
    QHash<QString, Match> m_matches;
    QList<PendingHealthCheck> m_healthChecks;
};

NginxImporter::Result importParsed(const NginxParser::Result &parsed, const QString &file, const QString &baseDirectory)
{
    NginxImporter::Result result;
    result.files = parsed.files;
    result.issues = parsed.issues;
    if (!parsed.ok())
        return result; // nginx stops at the first syntax error; so does the import
    Importer(&result, file, baseDirectory).importMain(parsed.directives);
    return result;
}

} // namespace

NginxImporter::Result NginxImporter::importFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    return importParsed(NginxParser::parseFile(absolute), absolute, QFileInfo(absolute).absolutePath());
}

NginxImporter::Result NginxImporter::importText(const QByteArray &text, const QString &file, const QString &baseDirectory)
{
    return importParsed(NginxParser::parseText(text, file, baseDirectory), file, baseDirectory);
}
