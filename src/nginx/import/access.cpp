#include "access.h"
#include "importer.h"

#include <accessrules.h>

namespace AccessImport {

Rule read(const NginxDirective &d)
{
    Rule result;
    if (d.args.size() != 1) {
        result.error = QStringLiteral("invalid number of arguments in \"%1\": it takes one address, CIDR, all or unix:").arg(d.name);
        return result;
    }
    const QString &address = d.args.first();
    QString why;
    const std::optional<AccessRules::Address> parsed = AccessRules::parseAddress(address, &why);
    if (!parsed) {
        result.error = QStringLiteral("invalid parameter of \"%1\" (nginx refuses it too): %2").arg(d.name, why);
        return result;
    }
    if (parsed->hostBitsSet)
        result.warning = QStringLiteral("low address bits of %1 are meaningless; nginx and Portier match it without them").arg(address);
    AccessRuleConfig rule;
    rule.action = d.name == u"deny" ? AccessRuleConfig::Action::Deny : AccessRuleConfig::Action::Allow;
    rule.address = address;
    result.rule = rule;
    return result;
}

QList<NginxDirective> effectiveRules(const QList<NginxDirective> &server, const QList<NginxDirective> &stream)
{
    QList<NginxDirective> own;
    for (const NginxDirective &d : server) {
        if (!d.isComment && !d.isBlock && isRule(d.name))
            own << d;
    }
    return own.isEmpty() ? stream : own;
}

} // namespace AccessImport

namespace NginxImport {

// allow/deny at stream level: every server without rules of its own inherits them.
void Importer::streamAccessRule(const Entry &entry)
{
    if (entry.disabled) {
        // Only commented-out text in nginx, so it keeps no one out there either.
        report(Severity::Warning, entry.directive, QStringLiteral("\"%1\" in a \"# portier: disabled\" region is a comment to nginx; it is ignored")
                                                       .arg(entry.directive.name));
        return;
    }
    m_streamAccess << entry.directive;
    readAccessRules({entry.directive}, -1, nullptr); // checked now, so a bad one is reported even with no server
}

// index -1, listener null: only check and report.
void Importer::readAccessRules(const QList<NginxDirective> &rules, qsizetype index, ListenerConfig *listener)
{
    for (const NginxDirective &d : rules) {
        const AccessImport::Rule read = AccessImport::read(d);
        if (!read.error.isEmpty())
            report(Severity::Error, d, read.error);
        if (!read.warning.isEmpty())
            report(Severity::Warning, d, read.warning);
        if (!read.rule || !listener)
            continue;
        m_positions.insert(QStringLiteral("listeners[%1].access[%2]").arg(index).arg(listener->access.size()), placeOf(d));
        listener->access << *read.rule;
    }
}

} // namespace NginxImport
