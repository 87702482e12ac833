#include "routingvalidator.h"

#include "hostport.h"
#include "streamrouting.h"

namespace {

QString listenerPath(qsizetype i, const char *key)
{
    return QStringLiteral("listeners[%1].%2").arg(i).arg(QLatin1StringView(key));
}

// A fixed value a proxy_pass variable can take must route somewhere, or every session that
// gets it fails ("no port in upstream", nginx logs per connection).
void checkValues(const Config &config, const StreamRouting &routing, const ListenerConfig &listener, qsizetype i, ConfigIssues *issues)
{
    const QString text = listener.proxyPass.trimmed();
    QString name = text.mid(1);
    if (name.startsWith(u'{') && name.endsWith(u'}'))
        name = name.mid(1, name.size() - 2);
    if (!text.startsWith(u'$') || name.contains(u'$') || name.contains(u'{'))
        return; // text around the variable: its values are not the whole proxy_pass
    bool complete = false;
    const QStringList values = routing.literalValues(name, &complete);
    for (const QString &value : values) {
        if (value.isEmpty() || config.findUpstream(value))
            continue;
        bool group = false;
        for (const UpstreamConfig &upstream : config.upstreams)
            group = group || upstream.name.compare(value, Qt::CaseInsensitive) == 0; // nginx compares names caselessly
        if (group)
            continue;
        QString error;
        if (!value.contains(u':') || !HostPort::parse(value, false, &error))
            issues->append({listenerPath(i, "proxy_pass"), QStringLiteral("%1 can be \"%2\", which is neither an upstream group nor host:port; "
                                                                           "add a group with that name or change the value")
                                                                .arg(listener.proxyPass, value)});
    }
}

} // namespace

namespace RoutingValidator {

void check(const Config &config, ConfigIssues *issues)
{
    const std::shared_ptr<const StreamRouting> routing = StreamRouting::build(config, issues);
    if (!routing)
        return;
    for (qsizetype i = 0; i < config.listeners.size(); ++i) {
        const ListenerConfig &listener = config.listeners.at(i);
        QString error;
        if (listener.returnText) {
            if (!StreamTemplate::compile(*listener.returnText, &error, routing.get()))
                issues->append({listenerPath(i, "return"), error});
            if (!listener.proxyPass.isEmpty())
                issues->append({listenerPath(i, "proxy_pass"), QStringLiteral("a listener either returns text or proxies; remove proxy_pass or return")});
            continue;
        }
        if (!isVariable(listener.proxyPass))
            continue;
        if (!StreamTemplate::compile(listener.proxyPass, &error, routing.get())) {
            issues->append({listenerPath(i, "proxy_pass"), error});
            continue;
        }
        if (!listener.sniRoutes.isEmpty())
            issues->append({listenerPath(i, "sni_routes"), QStringLiteral("sni_routes choose the group by name; with proxy_pass %1 a variable "
                                                                          "chooses it. Keep one of the two").arg(listener.proxyPass)});
        checkValues(config, *routing, listener, i, issues);
    }
}

} // namespace RoutingValidator
