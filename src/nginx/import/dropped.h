#pragma once

#include "../nginxdirective.h"
#include "../nginxissue.h"

#include <QSet>
#include <QString>
#include <optional>

// What the importer leaves behind, judged the way issue #15 asks: a directive whose loss
// would let in clients nginx keeps out, or send a connection somewhere else, is an error
// (nothing is imported until the file says otherwise); any other loss is a warning. Covers
// the directives of nginx 1.22's stream modules (and NGINX Plus's and njs's that configs
// carry) that Portier has no setting for; directives other importer files own are not
// judged here (classify returns nothing for them). Pure functions.
namespace DroppedImport {

struct Verdict
{
    NginxIssue::Severity severity = NginxIssue::Severity::Warning;
    QString reason; // after "\"NAME\" is not carried over: "
};

// Variables (without '$') that directives read anywhere in stream {} for something other
// than the access log: proxy_pass, hash keys, limit_conn_zone keys, map sources, return...
QSet<QString> variablesInUse(const QList<NginxDirective> &streamChildren);

// The verdict for a directive Portier does not carry, when this file knows it.
std::optional<Verdict> classify(const NginxDirective &d, const QSet<QString> &variablesInUse);

} // namespace DroppedImport
