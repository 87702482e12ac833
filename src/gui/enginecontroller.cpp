#include "enginecontroller.h"

#include "logfeed.h"

#include <configjson.h>
#include <engine.h>

EngineController::EngineController(Engine *engine, QObject *parent) : InstanceController(parent), m_engine(engine), m_logFeed(new LogFeed(this))
{
    connect(m_logFeed, &LogFeed::linesArrived, this, &InstanceController::logLinesArrived);
    // Queued: the engine emits in its own thread, so its signals arrive here in the order it
    // sent them. A snapshot sent before a stop arrives before stopped(), and none after it.
    connect(engine, &Engine::statsUpdated, this, [this](const StatsSnapshot &snapshot) {
        m_lastSnapshot = snapshot;
        emit statsUpdated(snapshot);
    }, Qt::QueuedConnection);
    connect(engine, &Engine::stopped, this, [this] {
        m_running.reset();
        m_runningResolved.reset();
        m_lastSnapshot = StatsSnapshot();
        setState(State::Stopped);
    }, Qt::QueuedConnection);
    connect(engine, &Engine::serverHealthChanged, this, &EngineController::serverHealthChanged, Qt::QueuedConnection);
    connect(engine, &Engine::sessionsChanged, this, &EngineController::sessionsChanged, Qt::QueuedConnection);
}

std::shared_ptr<ErrorLog> EngineController::errorLog() const
{
    return m_engine ? m_engine->errorLog() : nullptr;
}

QString EngineController::stateText(State state)
{
    switch (state) {
    case State::Stopped:
        return tr("Stopped");
    case State::Starting:
        return tr("Starting…");
    case State::Running:
        return tr("Running");
    case State::Stopping:
        return tr("Stopping…");
    }
    return QString();
}

QString EngineController::statusText(State state, const StatsSnapshot &snapshot)
{
    if (isDegraded(state, snapshot))
        return tr("Degraded: %1 of %2 listeners failed").arg(snapshot.failedListeners()).arg(snapshot.enabledListeners());
    return stateText(state);
}

bool EngineController::isDegraded(State state, const StatsSnapshot &snapshot)
{
    return state == State::Running && snapshot.failedListeners() > 0;
}

QString EngineController::failureReason(const StatsSnapshot &snapshot)
{
    for (const ListenerStats &listener : snapshot.listeners) {
        if (listener.enabled && !listener.listening)
            return listener.error.isEmpty() ? tr("%1 is not listening").arg(listener.listen) : listener.error;
    }
    return QString();
}

void EngineController::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void EngineController::apply(const Config &config, const QString &baseDirectory)
{
    if (!m_engine)
        return;
    Config resolved = config;
    if (!baseDirectory.isEmpty())
        ConfigJson::resolvePaths(&resolved, baseDirectory);
    applyResolved(resolved, config);
}

void EngineController::retry()
{
    if (m_engine && m_running && m_runningResolved && m_state == State::Running)
        applyResolved(*m_runningResolved, *m_running);
}

void EngineController::applyResolved(const Config &resolved, const Config &config)
{
    if (m_state == State::Stopped)
        setState(State::Starting);
    ++m_pending;
    Engine *engine = m_engine;
    QPointer<EngineController> self(this);
    QMetaObject::invokeMethod(engine, [engine, self, resolved, config] {
        const Engine::ApplyResult result = engine->apply(resolved);
        const StatsSnapshot snapshot = engine->snapshot();
        if (!self)
            return;
        // Back in the GUI thread; dropped if the controller is gone by then.
        QMetaObject::invokeMethod(self, [self, result, snapshot, config, resolved] {
            --self->m_pending;
            if (result.applied) {
                self->m_running = config;
                self->m_runningResolved = resolved;
                self->m_lastSnapshot = snapshot; // before the state: its listeners see this snapshot
                self->setState(State::Running);
                emit self->statsUpdated(snapshot);
            } else if (!self->m_running) {
                self->setState(State::Stopped);
            }
            emit self->applyFinished(result.applied, result.issues);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void EngineController::stop()
{
    if (!m_engine || m_state == State::Stopped)
        return;
    setState(State::Stopping);
    ++m_pending;
    Engine *engine = m_engine;
    QPointer<EngineController> self(this);
    QMetaObject::invokeMethod(engine, [engine, self] {
        engine->stop();
        if (!self)
            return;
        QMetaObject::invokeMethod(self, [self] {
            --self->m_pending;
            // Engine::stopped() has set the state by now; it is not sent when the engine
            // had nothing running (a start it refused).
            self->m_running.reset();
            self->m_runningResolved.reset();
            self->m_lastSnapshot = StatsSnapshot();
            self->setState(State::Stopped);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void EngineController::setServerState(const QString &group, int server, const ServerChange &change)
{
    if (!m_engine || m_state != State::Running) {
        emit serverSteered(group, server, tr("the engine is not running"));
        return;
    }
    Engine *engine = m_engine;
    QPointer<EngineController> self(this);
    QMetaObject::invokeMethod(engine, [engine, self, group, server, change] {
        const QString error = engine->setServerState(group, server, change);
        const StatsSnapshot snapshot = engine->snapshot();
        if (!self)
            return;
        QMetaObject::invokeMethod(self, [self, group, server, error, snapshot] {
            if (self->m_state != State::Running)
                return; // stopped meanwhile: no snapshot of an engine that is gone
            self->m_lastSnapshot = snapshot;
            emit self->serverSteered(group, server, error);
            emit self->statsUpdated(snapshot);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void EngineController::watchSessions(bool watch)
{
    if (!m_engine || watch == m_watchingSessions)
        return;
    m_watchingSessions = watch;
    QMetaObject::invokeMethod(m_engine, [engine = m_engine.data(), watch] { engine->watchSessions(watch); }, Qt::QueuedConnection);
}

void EngineController::watchLog(bool watch)
{
    m_logFeed->attach(watch ? errorLog() : nullptr);
}

void EngineController::closeSessions(const QList<quint64> &numbers)
{
    if (!m_engine || numbers.isEmpty()) {
        emit sessionsClosed(0);
        return;
    }
    SessionFilter filter;
    filter.numbers = QSet<quint64>(numbers.begin(), numbers.end());
    Engine *engine = m_engine;
    QPointer<EngineController> self(this);
    QMetaObject::invokeMethod(engine, [engine, self, filter] {
        // The log's words, not the window's language: log lines are English, as nginx's.
        const int count = engine->closeSessions(filter, QStringLiteral("from the window"));
        if (!self)
            return;
        QMetaObject::invokeMethod(self, [self, count] { emit self->sessionsClosed(count); }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}
