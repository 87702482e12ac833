// Every directive of nginx 1.22's stream modules (and the NGINX Plus and njs ones that configs
// carry) that the importer does not carry, judged as issue #15 asks: an error when dropping it
// would widen access or change routing, a warning otherwise, and nothing at all for what is
// carried. Rows that Debian's nginx can load are also run through `nginx -t`, so no row calls
// a line invalid that nginx accepts: the error is about what would be lost.
// Left to their own tests: access_log, log_format, open_log_file_cache, map, map_hash_*,
// split_clients and return.
#include "nginxprefix.h"

#include <nginximporter.h>

#include <QTest>

namespace {

// A stream {} body around one directive under test, marked with "#T" at the end of its line.
QByteArray streamWith(const QByteArray &streamLevel, const QByteArray &serverLevel, const QByteArray &listen = "127.0.0.1:1",
                      const QByteArray &upstreamLevel = QByteArray())
{
    return "stream {\n" + streamLevel + "    upstream backend {\n        server 127.0.0.1:2;\n" + upstreamLevel
           + "    }\n    server {\n        listen " + listen + ";\n" + serverLevel + "        proxy_pass backend;\n    }\n}\n";
}

int markedLine(const QByteArray &text)
{
    const qsizetype at = text.indexOf("#T");
    return at < 0 ? 0 : int(text.left(at).count('\n')) + 1;
}

} // namespace

class NginxDroppedTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void classified_data();
    void classified();

private:
    NginxPrefix m_prefix;
    QByteArray m_certificate;
    int m_files = 0;
};

void NginxDroppedTest::initTestCase()
{
#if defined(Q_OS_WIN)
    // Each row is judged by Debian's nginx as well; the Windows build has none to run.
    QSKIP("needs Debian's nginx and its stream module (Linux only)");
#endif
    QVERIFY2(NginxPrefix::missingNginx().isEmpty(), qPrintable(NginxPrefix::missingNginx()));
    QString error;
    QVERIFY2(m_prefix.makeCertificate(QStringLiteral("site.pem"), QStringLiteral("site.key"), &error), qPrintable(error));
    m_certificate = "        ssl_certificate " + m_prefix.filePath(QStringLiteral("site.pem")).toUtf8() + ";\n        ssl_certificate_key "
                    + m_prefix.filePath(QStringLiteral("site.key")).toUtf8() + ";\n";
}

