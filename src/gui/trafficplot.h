#pragma once

#include "traffichistory.h"

#include <QWidget>

// Paints a TrafficHistory as two lines (from clients, to clients) over the chosen period,
// newest at the right. Points sit at their real elapsed time; the y-axis top is rounded to
// a tidy number so the quarter labels read well (qBittorrent's speed plot). GUI thread.
class TrafficPlot : public QWidget
{
    Q_OBJECT

public:
    explicit TrafficPlot(QWidget *parent = nullptr);

    void setHistory(const TrafficHistory *history);
    void setPeriod(TrafficHistory::Period period);
    TrafficHistory::Period period() const { return m_period; }

    // The axis top for a largest value (bytes/s): value in display units, and that unit's
    // size in bytes (1, 1024, 1024^2 ...). The quarters of the top are round numbers.
    struct Scale
    {
        double top = 0;     // in units
        double unitBytes = 1;
        QString unit;       // "B/s", "KiB/s", ...
    };
    static Scale niceScale(double maxBytesPerSecond);

    QSize sizeHint() const override { return {600, 240}; }
    QSize minimumSizeHint() const override { return {240, 120}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    const TrafficHistory *m_history = nullptr;
    TrafficHistory::Period m_period = TrafficHistory::FiveMinutes;
};
