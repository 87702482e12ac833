#include "desktopintegration.h"

#include "appicon.h"

#include <QAction>
#include <QLocale>
#include <QMenu>
#include <QSystemTrayIcon>

DesktopIntegration::DesktopIntegration(QObject *parent)
    : QObject(parent), m_menu(new QMenu), m_listenersMenu(new QMenu(tr("Listeners"), m_menu)),
      m_toggleWindow(new QAction(tr("&Show Portier"), this)), m_start(new QAction(tr("&Start engine"), this)),
      m_stop(new QAction(tr("S&top engine"), this)), m_retry(new QAction(tr("&Retry failed listeners"), this)),
      m_quit(new QAction(tr("&Quit"), this))
{
    m_menu->addAction(m_toggleWindow);
    m_menu->addSeparator();
    m_menu->addAction(m_start);
    m_menu->addAction(m_stop);
    m_menu->addAction(m_retry);
    m_menu->addMenu(m_listenersMenu);
    m_menu->addSeparator();
    m_menu->addAction(m_quit);
    m_listenersMenu->addAction(tr("No listeners"))->setEnabled(false);

    connect(m_toggleWindow, &QAction::triggered, this, &DesktopIntegration::toggleWindowRequested);
    connect(m_start, &QAction::triggered, this, &DesktopIntegration::startRequested);
    connect(m_stop, &QAction::triggered, this, &DesktopIntegration::stopRequested);
    connect(m_retry, &QAction::triggered, this, &DesktopIntegration::retryRequested);
    connect(m_quit, &QAction::triggered, this, &DesktopIntegration::quitRequested);

    m_tray = new QSystemTrayIcon(AppIcon::icon(false), this);
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger) // left click
            emit toggleWindowRequested();
    });
    if (isTrayAvailable())
        m_tray->show();
    setEngineState(m_state);
}

DesktopIntegration::~DesktopIntegration()
{
    delete m_tray; // before the menu it shows
    delete m_menu; // a menu (a widget) cannot have this QObject as its parent
}

bool DesktopIntegration::isTrayAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

bool DesktopIntegration::isTrayVisible() const
{
    return m_tray->isVisible();
}

void DesktopIntegration::setEngineState(EngineController::State state)
{
    m_state = state;
    m_start->setEnabled(state == EngineController::State::Stopped);
    m_stop->setEnabled(state == EngineController::State::Running || state == EngineController::State::Starting);
    if (state == EngineController::State::Stopped) {
        m_lastSnapshot = StatsSnapshot();
        m_rate = 0;
        // A new start is a first look again: what servers were before is not news.
        m_haveServerStates = false;
        m_serverStates.clear();
        m_toldByHealthCheck.clear();
        m_listenersMenu->clear();
        m_listenersMenu->addAction(tr("Engine stopped"))->setEnabled(false);
    }
    updateIcon();
    updateToolTip();
}

void DesktopIntegration::setWindowVisible(bool visible)
{
    m_toggleWindow->setText(visible ? tr("&Hide Portier") : tr("&Show Portier"));
}

