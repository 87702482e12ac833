#pragma once

#include "apibackend.h"
#include "httpmessage.h"

// /portier/v1/sessions (issue #14): the live sessions of every worker and the recently closed
// ones, and closing them.
//   GET    /portier/v1/sessions[?listener=&server=&client=&protocol=&id=]   the live sessions
//   GET    /portier/v1/sessions/ID                                          one of them
//   GET    /portier/v1/sessions/closed                                      the recently closed
//   DELETE /portier/v1/sessions/ID                                          close one
//   DELETE /portier/v1/sessions?FILTER (or ?all=true)                       close the matching ones
// Closing needs a write token (the router checks); the error log names the API client.
namespace SessionsApi {

// rest: the path after /portier/v1/sessions ("", "/closed", "/ID").
HttpResponse handle(const HttpRequest &request, const QString &rest, ApiBackend &backend);

} // namespace SessionsApi
