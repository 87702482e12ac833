#pragma once

#include <QIcon>

// Portier's icon, painted rather than shipped so it is sharp at every size and can show
// the engine's state: blue while running (idle), blue with a green spark while traffic flows,
// grey while stopped, red on a problem (a listener failed or a server is down; the tray's
// tooltip says which).
namespace AppIcon {
enum class Look { Running, Stopped, Degraded, Traffic };
QIcon icon(bool running = true);
QIcon icon(Look look);
QPixmap pixmap(int size, bool running = true);
QPixmap pixmap(int size, Look look);
} // namespace AppIcon
