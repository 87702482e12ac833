#pragma once

#include "config.h"
#include "configissue.h"

// The one validator: the GUI (as you type), portierd --check, the importer and
// Engine::apply all ask it, so a config is judged the same way everywhere.
// Messages name the value, what is wrong, and what to do.
namespace ConfigValidator {

ConfigIssues validate(const Config &config);

// The parts of a config that a given build of the engine implements. A known key whose
// feature is not built yet is refused with "... is not supported yet", never ignored.
struct Support
{
    bool udp = false;
    bool tls = false;
    bool proxyTls = false;
    bool sniRoutes = false;
    bool healthChecks = true;
    bool hostNames = false;
    QList<UpstreamConfig::Method> methods{UpstreamConfig::Method::RoundRobin, UpstreamConfig::Method::LeastConn,
                                         UpstreamConfig::Method::LeastTime, UpstreamConfig::Method::Hash,
                                         UpstreamConfig::Method::Random};
};
Support support();

} // namespace ConfigValidator
