#include "appicon.h"

#include <QPixmap>

namespace {

// The PNGs rendered from resources/icons/*.svg by render-icons.sh, under :/icons/.
constexpr int sizes[] = {16, 22, 24, 32, 48, 64, 128, 256};

QString baseName(AppIcon::Look look)
{
    switch (look) {
    case AppIcon::Look::Running:
        return QStringLiteral("tray-running");
    case AppIcon::Look::Stopped:
        return QStringLiteral("tray-stopped");
    case AppIcon::Look::Degraded:
        return QStringLiteral("tray-problem");
    case AppIcon::Look::Traffic:
        return QStringLiteral("tray-traffic");
    }
    return QStringLiteral("portier");
}

QIcon load(const QString &base)
{
    QIcon icon;
    for (const int size : sizes)
        icon.addFile(QStringLiteral(":/icons/%1-%2.png").arg(base).arg(size), QSize(size, size));
    return icon;
}

} // namespace

QIcon AppIcon::icon(bool running)
{
    static const QIcon app = load(QStringLiteral("portier"));
    return running ? app : icon(Look::Stopped);
}

QIcon AppIcon::icon(Look look)
{
    // Loaded once per look: the tray asks on every state change.
    static const QIcon icons[] = {load(baseName(Look::Running)), load(baseName(Look::Stopped)), load(baseName(Look::Degraded)),
                                  load(baseName(Look::Traffic))};
    return icons[int(look)];
}

QPixmap AppIcon::pixmap(int size, bool running)
{
    return icon(running).pixmap(size, size);
}

QPixmap AppIcon::pixmap(int size, Look look)
{
    return icon(look).pixmap(size, size);
}
