#pragma once

#include "../nginxdirective.h"

#include <config.h>

#include <QList>
#include <optional>

// nginx's allow and deny (ngx_stream_access_module) read into a listener's access rules.
// Pure functions; the importer reports what they say at the directive's file:line.
namespace AccessImport {

inline bool isRule(const QString &name)
{
    return name == u"allow" || name == u"deny";
}

struct Rule
{
    std::optional<AccessRuleConfig> rule; // nullopt: nginx refuses the line (error says why)
    QString error;
    QString warning; // nginx's "low address bits of ... are meaningless"
};

// One "allow ADDRESS;" or "deny ADDRESS;" as ngx_stream_access_rule reads it.
Rule read(const NginxDirective &directive);

// ngx_stream_access_merge_srv_conf: a server with allow/deny lines of its own uses only
// those; one without takes every rule written at stream level, in order.
QList<NginxDirective> effectiveRules(const QList<NginxDirective> &server, const QList<NginxDirective> &stream);

} // namespace AccessImport
