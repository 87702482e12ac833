#include "logfiltermodel.h"

#include "logmodel.h"

LogFilterModel::LogFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void LogFilterModel::setLevel(ErrorLog::Level level)
{
    if (level == m_level)
        return;
    m_level = level;
    invalidateRowsFilter();
}

void LogFilterModel::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateRowsFilter();
}

void LogFilterModel::setConnection(quint64 connection)
{
    if (connection == m_connection)
        return;
    m_connection = connection;
    invalidateRowsFilter();
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (index.data(LogModel::LevelRole).toInt() > int(m_level))
        return false;
    if (m_connection && index.data(LogModel::ConnectionRole).toULongLong() != m_connection)
        return false;
    return m_text.isEmpty() || index.data(LogModel::LineRole).toString().contains(m_text, Qt::CaseInsensitive);
}