void DesktopIntegration::showMessage(const QString &title, const QString &message)
{
    emit notified(title, message);
    if (m_tray->isVisible() && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(title, message, QSystemTrayIcon::Information);
}

void DesktopIntegration::showStats(const StatsSnapshot &snapshot)
{
    const quint64 before = m_lastSnapshot.totalBytesFromClients() + m_lastSnapshot.totalBytesToClients();
    const quint64 now = snapshot.totalBytesFromClients() + snapshot.totalBytesToClients();
    const qint64 ms = m_lastSnapshot.time.isValid() ? m_lastSnapshot.time.msecsTo(snapshot.time) : 0;
    m_rate = ms > 0 && now >= before ? double(now - before) * 1000.0 / double(ms) : 0;
    m_lastSnapshot = snapshot;

    m_listenersMenu->clear();
    for (const ListenerStats &listener : snapshot.listeners) {
        QString state;
        if (listener.listening)
            state = tr("listening, %n connection(s)", nullptr, int(listener.activeConnections));
        else
            state = listener.error.isEmpty() ? tr("off") : tr("failed");
        QAction *action = m_listenersMenu->addAction(QStringLiteral("%1 %2 — %3").arg(listener.listen, listener.protocol, state));
        action->setEnabled(false);
        if (!listener.error.isEmpty())
            action->setToolTip(listener.error);
    }
    if (snapshot.listeners.isEmpty())
        m_listenersMenu->addAction(tr("No listeners"))->setEnabled(false);
    notifyServerChanges(snapshot);
    updateIcon();
    updateToolTip();
}

void DesktopIntegration::serverHealthChanged(const QString &upstream, const QString &address, bool healthy, const QString &reason)
{
    m_toldByHealthCheck.insert(upstream + u'\n' + address);
    if (!m_notifications)
        return;
    if (healthy)
        showMessage(tr("Upstream server back"),
                    tr("%1 in group %2 passes its health checks again (%3) and gets connections.").arg(address, upstream, reason));
    else
        showMessage(tr("Upstream server unhealthy"),
                    tr("%1 in group %2 failed its health checks: %3. Portier sends its connections to the other servers until it passes again.")
                        .arg(address, upstream, reason));
}

void DesktopIntegration::notifyServerChanges(const StatsSnapshot &snapshot)
{
    QHash<QString, int> states;
    for (const ServerStats &server : snapshot.servers) {
        // By position: several servers of a group may share an address.
        const QString key = server.upstream + u'\n' + (server.index >= 0 ? QString::number(server.index) : server.address);
        const int state = int(server.state);
        states.insert(key, state);
        if (!m_haveServerStates || !m_notifications || !m_serverStates.contains(key))
            continue;
        const auto previous = ServerStats::State(m_serverStates.value(key));
        if (previous == server.state)
            continue;
        // A health check's verdict was told with its reason when it came.
        const bool toldAlready = (previous == ServerStats::State::Unhealthy || server.state == ServerStats::State::Unhealthy)
                                 && m_toldByHealthCheck.contains(server.upstream + u'\n' + server.address);
        if (toldAlready)
            continue;
        // "down" is the user's own switch: only what the engine found is news.
        const bool wasBad = previous == ServerStats::State::Failed || previous == ServerStats::State::Unhealthy;
        const bool isBad = server.state == ServerStats::State::Failed || server.state == ServerStats::State::Unhealthy;
        if (!wasBad && isBad)
            showMessage(tr("Upstream server unavailable"),
                        tr("%1 in group %2 failed; Portier sends its connections to the other servers for now.")
                            .arg(server.address, server.upstream));
        else if (previous == ServerStats::State::Failed && server.state == ServerStats::State::Up)
            // Passive health only knows that fail_timeout has passed, not that the server works.
            showMessage(tr("Upstream server back in rotation"),
                        tr("%1 in group %2 gets connections again (its fail_timeout has passed).").arg(server.address, server.upstream));
        else if (wasBad && server.state == ServerStats::State::Up)
            showMessage(tr("Upstream server back"), tr("%1 in group %2 gets connections again.").arg(server.address, server.upstream));
    }
    m_serverStates = states;
    m_haveServerStates = true;
    m_toldByHealthCheck.clear(); // this snapshot shows what they told
}

void DesktopIntegration::updateIcon()
{
    const bool degraded = EngineController::isDegraded(m_state, m_lastSnapshot);
    const AppIcon::Look look = degraded                                      ? AppIcon::Look::Degraded
                               : m_state == EngineController::State::Running ? AppIcon::Look::Running
                                                                             : AppIcon::Look::Stopped;
    m_retry->setEnabled(degraded);
    m_retry->setVisible(degraded);
    // Becoming degraded is news even with the window hidden: a listener stopped serving.
    if (degraded && m_look != AppIcon::Look::Degraded && m_notifications)
        showMessage(tr("Portier is degraded"), tr("%1: %2. The other listeners keep serving; choose Retry in this menu once the cause is fixed.")
                                                   .arg(EngineController::statusText(m_state, m_lastSnapshot),
                                                        EngineController::failureReason(m_lastSnapshot)));
    if (look == m_look && !m_tray->icon().isNull())
        return;
    m_look = look;
    m_tray->setIcon(AppIcon::icon(look));
}

void DesktopIntegration::updateToolTip()
{
    QStringList lines{tr("Portier — %1").arg(EngineController::statusText(m_state, m_lastSnapshot))};
    if (EngineController::isDegraded(m_state, m_lastSnapshot))
        lines << EngineController::failureReason(m_lastSnapshot);
    if (m_state == EngineController::State::Running) {
        int listening = 0;
        for (const ListenerStats &listener : std::as_const(m_lastSnapshot.listeners))
            listening += listener.listening ? 1 : 0;
        lines << tr("%1 of %2 listeners up").arg(listening).arg(m_lastSnapshot.listeners.size());
        lines << tr("%n active connection(s)", nullptr, int(m_lastSnapshot.totalActiveConnections()));
        lines << tr("%1/s").arg(QLocale().formattedDataSize(qint64(m_rate)));
    }
    m_toolTip = lines.join(u'\n');
    m_tray->setToolTip(m_toolTip);
}
