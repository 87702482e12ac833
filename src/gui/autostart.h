#pragma once

#include <QString>

// Starting Portier at login: the platform corner. Linux and other XDG desktops: a
// portier.desktop file in the user's autostart folder; Windows: a value under the
// current user's Run key (QSettings in the native format). Plain functions of a value.
class Autostart
{
public:
    // program: the executable to start; location: the XDG autostart folder (Linux) or the
    // Run key (Windows); both default to the real ones, tests pass their own.
    explicit Autostart(const QString &program, const QString &location = QString());

    bool isEnabled() const;
    bool setEnabled(bool enabled, QString *error = nullptr);

    QString entryPath() const; // the .desktop file (Linux), or the registry key and value name (Windows)

private:
    QString m_program;
    QString m_location;
};
