#include "trafficplot.h"

#include "datasize.h"

#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace {

constexpr int margin = 6;
const QColor totalColor(0x37, 0x47, 0x4f);

// Well apart on a light background (d3's category10 with navy for its grey, which the
// total's slate would resemble); a series picks one by a hash of its name.
const QColor seriesPalette[] = {
    QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd),
    QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2), QColor(0xbc, 0xbd, 0x22), QColor(0x17, 0xbe, 0xcf),
    QColor(0x39, 0x3b, 0x79),
};

// FNV-1a over the name's UTF-8: the same number on every run and machine (qHash is seeded
// per process and may use the CPU's AES instructions).
quint32 stableHash(const QString &text)
{
    quint32 hash = 2166136261u;
    for (const char c : text.toUtf8()) {
        hash ^= quint8(c);
        hash *= 16777619u;
    }
    return hash;
}

// Time-axis ticks per range: every 10 s for a minute ... every 4 h for a day.
qint64 tickStepMs(TrafficHistory::Range range)
{
    constexpr qint64 steps[TrafficHistory::RangeCount] = {10'000, 60'000, 600'000, 3'600'000, 14'400'000};
    return steps[range];
}

QString rateText(double bytesPerSecond)
{
    return formatDataSize(qint64(std::llround(bytesPerSecond))) + TrafficPlot::tr("/s");
}

QString numberText(double value)
{
    return QLocale().toString(value, 'f', value == std::floor(value) ? 0 : 1);
}

} // namespace

TrafficPlot::TrafficPlot(QWidget *parent) : QWidget(parent)
{
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    setMouseTracking(true);
}

void TrafficPlot::setHistory(const TrafficHistory *history)
{
    m_history = history;
    update();
}

void TrafficPlot::setRange(TrafficHistory::Range range)
{
    m_range = range;
    update();
}

void TrafficPlot::setVisibleSeries(const QStringList &series)
{
    m_visible = series;
    update();
}

void TrafficPlot::setPaused(bool paused)
{
    if (paused && !m_frozen && m_history)
        m_frozen = *m_history;
    else if (!paused)
        m_frozen.reset();
    update();
}

const TrafficHistory *TrafficPlot::shown() const
{
    return m_frozen ? &*m_frozen : m_history;
}

QColor TrafficPlot::seriesColor(const QString &series)
{
    if (series == TrafficHistory::totalSeries())
        return totalColor;
    return seriesPalette[stableHash(series) % std::size(seriesPalette)];
}

QHash<QString, QColor> TrafficPlot::seriesColors(const QStringList &series)
{
    QStringList names = series;
    names.removeAll(TrafficHistory::totalSeries());
    names.sort();
    names.removeDuplicates();
    constexpr int colorCount = int(std::size(seriesPalette));
    QHash<QString, QColor> colors{{TrafficHistory::totalSeries(), totalColor}};
    bool used[colorCount] = {};
    int taken = 0;
    for (const QString &name : std::as_const(names)) {
        if (taken == colorCount) { // every colour in use: start sharing them again
            std::fill(std::begin(used), std::end(used), false);
            taken = 0;
        }
        int slot = int(stableHash(name) % colorCount);
        while (used[slot])
            slot = (slot + 1) % colorCount;
        used[slot] = true;
        ++taken;
        colors.insert(name, seriesPalette[slot]);
    }
    return colors;
}

QColor TrafficPlot::colorOf(const QString &series) const
{
    const TrafficHistory *history = shown();
    return history ? seriesColors(history->series()).value(series, seriesColor(series)) : seriesColor(series);
}

QString TrafficPlot::seriesLabel(const QString &series)
{
    return series == TrafficHistory::totalSeries() ? tr("All traffic") : series;
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

double TrafficPlot::niceConnectionsTop(double maxConnections)
{
    const double quarter = qMax(1.0, std::ceil(maxConnections / 4.0));
    if (quarter <= 5)
        return quarter * 4; // 4, 8, 12, 16, 20: few connections read best one by one
    const double power = std::pow(10.0, std::floor(std::log10(quarter)));
    for (const double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * power >= quarter && std::floor(step * power) == step * power)
            return step * power * 4;
    }
    return 10 * power * 4;
}

TrafficPlot::Layout TrafficPlot::layout() const
{
    Layout layout;
    const TrafficHistory *history = shown();
    layout.spanMs = TrafficHistory::spanMs(m_range);
    layout.endMs = history && history->lastTime().isValid() ? history->lastTime().toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
    double maxBytes = 0, maxConnections = 0;
    if (history) {
        for (const QString &series : m_visible) {
            for (const auto &sample : history->samples(series, m_range)) {
                if (sample.startMs + TrafficHistory::resolutionMs(m_range) <= layout.endMs - layout.spanMs)
                    continue; // scrolled out of the range
                maxBytes = qMax(maxBytes, sample.bytesPerSecond());
                maxConnections = qMax(maxConnections, sample.connections);
            }
        }
    }
    layout.bytes = niceScale(maxBytes);
    layout.connectionsTop = niceConnectionsTop(maxConnections);
    const QFontMetrics metrics(font());
    int rightWidth = 0;
    for (int quarter = 4; quarter >= 0; --quarter) {
        layout.leftLabels << numberText(layout.bytes.top * quarter / 4.0) + u' ' + layout.bytes.unit;
        layout.rightLabels << numberText(layout.connectionsTop * quarter / 4.0);
        layout.leftWidth = qMax(layout.leftWidth, metrics.horizontalAdvance(layout.leftLabels.last()));
        rightWidth = qMax(rightWidth, metrics.horizontalAdvance(layout.rightLabels.last()));
    }
    layout.area = QRect(QPoint(margin + layout.leftWidth + margin, margin + metrics.height() / 2),
                        QPoint(width() - margin - rightWidth - margin - 1, height() - margin - metrics.height() - margin));
    return layout;
}

