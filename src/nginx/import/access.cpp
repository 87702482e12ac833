#include "access.h"

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
