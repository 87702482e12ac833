#include "statusicons.h"

#include <QApplication>
#include <QPainter>
#include <QPixmap>
#include <QStyle>

namespace {

QIcon paintDot(StatusIcons::Tone tone)
{
    static const QColor colors[] = {QColor(0x2e, 0x7d, 0x32), QColor(0xc6, 0x28, 0x28), QColor(0x9e, 0x9e, 0x9e), QColor(0xf9, 0xa8, 0x25)};
    QIcon icon;
    for (const int size : {16, 24, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(colors[tone].darker(130));
        painter.setBrush(colors[tone]);
        const qreal r = size * 0.28;
        painter.drawEllipse(QPointF(size / 2.0, size / 2.0), r, r);
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

QIcon StatusIcons::dot(Tone tone)
{
    // Painted once per tone: the list pages ask for their dots on every stats tick.
    static const QIcon icons[] = {paintDot(Good), paintDot(Bad), paintDot(Idle), paintDot(Busy)};
    return icons[tone];
}

QIcon StatusIcons::problem()
{
    return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
}
