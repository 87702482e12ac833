#pragma once

#include <sessioninfo.h>

#include <QAbstractTableModel>
#include <QSet>

// The recently closed sessions, newest first, at most `capacity`: who they were, how much
// they moved, how long they lasted and why they ended. Fed by ConnectionsModel::sessionsClosed
// (rows are inserted at the top and trimmed at the bottom, never reset). GUI thread.
class ClosedSessionsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Number, Protocol, Client, Listener, Server, FromClient, ToClient, Duration, Ended, Reason, ColumnCount };
    static constexpr int NumberRole = Qt::UserRole + 1;
    static constexpr int capacity = 200;

    explicit ClosedSessionsModel(QObject *parent = nullptr);

    void add(const QList<ClosedSession> &closed); // oldest first, as the batches carry them
    void clear(); // another instance is shown
    const ClosedSession &closedAt(int row) const { return m_rows.at(row); }
    int rowOf(quint64 number) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ClosedSession> m_rows; // newest first
    QSet<quint64> m_numbers;
};
