#pragma once

#include "logentry.h"

#include <QAbstractTableModel>
#include <deque>

// The error log lines the window shows: a ring of the latest `capacity` lines (the oldest go
// first), one row per line, in the columns Time, Level, Connection, Message. Appends come in
// batches (LogFeed), one insert per batch. GUI thread.
class LogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, LevelColumn, ConnectionColumn, MessageColumn, ColumnCount };
    enum Role { LevelRole = Qt::UserRole + 1, ConnectionRole, LineRole };
    static constexpr int defaultCapacity = 10000;

    explicit LogModel(QObject *parent = nullptr);

    void setCapacity(int capacity);
    int capacity() const { return m_capacity; }
    void append(const QList<LogEntry> &entries);
    void clear();
    const LogEntry &entry(int row) const { return m_entries.at(size_t(row)); }
    quint64 discarded() const { return m_discarded; } // lines the ring let go since the last clear

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::deque<LogEntry> m_entries;
    int m_capacity = defaultCapacity;
    quint64 m_discarded = 0;
};
