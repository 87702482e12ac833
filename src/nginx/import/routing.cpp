#include "importer.h"

#include <splitclients.h>
#include <streamrouting.h>

// split_clients {} (ngx_stream_split_clients_module), return (ngx_stream_return_module), and
// the maps that proxy_pass $x, return or keys read (ngx_stream_map_module). A map of the
// server name that became SNI routes is not carried over a second time.

namespace NginxImport {

void Importer::importSplitClients(const NginxDirective &block)
{
    if (block.args.size() != 2 || !block.args.at(1).startsWith(u'$')) {
        arity(block, QStringLiteral("a key and a $variable: split_clients \"${remote_addr}AAA\" $variant { ... }"));
        return;
    }
    SplitClientsConfig split;
    split.key = block.args.first();
    split.name = block.args.at(1).mid(1);
    for (const NginxDirective &d : block.children) {
        if (d.isComment)
            continue;
        if (d.isBlock || d.args.size() != 1) {
            arity(d, QStringLiteral("a percent and a value: 10% a; or * b;"));
            continue;
        }
        split.buckets << SplitBucketConfig{d.name, d.args.first()};
    }
    if (const QString why = SplitClients::check(split); !why.isEmpty()) {
        report(Severity::Error, block, why + QStringLiteral("; nginx refuses this split_clients"));
        return;
    }
    m_positions.insert(QStringLiteral("split_clients[%1]").arg(m_result->config.splitClients.size()), placeOf(block));
    m_result->config.splitClients << split;
}

void Importer::readReturn(const NginxDirective &d, Draft *draft)
{
    if (d.args.size() != 1) {
        arity(d, QStringLiteral("one text, e.g. return \"$remote_addr\\n\";"));
        return;
    }
    if (draft->listener.returnText) {
        report(Severity::Error, d, QStringLiteral("\"return\" directive is duplicate; nginx refuses a second one: keep one"));
        return;
    }
    draft->listener.returnText = d.args.first();
    draft->listener.proxyPass.clear(); // nginx: the later of proxy_pass and return is the handler
    draft->hasProxyPass = true;
}

void Importer::finishRouting()
{
    Config &config = m_result->config;
    for (const QString &name : std::as_const(m_mapOrder)) {
        const MapBlock &map = m_maps[name];
        if (isSniSource(map.source)) {
            if (!map.used)
                report(Severity::Note, map.place, QStringLiteral("map of %1 to $%2 is not carried over: Portier reads a map of the server name "
                                                                 "only as the SNI routes of a proxy_pass").arg(map.source, name));
            continue;
        }
        m_positions.insert(QStringLiteral("maps[%1]").arg(config.maps.size()), map.place);
        config.maps << map.config;
    }
    // A map or split_clients Portier cannot evaluate (it reads a variable Portier does not
    // have) is left out with a warning, one at a time, since one may read another.
    const qsizetype most = config.maps.size() + config.splitClients.size();
    for (qsizetype round = 0; round < most; ++round) {
        ConfigIssues issues;
        StreamRouting::build(config, &issues);
        if (issues.isEmpty())
            break;
        const ConfigIssue &issue = issues.first();
        const bool isMap = issue.path.startsWith(u"maps[");
        const qsizetype open = issue.path.indexOf(u'[');
        const qsizetype index = issue.path.mid(open + 1, issue.path.indexOf(u']') - open - 1).toLongLong();
        const QString prefix = isMap ? QStringLiteral("maps[%1]").arg(index) : QStringLiteral("split_clients[%1]").arg(index);
        const Place place = m_positions.value(prefix, m_streamPlace);
        const bool unknown = issue.message.startsWith(u"unknown \"");
        report(unknown ? Severity::Warning : Severity::Error, place,
               QStringLiteral("%1 is not carried over: %2").arg(isMap ? QStringLiteral("this map") : QStringLiteral("this split_clients"), issue.message));
        // Shift the recorded places of the ones after it.
        const qsizetype count = isMap ? config.maps.size() : config.splitClients.size();
        for (qsizetype j = index; j + 1 < count; ++j) {
            const QString from = isMap ? QStringLiteral("maps[%1]").arg(j + 1) : QStringLiteral("split_clients[%1]").arg(j + 1);
            m_positions.insert(isMap ? QStringLiteral("maps[%1]").arg(j) : QStringLiteral("split_clients[%1]").arg(j), m_positions.value(from));
        }
        if (isMap)
            config.maps.removeAt(index);
        else
            config.splitClients.removeAt(index);
    }
    checkVariableListeners();
}

// A proxy_pass or return that reads a variable Portier cannot evaluate (nginx may know it, or
// refuse it as unknown) is reported where the listener starts.
void Importer::checkVariableListeners()
{
    Config &config = m_result->config;
    ConfigIssues ignored;
    const std::shared_ptr<const StreamRouting> routing = StreamRouting::build(config, &ignored);
    for (qsizetype i = 0; i < config.listeners.size(); ++i) {
        const ListenerConfig &listener = config.listeners.at(i);
        const QString text = listener.returnText ? *listener.returnText : listener.proxyPass;
        if (!text.contains(u'$'))
            continue;
        QString error;
        if (StreamTemplate::compile(text, &error, routing.get()))
            continue;
        const QString what = listener.returnText ? QStringLiteral("return \"%1\"").arg(text) : QStringLiteral("proxy_pass ") + text;
        report(Severity::Warning, m_positions.value(QStringLiteral("listeners[%1]").arg(i), m_streamPlace),
               QStringLiteral("%1 is not carried over: %2").arg(what, error));
    }
}

} // namespace NginxImport
