#include "routing.h"

#include "../nginxexporter.h"

namespace {

// Words in a map block that nginx reads as parameters, not as source values.
const QStringList mapParameters{QStringLiteral("default"), QStringLiteral("hostnames"), QStringLiteral("include"),
                                QStringLiteral("volatile")};

} // namespace

namespace RoutingExport {

QList<Block> streamBlocks(const Config &config, const QHash<QString, QString> &writtenNames)
{
    auto value = [&](const QString &text) { return writtenNames.value(text, text); };
    QList<Block> blocks;
    for (const MapConfig &map : config.maps) {
        Block block{QStringLiteral("map"), {map.source, u'$' + map.name}, {}};
        // hostnames first: nginx reads wildcards only in keys after it.
        if (map.hostnames)
            block.lines << LimitsExport::Line{QStringLiteral("hostnames"), {}};
        if (map.isVolatile)
            block.lines << LimitsExport::Line{QStringLiteral("volatile"), {}};
        if (!map.defaultValue.isNull())
            block.lines << LimitsExport::Line{QStringLiteral("default"), {value(map.defaultValue)}};
        for (const MapEntryConfig &entry : map.entries) {
            QString key = entry.key;
            if (mapParameters.contains(key))
                key.prepend(u'\\'); // nginx's escape for a value that reads like a parameter
            block.lines << LimitsExport::Line{NginxExporter::quote(key), {value(entry.value)}}; // a key is a word like any other
        }
        blocks << block;
    }
    for (const SplitClientsConfig &split : config.splitClients) {
        Block block{QStringLiteral("split_clients"), {split.key, u'$' + split.name}, {}};
        for (const SplitBucketConfig &bucket : split.buckets)
            block.lines << LimitsExport::Line{bucket.percent, {value(bucket.value)}};
        blocks << block;
    }
    return blocks;
}

} // namespace RoutingExport
