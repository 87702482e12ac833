#pragma once

#include "limits.h"

#include <config.h>

// The nginx lines of the config's log formats (stream level) and a listener's access log (in
// its server {}); the exporter writes them. A listener without an access log gets no line:
// nginx logs nothing for a server whose stream {} names no access_log.
namespace AccessLogExport {

QList<LimitsExport::Line> streamLines(const Config &config);
QList<LimitsExport::Line> serverLines(const AccessLogConfig &log);

} // namespace AccessLogExport
