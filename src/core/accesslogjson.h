#pragma once

#include "accesslogconfig.h"
#include "configissue.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>

// The JSON of log formats and a listener's access log, beside configjson.cpp:
//   "log_formats": [{"name": "basic", "escape": "default", "format": "$remote_addr [$time_local] $status"}]
//   listener: "access_log": {"path": "/var/log/portier/access.log", "format": "basic",
//                            "buffer": "32k", "flush": "5s", "if": "$upstream_addr"}
// No "access_log" is nginx's "access_log off". Sizes take bytes or nginx's forms, times nginx's.
namespace AccessLogJson {

inline constexpr const char *formatsKey = "log_formats";
inline constexpr const char *listenerKey = "access_log";

QList<LogFormatConfig> readFormats(const QJsonValue &value, ConfigIssues *issues);
AccessLogConfig readListener(const QJsonValue &value, const QString &listenerPath, ConfigIssues *issues);

QJsonValue formatsToJson(const QList<LogFormatConfig> &formats);
void writeListener(const AccessLogConfig &log, QJsonObject *listener); // nothing when off

} // namespace AccessLogJson
