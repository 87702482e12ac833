#pragma once

#include <configissue.h>

#include <QString>

class QLabel;
class QWidget;

// Marks an input field the validator complained about (a tinted background that every
// style honours, and the message as its tooltip), and picks a config item's issues out of
// the whole list. Free functions: every editor marks its fields the same way.
namespace FieldMarker {

void mark(QWidget *field, const QString &message);
void clear(QWidget *field);
bool isMarked(const QWidget *field);

// The issues whose path starts with prefix (e.g. "listeners[2]"), with the prefix and the
// following '.' removed: "listeners[2].listen" -> "listen".
ConfigIssues under(const ConfigIssues &issues, const QString &prefix);

// Shows messages (one per line) in a label kept for them, or hides it when there are none.
void showMessages(QLabel *label, const QStringList &messages);

} // namespace FieldMarker
