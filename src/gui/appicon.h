#pragma once

#include <QIcon>

// Portier's icon and the tray's four states, drawn in resources/icons/*.svg and rendered to
// PNGs at every size the desktop asks for (16 to 256 px), so they are sharp without Qt's SVG
// module: blue while running (idle), blue with a green spark while traffic flows, grey while
// stopped, red with a warning sign on a problem (a listener failed or a server is down; the
// tray's tooltip says which). Each tile has a light halo and a dark rim, so it reads on light
// and dark panels.
namespace AppIcon {
enum class Look { Running, Stopped, Degraded, Traffic };
QIcon icon(bool running = true); // the application's icon; false: the stopped tray icon
QIcon icon(Look look);
QPixmap pixmap(int size, bool running = true);
QPixmap pixmap(int size, Look look);
} // namespace AppIcon
