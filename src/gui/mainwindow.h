#pragma once

#include <statssnapshot.h>

#include <QMainWindow>
#include <memory>

namespace Ui {
class MainWindow;
}

// The desktop window, for now a read-only view: which config runs, its listeners and
// upstream servers with live counters from the engine's StatsSnapshot. Editing, the tray
// and the plot come with issue #7. GUI thread; never touches the engine directly.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void setConfigDescription(const QString &text);
    void showStats(const StatsSnapshot &snapshot);
    void showError(const QString &text);

signals:
    void openRequested(const QString &path);

private:
    std::unique_ptr<Ui::MainWindow> m_ui;
    quint64 m_lastBytes = 0;
    QDateTime m_lastTime;
};
