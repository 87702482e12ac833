#pragma once

#include <sessioninfo.h>

#include <QJsonObject>

// A live or closed session as /portier/v1/sessions writes it (docs/api.md), and read back by
// the desktop program's view of a remote portierd (RemoteController), so both sides share one
// spelling. Besides the ages people read (`age_ms`, `idle_ms`) it carries the instance's own
// steady clock (`started_monotonic_ms`, `last_activity_monotonic_ms`, `ended_monotonic_ms`,
// the clock of /portier/v1/stats' `monotonicMs`), so a reader can show ages as they advance.
namespace SessionJson {

QJsonObject toJson(const SessionInfo &session, qint64 nowMs);
QJsonObject closedToJson(const ClosedSession &closed);

// Reads what toJson wrote; fields that are missing read as empty or zero (an older portierd
// without the monotonic fields gives times computed from `age_ms` against nowMs).
SessionInfo fromJson(const QJsonObject &object, qint64 nowMs);
ClosedSession closedFromJson(const QJsonObject &object);

} // namespace SessionJson