QRect TrafficPlot::plotArea() const
{
    return layout().area;
}

double TrafficPlot::xOf(const Layout &layout, qint64 ms) const
{
    return layout.area.right() - double(layout.endMs - ms) / double(layout.spanMs) * layout.area.width();
}

std::optional<TrafficPlot::Reading> TrafficPlot::readingAt(int x) const
{
    const Layout l = layout();
    const TrafficHistory *history = shown();
    if (!history || x < l.area.left() || x > l.area.right() || l.area.width() <= 0)
        return std::nullopt;
    const qint64 ms = l.endMs - qint64(std::llround(double(l.area.right() - x) / l.area.width() * double(l.spanMs)));
    Reading reading;
    reading.time = QDateTime::fromMSecsSinceEpoch(ms);
    for (const QString &series : m_visible) {
        if (const auto sample = history->sampleAt(series, m_range, ms))
            reading.values << Reading::Value{series, *sample};
    }
    return reading;
}

std::optional<TrafficPlot::Reading> TrafficPlot::hoverReading() const
{
    return m_hoverX ? readingAt(*m_hoverX) : std::nullopt;
}

void TrafficPlot::mouseMoveEvent(QMouseEvent *event)
{
    m_hoverX = qRound(event->position().x());
    update();
}

void TrafficPlot::leaveEvent(QEvent *)
{
    m_hoverX.reset();
    update();
}

void TrafficPlot::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const Layout l = layout();
    if (l.area.width() < 20 || l.area.height() < 20)
        return;
    paintGrid(painter, l);
    paintTimeAxis(painter, l);
    paintSeries(painter, l);
    const int legendBottom = paintLegend(painter, l);
    paintHover(painter, l, legendBottom + 4); // below the legend, which names the lines
}

void TrafficPlot::paintGrid(QPainter &painter, const Layout &l) const
{
    const QFontMetrics metrics(font());
    const QColor gridColor = palette().color(QPalette::Mid);
    for (int i = 0; i <= 4; ++i) {
        const int y = l.area.top() + l.area.height() * i / 4;
        painter.setPen(QPen(gridColor, 0, Qt::DotLine));
        painter.drawLine(l.area.left(), y, l.area.right(), y);
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRect(margin, y - metrics.height() / 2, l.leftWidth, metrics.height()), Qt::AlignRight | Qt::AlignVCenter, l.leftLabels.at(i));
        painter.drawText(QRect(l.area.right() + margin, y - metrics.height() / 2, width(), metrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                         l.rightLabels.at(i));
    }
}

void TrafficPlot::paintTimeAxis(QPainter &painter, const Layout &l) const
{
    const QFontMetrics metrics(font());
    const qint64 step = tickStepMs(m_range);
    const qint64 startMs = l.endMs - l.spanMs;
    // Ticks on round local times (a 4-hour step at 00:00, 04:00 ...), not round UTC ones.
    const qint64 offsetMs = qint64(QDateTime::fromMSecsSinceEpoch(l.endMs).offsetFromUtc()) * 1000;
    const QString format = step < 60'000 ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm");
    int lastRight = std::numeric_limits<int>::min();
    for (qint64 tick = ((startMs + offsetMs) / step + 1) * step - offsetMs; tick <= l.endMs; tick += step) {
        const int x = qRound(xOf(l, tick));
        painter.setPen(QPen(palette().color(QPalette::Mid), 0, Qt::DotLine));
        painter.drawLine(x, l.area.top(), x, l.area.bottom());
        const QString text = QDateTime::fromMSecsSinceEpoch(tick).toString(format);
        const int textWidth = metrics.horizontalAdvance(text);
        const int left = qBound(0, x - textWidth / 2, width() - textWidth);
        if (left <= lastRight + margin)
            continue; // a narrow window labels every other tick
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(left, l.area.bottom() + margin + metrics.ascent(), text);
        lastRight = left + textWidth;
    }
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(l.area);
}

