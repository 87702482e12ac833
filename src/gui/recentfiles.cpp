#include "recentfiles.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace {
const QString recentKey = QStringLiteral("recentFiles");
}

RecentFiles::RecentFiles(QMenu *menu, QSettings *settings, QObject *parent)
    : QObject(parent), m_menu(menu), m_settings(settings), m_files(settings->value(recentKey).toStringList())
{
    rebuild();
}

void RecentFiles::add(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_files.removeAll(absolute);
    m_files.prepend(absolute);
    while (m_files.size() > maximum)
        m_files.removeLast();
    m_settings->setValue(recentKey, m_files);
    // Queued: add() may run inside one of the menu's own actions, which rebuilding deletes.
    QMetaObject::invokeMethod(this, &RecentFiles::rebuild, Qt::QueuedConnection);
}

void RecentFiles::rebuild()
{
    m_menu->clear();
    int number = 1;
    for (const QString &path : std::as_const(m_files)) {
        const QString text = QStringLiteral("&%1 %2").arg(number++).arg(QDir::toNativeSeparators(path));
        QAction *action = m_menu->addAction(text);
        action->setEnabled(QFileInfo::exists(path));
        connect(action, &QAction::triggered, this, [this, path] { emit openRequested(path); });
    }
    if (m_files.isEmpty())
        m_menu->addAction(tr("No recent files"))->setEnabled(false);
    else {
        m_menu->addSeparator();
        connect(m_menu->addAction(tr("&Clear list")), &QAction::triggered, this, [this] {
            m_files.clear();
            m_settings->setValue(recentKey, m_files);
            QMetaObject::invokeMethod(this, &RecentFiles::rebuild, Qt::QueuedConnection);
        });
    }
}
