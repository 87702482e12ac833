#include "servertablemodel.h"

#include "serverstatsmodel.h"
#include "statusicons.h"

#include <duration.h>

#include <QApplication>
#include <QBrush>
#include <QColor>
#include <QLocale>
#include <QRegularExpression>
#include <QStyle>

namespace {
const QColor markedBackground(0xff, 0xd6, 0xd6);
}

ServerTableModel::ServerTableModel(QObject *parent) : QAbstractTableModel(parent)
{
}

QString ServerTableModel::columnKey(int column)
{
    static const char *const keys[] = {"address", "weight", "max_fails", "fail_timeout", "max_conns", "backup", "down"};
    return column >= 0 && column < ColumnCount ? QLatin1StringView(keys[column]) : QString();
}

void ServerTableModel::setServers(const QList<ServerConfig> &servers)
{
    if (servers == m_servers)
        return;
    if (servers.size() == m_servers.size()) {
        m_servers = servers;
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_servers = servers;
    m_probeResults.clear();
    endResetModel();
}

void ServerTableModel::setIssues(const ConfigIssues &issues)
{
    QHash<QPair<int, int>, QString> found;
    static const QRegularExpression pathPattern(QStringLiteral("^\\[(\\d+)\\]\\.?(.*)$"));
    for (const ConfigIssue &issue : issues) {
        const QRegularExpressionMatch match = pathPattern.match(issue.path);
        if (!match.hasMatch())
            continue;
        const int row = match.captured(1).toInt();
        int column = Address;
        for (int c = 0; c < ColumnCount; ++c) {
            if (columnKey(c) == match.captured(2))
                column = c;
        }
        QString &message = found[qMakePair(row, column)];
        message = message.isEmpty() ? issue.message : message + u'\n' + issue.message;
    }
    if (found == m_issues)
        return;
    m_issues = found;
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::BackgroundRole, Qt::ToolTipRole});
}

void ServerTableModel::setProbeResult(int row, bool reachable, const QString &message)
{
    m_probeResults.insert(row, ProbeResult{reachable, message, QDateTime::currentDateTime()});
    if (row < rowCount())
        emit dataChanged(index(row, Address), index(row, Address), {Qt::DecorationRole, Qt::ToolTipRole});
}

void ServerTableModel::clearProbeResults()
{
    m_probeResults.clear();
    if (rowCount() > 0)
        emit dataChanged(index(0, Address), index(rowCount() - 1, Address), {Qt::DecorationRole, Qt::ToolTipRole});
}

void ServerTableModel::setEngineStates(const QList<ServerStats> &servers)
{
    QHash<int, ServerStats> states;
    for (const ServerStats &server : servers) {
        if (!states.contains(server.index))
            states.insert(server.index, server); // a host name's first address speaks for it
    }
    m_engineStates = states;
    if (rowCount() > 0)
        emit dataChanged(index(0, Address), index(rowCount() - 1, Address), {Qt::DecorationRole, Qt::ToolTipRole});
}

const ServerStats *ServerTableModel::engineStateAt(int row) const
{
    const auto found = m_engineStates.constFind(row);
    if (found == m_engineStates.constEnd() || row >= m_servers.size())
        return nullptr;
    // The engine runs the applied config; an edited row at this position is another server.
    if (!found->address.startsWith(m_servers.at(row).address))
        return nullptr;
    return &*found;
}

QString ServerTableModel::addressToolTip(int row) const
{
    QStringList lines;
    if (const ServerStats *state = engineStateAt(row)) {
        lines << tr("Running engine: %1 since %2").arg(ServerStatsModel::stateText(*state),
                                                        QLocale().toString(state->stateSince, QStringLiteral("HH:mm:ss")));
        if (!state->lastCheck.isEmpty())
            lines << tr("Last health check: %1").arg(state->lastCheck);
        if (!state->lastError.isEmpty())
            lines << tr("Last error: %1").arg(state->lastError);
    }
    if (m_probeResults.contains(row)) {
        const ProbeResult probe = m_probeResults.value(row);
        lines << tr("Test at %1: %2").arg(QLocale().toString(probe.time, QStringLiteral("HH:mm:ss")), probe.message);
    }
    return lines.join(u'\n');
}

int ServerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_servers.size());
}

int ServerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ServerTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_servers.size())
        return QVariant();
    const ServerConfig &server = m_servers.at(index.row());
    const int column = index.column();
    const QString issue = issueAt(index.row(), column);

    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (column) {
        case Address:
            return server.address;
        case Weight:
            return server.weight;
        case MaxFails:
            return server.maxFails;
        case FailTimeout:
            return Duration::format(server.failTimeoutMs);
        case MaxConns:
            if (role == Qt::DisplayRole && server.maxConns == 0)
                return tr("unlimited");
            return server.maxConns;
        default:
            return QVariant();
        }
    case Qt::CheckStateRole:
        if (column == Backup)
            return server.backup ? Qt::Checked : Qt::Unchecked;
        if (column == Down)
            return server.down ? Qt::Checked : Qt::Unchecked;
        return QVariant();
    case Qt::BackgroundRole:
        return issue.isEmpty() ? QVariant() : QBrush(markedBackground);
    case Qt::ToolTipRole:
        if (!issue.isEmpty())
            return issue;
        if (column == Address && (m_probeResults.contains(index.row()) || engineStateAt(index.row())))
            return addressToolTip(index.row());
        if (column == FailTimeout)
            return tr("How long a failed server is left out, and the window in which max_fails failures count (nginx fail_timeout, e.g. 10s)");
        return QVariant();
    case Qt::DecorationRole:
        if (column == Address && engineStateAt(index.row()))
            return ServerStatsModel::stateIcon(*engineStateAt(index.row()));
        if (column == Address && m_probeResults.contains(index.row()))
            return QApplication::style()->standardIcon(m_probeResults.value(index.row()).reachable ? QStyle::SP_DialogApplyButton
                                                                                                    : QStyle::SP_MessageBoxWarning);
        return QVariant();
    case Qt::TextAlignmentRole:
        if (column >= Weight && column <= MaxConns)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    default:
        return QVariant();
    }
}

bool ServerTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.row() >= m_servers.size())
        return false;
    ServerConfig server = m_servers.at(index.row());
    const int column = index.column();
    if (role == Qt::CheckStateRole) {
        const bool checked = value.toInt() == Qt::Checked;
        if (column == Backup)
            server.backup = checked;
        else if (column == Down)
            server.down = checked;
        else
            return false;
    } else if (role == Qt::EditRole) {
        switch (column) {
        case Address:
            server.address = value.toString().trimmed();
            break;
        case Weight:
            server.weight = value.toInt();
            break;
        case MaxFails:
            server.maxFails = value.toInt();
            break;
        case FailTimeout: {
            const auto ms = Duration::parse(value.toString());
            if (!ms)
                return false; // the editor keeps the old value; the text was not a duration
            server.failTimeoutMs = *ms;
            break;
        }
        case MaxConns:
            server.maxConns = value.toInt();
            break;
        default:
            return false;
        }
    } else {
        return false;
    }
    if (server == m_servers.at(index.row()))
        return true;
    m_servers[index.row()] = server;
    emit dataChanged(index, index);
    emit serversEdited(tr("Edit server %1").arg(server.address),
                       QStringLiteral("servers[%1].%2").arg(index.row()).arg(columnKey(column)));
    return true;
}

Qt::ItemFlags ServerTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == Backup || index.column() == Down)
        flags |= Qt::ItemIsUserCheckable;
    else
        flags |= Qt::ItemIsEditable;
    return flags;
}

QVariant ServerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Address:
            return tr("Address");
        case Weight:
            return tr("Weight");
        case MaxFails:
            return tr("Max fails");
        case FailTimeout:
            return tr("Fail timeout");
        case MaxConns:
            return tr("Max conns");
        case Backup:
            return tr("Backup");
        case Down:
            return tr("Down");
        default:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case Address:
            return tr("host:port as nginx writes it, e.g. 127.0.0.1:7773");
        case Weight:
            return tr("Relative share of connections (nginx weight=, default 1)");
        case MaxFails:
            return tr("Failures within the fail timeout that take the server out (0 = never)");
        case MaxConns:
            return tr("Most connections at once (0 = unlimited)");
        case Backup:
            return tr("Used only when no other server is available");
        case Down:
            return tr("Never used: taken out by hand");
        default:
            break;
        }
    }
    return QVariant();
}
