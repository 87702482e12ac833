#pragma once

#include "../nginxexporter.h"
#include "writer.h"

#include <config.h>

#include <QHash>
#include <QString>
#include <QStringList>

// The exporter behind NginxExporter: one object per export, writing the config's nginx text
// and collecting what nginx would refuse (errors) or read differently (warnings). Its steps
// are split by what they write, as the importer's are:
//   exporter.cpp   the run, the main context of a standalone nginx.conf, stream-level settings
//   upstream.cpp   upstream {}: the balancing method, the health check, the servers
//   server.cpp     a listener's server {} (and its SNI map): listen, access, PROXY protocol,
//                  proxy_* settings
//   ssl.cpp        ssl_* and proxy_ssl_* in a server {}
// The lines of limits, access logs and maps come from limits.h, accesslog.h and routing.h.
// Internal to portier_nginx; everything else uses NginxExporter.
namespace NginxExport {

// Where an issue is, as ConfigValidator names it: "listeners[2]", "upstreams[0].name".
QString path(const char *list, qsizetype i, const char *key = nullptr);
QString onOff(bool value);

class Exporter
{
public:
    Exporter(const Config &config, const NginxExporter::Options &options, NginxExporter::Result *result)
        : m_config(config), m_options(options), m_result(result)
    {
    }

    void run();

private:
    void error(const QString &where, const QString &message) { m_result->errors.append({where, message}); }
    void warning(const QString &where, const QString &message) { m_result->warnings.append({where, message}); }

    QString target() const { return QStringLiteral("nginx ") + m_options.target.toString(); }

    // exporter.cpp
    void nameUpstreams();
    void checkListenAddresses();
    QString seconds(qint64 ms, const QString &where);
    void versioned(Writer &out, NginxVersion::Feature feature, const QString &name, const QStringList &args, const QString &without);
    void writeMain(Writer &out);
    void writeStreamSettings(Writer &out);

    // upstream.cpp
    void writeUpstream(Writer &out, const UpstreamConfig &upstream, qsizetype index);
    void writeHealthCheck(Writer &out, const HealthCheckConfig &health);
    void writeServer(Writer &out, const ServerConfig &server, const QString &where, bool backupRefused, UpstreamConfig::Method method);

    // server.cpp
    void writeListener(Writer &out, const ListenerConfig &listener, qsizetype index);
    void writeListenerBlocks(Writer &out, const ListenerConfig &listener, qsizetype index);
    void writeAccess(Writer &out, const ListenerConfig &listener, qsizetype index);
    void writeProxyProtocol(Writer &out, const ProxyProtocolConfig &config);
    QString upstreamOrAddress(const QString &name, const QString &where);

    // ssl.cpp
    void writeSsl(Writer &out, const SslConfig &ssl, qsizetype index);
    void writeProxySsl(Writer &out, const ProxySslConfig &ssl, qsizetype index);
    void writeProtocols(Writer &out, const QString &name, const QStringList &protocols, const QString &where);

    const Config &m_config;
    const NginxExporter::Options &m_options;
    NginxExporter::Result *m_result;
    QStringList m_upstreamNames;     // by index, as written
    QHash<QString, QString> m_names; // config name -> written name
};

} // namespace NginxExport
