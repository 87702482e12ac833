#pragma once

#include "enginecontroller.h"

#include <QWidget>

class QAction;
class QLabel;
class QToolButton;

// The status bar's permanent part: the engine's state, listeners up, active connections
// and throughput. Shows what it is given; while a listener failed, says so in red with the
// reason and offers Retry (retryAction(), named "actionRetry"). GUI thread.
class EngineStatusBar : public QWidget
{
    Q_OBJECT

public:
    explicit EngineStatusBar(QWidget *parent = nullptr);

    // enabledListeners: how many the document would start (shown while stopped);
    // rates in bytes per second.
    void show(EngineController::State state, const StatsSnapshot &snapshot, int enabledListeners, double fromClients, double toClients);
    QString text() const; // all of it, for tests
    QAction *retryAction() const { return m_retry; }
    bool showsDegraded() const;

    // A remote portierd is shown: the state is named after it instead of "Engine". Empty: this computer.
    void setInstanceName(const QString &name) { m_instanceName = name; }

private:
    QLabel *m_state;
    QLabel *m_reason;
    QToolButton *m_retryButton;
    QAction *m_retry;
    QLabel *m_listeners;
    QLabel *m_connections;
    QLabel *m_rate;
    QString m_instanceName;
};
