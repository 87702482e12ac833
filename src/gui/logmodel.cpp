#include "logmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

LogModel::LogModel(QObject *parent) : QAbstractTableModel(parent) {}

void LogModel::setCapacity(int capacity)
{
    m_capacity = qMax(1, capacity);
    append({}); // trims
}

void LogModel::append(const QList<LogEntry> &entries)
{
    // Only the newest `capacity` of this batch can stay.
    const qsizetype skip = qMax<qsizetype>(0, entries.size() - m_capacity);
    const qsizetype adding = entries.size() - skip;
    const qsizetype excess = qsizetype(m_entries.size()) + adding - m_capacity;
    if (excess > 0) {
        beginRemoveRows(QModelIndex(), 0, int(excess) - 1);
        m_entries.erase(m_entries.begin(), m_entries.begin() + excess);
        endRemoveRows();
        m_discarded += quint64(excess);
    }
    m_discarded += quint64(skip);
    if (adding <= 0)
        return;
    const int first = int(m_entries.size());
    beginInsertRows(QModelIndex(), first, first + int(adding) - 1);
    m_entries.insert(m_entries.end(), entries.begin() + skip, entries.end());
    endInsertRows();
}

void LogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    m_discarded = 0;
    endResetModel();
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_entries.size()))
        return QVariant();
    const LogEntry &e = m_entries.at(size_t(index.row()));
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return e.time();
        case LevelColumn:
            return ErrorLog::levelName(e.level);
        case ConnectionColumn:
            return e.connection ? QStringLiteral("*%1").arg(e.connection) : QString();
        case MessageColumn:
            return e.message();
        }
        return QVariant();
    case Qt::ToolTipRole:
        if (index.column() == ConnectionColumn && e.connection)
            return tr("Show only connection *%1's lines").arg(e.connection);
        return e.line;
    case Qt::ForegroundRole:
        // A connection number reads as a link: a click filters to that connection.
        if (index.column() == ConnectionColumn)
            return QBrush(QColor(0x15, 0x65, 0xc0));
        if (e.level <= ErrorLog::Level::Error)
            return QBrush(QColor(0xb0, 0x00, 0x20));
        if (e.level == ErrorLog::Level::Warn)
            return QBrush(QColor(0x9a, 0x5b, 0x00));
        if (e.level >= ErrorLog::Level::Info)
            return QBrush(QColor(0x70, 0x70, 0x70));
        return QVariant();
    case Qt::FontRole:
        if (index.column() == ConnectionColumn && e.connection) {
            QFont font;
            font.setUnderline(true);
            return font;
        }
        return QVariant();
    case LevelRole:
        return int(e.level);
    case ConnectionRole:
        return e.connection;
    case LineRole:
        return e.line;
    }
    return QVariant();
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LevelColumn:
        return tr("Level");
    case ConnectionColumn:
        return tr("Connection");
    case MessageColumn:
        return tr("Message");
    }
    return QVariant();
}
