#pragma once

#include <config.h>
#include <configissue.h>
#include <serverchange.h>
#include <sessioninfo.h>
#include <statssnapshot.h>

#include "logentry.h"
#include "traffichistory.h"

#include <QObject>
#include <optional>

// One Portier the window can show and steer: this computer's engine (EngineController) or a
// portierd reached through its API (RemoteController). The dashboard, the servers table, the
// Connections page, the Log dock and Apply work against this interface, so they do not care
// which one is shown. Answers come as
// signals, in the GUI thread. GUI thread.
class InstanceController : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Starting, Running, Stopping };
    Q_ENUM(State)

    explicit InstanceController(QObject *parent = nullptr) : QObject(parent)
    {
        // Connected first, so the history has every snapshot before any view hears of it.
        connect(this, &InstanceController::statsUpdated, this, [this](const StatsSnapshot &snapshot) { m_history.add(snapshot); });
        connect(this, &InstanceController::stateChanged, this, [this](State state) {
            if (state == State::Stopped)
                m_history.resetBase();
        });
    }

    // Shown in the navigator: "This computer", "portierd at 10.0.0.5:8081".
    virtual QString name() const = 0;
    // This machine's engine: it can be started and stopped, and its config's relative paths
    // are this machine's. A remote one runs whatever its host started.
    virtual bool isLocal() const = 0;

    virtual State state() const = 0;
    bool isRunning() const { return state() == State::Running; }
    virtual bool isBusy() const = 0;
    // The config the instance runs; nullopt while stopped (or not yet read from a remote).
    virtual const std::optional<Config> &runningConfig() const = 0;
    virtual const StatsSnapshot &lastSnapshot() const = 0;
    // Every snapshot's traffic over time, kept here so it runs on while no window shows it
    // (and each instance keeps its own while another is shown).
    const TrafficHistory &trafficHistory() const { return m_history; }
    // Running, with an enabled listener that is not listening.
    bool isDegraded() const { return isRunning() && lastSnapshot().failedListeners() > 0; }

public slots:
    // Applies (or starts with) a config; relative file paths are taken against baseDirectory
    // (a local engine; a remote one resolves them on its own host).
    virtual void apply(const Config &config, const QString &baseDirectory) = 0;
    // Steers one server at once; the answer comes as serverSteered, a fresh snapshot after it.
    virtual void setServerState(const QString &group, int server, const ServerChange &change) = 0;
    // Live sessions (the Connections page): while watched, sessionsChanged brings batches at
    // the stats interval (the first one names every session); closeSessions closes those
    // numbers (both ends) and answers with sessionsClosed.
    virtual void watchSessions(bool watch) = 0;
    virtual void closeSessions(const QList<quint64> &numbers) = 0;
    // The error log (the Log dock): while watched, logLinesArrived brings its lines in
    // batches (a remote's first batch is the lines it keeps, up to 1,000).
    virtual void watchLog(bool watch) = 0;

signals:
    void stateChanged(InstanceController::State state);
    // applied: the instance took the config (issues may still name listeners that failed to
    // bind); otherwise it refused it whole and the old one keeps running.
    void applyFinished(bool applied, const ConfigIssues &issues);
    void statsUpdated(const StatsSnapshot &snapshot);
    // error: why the instance refused, in words; empty when done.
    void serverSteered(const QString &group, int server, const QString &error);
    void sessionsChanged(const SessionBatch &batch);
    void sessionsClosed(int count);
    // dropped: lines lost on the way because the window fell behind.
    void logLinesArrived(const QList<LogEntry> &lines, quint64 dropped);

private:
    TrafficHistory m_history;
};
