#pragma once

#include "desktopapisettings.h"

#include <QMetaType>
#include <QString>

class QSettings;

// The user's choices, read from and written to QSettings (the store composition hands in,
// so tests use a file of their own). A value: copy it, change it, save it.
struct Preferences
{
    bool startMinimized = false;
    bool startEngineOnLaunch = true;
    bool startAtLogin = false;   // mirrors the autostart entry (see Autostart)
    QString language;            // empty: the system's; "en", "zh_CN"
    bool notifications = true;   // desktop notifications at all; then each kind:
    bool notifyServers = true;       // an upstream server goes down / comes back
    bool notifyListeners = true;     // a listener fails (the engine is degraded)
    bool notifyCertificates = true;  // a certificate in use expires within certificateDays
    int certificateDays = 14;
    bool trayNoticeShown = false;
    DesktopApiSettings api;          // Preferences > API: the desktop program's control API

    static Preferences load(const QSettings &settings);
    void save(QSettings *settings) const;

    friend bool operator==(const Preferences &, const Preferences &) = default;
};

Q_DECLARE_METATYPE(Preferences)
