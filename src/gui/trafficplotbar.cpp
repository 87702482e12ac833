#include "trafficplotbar.h"

#include "trafficplot.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QStyle>
#include <QToolButton>

namespace {

QIcon swatch(const QColor &color)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.fillRect(QRect(1, 6, 14, 4), color);
    return QIcon(pixmap);
}

} // namespace

TrafficPlotBar::TrafficPlotBar(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(tr("&Range:"), this);
    m_range = new QComboBox(this);
    m_range->addItems({tr("1 minute"), tr("5 minutes"), tr("1 hour"), tr("6 hours"), tr("24 hours")});
    m_range->setCurrentIndex(TrafficHistory::FiveMinutes);
    label->setBuddy(m_range);
    m_series = new QToolButton(this);
    m_series->setText(tr("&Series"));
    m_series->setToolTip(tr("Choose what the plot shows: all traffic, listeners, upstream servers"));
    m_series->setPopupMode(QToolButton::InstantPopup);
    m_menu = new QMenu(m_series);
    m_series->setMenu(m_menu);
    m_pause = new QToolButton(this);
    m_pause->setText(tr("&Pause"));
    m_pause->setToolTip(tr("Freeze the plot; the history keeps recording"));
    m_pause->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    m_pause->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_pause->setCheckable(true);
    layout->addWidget(label);
    layout->addWidget(m_range);
    layout->addWidget(m_series);
    layout->addWidget(m_pause);

    connect(m_range, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (m_plot)
            m_plot->setRange(TrafficHistory::Range(qBound(0, index, int(TrafficHistory::RangeCount) - 1)));
    });
    connect(m_pause, &QToolButton::toggled, this, [this](bool paused) {
        if (m_plot)
            m_plot->setPaused(paused);
    });
    connect(m_menu, &QMenu::aboutToShow, this, &TrafficPlotBar::updateSeriesMenu);
}

void TrafficPlotBar::attach(TrafficPlot *plot, const TrafficHistory *history)
{
    m_plot = plot;
    m_history = history;
    plot->setHistory(history);
    plot->setRange(TrafficHistory::Range(m_range->currentIndex()));
    plot->setPaused(m_pause->isChecked());
}

void TrafficPlotBar::updateSeriesMenu()
{
    m_menu->clear();
    if (!m_history || !m_plot)
        return;
    const QStringList visible = m_plot->visibleSeries();
    TrafficHistory::Kind previous = TrafficHistory::Kind::Total;
    for (const QString &series : m_history->series()) {
        const TrafficHistory::Kind kind = TrafficHistory::kindOf(series);
        if (kind != previous)
            m_menu->addSection(kind == TrafficHistory::Kind::Listener ? tr("Listeners") : tr("Upstream servers"));
        previous = kind;
        QAction *action = m_menu->addAction(swatch(m_plot->colorOf(series)), TrafficPlot::seriesLabel(series));
        action->setCheckable(true);
        action->setChecked(visible.contains(series));
        connect(action, &QAction::toggled, this, [this, series](bool on) {
            QStringList shown = m_plot->visibleSeries();
            shown.removeAll(series);
            if (on)
                shown << series;
            // In the history's order, so the legend reads total, listeners, servers.
            QStringList ordered;
            for (const QString &name : m_history->series()) {
                if (shown.contains(name))
                    ordered << name;
            }
            m_plot->setVisibleSeries(ordered);
        });
    }
}
