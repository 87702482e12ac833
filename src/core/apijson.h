#pragma once

#include "apiconfig.h"
#include "configissue.h"

#include <QJsonValue>

// The JSON of the "api" section (see apiconfig.h), beside configjson.cpp.
namespace ApiJson {

inline constexpr const char *key = "api";

ApiConfig read(const QJsonValue &value, ConfigIssues *issues);
QJsonValue toJson(const ApiConfig &api); // undefined when the API is off and nothing is set

} // namespace ApiJson
