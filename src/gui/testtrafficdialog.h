#pragma once

#include "testtraffic.h"

#include <QDialog>

class EngineController;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

// The "Send test traffic" window for one listener: what it sends (rate, duration, bytes per
// connection), a progress bar and status line, Start and Stop. It starts at once when the
// listener can take test traffic and otherwise says why not. Non-modal; closing it stops
// the run. GUI thread.
class TestTrafficDialog : public QDialog
{
    Q_OBJECT

public:
    TestTrafficDialog(const ListenerConfig &listener, const ListenerStats *stats, QWidget *parent = nullptr);

    // Opens one for the running listener with this address and protocol ("tcp", "udp"),
    // as the latest snapshot and the running config describe it; deleted on close.
    static TestTrafficDialog *openFor(QWidget *parent, const EngineController *engine, const QString &listen, const QString &protocol);

    TestTraffic &traffic() { return m_traffic; }
    QString statusText() const;
    QPushButton *startButton() const { return m_start; }
    QPushButton *stopButton() const { return m_stop; }
    TestTraffic::Plan plan() const; // as the fields say
    void setPlan(const TestTraffic::Plan &plan);

public slots:
    void start();

private:
    void showProgress();

    TestTraffic m_traffic;
    QString m_error; // before m_target, which fills it
    std::optional<TestTraffic::Target> m_target;
    QSpinBox *m_rate;
    QSpinBox *m_duration;
    QSpinBox *m_payload;
    QProgressBar *m_progress;
    QLabel *m_status;
    QPushButton *m_start;
    QPushButton *m_stop;
};
