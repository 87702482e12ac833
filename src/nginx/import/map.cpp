#include "importer.h"

// map {} (ngx_stream_map_module): Portier reads a map of the server name as SNI routes.

namespace NginxImport {

void Importer::importMap(const NginxDirective &block)
{
    if (block.args.size() != 2 || !block.args.at(1).startsWith(u'$')) {
        arity(block, QStringLiteral("a source and a $variable: map $ssl_preread_server_name $name { ... }"));
        return;
    }
    MapBlock map;
    map.source = block.args.first();
    map.place = placeOf(block);
    for (const NginxDirective &d : block.children) {
        if (d.isComment)
            continue;
        if (d.isBlock) {
            report(Severity::Error, d, QStringLiteral("a map holds \"value result;\" lines, not blocks"));
            continue;
        }
        if (d.name == u"hostnames" || d.name == u"volatile") {
            if (!d.args.isEmpty())
                arity(d, QStringLiteral("no arguments"));
            continue;
        }
        if (d.args.size() != 1) {
            arity(d, QStringLiteral("a source value and a result"));
            continue;
        }
        if (d.name == u"default") {
            map.defaultValue = d.args.first();
            continue;
        }
        if (d.name.startsWith(u'~')) {
            map.regexKeys << placeOf(d);
            continue;
        }
        // A leading backslash is nginx's escape for a value that reads like a parameter.
        const QString key = d.name.startsWith(u'\\') ? d.name.mid(1) : d.name;
        map.entries.insert(key, d.args.first());
    }
    m_maps.insert(block.args.at(1).mid(1), map);
}

// proxy_pass $VARIABLE where VARIABLE is a map of the server name: the map's lines become the
// listener's SNI routes and its default the proxy_pass.
bool Importer::applySniMap(Draft *draft, const Place &place)
{
    ListenerConfig &l = draft->listener;
    QString variable = l.proxyPass.mid(1);
    if (variable.startsWith(u'{') && variable.endsWith(u'}'))
        variable = variable.mid(1, variable.size() - 2);
    const auto map = m_maps.find(variable);
    const bool sni = map != m_maps.end()
                     && (map->source == u"$ssl_preread_server_name" || map->source == u"$ssl_server_name");
    if (!sni) {
        report(Severity::Warning, place, QStringLiteral("proxy_pass %1 is not carried over: Portier reads a variable only as a map of "
                                                        "$ssl_preread_server_name or $ssl_server_name (SNI routes)").arg(l.proxyPass));
        return false;
    }
    map->used = true;
    l.sniRoutes = map->entries;
    l.proxyPass = map->defaultValue;
    for (const Place &regex : std::as_const(map->regexKeys))
        report(Severity::Warning, regex, QStringLiteral("a regular-expression server name is not carried over: SNI routes match names and *.suffix"));
    if (map->source == u"$ssl_preread_server_name" && !draft->sslPreread)
        report(Severity::Warning, place, QStringLiteral("ssl_preread is off here, so nginx never knows the server name and always takes the map's "
                                                        "default; the routes are carried over as if it were on"));
    return true;
}

} // namespace NginxImport
