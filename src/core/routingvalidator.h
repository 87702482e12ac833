#pragma once

#include "config.h"
#include "configissue.h"

// Checks maps, split_clients and every listener's proxy_pass with variables and return text
// as nginx -t would (an unknown variable, a bad percent, conflicting map keys, a regex that
// does not compile), plus what nginx would only find per connection: a proxy_pass variable
// whose fixed values name neither an upstream group nor host:port. Called by ConfigValidator.
namespace RoutingValidator {

void check(const Config &config, ConfigIssues *issues);

// Whether a listener's proxy_pass is text with variables (nginx's proxy_pass $pool).
inline bool isVariable(const QString &proxyPass) { return proxyPass.contains(u'$'); }

} // namespace RoutingValidator
