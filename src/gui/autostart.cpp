#include "autostart.h"

#include <QDir>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>

namespace {
const QString entryName = QStringLiteral("Portier");
#if defined(Q_OS_WIN)
const QString runKey = QStringLiteral("HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run");
#endif
} // namespace

Autostart::Autostart(const QString &program, const QString &location) : m_program(program), m_location(location)
{
#if defined(Q_OS_WIN)
    if (m_location.isEmpty())
        m_location = runKey;
#else
    if (m_location.isEmpty())
        m_location = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/autostart");
#endif
}

QString Autostart::entryPath() const
{
#if defined(Q_OS_WIN)
    return m_location + u'\\' + entryName;
#else
    return m_location + QStringLiteral("/portier.desktop");
#endif
}

bool Autostart::isEnabled() const
{
#if defined(Q_OS_WIN)
    const QSettings run(m_location, QSettings::NativeFormat);
    return run.contains(entryName);
#else
    return QFile::exists(entryPath());
#endif
}

bool Autostart::setEnabled(bool enabled, QString *error)
{
#if defined(Q_OS_WIN)
    QSettings run(m_location, QSettings::NativeFormat);
    if (enabled)
        run.setValue(entryName, QString(u'"' + QDir::toNativeSeparators(m_program) + QStringLiteral("\" --minimized")));
    else
        run.remove(entryName);
    run.sync();
    if (run.status() != QSettings::NoError) {
        if (error)
            *error = QObject::tr("could not write %1").arg(entryPath());
        return false;
    }
    return true;
#else
    if (!enabled) {
        if (QFile::exists(entryPath()) && !QFile::remove(entryPath())) {
            if (error)
                *error = QObject::tr("could not remove %1").arg(entryPath());
            return false;
        }
        return true;
    }
    if (!QDir().mkpath(m_location)) {
        if (error)
            *error = QObject::tr("could not create the folder %1").arg(m_location);
        return false;
    }
    QSaveFile file(entryPath());
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    // Exec quoting per the Desktop Entry spec: a path with spaces goes in double quotes.
    QString program = m_program;
    if (program.contains(u' '))
        program = u'"' + program + u'"';
    const QString entry = QStringLiteral("[Desktop Entry]\n"
                                         "Type=Application\n"
                                         "Name=Portier\n"
                                         "Comment=TCP/UDP load balancer, started in the tray\n"
                                         "Exec=%1 --minimized\n"
                                         "Icon=portier\n"
                                         "Terminal=false\n"
                                         "X-GNOME-Autostart-enabled=true\n")
                              .arg(program);
    file.write(entry.toUtf8());
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
#endif
}
