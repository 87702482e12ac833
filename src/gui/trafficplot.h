#pragma once

#include "traffichistory.h"

#include <QColor>
#include <QHash>
#include <QWidget>
#include <optional>

// Paints a TrafficHistory over the chosen range with QPainter: one solid line of bytes per
// second (both directions) on the left axis and one dashed line of active connections on
// the right axis for each chosen series, newest at the right, under a time axis of real
// clock times. A series' colour comes from its name, so it keeps it across ticks, choices
// and restarts. Under the mouse a cursor line and a label give the time and each shown
// series' values. Paused, it draws a copy of the history taken at the pause while the
// history itself keeps recording. GUI thread.
class TrafficPlot : public QWidget
{
    Q_OBJECT

public:
    explicit TrafficPlot(QWidget *parent = nullptr);

    void setHistory(const TrafficHistory *history);
    void setRange(TrafficHistory::Range range);
    TrafficHistory::Range range() const { return m_range; }
    // Names as TrafficHistory gives them; the total series is shown until told otherwise.
    void setVisibleSeries(const QStringList &series);
    QStringList visibleSeries() const { return m_visible; }
    void setPaused(bool paused);
    bool isPaused() const { return m_frozen.has_value(); }

    // A series' colour comes from its name (a hash into a palette), so it is the same on
    // every tick, every run and whatever is shown. Two names of one history that hash alike
    // are told apart: taken in name order, a later one moves to the next free colour, so
    // the outcome depends on the names recorded, never on their positions.
    static QColor seriesColor(const QString &series); // the colour the name asks for
    static QHash<QString, QColor> seriesColors(const QStringList &series);
    QColor colorOf(const QString &series) const; // among the shown history's series
    static QString seriesLabel(const QString &series); // "All traffic" for the total

    // What the cursor line at this x reads: its time and the bucket of each shown series
    // there (a series without one at that time is left out). Empty outside the plot area.
    struct Reading
    {
        struct Value
        {
            QString series;
            TrafficHistory::Sample sample;
        };
        QDateTime time;
        QList<Value> values;
    };
    std::optional<Reading> readingAt(int x) const;
    std::optional<Reading> hoverReading() const; // at the mouse, while it is over the plot
    QRect plotArea() const;

    // The axis top for a largest value (bytes/s): value in display units, and that unit's
    // size in bytes (1, 1024, 1024^2 ...). The quarters of the top are round numbers.
    struct Scale
    {
        double top = 0;     // in units
        double unitBytes = 1;
        QString unit;       // "B/s", "KiB/s", ...
    };
    static Scale niceScale(double maxBytesPerSecond);
    // The connections axis top: at least 4, its quarters whole numbers.
    static double niceConnectionsTop(double maxConnections);

    QSize sizeHint() const override { return {600, 260}; }
    QSize minimumSizeHint() const override { return {240, 140}; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    struct Layout
    {
        QRect area;
        Scale bytes;
        double connectionsTop = 4;
        qint64 endMs = 0;
        qint64 spanMs = 0;
        QStringList leftLabels, rightLabels; // top to bottom
        int leftWidth = 0;
    };
    const TrafficHistory *shown() const;
    Layout layout() const;
    double xOf(const Layout &layout, qint64 ms) const;
    void paintGrid(QPainter &painter, const Layout &layout) const;
    void paintTimeAxis(QPainter &painter, const Layout &layout) const;
    void paintSeries(QPainter &painter, const Layout &layout) const;
    int paintLegend(QPainter &painter, const Layout &layout) const; // returns its bottom
    void paintHover(QPainter &painter, const Layout &layout, int top) const;

    const TrafficHistory *m_history = nullptr;
    std::optional<TrafficHistory> m_frozen; // the history as it was when paused
    TrafficHistory::Range m_range = TrafficHistory::FiveMinutes;
    QStringList m_visible{TrafficHistory::totalSeries()};
    std::optional<int> m_hoverX;
};
