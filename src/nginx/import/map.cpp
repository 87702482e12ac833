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
    map.config.source = map.source;
    map.config.name = block.args.at(1).mid(1);
    bool wildcardBeforeHostnames = false;
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
            else if (d.name == u"volatile")
                map.config.isVolatile = true;
            else if (wildcardBeforeHostnames)
                report(Severity::Warning, d, QStringLiteral("hostnames after wildcard keys: nginx reads the keys above it as exact names, "
                                                            "Portier as wildcards; put hostnames first"));
            else
                map.config.hostnames = true;
            continue;
        }
        if (d.args.size() != 1) {
            arity(d, QStringLiteral("a source value and a result"));
            continue;
        }
        if (d.name == u"default") {
            if (!map.config.defaultValue.isNull())
                report(Severity::Error, d, QStringLiteral("duplicate default map parameter: nginx refuses a second default; keep one"));
            map.defaultValue = d.args.first();
            map.config.defaultValue = d.args.first();
            continue;
        }
        if (d.name == u"include") {
            report(Severity::Warning, d, QStringLiteral("include in a map is not carried over; write its lines in the map"));
            continue;
        }
        map.config.entries << MapEntryConfig{d.name, d.args.first()};
        wildcardBeforeHostnames = wildcardBeforeHostnames || d.name.contains(u'*') || d.name.startsWith(u'.');
        if (d.name.startsWith(u'~')) {
            map.regexKeys << placeOf(d);
            continue;
        }
        // A leading backslash is nginx's escape for a value that reads like a parameter.
        const QString key = d.name.startsWith(u'\\') ? d.name.mid(1) : d.name;
        map.entries.insert(key, d.args.first());
    }
    if (!m_maps.contains(map.config.name))
        m_mapOrder << map.config.name;
    m_maps.insert(map.config.name, map);
}

bool Importer::isSniSource(const QString &source)
{
    return source == u"$ssl_preread_server_name" || source == u"$ssl_server_name";
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
    const bool sni = map != m_maps.end() && isSniSource(map->source);
    if (!sni)
        return true; // proxy_pass with variables, carried as written (maps and split_clients by finishRouting)
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
