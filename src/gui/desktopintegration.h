#pragma once

#include "appicon.h"
#include "enginecontroller.h"
#include "preferences.h"

#include <statssnapshot.h>

#include <QHash>
#include <QSet>
#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;

// The tray icon, its menu and notifications (qBittorrent's DesktopIntegration): a plain
// QObject that shows what it is told (engine state, stats, window visibility) and only
// emits signals for what the user asks; it never reaches into the window or the engine.
// Its actions and menu exist even where no tray does, so they work (and are tested) the
// same everywhere. GUI thread.
class DesktopIntegration : public QObject
{
    Q_OBJECT

public:
    explicit DesktopIntegration(QObject *parent = nullptr);
    ~DesktopIntegration() override;

    static bool isTrayAvailable();
    bool isTrayVisible() const;

    QMenu *menu() const { return m_menu; }
    QMenu *listenersMenu() const { return m_listenersMenu; }
    QAction *toggleWindowAction() const { return m_toggleWindow; }
    QAction *startAction() const { return m_start; }
    QAction *stopAction() const { return m_stop; }
    QAction *retryAction() const { return m_retry; }
    bool showsDegraded() const { return m_look == AppIcon::Look::Degraded; } // a problem: listener failed, server down
    AppIcon::Look look() const { return m_look; }
    QAction *quitAction() const { return m_quit; }
    QString toolTip() const { return m_toolTip; }

    void setNotificationsEnabled(bool enabled) { m_notifications = enabled; }
    bool notificationsEnabled() const { return m_notifications; }
    // The master switch and each kind's (Preferences::notify*).
    void setPreferences(const Preferences &preferences);

public slots:
    void setEngineState(EngineController::State state);
    void showStats(const StatsSnapshot &snapshot);
    void setWindowVisible(bool visible);
    void showMessage(const QString &title, const QString &message);
    // An active health check's verdict (EngineController::serverHealthChanged), told with
    // its reason; the snapshot that then shows the new state is not told again.
    void serverHealthChanged(const QString &upstream, const QString &address, bool healthy, const QString &reason);
    // A certificate in use expires on notAfter (CertificateExpiryWatch): told once per
    // certificate and date when that is within the chosen number of days.
    void certificateExpires(const QString &name, const QDateTime &notAfter, const QDateTime &now);

signals:
    void toggleWindowRequested();
    void startRequested();
    void stopRequested();
    void retryRequested(); // a listener failed; apply the running config again
    void quitRequested();
    // Emitted for every notification, whether or not a tray could show it.
    void notified(const QString &title, const QString &message);

private:
    void updateToolTip();
    void updateIcon();
    void notifyServerChanges(const StatsSnapshot &snapshot);
    void notifyListenerFailures();
    QStringList problems() const; // what makes the icon red, in words
    static bool isBad(const ServerStats &server);

    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu;
    QMenu *m_listenersMenu;
    QAction *m_toggleWindow;
    QAction *m_start;
    QAction *m_stop;
    QAction *m_retry;
    AppIcon::Look m_look = AppIcon::Look::Stopped;
    QAction *m_quit;
    EngineController::State m_state = EngineController::State::Stopped;
    StatsSnapshot m_lastSnapshot;
    double m_upRate = 0;   // bytes/s from clients (toward the servers)
    double m_downRate = 0; // bytes/s to clients
    bool m_notifications = true;
    Preferences m_kinds;   // which kinds of notification (notify*), under m_notifications
    bool m_haveServerStates = false;
    QHash<QString, bool> m_serverBad;   // "group\nindex" -> down (health check, or failing and not yet working again)
    QSet<QString> m_failedListeners;    // "index listen protocol" of listeners that failed, already told
    QSet<QString> m_certificatesTold;   // "name\nnotAfter"
    QSet<QString> m_toldByHealthCheck;  // "group\naddress": changes already notified with their reason
    QString m_toolTip;
};
