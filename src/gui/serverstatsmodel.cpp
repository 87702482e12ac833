#include "serverstatsmodel.h"

#include "datasize.h"
#include "statusicons.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>
#include <QRegularExpression>
#include <algorithm>

namespace {

// Two snapshots closer than this (an apply or a steering call sends one at once) would make
// a jumpy rate: the rate then waits for the next regular one.
constexpr qint64 minimumRateIntervalMs = 500;

const QColor attentionBackground(0xff, 0xe4, 0xe1);

QString timeText(const QDateTime &time)
{
    if (!time.isValid())
        return ServerStatsModel::tr("never");
    const QDateTime now = QDateTime::currentDateTime();
    return QLocale().toString(time, time.date() == now.date() ? QStringLiteral("HH:mm:ss") : QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

// "connect() failed (111: Connection refused) while ..." → "Connection refused": the cell
// stays narrow; the tooltip has the whole line.
QString shortError(const QString &error)
{
    static const QRegularExpression reason(QStringLiteral("\\(\\d+: ([^)]+)\\)"));
    const QRegularExpressionMatch match = reason.match(error);
    return match.hasMatch() ? match.captured(1) : error;
}

// The state column's sort order: what needs a look first.
int urgency(const ServerStats &server)
{
    switch (server.state) {
    case ServerStats::State::Failed:
    case ServerStats::State::Unhealthy:
        return 0;
    case ServerStats::State::Draining:
        return 1;
    case ServerStats::State::Up:
        return server.backupInUse ? 2 : 5;
    case ServerStats::State::Down:
    case ServerStats::State::Drained:
        return 4;
    }
    return 5;
}

StatusIcons::Tone toneOf(const ServerStats &server)
{
    switch (server.state) {
    case ServerStats::State::Up:
        return server.backupInUse ? StatusIcons::Busy : StatusIcons::Good;
    case ServerStats::State::Failed:
    case ServerStats::State::Unhealthy:
        return StatusIcons::Bad;
    case ServerStats::State::Draining:
        return StatusIcons::Busy;
    case ServerStats::State::Down:
    case ServerStats::State::Drained:
        return StatusIcons::Idle;
    }
    return StatusIcons::Idle;
}

} // namespace

ServerStatsModel::ServerStatsModel(QObject *parent) : QAbstractTableModel(parent)
{
}

QString ServerStatsModel::keyOf(const ServerStats &server)
{
    return server.upstream + u'\n' + QString::number(server.index) + u'\n' + server.address;
}

void ServerStatsModel::setSnapshot(const StatsSnapshot &snapshot)
{
    QHash<QString, const Row *> previous;
    for (const Row &row : std::as_const(m_rows))
        previous.insert(keyOf(row.stats), &row);
    QList<Row> rows;
    rows.reserve(snapshot.servers.size());
    bool sameRows = snapshot.servers.size() == m_rows.size();
    for (qsizetype i = 0; i < snapshot.servers.size(); ++i) {
        Row row;
        row.stats = snapshot.servers.at(i);
        row.baseSent = row.stats.bytesSent;
        row.baseReceived = row.stats.bytesReceived;
        row.baseMs = snapshot.monotonicMs;
        const QString key = keyOf(row.stats);
        sameRows = sameRows && keyOf(m_rows.at(i).stats) == key;
        if (const Row *old = previous.value(key); old && old->baseMs >= 0) {
            const qint64 elapsed = snapshot.monotonicMs - old->baseMs;
            const bool counted = row.stats.bytesSent >= old->baseSent && row.stats.bytesReceived >= old->baseReceived;
            if (counted && elapsed < minimumRateIntervalMs) {
                row.sendRate = old->sendRate; // too soon: keep measuring from the old base
                row.receiveRate = old->receiveRate;
                row.baseSent = old->baseSent;
                row.baseReceived = old->baseReceived;
                row.baseMs = old->baseMs;
            } else if (counted) {
                row.sendRate = double(row.stats.bytesSent - old->baseSent) * 1000.0 / double(elapsed);
                row.receiveRate = double(row.stats.bytesReceived - old->baseReceived) * 1000.0 / double(elapsed);
            }
        }
        rows << row;
    }
    if (sameRows) {
        m_rows = rows;
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

void ServerStatsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

bool ServerStatsModel::hasSteeredServers() const
{
    return std::any_of(m_rows.begin(), m_rows.end(), [](const Row &row) { return row.stats.steered; });
}

bool ServerStatsModel::needsAttention(const ServerStats &server)
{
    return server.state == ServerStats::State::Failed || server.state == ServerStats::State::Unhealthy;
}

QStringList ServerStatsModel::attention() const
{
    QStringList lines;
    for (const Row &row : m_rows) {
        const ServerStats &s = row.stats;
        if (!needsAttention(s))
            continue;
        QString line = tr("%1 %2: %3").arg(s.upstream, s.address, stateText(s));
        const QString why = s.state == ServerStats::State::Unhealthy && !s.lastCheck.isEmpty() ? s.lastCheck : s.lastError;
        if (!why.isEmpty())
            line += tr(" (%1)").arg(why);
        lines << line;
    }
    return lines;
}

QString ServerStatsModel::stateText(const ServerStats &server)
{
    switch (server.state) {
    case ServerStats::State::Up:
        return server.backupInUse ? tr("backup in use") : tr("up");
    case ServerStats::State::Down:
        return tr("down");
    case ServerStats::State::Failed:
        if (server.failedForMs > 0)
            return tr("failed until %1").arg(QLocale().toString(QTime::currentTime().addMSecs(int(server.failedForMs)), QStringLiteral("HH:mm:ss")));
        return tr("failed");
    case ServerStats::State::Unhealthy:
        return tr("unhealthy");
    case ServerStats::State::Draining:
        return tr("draining (%n left)", nullptr, int(server.activeConnections));
    case ServerStats::State::Drained:
        return tr("drained");
    }
    return QString();
}

QIcon ServerStatsModel::stateIcon(const ServerStats &server)
{
    return StatusIcons::dot(toneOf(server));
}

int ServerStatsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ServerStatsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ServerStatsModel::display(const Row &row, int column) const
{
    const ServerStats &s = row.stats;
    const QLocale locale;
    switch (column) {
    case Group:
        return s.upstream;
    case Server:
        return s.backup ? tr("%1 (backup)").arg(s.address) : s.address;
    case State:
        return stateText(s);
    case Weight:
        return s.weight != s.configWeight ? tr("%1 *").arg(s.weight) : QString::number(s.weight);
    case Active:
        return locale.toString(s.activeConnections);
    case Connections:
        return locale.toString(s.selectedTotal);
    case Sent:
        return compactDataSize(double(s.bytesSent));
    case SendRate:
        return row.sendRate < 0 ? tr("–") : tr("%1/s").arg(compactDataSize(row.sendRate));
    case Received:
        return compactDataSize(double(s.bytesReceived));
    case ReceiveRate:
        return row.receiveRate < 0 ? tr("–") : tr("%1/s").arg(compactDataSize(row.receiveRate));
    case ConnectTime:
        if (s.connectTimeAverageMs < 0)
            return tr("–");
        return tr("%1 / %2 ms").arg(locale.toString(s.connectTimeAverageMs, 'f', 1), locale.toString(s.lastConnectTimeMs));
    case Failures:
        if (s.connectFailures == 0 && s.lastError.isEmpty())
            return locale.toString(s.connectFailures);
        return tr("%1 · %2").arg(locale.toString(s.connectFailures), shortError(s.lastError));
    case StateSince:
        return timeText(s.stateSince);
    case Downtime:
        return durationText(s.downtimeMs);
    case LastSelected:
        return timeText(s.lastSelected);
    default:
        return QVariant();
    }
}

QVariant ServerStatsModel::sortValue(const Row &row, int column) const
{
    const ServerStats &s = row.stats;
    switch (column) {
    case State:
        return urgency(s);
    case Weight:
        return s.weight;
    case Active:
        return s.activeConnections;
    case Connections:
        return s.selectedTotal;
    case Sent:
        return s.bytesSent;
    case SendRate:
        return row.sendRate;
    case Received:
        return s.bytesReceived;
    case ReceiveRate:
        return row.receiveRate;
    case ConnectTime:
        return s.connectTimeAverageMs;
    case Failures:
        return s.connectFailures;
    case StateSince:
        return s.stateSince;
    case Downtime:
        return s.downtimeMs;
    case LastSelected:
        return s.lastSelected.isValid() ? s.lastSelected.toMSecsSinceEpoch() : qint64(-1);
    default:
        return display(row, column);
    }
}

QString ServerStatsModel::toolTip(const Row &row, int column) const
{
    const ServerStats &s = row.stats;
    switch (column) {
    case State: {
        QStringList lines{tr("%1 since %2 (nginx state \"%3\")").arg(stateText(s), timeText(s.stateSince), ServerStats::nginxState(s.state))};
        if (!s.lastCheck.isEmpty())
            lines << tr("Last health check: %1").arg(s.lastCheck);
        if (s.steered)
            lines << tr("Steered at run time; not in the configuration until you save it");
        return lines.join(u'\n');
    }
    case Weight:
        return s.weight != s.configWeight ? tr("Set at run time (*; the configuration says %1): \"Save as configuration\" keeps it").arg(s.configWeight)
                                          : QString();
    case Failures:
        if (s.lastError.isEmpty())
            return tr("%1 failed connects or sessions; taken out %2 times").arg(s.connectFailures).arg(s.unavailable);
        return tr("%1 failed; taken out %2 times\nLast error at %3: %4")
            .arg(s.connectFailures).arg(s.unavailable).arg(timeText(s.lastErrorTime), s.lastError);
    case Downtime:
        return tr("Total time failed or unhealthy");
    default:
        return QString();
    }
}

QVariant ServerStatsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return QVariant();
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case SortRole:
        return sortValue(row, index.column());
    case Qt::DecorationRole:
        if (index.column() == State)
            return stateIcon(row.stats);
        return QVariant();
    case Qt::BackgroundRole:
        return needsAttention(row.stats) ? QBrush(attentionBackground) : QVariant();
    case Qt::FontRole:
        if (index.column() == Weight && row.stats.weight != row.stats.configWeight) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return QVariant();
    case Qt::ToolTipRole: {
        const QString text = toolTip(row, index.column());
        return text.isEmpty() ? QVariant() : QVariant(text);
    }
    case Qt::TextAlignmentRole:
        if (index.column() >= Weight && index.column() <= ConnectTime)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    default:
        return QVariant();
    }
}

QVariant ServerStatsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QVariant();
    if (role == Qt::DisplayRole) {
        static const char *const titles[] = {
            QT_TR_NOOP("Group"), QT_TR_NOOP("Server"), QT_TR_NOOP("State"), QT_TR_NOOP("Weight"), QT_TR_NOOP("Active"),
            QT_TR_NOOP("Total"), QT_TR_NOOP("Sent"), QT_TR_NOOP("Sent/s"), QT_TR_NOOP("Recv"), QT_TR_NOOP("Recv/s"),
            QT_TR_NOOP("Connect"), QT_TR_NOOP("Failures"), QT_TR_NOOP("Since"), QT_TR_NOOP("Downtime"),
            QT_TR_NOOP("Last pick")};
        return section >= 0 && section < ColumnCount ? tr(titles[section]) : QVariant();
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Active:
            return tr("Connections open to the server now");
        case Connections:
            return tr("Connections in all: times the balancer chose this server");
        case StateSince:
            return tr("When the server entered its state");
        case LastSelected:
            return tr("When the balancer last chose this server");
        case Sent:
        case SendRate:
            return tr("Bytes sent to the server (client → server)");
        case Received:
        case ReceiveRate:
            return tr("Bytes received from the server (server → client)");
        case ConnectTime:
            return tr("Time to connect: moving average / the latest");
        case Failures:
            return tr("Failed connects or sessions, and the last error");
        default:
            break;
        }
    }
    return QVariant();
}
