#pragma once

#include <QIcon>

// Small state icons for lists and the status bar: a coloured dot, and the style's warning
// sign for items with problems.
namespace StatusIcons {
enum Tone { Good, Bad, Idle, Busy };
QIcon dot(Tone tone);
QIcon problem();
} // namespace StatusIcons
