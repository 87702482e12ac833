#pragma once

#include <QIcon>

// Portier's icon, painted rather than shipped so it is sharp at every size and can show
// the engine's state: blue while running, grey while stopped (the tray shows which).
namespace AppIcon {
QIcon icon(bool running = true);
QPixmap pixmap(int size, bool running = true);
} // namespace AppIcon
