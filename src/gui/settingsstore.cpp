#include "settingsstore.h"

#include <QDir>
#include <QFileInfo>
#include <QCoreApplication>
#include <QSettings>

const QString SettingsStore::portableMarker = QStringLiteral("portable");

bool SettingsStore::isPortable(const QString &applicationDir)
{
    return QFileInfo::exists(QDir(applicationDir).filePath(portableMarker));
}

std::unique_ptr<QSettings> SettingsStore::open(const QString &applicationDir)
{
    if (isPortable(applicationDir))
        return std::make_unique<QSettings>(QDir(applicationDir).filePath(QStringLiteral("portier.ini")), QSettings::IniFormat);
    // IniFormat in the user scope is %APPDATA%\<organization>\<application>.ini on Windows;
    // on Linux it is the same file the native format uses, with a different extension, so
    // Linux keeps its native format and the settings users already have.
#if defined(Q_OS_WIN)
    return std::make_unique<QSettings>(QSettings::IniFormat, QSettings::UserScope, QCoreApplication::organizationName(),
                                       QCoreApplication::applicationName());
#else
    return std::make_unique<QSettings>();
#endif
}
