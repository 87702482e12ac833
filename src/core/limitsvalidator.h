#pragma once

#include "config.h"
#include "configissue.h"

// Checks limit_conn_zones and every listener's limits as nginx -t would (a key with an unknown
// variable, a zone smaller than 8 pages, a limit naming no zone, N outside 1..65535), with the
// field, the value and the fix. Called by ConfigValidator.
namespace LimitsValidator {

// nginx's smallest shared zone: 8 pages of 4 KiB ("zone ... is too small").
inline constexpr qint64 minimumZoneSize = 8 * 4096;
// limit_conn N and max_connections: nginx counts in an unsigned short ("must be less 65536").
inline constexpr int maximumConnections = 65535;

void check(const Config &config, ConfigIssues *issues);

bool isZoneName(const QString &name); // what nginx reads unquoted and Portier exports safely

} // namespace LimitsValidator
