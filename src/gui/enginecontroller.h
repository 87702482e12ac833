#pragma once

#include <config.h>
#include <configissue.h>
#include <statssnapshot.h>

#include <QObject>
#include <QPointer>
#include <optional>

class Engine;

// The GUI's handle on the engine, which lives in a thread of its own: every call is a
// queued invoke into that thread and every answer comes back as a signal in the GUI
// thread, so the window never blocks on the engine and never touches its objects.
// Lives in the GUI thread; destroy it only after the engine's thread has finished (an
// answer still in flight is then dropped with it).
class EngineController : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Starting, Running, Stopping };
    Q_ENUM(State)

    explicit EngineController(Engine *engine, QObject *parent = nullptr);

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }
    bool isBusy() const { return m_pending > 0; }
    // The config the engine runs, as the document wrote it (relative paths unresolved);
    // nullopt while stopped.
    const std::optional<Config> &runningConfig() const { return m_running; }
    const StatsSnapshot &lastSnapshot() const { return m_lastSnapshot; }

    static QString stateText(State state);

public slots:
    // Applies (or starts with) a config; relative file paths are taken against baseDirectory.
    void apply(const Config &config, const QString &baseDirectory);
    void stop();

signals:
    void stateChanged(EngineController::State state);
    // applied: the engine took the config (issues may still name listeners that failed to
    // bind); otherwise it refused it whole and the old one keeps running.
    void applyFinished(bool applied, const ConfigIssues &issues);
    void statsUpdated(const StatsSnapshot &snapshot);
    // An active health check found a server unhealthy, or healthy again; reason is the
    // check's result in words ("connection refused", "timed out after 5000 ms").
    void serverHealthChanged(const QString &upstream, const QString &address, bool healthy, const QString &reason);

private:
    void setState(State state);

    QPointer<Engine> m_engine;
    State m_state = State::Stopped;
    int m_pending = 0;
    std::optional<Config> m_running;
    StatsSnapshot m_lastSnapshot;
};
