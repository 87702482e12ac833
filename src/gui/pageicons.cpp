#include "pageicons.h"

#include <QAction>
#include <QEvent>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>

namespace {

constexpr int sizes[] = {16, 22, 24, 32, 48, 64}; // as render-icons.sh renders them
const char *const navigatorPages[] = {"dashboard", "listeners", "upstreams", "certificates", "connections"};

QPixmap tinted(const QString &file, const QColor &color)
{
    QPixmap pixmap(file);
    QPainter painter(&pixmap);
    painter.setCompositionMode(QPainter::CompositionMode_SourceIn); // the shape's alpha, in this colour
    painter.fillRect(pixmap.rect(), color);
    return pixmap;
}

} // namespace

QIcon PageIcons::icon(const QString &name, const QPalette &palette)
{
    QIcon icon;
    for (const int size : sizes) {
        const QString file = QStringLiteral(":/icons/page-%1-%2.png").arg(name).arg(size);
        icon.addPixmap(tinted(file, palette.color(QPalette::Active, QPalette::Text)), QIcon::Normal);
        icon.addPixmap(tinted(file, palette.color(QPalette::Active, QPalette::HighlightedText)), QIcon::Selected);
        icon.addPixmap(tinted(file, palette.color(QPalette::Disabled, QPalette::Text)), QIcon::Disabled);
    }
    return icon;
}

PageIcons::PageIcons(QListWidget *navigator, QAction *logs) : QObject(navigator), m_navigator(navigator), m_logs(logs)
{
    navigator->installEventFilter(this);
}

void PageIcons::attach(QListWidget *navigator, QAction *logs)
{
    (new PageIcons(navigator, logs))->apply();
}

void PageIcons::apply()
{
    const QPalette palette = m_navigator->palette();
    for (int row = 0; row < m_navigator->count() && row < int(std::size(navigatorPages)); ++row)
        m_navigator->item(row)->setIcon(icon(QLatin1StringView(navigatorPages[row]), palette));
    if (m_logs)
        m_logs->setIcon(icon(QStringLiteral("logs"), palette));
}

bool PageIcons::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_navigator && (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange))
        apply();
    return QObject::eventFilter(watched, event);
}
