#pragma once

#include "configissue.h"

#include <QByteArray>

// QJsonDocument keeps the last of two equal keys in an object without a word; a config
// with "weight" twice would silently mean one of them. This scans the text (already known to
// be valid JSON) and reports each repeated key with its path, e.g. upstreams[0].servers[1].weight.
namespace JsonDuplicateKeys {

ConfigIssues find(const QByteArray &json);

} // namespace JsonDuplicateKeys
