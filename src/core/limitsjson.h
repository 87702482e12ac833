#pragma once

#include "configissue.h"
#include "limitsconfig.h"

#include <QJsonObject>
#include <QJsonValue>

// The JSON of connection zones and a listener's limits, beside configjson.cpp:
//   "limit_conn_zones": [{"name": "perip", "key": "$binary_remote_addr", "size": "10m"}]
//   listener: "limit_conn": [{"zone": "perip", "connections": 10}], "limit_conn_log_level": "warn",
//             "limit_conn_dry_run": false, "max_connections": 1000,
//             "proxy_upload_rate": "512k", "proxy_download_rate": 1048576
// Sizes and rates take a number of bytes or nginx's forms ("512k", "10m").
namespace LimitsJson {

// Listener keys read here, for the listener's list of known keys.
inline constexpr const char *listenerKeys[] = {"limit_conn", "limit_conn_log_level", "limit_conn_dry_run", "max_connections",
                                               "proxy_upload_rate", "proxy_download_rate"};
inline constexpr const char *zonesKey = "limit_conn_zones";

QList<ConnectionZoneConfig> readZones(const QJsonValue &value, ConfigIssues *issues);
ListenerLimitsConfig readListener(const QJsonObject &listener, const QString &path, ConfigIssues *issues);

QJsonValue zonesToJson(const QList<ConnectionZoneConfig> &zones);
void writeListener(const ListenerLimitsConfig &limits, QJsonObject *listener); // only what differs from the defaults

} // namespace LimitsJson