void TrafficPlot::paintSeries(QPainter &painter, const Layout &l) const
{
    const TrafficHistory *history = shown();
    if (!history)
        return;
    const qint64 resolution = TrafficHistory::resolutionMs(m_range);
    const double bytesTop = l.bytes.top * l.bytes.unitBytes;
    painter.save();
    painter.setClipRect(l.area.adjusted(0, -1, 1, 1));
    for (const QString &series : m_visible) {
        const QList<TrafficHistory::Sample> samples = history->samples(series, m_range);
        QPainterPath bytes, connections;
        std::optional<qint64> previousStart;
        for (const auto &sample : samples) {
            if (sample.startMs + resolution <= l.endMs - l.spanMs)
                continue;
            // A bucket sits at its middle; the one still filling at the newest time it covers.
            const double x = xOf(l, qMin(sample.startMs + resolution / 2, l.endMs));
            const double yBytes = l.area.bottom() - qMin(1.0, sample.bytesPerSecond() / bytesTop) * l.area.height();
            const double yConnections = l.area.bottom() - qMin(1.0, sample.connections / l.connectionsTop) * l.area.height();
            const bool gap = !previousStart || sample.startMs - *previousStart > resolution; // nothing recorded between: no line across
            if (gap) {
                bytes.moveTo(x, yBytes);
                connections.moveTo(x, yConnections);
            } else {
                bytes.lineTo(x, yBytes);
                connections.lineTo(x, yConnections);
            }
            previousStart = sample.startMs;
        }
        const QColor color = colorOf(series);
        painter.setPen(QPen(color, 1.5, Qt::DashLine));
        painter.drawPath(connections);
        painter.setPen(QPen(color, 2));
        painter.drawPath(bytes);
    }
    painter.restore();
}

int TrafficPlot::paintLegend(QPainter &painter, const Layout &l) const
{
    const QFontMetrics metrics(font());
    int x = l.area.left() + 8;
    int y = l.area.top() + 4;
    auto entry = [&](const QColor &color, Qt::PenStyle style, const QString &text) {
        const int entryWidth = 18 + metrics.horizontalAdvance(text) + 14;
        if (x + entryWidth > l.area.right() && x > l.area.left() + 8) {
            x = l.area.left() + 8;
            y += metrics.height() + 2;
        }
        const QRect box(x - 3, y - 1, entryWidth - 8, metrics.height() + 2);
        painter.fillRect(box, palette().color(QPalette::Base)); // readable over the lines
        painter.setPen(QPen(color, 2, style));
        painter.drawLine(x, y + metrics.height() / 2, x + 14, y + metrics.height() / 2);
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(x + 18, y + metrics.ascent(), text);
        x += entryWidth;
    };
    for (const QString &series : m_visible)
        entry(colorOf(series), Qt::SolidLine, seriesLabel(series));
    const QColor keyColor = palette().color(QPalette::Text);
    entry(keyColor, Qt::SolidLine, tr("bytes/s (left)"));
    entry(keyColor, Qt::DashLine, tr("connections (right)"));
    if (isPaused())
        entry(QColor(0xb0, 0x00, 0x20), Qt::SolidLine, tr("paused"));
    return y + metrics.height() + 1;
}

void TrafficPlot::paintHover(QPainter &painter, const Layout &l, int top) const
{
    const auto reading = hoverReading();
    if (!reading)
        return;
    const int x = *m_hoverX;
    painter.setPen(QPen(palette().color(QPalette::Text), 1));
    painter.drawLine(x, l.area.top(), x, l.area.bottom());

    const QFontMetrics metrics(font());
    QStringList lines{QLocale().toString(reading->time.date(), QLocale::ShortFormat) + u' '
                      + reading->time.toString(QStringLiteral("HH:mm:ss"))};
    QList<QColor> colors{Qt::transparent};
    for (const auto &value : reading->values) {
        const auto &s = value.sample;
        lines << tr("%1: %2 (in %3, out %4), %5 connections")
                     .arg(seriesLabel(value.series), rateText(s.bytesPerSecond()), rateText(s.fromClients), rateText(s.toClients),
                          numberText(std::round(s.connections * 10) / 10));
        colors << colorOf(value.series);
    }
    if (reading->values.isEmpty())
        lines << tr("no data at this time");
    int textWidth = 0;
    for (const QString &line : std::as_const(lines))
        textWidth = qMax(textWidth, metrics.horizontalAdvance(line));
    const int lineHeight = metrics.height() + 2;
    QRect box(0, top, textWidth + 30, lineHeight * int(lines.size()) + 8);
    if (box.bottom() > l.area.bottom()) // a short plot: cover the legend rather than leave the area
        box.moveBottom(qMax(box.height(), l.area.bottom()));
    box.moveLeft(x + 12 + box.width() <= l.area.right() ? x + 12 : qMax(0, x - 12 - box.width()));
    QColor background = palette().color(QPalette::ToolTipBase);
    background.setAlpha(235);
    painter.setPen(palette().color(QPalette::Mid));
    painter.setBrush(background);
    painter.drawRect(box);
    for (int i = 0; i < lines.size(); ++i) {
        const int top = box.top() + 4 + i * lineHeight;
        if (colors.at(i) != Qt::transparent)
            painter.fillRect(QRect(box.left() + 6, top + metrics.height() / 2 - 2, 12, 4), colors.at(i));
        painter.setPen(palette().color(QPalette::ToolTipText));
        painter.drawText(box.left() + 24, top + metrics.ascent(), lines.at(i));
    }
}
