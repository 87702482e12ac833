#pragma once

#include "configissue.h"
#include "routingconfig.h"

#include <QJsonArray>
#include <QJsonValue>

// The JSON of maps and split_clients, beside configjson.cpp:
//   "maps": [{"source": "$remote_addr", "variable": "$pool", "hostnames": false, "volatile": false,
//             "default": "b", "entries": [{"key": "127.0.0.1", "value": "a"}, {"key": "~^10\\.", "value": "c"}]}]
//   "split_clients": [{"key": "${remote_addr}AAA", "variable": "$variant",
//                      "buckets": [{"percent": "10%", "value": "a"}, {"percent": "*", "value": "c"}]}]
// A listener's "return": "text $remote_addr" is read in configjson.cpp.
namespace RoutingJson {

inline constexpr const char *mapsKey = "maps";
inline constexpr const char *splitClientsKey = "split_clients";

QList<MapConfig> readMaps(const QJsonValue &value, ConfigIssues *issues);
QList<SplitClientsConfig> readSplitClients(const QJsonValue &value, ConfigIssues *issues);

QJsonArray mapsToJson(const QList<MapConfig> &maps);
QJsonArray splitClientsToJson(const QList<SplitClientsConfig> &splits);

} // namespace RoutingJson
