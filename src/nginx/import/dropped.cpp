#include "dropped.h"

#include <QHash>
#include <QRegularExpression>

namespace DroppedImport {

namespace {

using Severity = NginxIssue::Severity;

// Where a defining directive names the variable it defines (not a use of it): -1 the last
// argument, else its index.
int definedAt(const QString &name)
{
    static const QHash<QString, int> positions{
        {QStringLiteral("geo"), -1},    {QStringLiteral("map"), -1},    {QStringLiteral("split_clients"), -1},
        {QStringLiteral("set"), 0},     {QStringLiteral("js_set"), 0},  {QStringLiteral("js_var"), 0},
        {QStringLiteral("keyval"), 1},
    };
    return positions.value(name, -2);
}

// Directives that only say what the access log writes: a variable read there decides nothing.
bool onlyLogs(const QString &name)
{
    return name == u"access_log" || name == u"log_format";
}

void collect(const QList<NginxDirective> &directives, QSet<QString> *used)
{
    static const QRegularExpression variable(QStringLiteral("\\$\\{?([A-Za-z0-9_]+)"));
    for (const NginxDirective &d : directives) {
        if (d.isComment || onlyLogs(d.name))
            continue;
        const int defined = definedAt(d.name);
        QStringList read = d.args;
        if (defined == -1 && !read.isEmpty())
            read.removeLast();
        else if (defined >= 0 && defined < read.size())
            read.removeAt(defined);
        read << d.name; // a map's or geo's line "$value result;" keys too
        for (const QString &arg : std::as_const(read)) {
            for (auto it = variable.globalMatch(arg); it.hasNext();)
                used->insert(it.next().captured(1));
        }
        collect(d.children, used);
    }
}

// The variable a defining directive makes, without '$'; empty when it defines none.
QString definedVariable(const NginxDirective &d)
{
    const int at = definedAt(d.name);
    const int index = at == -1 ? int(d.args.size()) - 1 : at;
    if (index < 0 || index >= d.args.size() || !d.args.at(index).startsWith(u'$'))
        return QString();
    return d.args.at(index).mid(1);
}

Verdict error(const QString &reason) { return {Severity::Error, reason}; }
Verdict warning(const QString &reason) { return {Severity::Warning, reason}; }

// A directive that makes a variable: an error when something that routes or admits reads it.
Verdict variableMaker(const NginxDirective &d, const QStringList &made, const QSet<QString> &used, const QString &what)
{
    for (const QString &name : made) {
        const bool inUse = name.endsWith(u'*') ? std::any_of(used.begin(), used.end(), [&](const QString &u) { return u.startsWith(name.chopped(1)); })
                                               : used.contains(name);
        if (inUse)
            return error(QStringLiteral("Portier has no %1, and $%2 is read by this config (proxy_pass, a key, a map...): without it "
                                        "connections would be routed or admitted differently; take it out, or route without it")
                             .arg(what, name.endsWith(u'*') ? name.chopped(1) + u"..." : name));
    }
    Q_UNUSED(d)
    return warning(QStringLiteral("Portier has no %1; nothing in this config reads its variable, so nothing changes").arg(what));
}

// Why each directive whose loss changes neither who gets in nor where connections go is left out.
const QHash<QString, QString> &warningReasons()
{
    static const QHash<QString, QString> warnings{
        {QStringLiteral("js_filter"), QStringLiteral("Portier runs no njs; the data is relayed unchanged")},
        {QStringLiteral("js_import"), QStringLiteral("Portier runs no njs")},
        {QStringLiteral("js_include"), QStringLiteral("Portier runs no njs")},
        {QStringLiteral("js_path"), QStringLiteral("Portier runs no njs")},
        {QStringLiteral("js_preload_object"), QStringLiteral("Portier runs no njs")},
        {QStringLiteral("js_fetch_ciphers"), QStringLiteral("Portier runs no njs")},
        {QStringLiteral("js_fetch_protocols"), QStringLiteral("Portier runs no njs")},
        {QStringLiteral("js_fetch_trusted_certificate"), QStringLiteral("Portier runs no njs")},
        {QStringLiteral("js_fetch_verify_depth"), QStringLiteral("Portier runs no njs")},
        {QStringLiteral("js_fetch_buffer_size"), QStringLiteral("Portier runs no njs")},
        {QStringLiteral("js_fetch_max_response_buffer_size"), QStringLiteral("Portier runs no njs")},
        {QStringLiteral("js_fetch_timeout"), QStringLiteral("Portier runs no njs")},
        {QStringLiteral("keyval_zone"), QStringLiteral("NGINX Plus only; Portier keeps no key-value store")},
        {QStringLiteral("variables_hash_max_size"), QStringLiteral("it sizes nginx's own variable table")},
        {QStringLiteral("variables_hash_bucket_size"), QStringLiteral("it sizes nginx's own variable table")},
        {QStringLiteral("tcp_nodelay"), QStringLiteral("Portier always sets TCP_NODELAY, nginx's default")},
        {QStringLiteral("preread_buffer_size"), QStringLiteral("Portier reads a TLS ClientHello of up to 16 KiB, nginx's default")},
        {QStringLiteral("preread_timeout"), QStringLiteral("Portier waits 30 s for the TLS ClientHello, nginx's default")},
        {QStringLiteral("proxy_bind"), QStringLiteral("Portier connects to servers from the address the system picks, so servers see "
                                                      "Portier's address rather than the one proxy_bind names")},
        {QStringLiteral("proxy_socket_keepalive"), QStringLiteral("Portier leaves keepalive off on server connections, nginx's default")},
        {QStringLiteral("proxy_buffer_size"), QStringLiteral("Portier relays through a 64 KiB buffer per worker")},
        {QStringLiteral("proxy_downstream_buffer"), QStringLiteral("Portier relays through a 64 KiB buffer per worker")},
        {QStringLiteral("proxy_upstream_buffer"), QStringLiteral("Portier relays through a 64 KiB buffer per worker")},
        {QStringLiteral("proxy_ssl_ciphers"), QStringLiteral("Portier offers OpenSSL's default ciphers to servers")},
        {QStringLiteral("proxy_ssl_verify_depth"), QStringLiteral("Portier verifies server chains to OpenSSL's default depth")},
        {QStringLiteral("proxy_ssl_crl"), QStringLiteral("Portier checks no revocation list for servers' certificates")},
        {QStringLiteral("proxy_ssl_certificate"), QStringLiteral("Portier presents no client certificate to servers; servers that require "
                                                                 "one will refuse Portier")},
        {QStringLiteral("proxy_ssl_certificate_key"), QStringLiteral("Portier presents no client certificate to servers")},
        {QStringLiteral("proxy_ssl_password_file"), QStringLiteral("Portier presents no client certificate to servers")},
        {QStringLiteral("proxy_ssl_conf_command"), QStringLiteral("Portier passes no OpenSSL commands")},
        {QStringLiteral("ssl_dhparam"), QStringLiteral("Portier uses OpenSSL's built-in DH groups")},
        {QStringLiteral("ssl_ecdh_curve"), QStringLiteral("Portier uses OpenSSL's default curves (nginx's default, auto)")},
        {QStringLiteral("ssl_verify_depth"), QStringLiteral("Portier verifies client chains to its own depth")},
        {QStringLiteral("ssl_trusted_certificate"), QStringLiteral("Portier sends no OCSP staple chain; client verification uses "
                                                                   "ssl_client_certificate")},
        {QStringLiteral("ssl_session_ticket_key"), QStringLiteral("Portier makes its own ticket keys at start")},
        {QStringLiteral("ssl_conf_command"), QStringLiteral("Portier passes no OpenSSL commands")},
        {QStringLiteral("zone_sync"), QStringLiteral("NGINX Plus only")},
    };
    return warnings;
}

} // namespace

QSet<QString> variablesInUse(const QList<NginxDirective> &streamChildren)
{
    QSet<QString> used;
    collect(streamChildren, &used);
    return used;
}

std::optional<Verdict> classify(const NginxDirective &d, const QSet<QString> &used)
{
    const QString &name = d.name;
    // Variables that route or admit when read.
    if (name == u"geo")
        return variableMaker(d, {definedVariable(d)}, used, QStringLiteral("geo {} (ngx_stream_geo_module)"));
    if (name == u"geoip_country" || name == u"geoip_org" || name == u"geoip_city")
        return variableMaker(d, {QStringLiteral("geoip_*")}, used, QStringLiteral("GeoIP (ngx_stream_geoip_module)"));
    if (name == u"set")
        return variableMaker(d, {definedVariable(d)}, used, QStringLiteral("set (ngx_stream_set_module)"));
    if (name == u"js_set" || name == u"js_var")
        return variableMaker(d, {definedVariable(d)}, used, QStringLiteral("njs"));
    if (name == u"keyval")
        return variableMaker(d, {definedVariable(d)}, used, QStringLiteral("keyval (NGINX Plus)"));

    // Admission and routing decided by code or lists Portier cannot run.
    if (name == u"js_access")
        return error(QStringLiteral("Portier runs no njs, and this handler decides which clients get in: without it every client would; "
                                    "write the rule as allow/deny, or take it out"));
    if (name == u"js_preread")
        return error(QStringLiteral("Portier runs no njs, and a preread handler may refuse or steer connections before they are proxied; "
                                    "take it out if it only reads"));
    if (name == u"ssl_crl")
        return error(QStringLiteral("Portier checks no revocation list: client certificates it revokes would be let in; take it out only "
                                    "if no client certificate is revoked"));
    if (name == u"ssl_alpn")
        return error(QStringLiteral("Portier announces no ALPN protocols, so clients that nginx refuses for offering none of them "
                                    "(\"no application protocol\") would be let in"));

    if (name == u"sticky")
        return error(QStringLiteral("NGINX Plus only; Portier has no session persistence, so a client's connections would be spread over "
                                    "the group's servers instead of staying on one"));

    // Losses that change neither who gets in nor where connections go.
    const QHash<QString, QString> &warnings = warningReasons();
    if (const auto found = warnings.constFind(name); found != warnings.constEnd())
        return warning(*found);
    if (name.startsWith(QLatin1StringView("zone_sync_")))
        return warning(QStringLiteral("NGINX Plus only"));
    return std::nullopt;
}

} // namespace DroppedImport
