#include "preferences.h"

#include <QSettings>

namespace {
const QString startMinimizedKey = QStringLiteral("preferences/startMinimized");
const QString startEngineKey = QStringLiteral("preferences/startEngineOnLaunch");
const QString startAtLoginKey = QStringLiteral("preferences/startAtLogin");
const QString languageKey = QStringLiteral("preferences/language");
const QString notificationsKey = QStringLiteral("preferences/notifications");
const QString notifyServersKey = QStringLiteral("preferences/notifyServers");
const QString notifyListenersKey = QStringLiteral("preferences/notifyListeners");
const QString notifyCertificatesKey = QStringLiteral("preferences/notifyCertificates");
const QString certificateDaysKey = QStringLiteral("preferences/certificateDays");
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
    preferences.notifyServers = settings.value(notifyServersKey, defaults.notifyServers).toBool();
    preferences.notifyListeners = settings.value(notifyListenersKey, defaults.notifyListeners).toBool();
    preferences.notifyCertificates = settings.value(notifyCertificatesKey, defaults.notifyCertificates).toBool();
    preferences.certificateDays = qBound(1, settings.value(certificateDaysKey, defaults.certificateDays).toInt(), 365);
    preferences.trayNoticeShown = settings.value(trayNoticeKey, defaults.trayNoticeShown).toBool();
    preferences.api = DesktopApiSettings::load(settings);
    return preferences;
}

void Preferences::save(QSettings *settings) const
{
    settings->setValue(startMinimizedKey, startMinimized);
    settings->setValue(startEngineKey, startEngineOnLaunch);
    settings->setValue(startAtLoginKey, startAtLogin);
    settings->setValue(languageKey, language);
    settings->setValue(notificationsKey, notifications);
    settings->setValue(notifyServersKey, notifyServers);
    settings->setValue(notifyListenersKey, notifyListeners);
    settings->setValue(notifyCertificatesKey, notifyCertificates);
    settings->setValue(certificateDaysKey, certificateDays);
    settings->setValue(trayNoticeKey, trayNoticeShown);
    api.save(settings);
}
