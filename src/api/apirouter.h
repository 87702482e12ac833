#pragma once

#include "apiauth.h"
#include "apibackend.h"
#include "httpmessage.h"

// Maps a request to its answer:
//   /api/                      the nginx Plus API versions, then /api/N/... (nginxplusapi.h)
//   /metrics                   Prometheus text (prometheusmetrics.h)
//   /portier/v1/listeners      each listener's state and figures
//   /portier/v1/stats          the whole StatsSnapshot (statsjson.h): what a remote dashboard paints
//   /portier/v1/config         GET the running config; PUT a new one (validated, applied)
//   /portier/v1/config/check   POST a config: the issues --check would print, nothing applied
//   /portier/v1/logs           the error log's latest lines (?lines=100&level=warn&connection=N)
//   /portier/v1/sessions       live sessions: list, close (sessionsapi.h)
// Writes need write access; everything else is GET (HEAD is not served).
namespace ApiRouter {

HttpResponse handle(const HttpRequest &request, ApiAuth::Access access, ApiBackend &backend);

} // namespace ApiRouter
