#pragma once

#include "config.h"
#include "configissue.h"

// Checks log_formats and every listener's access_log as nginx -t would (a format with an
// unknown variable, a duplicate format name, an access log naming no format, flush without
// buffer, a path with variables, one file with two different buffers), with the field, the
// value and the fix. Called by ConfigValidator.
namespace AccessLogValidator {

void check(const Config &config, ConfigIssues *issues);

bool isFormatName(const QString &name); // what nginx reads unquoted and Portier exports safely

} // namespace AccessLogValidator