void NginxDroppedTest::classified_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected"); // error, warning, note, none (no issue on the marked line)
    QTest::addColumn<bool>("nginxLoads");  // Debian's nginx has the module: nginx -t must accept the text

    const auto row = [](const char *name, const QByteArray &text, const char *expected, bool nginx = true) {
        QTest::newRow(name) << text << QString::fromLatin1(expected) << nginx;
    };
    const QByteArray tls = "127.0.0.1:1 ssl";
    const QByteArray cert = "#CERT#";

    // ngx_stream_core_module
    row("variables_hash_max_size", streamWith("    variables_hash_max_size 2048; #T\n", ""), "warning");
    row("variables_hash_bucket_size", streamWith("    variables_hash_bucket_size 128; #T\n", ""), "warning");
    row("resolver", streamWith("    resolver 127.0.0.1; #T\n", ""), "warning");
    row("resolver_timeout", streamWith("    resolver_timeout 5s; #T\n", ""), "warning");
    row("proxy_protocol_timeout", streamWith("", "        proxy_protocol_timeout 5s; #T\n"), "none");
    row("tcp_nodelay", streamWith("", "        tcp_nodelay off; #T\n"), "warning");
    row("preread_buffer_size", streamWith("", "        preread_buffer_size 32k; #T\n"), "warning");
    row("preread_timeout", streamWith("", "        preread_timeout 10s; #T\n"), "warning");
    row("error_log", streamWith("    error_log stderr info; #T\n", ""), "none");
    // ngx_stream_access_module, ngx_stream_realip_module
    row("allow", streamWith("", "        allow 127.0.0.1; #T\n"), "none");
    row("deny", streamWith("", "        deny all; #T\n"), "none");
    row("set_real_ip_from", streamWith("", "        set_real_ip_from 10.0.0.0/8; #T\n", "127.0.0.1:1 proxy_protocol"), "none");
    row("set_real_ip_from host name, headers read",
        streamWith("", "        set_real_ip_from localhost; #T\n", "127.0.0.1:1 proxy_protocol"), "error");
    row("set_real_ip_from host name, no headers", streamWith("", "        set_real_ip_from localhost; #T\n"), "warning");
    // ngx_stream_geo_module, ngx_stream_set_module, ngx_stream_geoip_module
    row("geo read by a limit key",
        streamWith("    geo $class { #T\n        default a;\n    }\n    limit_conn_zone $class zone=z:1m;\n", "        limit_conn z 5;\n"), "error");
    row("geo read by a hash key",
        streamWith("    geo $class { #T\n        default a;\n    }\n", "", "127.0.0.1:1", "        hash $class;\n"), "error");
    row("geo read by nothing", streamWith("    geo $remote_addr $class { #T\n        default a;\n    }\n", ""), "warning");
    row("geo read only by the log",
        streamWith("    geo $class { #T\n        default a;\n    }\n    log_format basic \"$class\";\n", ""), "warning");
    row("set read by a limit key",
        streamWith("    limit_conn_zone $who zone=z:1m;\n", "        set $who \"$remote_addr\"; #T\n        limit_conn z 5;\n"), "error");
    row("set read by nothing", streamWith("", "        set $who $remote_addr; #T\n"), "warning");
    row("geoip_country read by a limit key",
        streamWith("    geoip_country /usr/share/GeoIP/GeoIP.dat; #T\n    limit_conn_zone $geoip_country_code zone=z:1m;\n",
                   "        limit_conn z 5;\n"), "error", false);
    row("geoip_city read by nothing", streamWith("    geoip_city /usr/share/GeoIP/GeoIPCity.dat; #T\n", ""), "warning", false);
    row("geoip_org read by nothing", streamWith("    geoip_org /usr/share/GeoIP/GeoIPASNum.dat; #T\n", ""), "warning", false);
    // ngx_stream_limit_conn_module
    row("limit_conn_zone", streamWith("    limit_conn_zone $binary_remote_addr zone=z:1m; #T\n", "        limit_conn z 5;\n"), "none");
    row("limit_conn", streamWith("    limit_conn_zone $binary_remote_addr zone=z:1m;\n", "        limit_conn z 5; #T\n"), "none");
    // ngx_stream_proxy_module
    row("proxy_connect_timeout", streamWith("", "        proxy_connect_timeout 5s; #T\n"), "none");
    row("proxy_timeout", streamWith("", "        proxy_timeout 5s; #T\n"), "none");
    row("proxy_next_upstream", streamWith("", "        proxy_next_upstream off; #T\n"), "none");
    row("proxy_next_upstream_tries", streamWith("", "        proxy_next_upstream_tries 2; #T\n"), "none");
    row("proxy_next_upstream_timeout", streamWith("", "        proxy_next_upstream_timeout 5s; #T\n"), "none");
    row("proxy_half_close", streamWith("", "        proxy_half_close on; #T\n"), "none");
    row("proxy_protocol", streamWith("", "        proxy_protocol on; #T\n"), "none");
    row("proxy_upload_rate", streamWith("", "        proxy_upload_rate 1m; #T\n"), "none");
    row("proxy_download_rate", streamWith("", "        proxy_download_rate 1m; #T\n"), "none");
    row("proxy_bind", streamWith("", "        proxy_bind 127.0.0.1; #T\n"), "warning");
    row("proxy_socket_keepalive", streamWith("", "        proxy_socket_keepalive on; #T\n"), "warning");
    row("proxy_buffer_size", streamWith("", "        proxy_buffer_size 32k; #T\n"), "warning");
    row("proxy_ssl_ciphers", streamWith("", "        proxy_ssl on;\n        proxy_ssl_ciphers HIGH; #T\n"), "warning");
    row("proxy_ssl_verify_depth", streamWith("", "        proxy_ssl on;\n        proxy_ssl_verify_depth 2; #T\n"), "warning");
    row("proxy_ssl_certificate", streamWith("", "        proxy_ssl on;\n        proxy_ssl_certificate " + cert + "; #T\n        proxy_ssl_certificate_key #KEY#;\n"), "warning");
    row("proxy_ssl_certificate_key", streamWith("", "        proxy_ssl on;\n        proxy_ssl_certificate " + cert + ";\n        proxy_ssl_certificate_key #KEY#; #T\n"), "warning");
    row("proxy_ssl_conf_command", streamWith("", "        proxy_ssl on;\n        proxy_ssl_conf_command Options -SessionTicket; #T\n"), "warning");
    // ngx_stream_ssl_module, ngx_stream_ssl_preread_module
    row("ssl_ecdh_curve", streamWith("", "#CERTS#        ssl_ecdh_curve auto; #T\n", tls), "warning");
    row("ssl_verify_depth", streamWith("", "#CERTS#        ssl_verify_depth 2; #T\n", tls), "warning");
    row("ssl_trusted_certificate", streamWith("", "#CERTS#        ssl_trusted_certificate " + cert + "; #T\n", tls), "warning");
    row("ssl_conf_command", streamWith("", "#CERTS#        ssl_conf_command Options -SessionTicket; #T\n", tls), "warning");
    row("ssl_alpn", streamWith("", "#CERTS#        ssl_alpn h2; #T\n", tls), "error");
    row("ssl_crl", streamWith("", "#CERTS#        ssl_verify_client on;\n        ssl_client_certificate " + cert
                                      + ";\n        ssl_crl /etc/ssl/none.crl; #T\n", tls), "error", false);
    row("ssl_dhparam", streamWith("", "#CERTS#        ssl_dhparam /etc/ssl/dh.pem; #T\n", tls), "warning", false);
    row("ssl_session_ticket_key", streamWith("", "#CERTS#        ssl_session_ticket_key /etc/ssl/ticket.key; #T\n", tls), "warning", false);
    // ssl_preread without a map of the server name in proxy_pass: a note on the listen line
    row("ssl_preread", streamWith("", "        ssl_preread on;\n", "127.0.0.1:1; #T"), "note");
    // ngx_stream_upstream_module and the balancers
    row("upstream zone", streamWith("", "", "127.0.0.1:1", "        zone backend 64k; #T\n"), "note");
    row("upstream hash", streamWith("", "", "127.0.0.1:1", "        hash $remote_addr consistent; #T\n"), "none");
    row("upstream least_conn", streamWith("", "", "127.0.0.1:1", "        least_conn; #T\n"), "none");
    row("upstream random", streamWith("", "", "127.0.0.1:1", "        random two least_conn; #T\n"), "none");
    // NGINX Plus
    row("sticky", streamWith("", "", "127.0.0.1:1", "        sticky learn create=$x lookup=$y zone=s:1m; #T\n"), "error", false);
    row("keyval read by a limit key",
        streamWith("    keyval_zone zone=kv:1m;\n    keyval $remote_addr $tier zone=kv; #T\n    limit_conn_zone $tier zone=z:1m;\n",
                   "        limit_conn z 5;\n"), "error", false);
    row("keyval_zone", streamWith("    keyval_zone zone=kv:1m; #T\n", ""), "warning", false);
    row("zone_sync", streamWith("", "        zone_sync; #T\n"), "warning", false);
    // njs
    row("js_access", streamWith("    js_import main.js;\n", "        js_access main.allow; #T\n"), "error", false);
    row("js_preread", streamWith("    js_import main.js;\n", "        js_preread main.peek; #T\n"), "error", false);
    row("js_filter", streamWith("    js_import main.js;\n", "        js_filter main.filter; #T\n"), "warning", false);
    row("js_import", streamWith("    js_import main.js; #T\n", ""), "warning", false);
    row("js_set read by a hash key",
        streamWith("    js_set $pick main.pick; #T\n", "", "127.0.0.1:1", "        hash $pick;\n"), "error", false);
    row("js_set read by nothing", streamWith("    js_set $pick main.pick; #T\n", ""), "warning", false);
}

