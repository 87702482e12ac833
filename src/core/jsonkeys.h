#pragma once

#include "configissue.h"

#include <QByteArray>
#include <QHash>
#include <QStringList>

// What QJsonDocument forgets about a JSON text's objects: keys that appear twice (it keeps the
// last without a word, so a config with "weight" twice would silently mean one of them) and
// the order the keys were written in (it sorts them). Both scan the text, already known to be
// valid JSON. Paths name objects as the config's messages do: "" for the root,
// "upstreams[0].servers[1]".
namespace JsonKeys {

// Each repeated key, with its path (upstreams[0].servers[1].weight).
ConfigIssues duplicates(const QByteArray &json);

// Each object's keys in the order the text has them, by the object's path.
QHash<QString, QStringList> order(const QByteArray &json);

} // namespace JsonKeys
