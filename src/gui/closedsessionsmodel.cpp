#include "closedsessionsmodel.h"

#include "connectionsmodel.h"
#include "datasize.h"

#include <QLocale>
#include <iterator>

namespace {

// The columns before Duration are the live table's, shown the same way.
int sharedColumn(int column)
{
    static constexpr ConnectionsModel::Column shared[] = {ConnectionsModel::Number, ConnectionsModel::Protocol, ConnectionsModel::Client,
                                                          ConnectionsModel::Listener, ConnectionsModel::Server, ConnectionsModel::FromClient,
                                                          ConnectionsModel::ToClient};
    static_assert(std::size(shared) == ClosedSessionsModel::Duration);
    return shared[column];
}

} // namespace

ClosedSessionsModel::ClosedSessionsModel(QObject *parent) : QAbstractTableModel(parent)
{
}

void ClosedSessionsModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    m_numbers.clear();
    endResetModel();
}

void ClosedSessionsModel::add(const QList<ClosedSession> &closed)
{
    QList<ClosedSession> fresh; // newest first
    for (auto it = closed.crbegin(); it != closed.crend(); ++it) {
        if (!m_numbers.contains(it->session.number) && fresh.size() < capacity)
            fresh << *it; // a full batch sends again what is already here
    }
    if (fresh.isEmpty())
        return;
    for (const ClosedSession &c : std::as_const(fresh))
        m_numbers.insert(c.session.number);
    beginInsertRows(QModelIndex(), 0, int(fresh.size()) - 1);
    m_rows = fresh + m_rows;
    endInsertRows();
    if (m_rows.size() > capacity) {
        beginRemoveRows(QModelIndex(), capacity, int(m_rows.size()) - 1);
        for (qsizetype i = capacity; i < m_rows.size(); ++i)
            m_numbers.remove(m_rows.at(i).session.number);
        m_rows.resize(capacity);
        endRemoveRows();
    }
}

int ClosedSessionsModel::rowOf(quint64 number) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).session.number == number)
            return int(i);
    }
    return -1;
}

int ClosedSessionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClosedSessionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClosedSessionsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return QVariant();
    const ClosedSession &closed = m_rows.at(index.row());
    const SessionInfo &s = closed.session;
    if (role == NumberRole)
        return s.number;
    if (role == Qt::ToolTipRole && index.column() == Reason)
        return closed.detail;
    if (role != Qt::DisplayRole)
        return QVariant();
    if (index.column() < Duration)
        return ConnectionsModel::sessionText(s, sharedColumn(index.column()), closed.endedMs);
    switch (index.column()) {
    case Duration:
        return durationText(closed.endedMs - s.startedMs);
    case Ended:
        return QLocale().toString(closed.ended.time(), QStringLiteral("HH:mm:ss"));
    case Reason:
        return ConnectionsModel::endText(closed.end);
    default:
        return QVariant();
    }
}

QVariant ClosedSessionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section >= 0 && section < Duration)
        return ConnectionsModel::headerText(sharedColumn(section));
    switch (section) {
    case Duration:
        return tr("Duration");
    case Ended:
        return tr("Ended");
    case Reason:
        return tr("Reason");
    default:
        return QVariant();
    }
}
