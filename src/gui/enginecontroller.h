#pragma once

#include "instancecontroller.h"

#include <sessioninfo.h>

#include <QPointer>
#include <memory>
#include <optional>

class Engine;
class ErrorLog;
class LogFeed;

// The GUI's handle on the engine, which lives in a thread of its own: every call is a
// queued invoke into that thread and every answer comes back as a signal in the GUI
// thread, so the window never blocks on the engine and never touches its objects.
// Lives in the GUI thread; destroy it only after the engine's thread has finished (an
// answer still in flight is then dropped with it). The window's InstanceController for "This
// computer"; State and the signals it shares with a remote portierd's are InstanceController's.
class EngineController : public InstanceController
{
    Q_OBJECT

public:
    explicit EngineController(Engine *engine, QObject *parent = nullptr);

    QString name() const override { return tr("This computer"); }
    bool isLocal() const override { return true; }
    State state() const override { return m_state; }
    bool isBusy() const override { return m_pending > 0; }
    // The config the engine runs, as the document wrote it (relative paths unresolved);
    // nullopt while stopped.
    const std::optional<Config> &runningConfig() const override { return m_running; }
    const StatsSnapshot &lastSnapshot() const override { return m_lastSnapshot; }
    // The engine's error log, for the log view's observer (thread-safe; set when the engine
    // is built and never replaced, so reading it here is safe). Null without an engine.
    std::shared_ptr<ErrorLog> errorLog() const;

    static QString stateText(State state);
    // The truth in one line: "Running" only when every enabled listener is up, otherwise
    // "Degraded: 1 of 2 listeners failed"; the state's text while not running.
    static QString statusText(State state, const StatsSnapshot &snapshot);
    static bool isDegraded(State state, const StatsSnapshot &snapshot);
    bool isDegraded() const { return isDegraded(m_state, m_lastSnapshot); }
    // Why the first failed listener is not listening, in the engine's words; empty when none failed.
    static QString failureReason(const StatsSnapshot &snapshot);

public slots:
    // Applies (or starts with) a config; relative file paths are taken against baseDirectory.
    void apply(const Config &config, const QString &baseDirectory) override;
    // Applies the running config again: listeners that failed to bind try again (once the
    // port is free they come up), the others keep their sockets and connections.
    void retry();
    void stop();
    // Steers one server of the running engine at once (Engine::setServerState); the answer
    // comes as serverSteered and a fresh snapshot follows it.
    void setServerState(const QString &group, int server, const ServerChange &change) override;
    // Live sessions: the engine's batches; a close logs "closed by operator from the window".
    void watchSessions(bool watch) override;
    void closeSessions(const QList<quint64> &numbers) override;
    // The engine's error log, through a LogFeed (lines from now on).
    void watchLog(bool watch) override;

signals:
    // An active health check found a server unhealthy, or healthy again; reason is the
    // check's result in words ("connection refused", "timed out after 5000 ms").
    void serverHealthChanged(const QString &upstream, const QString &address, bool healthy, const QString &reason);

private:
    void setState(State state);
    void applyResolved(const Config &resolved, const Config &config);

    QPointer<Engine> m_engine;
    State m_state = State::Stopped;
    int m_pending = 0;
    std::optional<Config> m_running;
    std::optional<Config> m_runningResolved; // with its paths made absolute, for retry()
    StatsSnapshot m_lastSnapshot;
    bool m_watchingSessions = false;
    LogFeed *m_logFeed;
};
