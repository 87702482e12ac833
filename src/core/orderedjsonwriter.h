#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QStringList>

// Writes JSON indented as QJsonDocument does, but with each object's keys in an order of our
// choosing instead of sorted: the order the user's file had (JsonKeys::order of the text
// being replaced), so a save changes what changed and nothing else; keys the file did not
// have go after those, in `preferred` order (then alphabetically), so a new file reads
// naturally (the name or address first, then what it does).
namespace OrderedJsonWriter {

QByteArray write(const QJsonValue &value, const QHash<QString, QStringList> &order, const QStringList &preferred);

} // namespace OrderedJsonWriter
