#pragma once

#include "limits.h"

#include <config.h>

#include <QHash>

// The nginx text of the config's maps and split_clients (stream level) and a listener's
// return. Values that name an upstream group are written with the group's written name
// (the exporter may make a name safe for nginx).
namespace RoutingExport {

struct Block
{
    QString name;        // "map" or "split_clients"
    QStringList args;    // source and $variable
    QList<LimitsExport::Line> lines; // names already quoted where nginx needs it
};

QList<Block> streamBlocks(const Config &config, const QHash<QString, QString> &writtenNames);

} // namespace RoutingExport
