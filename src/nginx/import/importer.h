#pragma once

#include "../nginxdirective.h"
#include "../nginximporter.h"

#include <config.h>

#include <QHash>
#include <QLatin1StringView>
#include <QList>
#include <QSet>
#include <QString>
#include <optional>

// The importer behind NginxImporter: one object per import, holding what stream {} has said
// so far. Its steps are split the way nginx splits its modules, one file per directive
// family, so the next directive has an obvious home:
//   importer.cpp         the main context, events {}, stream {} and reporting
//   values.cpp           numbers, times, flags, files and name=value parameters
//   portiercomments.cpp  "# portier: ..." comments and "disabled |" regions
//   server.cpp           server {}, listen and proxy_pass (ngx_stream_core_module)
//   proxy.cpp            proxy_* settings (ngx_stream_proxy_module)
//   ssl.cpp              ssl_* and proxy_ssl_* settings, certificates (ngx_stream_ssl_module)
//   upstream.cpp         upstream {}, balancing methods, health checks, match {}
//   map.cpp              map {}, and the SNI routes a map of the server name becomes
//   routing.cpp          split_clients {}, return, and maps/split_clients as variables
//   access.cpp           allow / deny (ngx_stream_access_module)
//   proxyprotocol.cpp    set_real_ip_from (ngx_stream_realip_module), listen ... proxy_protocol
//   limits.cpp           limit_conn_zone, limit_conn*, proxy_*_rate (ngx_stream_limit_conn_module)
//   accesslog.cpp        log_format, access_log (ngx_stream_log_module)
// Internal to portier_nginx; everything else uses NginxImporter.
namespace NginxImport {

using Severity = NginxIssue::Severity;

struct Place
{
    QString file;
    int line = 0;
};

inline Place placeOf(const NginxDirective &directive)
{
    return {directive.file, directive.line};
}

// A path as written, made absolute against the main config file's folder.
QString absolutePath(const QString &path, const QString &baseDirectory);

struct Listen
{
    QString address;
    bool ssl = false;
    bool udp = false;
    bool proxyProtocol = false;
    ListenSocketConfig socket; // backlog=, rcvbuf=, sndbuf=, fastopen=, so_keepalive=, ipv6only=, reuseport, bind (listen.cpp)
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
    bool hasProxyPass = false; // proxy_pass or return: the server has a handler
};

struct MapBlock
{
    QString source;
    QMap<QString, QString> entries;
    QString defaultValue;
    QList<Place> regexKeys;
    Place place;
    bool used = false;
    MapConfig config; // the whole map, for proxy_pass $x and return (routing.cpp)
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

// A listener setting written in server {} or inherited from stream {}: proxy_* and ssl_*.
bool isListenerSetting(const QString &name);
// Directives of ngx_stream_ssl_module that a server takes from stream {} only when one of
// its listen lines says ssl (Portier keeps TLS settings on TLS listeners only).
bool isServerSslSetting(const QString &name);

class Importer
{
public:
    Importer(NginxImporter::Result *result, const QString &mainFile, const QString &baseDirectory)
        : m_result(result), m_mainFile(mainFile), m_baseDirectory(baseDirectory)
    {
    }

    void importMain(const QList<NginxDirective> &top);

private:
    struct Entry
    {
        NginxDirective directive;
        bool disabled = false; // from a "# portier: disabled |" region
    };

    // importer.cpp: reporting, the main context, events {} and stream {}
    void report(Severity severity, const Place &place, const QString &message);
    void report(Severity severity, const NginxDirective &d, const QString &message);
    void arity(const NginxDirective &d, const QString &expected);
    void notCarried(const NginxDirective &d);
    Place placeFor(QString path) const;
    ErrorLogConfig errorLog(const NginxDirective &d);
    void importEvents(const NginxDirective &events);
    void importStream(const NginxDirective &stream);

    // values.cpp: each reports what it cannot read and returns nothing then
    std::optional<int> number(const NginxDirective &d, const QString &text, int minimum, const QString &what = QString());
    std::optional<qint64> duration(const NginxDirective &d, const QString &text);
    std::optional<bool> flag(const NginxDirective &d);
    static bool parameter(const QString &arg, QLatin1StringView name, QString *value);
    bool single(const NginxDirective &d, const QString &what);
    void setFlag(const NginxDirective &d, bool *out);
    void setTime(const NginxDirective &d, qint64 *out);
    void setNumber(const NginxDirective &d, int *out);
    void setFile(const NginxDirective &d, QString *out);
    void setProtocols(const NginxDirective &d, QStringList *out);

