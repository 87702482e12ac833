#pragma once

#include <QIcon>

// Portier's icon, painted rather than shipped so it is sharp at every size and can show
// the engine's state: blue while running, grey while stopped, red while degraded (a listener
// failed; the tray shows which).
namespace AppIcon {
enum class Look { Running, Stopped, Degraded };
QIcon icon(bool running = true);
QIcon icon(Look look);
QPixmap pixmap(int size, bool running = true);
QPixmap pixmap(int size, Look look);
} // namespace AppIcon
