#pragma once

#include "enginecontroller.h"

#include <QWidget>

class QLabel;

// The status bar's permanent part: the engine's state, listeners up, active connections
// and throughput. Shows what it is given; GUI thread.
class EngineStatusBar : public QWidget
{
    Q_OBJECT

public:
    explicit EngineStatusBar(QWidget *parent = nullptr);

    // enabledListeners: how many the document would start (shown while stopped);
    // rates in bytes per second.
    void show(EngineController::State state, const StatsSnapshot &snapshot, int enabledListeners, double fromClients, double toClients);
    QString text() const; // all of it, for tests

private:
    QLabel *m_state;
    QLabel *m_listeners;
    QLabel *m_connections;
    QLabel *m_rate;
};
