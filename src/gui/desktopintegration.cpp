#include "desktopintegration.h"

#include "datasize.h"

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
        m_upRate = m_downRate = 0;
        // A new start is a first look again: what servers were before is not news.
        m_haveServerStates = false;
        m_serverBad.clear();
        m_failedListeners.clear();
        m_toldByHealthCheck.clear();
        m_listenersMenu->clear();
        m_listenersMenu->addAction(tr("Engine stopped"))->setEnabled(false);
    }
    updateIcon();
    updateToolTip();
}

void DesktopIntegration::setPreferences(const Preferences &preferences)
{
    m_notifications = preferences.notifications;
    m_kinds = preferences;
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
    const qint64 ms = m_lastSnapshot.time.isValid() ? m_lastSnapshot.time.msecsTo(snapshot.time) : 0;
    auto rate = [ms](quint64 before, quint64 now) { return ms > 0 && now >= before ? double(now - before) * 1000.0 / double(ms) : 0.0; };
    m_upRate = rate(m_lastSnapshot.totalBytesFromClients(), snapshot.totalBytesFromClients());
    m_downRate = rate(m_lastSnapshot.totalBytesToClients(), snapshot.totalBytesToClients());
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
    notifyListenerFailures();
    updateIcon();
    updateToolTip();
}

void DesktopIntegration::serverHealthChanged(const QString &upstream, const QString &address, bool healthy, const QString &reason)
{
    m_toldByHealthCheck.insert(upstream + u'\n' + address);
    if (!m_notifications || !m_kinds.notifyServers)
        return;
    if (healthy)
        showMessage(tr("Upstream server back"),
                    tr("%1 in group %2 passes its health checks again (%3) and gets connections.").arg(address, upstream, reason));
    else
        showMessage(tr("Upstream server unhealthy"),
                    tr("%1 in group %2 failed its health checks: %3. Portier sends its connections to the other servers until it passes again.")
                        .arg(address, upstream, reason));
}

bool DesktopIntegration::isBad(const ServerStats &server)
{
    // "down" is the user's own switch, not a problem. A server passive health took out stays
    // bad after fail_timeout (State::Failed ends then) until a connection to it works.
    return server.state == ServerStats::State::Unhealthy || server.state == ServerStats::State::Failed
           || (server.failing && server.state != ServerStats::State::Down);
}

void DesktopIntegration::notifyServerChanges(const StatsSnapshot &snapshot)
{
    QHash<QString, bool> states;
    const bool tell = m_notifications && m_kinds.notifyServers;
    for (const ServerStats &server : snapshot.servers) {
        // By position: several servers of a group may share an address.
        const QString key = server.upstream + u'\n' + (server.index >= 0 ? QString::number(server.index) : server.address);
        if (server.state == ServerStats::State::Down) {
            // The user took it out: neither a failure nor a recovery. It keeps what it was.
            if (m_serverBad.contains(key))
                states.insert(key, m_serverBad.value(key));
            continue;
        }
        const bool bad = isBad(server);
        states.insert(key, bad);
        if (!m_haveServerStates || !tell || !m_serverBad.contains(key) || m_serverBad.value(key) == bad)
            continue;
        // A health check's verdict was told with its reason when it came.
        const bool toldAlready = m_toldByHealthCheck.contains(server.upstream + u'\n' + server.address)
                                 && (server.state == ServerStats::State::Unhealthy || !bad);
        if (toldAlready)
            continue;
        if (bad)
            showMessage(tr("Upstream server unavailable"),
                        tr("%1 in group %2 failed; Portier sends its connections to the other servers for now.")
                            .arg(server.address, server.upstream));
        else
            // Only after a connection to it worked (or its health check passed): not merely
            // because fail_timeout ran out while it is still down.
            showMessage(tr("Upstream server back"), tr("%1 in group %2 gets connections again.").arg(server.address, server.upstream));
    }
    m_serverBad = states;
    m_haveServerStates = true;
    m_toldByHealthCheck.clear(); // this snapshot shows what they told
}

