#include "appicon.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

QPixmap AppIcon::pixmap(int size, bool running)
{
    return pixmap(size, running ? Look::Running : Look::Stopped);
}

QPixmap AppIcon::pixmap(int size, Look look)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal s = size;
    const QRectF tile(s * 0.04, s * 0.04, s * 0.92, s * 0.92);
    const QColor color = look == Look::Running || look == Look::Traffic ? QColor(0x15, 0x65, 0xc0)
                         : look == Look::Degraded ? QColor(0xc6, 0x28, 0x28)
                                                  : QColor(0x75, 0x75, 0x75);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawRoundedRect(tile, s * 0.2, s * 0.2);

    // One line in, three out: a connection balanced over servers.
    QPen pen(Qt::white, qMax<qreal>(1.5, s * 0.09), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    const QPointF in(s * 0.2, s * 0.5);
    const QPointF hub(s * 0.45, s * 0.5);
    painter.drawLine(in, hub);
    for (const qreal y : {0.24, 0.5, 0.76}) {
        const QPointF out(s * 0.8, s * y);
        QPainterPath path(hub);
        path.cubicTo(QPointF(s * 0.6, s * 0.5), QPointF(s * 0.6, s * y), out);
        painter.drawPath(path);
    }
    painter.setPen(Qt::NoPen);
    painter.setBrush(Qt::white);
    painter.drawEllipse(hub, s * 0.08, s * 0.08);
    if (look == Look::Traffic) {
        // Bytes moved in the last second: a green spark in the corner, seen even at 16 px.
        painter.setPen(QPen(Qt::white, qMax<qreal>(1.0, s * 0.04)));
        painter.setBrush(QColor(0x43, 0xa0, 0x47));
        painter.drawEllipse(QPointF(s * 0.76, s * 0.76), s * 0.2, s * 0.2);
    }
    return pixmap;
}

QIcon AppIcon::icon(bool running)
{
    return icon(running ? Look::Running : Look::Stopped);
}

QIcon AppIcon::icon(Look look)
{
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64, 128, 256})
        icon.addPixmap(pixmap(size, look));
    return icon;
}
