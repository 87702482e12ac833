#pragma once

#include "config.h"
#include "configissue.h"

#include <optional>

// The one validator: the GUI (as you type), portierd --check, the importer and
// Engine::apply all ask it, so a config is judged the same way everywhere.
// Messages name the value, what is wrong, and what to do.
namespace ConfigValidator {

ConfigIssues validate(const Config &config);

// ssl_session_cache as nginx writes it ("off", "none", "builtin[:sessions]", "shared:NAME:size",
// or builtin and shared together): how many sessions the listener keeps, 0 for none.
// Every worker is a thread of one process, so "shared" is the listener's own cache in memory,
// sized as nginx sizes it (one megabyte holds about 4000 sessions).
std::optional<qint64> sessionCacheSessions(const QString &value, QString *error);

} // namespace ConfigValidator
