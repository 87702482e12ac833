#pragma once

#include <QObject>
#include <QString>

class QSettings;
class QSplitter;

// Keeps where the user put a splitter's handle: restores it from the settings when attached
// and writes it back each time the handle moves, under "layout/<key>". The settings are the
// window's (SettingsStore's file, or a test's), the same store Preferences lives in. A state
// that does not fit the splitter (its panes changed) is ignored. GUI thread.
class SplitterMemory : public QObject
{
    Q_OBJECT

public:
    SplitterMemory(QSplitter *splitter, QSettings *settings, const QString &key);

    static QString settingsKey(const QString &key);

private:
    void save();

    QSplitter *m_splitter;
    QSettings *m_settings;
    QString m_key;
};
