#pragma once

#include "statssnapshot.h"

#include <QJsonObject>
#include <optional>

// A StatsSnapshot as JSON and back, whole: what GET /portier/v1/stats serves and what the
// desktop program's RemoteController reads, so a remote portierd's dashboard shows the same
// figures as a local engine's. Field names are the struct's own (camelCase), not nginx Plus's:
// this is Portier's document, with everything the window paints (the nginx Plus paths keep
// their own names). Times are ISO 8601 with milliseconds in UTC; counters are integers.
namespace StatsJson {

inline constexpr int version = 1; // "version" in the document: a reader refuses a newer one

QJsonObject toJson(const StatsSnapshot &snapshot);
// nullopt and *error (naming the field) when the document is not a snapshot this build reads.
std::optional<StatsSnapshot> fromJson(const QJsonObject &object, QString *error);

} // namespace StatsJson
