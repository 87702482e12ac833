#include "preferences.h"

#include <QSettings>

namespace {
const QString startMinimizedKey = QStringLiteral("preferences/startMinimized");
const QString startEngineKey = QStringLiteral("preferences/startEngineOnLaunch");
const QString startAtLoginKey = QStringLiteral("preferences/startAtLogin");
const QString languageKey = QStringLiteral("preferences/language");
const QString notificationsKey = QStringLiteral("preferences/notifications");
const QString trayNoticeKey = QStringLiteral("preferences/trayNoticeShown");
} // namespace

Preferences Preferences::load(const QSettings &settings)
{
    Preferences defaults;
    Preferences preferences;
    preferences.startMinimized = settings.value(startMinimizedKey, defaults.startMinimized).toBool();
    preferences.startEngineOnLaunch = settings.value(startEngineKey, defaults.startEngineOnLaunch).toBool();
    preferences.startAtLogin = settings.value(startAtLoginKey, defaults.startAtLogin).toBool();
    preferences.language = settings.value(languageKey, defaults.language).toString();
    preferences.notifications = settings.value(notificationsKey, defaults.notifications).toBool();
    preferences.trayNoticeShown = settings.value(trayNoticeKey, defaults.trayNoticeShown).toBool();
    return preferences;
}

void Preferences::save(QSettings *settings) const
{
    settings->setValue(startMinimizedKey, startMinimized);
    settings->setValue(startEngineKey, startEngineOnLaunch);
    settings->setValue(startAtLoginKey, startAtLogin);
    settings->setValue(languageKey, language);
    settings->setValue(notificationsKey, notifications);
    settings->setValue(trayNoticeKey, trayNoticeShown);
}
