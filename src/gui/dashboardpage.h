#pragma once

#include <statssnapshot.h>

#include <QWidget>
#include <memory>

class EngineController;
class InstanceController;
class ServersView;
class TrafficPlot;
class TestTrafficDialog;
class TrafficPlotBar;

namespace Ui {
class DashboardPage;
}

// The Dashboard: live traffic plotted over time, and each listener's and upstream
// server's counters from the latest StatsSnapshot. The history it plots is the
// EngineController's, kept while the window is hidden.
// GUI thread.
class DashboardPage : public QWidget
{
    Q_OBJECT

public:
    explicit DashboardPage(QWidget *parent = nullptr);
    ~DashboardPage() override;

    ServersView *serversView() const; // the servers table; MainWindow hands it the engine and the document
    // The plot draws the engine's traffic history; test traffic goes through its listeners.
    // Test traffic goes through this computer's engine; the plot and rates show `instance`.
    void setEngine(const EngineController *engine);
    void setInstance(const InstanceController *instance);
    TrafficPlot *plot() const;
    TrafficPlotBar *plotBar() const;
    // Opens "Send test traffic" for the selected listener row (the first when none is).
    TestTrafficDialog *sendTestTraffic();

public slots:
    void showStats(const StatsSnapshot &snapshot);
    void engineStopped();

private:
    std::unique_ptr<Ui::DashboardPage> m_ui;
    const EngineController *m_engine = nullptr;
    const InstanceController *m_instance = nullptr;
};
