#pragma once

#include "traffichistory.h"

#include <statssnapshot.h>

#include <QWidget>
#include <memory>

class ServersView;

namespace Ui {
class DashboardPage;
}

// The Dashboard: live traffic plotted over time, and each listener's and upstream
// server's counters from the latest StatsSnapshot. Keeps its history while hidden.
// GUI thread.
class DashboardPage : public QWidget
{
    Q_OBJECT

public:
    explicit DashboardPage(QWidget *parent = nullptr);
    ~DashboardPage() override;

    const TrafficHistory &history() const { return m_history; }
    ServersView *serversView() const; // the servers table; MainWindow hands it the engine and the document

public slots:
    void showStats(const StatsSnapshot &snapshot);
    void engineStopped();

private:
    std::unique_ptr<Ui::DashboardPage> m_ui;
    TrafficHistory m_history;
};
