#pragma once

#include "config.h"
#include "httpmessage.h"
#include "statssnapshot.h"

#include <QDateTime>
#include <QJsonValue>

// The stream part of nginx Plus's REST API (ngx_http_api_module), with its field names and
// meanings, built from one stats snapshot: what the nginx Prometheus exporter, Telegraf's
// nginx_plus_api and Netdata's nginxplus read. The HTTP parts answer empty, as nginx Plus
// does with no http zones. Pure: the router hands in the snapshot and the running config.
namespace NginxPlusApi {

// The API versions answered under /api/N/ (nginx Plus R30 serves 1..9).
inline constexpr int newestVersion = 9;

struct Facts
{
    QString version;          // Portier's
    quint64 generation = 0;   // applies since start ("reloads" in nginx's terms)
    QDateTime loadTime;       // the last apply
    qint64 pid = 0;
};

// The document for a GET of `path` (what follows /api/N/, without a trailing slash), or an
// undefined value when there is no such path.
QJsonValue read(const QString &path, const StatsSnapshot &stats, const Config &config, const Facts &facts);

// nginx Plus's error body: {"error": {"status", "text", "code"}, "request_id", "href"}.
HttpResponse error(int status, const QString &text, const QByteArray &code);
HttpResponse json(const QJsonValue &value, int status = 200);

// The peer states nginx Plus names: "up", "down", "unavail", "unhealthy", "draining".
QString peerState(const ServerStats &server);

} // namespace NginxPlusApi