void DesktopIntegration::notifyListenerFailures()
{
    QSet<QString> failed;
    for (const ListenerStats &listener : std::as_const(m_lastSnapshot.listeners)) {
        if (listener.enabled && !listener.listening)
            failed.insert(QStringLiteral("%1 %2 %3").arg(listener.index).arg(listener.listen, listener.protocol));
    }
    const bool tell = m_notifications && m_kinds.notifyListeners && m_state == EngineController::State::Running;
    for (const ListenerStats &listener : std::as_const(m_lastSnapshot.listeners)) {
        const QString key = QStringLiteral("%1 %2 %3").arg(listener.index).arg(listener.listen, listener.protocol);
        if (!tell || !failed.contains(key) || m_failedListeners.contains(key))
            continue;
        // A listener that stopped serving is news even with the window hidden; once per failure.
        showMessage(tr("Portier is degraded"), tr("%1: %2. The other listeners keep serving; choose Retry in this menu once the cause is fixed.")
                                                   .arg(EngineController::statusText(m_state, m_lastSnapshot),
                                                        listener.error.isEmpty() ? tr("%1 is not listening").arg(listener.listen) : listener.error));
    }
    m_failedListeners = failed;
}

void DesktopIntegration::certificateExpires(const QString &name, const QDateTime &notAfter, const QDateTime &now)
{
    const qint64 days = now.secsTo(notAfter) / 86400;
    if (!m_notifications || !m_kinds.notifyCertificates || days > m_kinds.certificateDays)
        return;
    const QString key = name + u'\n' + notAfter.toString(Qt::ISODate);
    if (m_certificatesTold.contains(key))
        return;
    m_certificatesTold.insert(key);
    const QString date = QLocale().toString(notAfter.toLocalTime().date(), QLocale::ShortFormat);
    if (notAfter < now)
        showMessage(tr("Certificate expired"), tr("Certificate %1 expired on %2; clients refuse it. Renew it.").arg(name, date));
    else
        showMessage(tr("Certificate expires soon"),
                    tr("Certificate %1 expires on %2 (in %n day(s)). Renew it before then.", nullptr, int(days)).arg(name, date));
}

QStringList DesktopIntegration::problems() const
{
    QStringList list;
    if (m_state != EngineController::State::Running)
        return list;
    if (EngineController::isDegraded(m_state, m_lastSnapshot))
        list << EngineController::failureReason(m_lastSnapshot);
    for (const ServerStats &server : std::as_const(m_lastSnapshot.servers)) {
        if (isBad(server))
            list << tr("Server %1 in group %2 is down").arg(server.address, server.upstream);
    }
    return list;
}

void DesktopIntegration::updateIcon()
{
    const bool degraded = EngineController::isDegraded(m_state, m_lastSnapshot);
    const bool running = m_state == EngineController::State::Running;
    const AppIcon::Look look = !problems().isEmpty()             ? AppIcon::Look::Degraded
                               : running && m_upRate + m_downRate > 0 ? AppIcon::Look::Traffic
                               : running                          ? AppIcon::Look::Running
                                                                  : AppIcon::Look::Stopped;
    m_retry->setEnabled(degraded);
    m_retry->setVisible(degraded);
    if (look == m_look && !m_tray->icon().isNull())
        return;
    m_look = look;
    m_tray->setIcon(AppIcon::icon(look));
}

void DesktopIntegration::updateToolTip()
{
    QStringList lines{tr("Portier — %1").arg(EngineController::statusText(m_state, m_lastSnapshot))};
    const QStringList trouble = problems();
    const qsizetype shown = qMin<qsizetype>(trouble.size(), 3); // a tooltip, not a report
    lines << trouble.mid(0, shown);
    if (trouble.size() > shown)
        lines << tr("and %n more problem(s)", nullptr, int(trouble.size() - shown));
    if (m_state == EngineController::State::Running) {
        int listening = 0;
        for (const ListenerStats &listener : std::as_const(m_lastSnapshot.listeners))
            listening += listener.listening ? 1 : 0;
        lines << tr("%1 of %2 listeners up").arg(listening).arg(m_lastSnapshot.listeners.size());
        lines << tr("%n active connection(s)", nullptr, int(m_lastSnapshot.totalActiveConnections()));
        lines << tr("↑ %1/s from clients · ↓ %2/s to clients")
                     .arg(formatDataSize(qint64(m_upRate)), formatDataSize(qint64(m_downRate)));
    }
    m_toolTip = lines.join(u'\n');
    m_tray->setToolTip(m_toolTip);
}
