#pragma once

#include "traffichistory.h"

#include <QWidget>

class QComboBox;
class QMenu;
class QToolButton;
class TrafficPlot;

// The controls above a TrafficPlot: its range (1 min ... 24 h), which series it shows (a
// menu of every series the history has recorded, total, listeners and servers, each with
// its colour) and Pause, which freezes the drawing while the history keeps recording.
// GUI thread.
class TrafficPlotBar : public QWidget
{
    Q_OBJECT

public:
    explicit TrafficPlotBar(QWidget *parent = nullptr);

    void attach(TrafficPlot *plot, const TrafficHistory *history);

    QComboBox *rangeCombo() const { return m_range; }
    QToolButton *pauseButton() const { return m_pause; }
    QMenu *seriesMenu() const { return m_menu; }
    // Fills the series menu from the history (done each time it opens).
    void updateSeriesMenu();

private:
    TrafficPlot *m_plot = nullptr;
    const TrafficHistory *m_history = nullptr;
    QComboBox *m_range;
    QToolButton *m_series;
    QMenu *m_menu;
    QToolButton *m_pause;
};
