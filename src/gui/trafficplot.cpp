#include "trafficplot.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <cmath>

namespace {

const QColor fromClientsColor(0x1e, 0x88, 0xe5);
const QColor toClientsColor(0x43, 0xa0, 0x47);

QString periodLabel(TrafficHistory::Period period)
{
    switch (period) {
    case TrafficHistory::FiveMinutes:
        return TrafficPlot::tr("5 minutes ago");
    case TrafficHistory::ThirtyMinutes:
        return TrafficPlot::tr("30 minutes ago");
    case TrafficHistory::ThreeHours:
        return TrafficPlot::tr("3 hours ago");
    case TrafficHistory::PeriodCount:
        break;
    }
    return QString();
}

} // namespace

TrafficPlot::TrafficPlot(QWidget *parent) : QWidget(parent)
{
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
}

void TrafficPlot::setHistory(const TrafficHistory *history)
{
    m_history = history;
    update();
}

void TrafficPlot::setPeriod(TrafficHistory::Period period)
{
    m_period = period;
    update();
}

TrafficPlot::Scale TrafficPlot::niceScale(double maxBytesPerSecond)
{
    static const char *const units[] = {QT_TR_NOOP("B/s"), QT_TR_NOOP("KiB/s"), QT_TR_NOOP("MiB/s"), QT_TR_NOOP("GiB/s"), QT_TR_NOOP("TiB/s")};
    Scale scale;
    double value = qMax(0.0, maxBytesPerSecond);
    int unit = 0;
    while (value > 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    scale.unitBytes = std::pow(1024.0, unit);
    scale.unit = tr(units[unit]);
    if (unit == 0 && value <= 4.0) {
        scale.top = 4; // an idle line still gets an axis of 1, 2, 3, 4 B/s
    } else if (value > 100.0) {
        scale.top = std::ceil(value / 40.0) * 40.0; // quarters are multiples of 10
    } else if (value > 10.0) {
        scale.top = std::ceil(value / 4.0) * 4.0;   // quarters are whole numbers
    } else {
        scale.top = 10;
        for (const double candidate : {1.2, 1.6, 2.0, 2.4, 2.8, 3.2, 4.0, 6.0, 8.0, 10.0}) {
            if (value <= candidate) {
                scale.top = candidate; // quarters with at most one decimal
                break;
            }
        }
    }
    return scale;
}

void TrafficPlot::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics(font());
    const QList<TrafficHistory::Sample> samples = m_history ? m_history->samples(m_period) : QList<TrafficHistory::Sample>();

    double maxValue = 0;
    for (const auto &sample : samples)
        maxValue = qMax(maxValue, qMax(sample.fromClients, sample.toClients));
    const Scale scale = niceScale(maxValue);
    const QLocale locale;

    QStringList labels;
    int labelWidth = 0;
    for (int quarter = 4; quarter >= 0; --quarter) {
        const double value = scale.top * quarter / 4.0;
        const QString text = locale.toString(value, 'f', value == std::floor(value) ? 0 : 1) + u' ' + scale.unit;
        labels << text;
        labelWidth = qMax(labelWidth, metrics.horizontalAdvance(text));
    }

    const int margin = 6;
    const QRect plot(margin + labelWidth + margin, margin + metrics.height() / 2, 0, 0);
    QRect area = plot;
    area.setRight(width() - margin - 1);
    area.setBottom(height() - margin - metrics.height() - margin);
    if (area.width() < 20 || area.height() < 20)
        return;

    // Grid and y labels.
    const QColor gridColor = palette().color(QPalette::Mid);
    painter.setPen(QPen(gridColor, 0, Qt::DotLine));
    for (int i = 0; i <= 4; ++i) {
        const int y = area.top() + area.height() * i / 4;
        painter.drawLine(area.left(), y, area.right(), y);
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRect(margin, y - metrics.height() / 2, labelWidth, metrics.height()), Qt::AlignRight | Qt::AlignVCenter,
                         labels.at(i));
        painter.setPen(QPen(gridColor, 0, Qt::DotLine));
    }
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRect(area.left(), area.bottom() + margin, area.width(), metrics.height()), Qt::AlignLeft, periodLabel(m_period));
    painter.drawText(QRect(area.left(), area.bottom() + margin, area.width(), metrics.height()), Qt::AlignRight, tr("now"));

    // Lines: newest sample at the right edge, each point placed by the real time since it.
    const double spanMs = double(TrafficHistory::periodMs(m_period));
    const double top = scale.top * scale.unitBytes;
    auto pathFor = [&](double TrafficHistory::Sample::*field) {
        QPainterPath path;
        double elapsedMs = 0;
        for (qsizetype i = samples.size() - 1; i >= 0; --i) {
            const auto &sample = samples.at(i);
            const double x = area.right() - elapsedMs / spanMs * area.width();
            const double y = area.bottom() - qMin(1.0, sample.*field / top) * area.height();
            if (i == samples.size() - 1)
                path.moveTo(x, y);
            else
                path.lineTo(x, y);
            elapsedMs += double(sample.durationMs);
            if (x < area.left())
                break;
        }
        return path;
    };
    painter.setClipRect(area.adjusted(0, -1, 1, 1));
    painter.setPen(QPen(fromClientsColor, 2));
    painter.drawPath(pathFor(&TrafficHistory::Sample::fromClients));
    painter.setPen(QPen(toClientsColor, 2));
    painter.drawPath(pathFor(&TrafficHistory::Sample::toClients));
    painter.setClipping(false);

    // Legend, top left inside the plot.
    int x = area.left() + 8;
    const int y = area.top() + 4;
    const std::pair<QColor, QString> legend[] = {{fromClientsColor, tr("From clients")}, {toClientsColor, tr("To clients")}};
    for (const auto &[color, text] : legend) {
        painter.fillRect(QRect(x, y + metrics.height() / 2 - 2, 14, 4), color);
        x += 18;
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(x, y + metrics.ascent(), text);
        x += metrics.horizontalAdvance(text) + 14;
    }
}
