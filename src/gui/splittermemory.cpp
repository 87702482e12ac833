#include "splittermemory.h"

#include <QSettings>
#include <QSplitter>

SplitterMemory::SplitterMemory(QSplitter *splitter, QSettings *settings, const QString &key)
    : QObject(splitter), m_splitter(splitter), m_settings(settings), m_key(settingsKey(key))
{
    // restoreState refuses a state of another orientation or pane count, leaving the
    // splitter's own proportions.
    m_splitter->restoreState(m_settings->value(m_key).toByteArray());
    connect(m_splitter, &QSplitter::splitterMoved, this, &SplitterMemory::save);
}

QString SplitterMemory::settingsKey(const QString &key)
{
    return QStringLiteral("layout/") + key;
}

void SplitterMemory::save()
{
    m_settings->setValue(m_key, m_splitter->saveState());
}
