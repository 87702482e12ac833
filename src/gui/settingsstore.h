#pragma once

#include <QString>

#include <memory>

class QSettings;

// Where the desktop program keeps its settings. Portable mode (a file named `portable`
// beside the executable, as the ZIP carries): portier.ini beside it, so a USB stick keeps
// everything. Otherwise the user's folder: ~/.config/Portier/Portier.conf on Linux and
// %APPDATA%\Portier\Portier.ini on Windows, an INI file rather than the registry so it can
// be read, copied and backed up like the configuration files themselves.
class SettingsStore
{
public:
    // applicationDir: the executable's folder (tests pass their own).
    static bool isPortable(const QString &applicationDir);
    static std::unique_ptr<QSettings> open(const QString &applicationDir);

    static const QString portableMarker; // "portable"
};