    // portiercomments.cpp
    static QString portierText(const NginxDirective &comment);
    std::optional<NginxDirective> portierDirective(const NginxDirective &comment);
    // The readable "# portier: ..." comments among children, in order.
    QList<NginxDirective> portierDirectives(const QList<NginxDirective> &children);
    QList<Entry> expandDisabled(const QList<NginxDirective> &children);

    // server.cpp
    std::optional<Listen> readListen(const NginxDirective &d);
    void importServer(const NginxDirective &block, bool disabled);
    void readProxyPass(const NginxDirective &d, Draft *draft);
    void applySetting(const NginxDirective &d, Draft *draft, bool fromServer);
    void finishListener(Draft *draft, const Listen &listen);

    // proxy.cpp: false when d is not a proxy_* setting
    bool applyProxySetting(const NginxDirective &d, Draft *draft);

    // ssl.cpp
    bool applySslSetting(const NginxDirective &d, Draft *draft, bool fromServer);
    void declareCertificate(const NginxDirective &d);
    QString certificateFor(const Draft &draft);
    void addCertificate(const QString &name, CertificateConfig certificate, const Place &place);

    // upstream.cpp
    void importUpstream(const NginxDirective &block);
    bool applyMethod(const NginxDirective &d, UpstreamConfig *upstream);
    std::optional<ServerConfig> importServerLine(const NginxDirective &d);
    void readHealthCheck(const NginxDirective &d, HealthCheckConfig *check);
    void readUpstreamSet(const NginxDirective &d, UpstreamConfig *upstream);
    void importMatch(const NginxDirective &block);
    PendingHealthCheck readNginxPlusHealthCheck(const NginxDirective &d, const std::optional<PendingHealthCheck> &earlier);
    void applyHealthCheck(const PendingHealthCheck &pending);

    // map.cpp
    void importMap(const NginxDirective &block);
    bool applySniMap(Draft *draft, const Place &place); // false: stop reading the listener's proxy_pass
    static bool isSniSource(const QString &source);

    // routing.cpp: split_clients {}, return, and the maps and split_clients carried over
    void importSplitClients(const NginxDirective &block);
    void readReturn(const NginxDirective &d, Draft *draft);
    void finishRouting();
    void checkVariableListeners();

    // access.cpp
    void streamAccessRule(const Entry &entry);
    void readAccessRules(const QList<NginxDirective> &rules, qsizetype index, ListenerConfig *listener);

    // proxyprotocol.cpp; listener null: only check and report
    void readRealIpFrom(const QList<NginxDirective> &sources, ListenerConfig *listener);

    // limits.cpp
    void importZone(const NginxDirective &d);
    void readLimits(const QList<NginxDirective> &server, ListenerConfig *listener);

    // accesslog.cpp
    void importLogFormat(const NginxDirective &d);
    void readAccessLog(const QList<NginxDirective> &server, ListenerConfig *listener);

    NginxImporter::Result *m_result;
    QString m_mainFile;
    QString m_baseDirectory;
    QSet<QString> m_reported;
    QHash<QString, Place> m_positions; // JSON path of an imported value -> the directive it came from
    Place m_streamPlace;
    bool m_inDisabled = false; // reading a "# portier: disabled |" region
    QList<NginxDirective> m_streamAccess; // allow/deny at stream level, in order
    QList<NginxDirective> m_streamRealIpFrom; // set_real_ip_from at stream level, in order
    QList<NginxDirective> m_streamLimits; // limit_conn*, proxy_*_rate at stream level
    QList<ConnectionZoneConfig> m_zones;  // every limit_conn_zone, max_connections ones too
    QList<NginxDirective> m_streamAccessLogs; // access_log at stream level, inherited by servers without their own
    QSet<QString> m_droppedLogFormats;        // log_format names left out (they read a variable Portier lacks)
    QSet<QString> m_variablesDefined;         // variables the file defines itself (geo, map, set, ...), without '$' 
    bool m_streamLog = false;
    QList<NginxDirective> m_streamSettings;
    QSet<QString> m_variablesInUse; // read by something that routes or admits (dropped.cpp)
    QHash<QString, MapBlock> m_maps; // by variable name without '$'
    QStringList m_mapOrder;          // their names as declared
    QHash<QString, Match> m_matches;
    QList<PendingHealthCheck> m_healthChecks;
};

} // namespace NginxImport