void NginxDroppedTest::classified()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    QFETCH(bool, nginxLoads);
    text.replace("#CERTS#", m_certificate);
    text.replace("#CERT#", m_prefix.filePath(QStringLiteral("site.pem")).toUtf8());
    text.replace("#KEY#", m_prefix.filePath(QStringLiteral("site.key")).toUtf8());
    const int line = markedLine(text);
    QVERIFY(line > 0);

    if (nginxLoads) {
        QString output;
        QVERIFY2(m_prefix.checkSnippet(QStringLiteral("row-%1").arg(++m_files), text, &output), qPrintable(output + QString::fromUtf8(text)));
    }

    const NginxImporter::Result result = NginxImporter::importText(text, QStringLiteral("nginx.conf"), m_prefix.path());
    QStringList found;
    QString severity = QStringLiteral("none");
    for (const NginxIssue &issue : result.issues) {
        if (issue.line != line)
            continue;
        found << issue.toString();
        const QString kind = issue.severity == NginxIssue::Severity::Error     ? QStringLiteral("error")
                             : issue.severity == NginxIssue::Severity::Warning ? QStringLiteral("warning")
                                                                               : QStringLiteral("note");
        if (severity == u"none" || kind == u"error" || (kind == u"warning" && severity == u"note"))
            severity = kind; // the gravest on the line
    }
    QVERIFY2(severity == expected, qPrintable(QStringLiteral("%1 instead of %2:\n%3").arg(severity, expected, found.join(u'\n'))));
    // An error stops the import; anything else leaves a config to import.
    QCOMPARE(result.hasErrors(), expected == u"error");
}

QTEST_GUILESS_MAIN(NginxDroppedTest)
#include "tst_nginxdropped.moc"
