#pragma once

#include <QObject>
#include <QStringList>

class QMenu;
class QSettings;

// The File > Open Recent menu: the last configuration files opened or saved, newest first,
// kept in QSettings. GUI thread.
class RecentFiles : public QObject
{
    Q_OBJECT

public:
    static constexpr int maximum = 8;

    RecentFiles(QMenu *menu, QSettings *settings, QObject *parent = nullptr);

    QStringList files() const { return m_files; }
    void add(const QString &path);

signals:
    void openRequested(const QString &path);

private:
    void rebuild();

    QMenu *m_menu;
    QSettings *m_settings;
    QStringList m_files;
};
