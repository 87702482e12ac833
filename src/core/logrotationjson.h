#pragma once

#include "configissue.h"
#include "logrotationconfig.h"

#include <QJsonObject>

// The JSON of error log rotation, inside "error_log" beside configjson.cpp's path and level:
//   "error_log": {"path": "portier.log", "level": "notice", "max_size": "10m", "keep": 5}
// max_size takes a number of bytes or nginx's size forms ("512k", "10m", "1g").
namespace LogRotationJson {

inline constexpr const char *keys[] = {"max_size", "keep"};

LogRotationConfig read(const QJsonObject &errorLog, const QString &path, ConfigIssues *issues);
void write(const LogRotationConfig &rotation, QJsonObject *errorLog); // only what differs from the defaults

// The validator's part: max_size 0 or at least minSize, keep 0..maxKeep, and rotation only with
// a file to rotate.
void check(const LogRotationConfig &rotation, bool hasPath, const QString &path, ConfigIssues *issues);

} // namespace LogRotationJson
