#include "connectionsmodel.h"

#include "datasize.h"

#include <QLocale>
#include <QSet>
#include <algorithm>

ConnectionsModel::ConnectionsModel(QObject *parent) : QAbstractTableModel(parent), m_stepTimer(this)
{
    m_stepTimer.setSingleShot(true);
    m_stepTimer.setInterval(0);
    connect(&m_stepTimer, &QTimer::timeout, this, &ConnectionsModel::step);
}

void ConnectionsModel::applyBatch(const SessionBatch &batch)
{
    Pending pending;
    pending.batch = batch;
    m_queue.push_back(std::move(pending));
    if (!m_stepTimer.isActive())
        m_stepTimer.start();
}

void ConnectionsModel::clear()
{
    m_queue.clear();
    m_stepTimer.stop();
    m_nowMs = 0; // another instance's clock may be behind this one's
    if (m_rows.empty())
        return;
    // The engine stopped: one reset, not one per batch.
    beginResetModel();
    m_rows.clear();
    m_index.clear();
    endResetModel();
}

void ConnectionsModel::setNowMs(qint64 nowMs)
{
    if (nowMs <= m_nowMs)
        return;
    m_nowMs = nowMs;
    if (!m_queue.empty()) {
        m_ticked = true; // painted when the queue is done
        return;
    }
    m_ticked = false;
    if (!m_rows.empty())
        emit dataChanged(index(0, Age), index(rowCount() - 1, Idle), {Qt::DisplayRole});
}

void ConnectionsModel::step()
{
    int budget = rowsPerStep;
    while (budget > 0 && !m_queue.empty()) {
        Pending &pending = m_queue.front();
        if (!pending.prepared)
            budget -= prepare(pending);
        if (pending.removed < qsizetype(pending.removals.size())) {
            removeSome(pending, removalsPerStep);
            budget = 0; // one batch of removals per turn of the event loop
            continue;
        }
        if (pending.inserted < pending.batch.added.size()) {
            budget -= insertSome(pending, budget);
            continue;
        }
        m_queue.pop_front();
    }
    if (m_ticked && !m_rows.empty()) {
        // Display only: the sort keys of these columns (start, last activity) did not move.
        m_ticked = false;
        emit dataChanged(index(0, Age), index(rowCount() - 1, Idle), {Qt::DisplayRole});
    }
    if (!m_queue.empty())
        m_stepTimer.start();
    else
        emit caughtUp();
}

int ConnectionsModel::prepare(Pending &pending)
{
    pending.prepared = true;
    const SessionBatch &batch = pending.batch;
    if (batch.monotonicMs > m_nowMs) {
        m_nowMs = batch.monotonicMs;
        m_ticked = true;
    }
    if (!batch.closed.isEmpty())
        emit sessionsClosed(batch.closed);
    for (const quint64 number : batch.removed)
        pending.removals.push_back(number);
    if (batch.full) {
        // Every session this worker has is named: its other rows are gone.
        QSet<quint64> named;
        for (const SessionInfo &session : batch.added)
            named.insert(session.number);
        for (const auto &row : m_rows) {
            if (row->worker == batch.worker && !named.contains(row->number))
                pending.removals.push_back(row->number);
        }
    }
    update(batch.updated);
    return int(batch.updated.size());
}

void ConnectionsModel::update(const QList<SessionInfo> &sessions)
{
    int first = -1;
    int last = -1;
    QList<SessionInfo> unknown;
    for (const SessionInfo &session : sessions) {
        const int row = m_index.value(session.number, -1);
        if (row < 0) {
            unknown << session;
            continue;
        }
        *m_rows[size_t(row)] = session;
        first = first < 0 ? row : qMin(first, row);
        last = qMax(last, row);
    }
    if (first >= 0)
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
    if (!unknown.isEmpty()) {
        // Missed while not watching: they are new here.
        const int row = rowCount();
        beginInsertRows(QModelIndex(), row, row + int(unknown.size()) - 1);
        for (const SessionInfo &session : std::as_const(unknown)) {
            m_index.insert(session.number, int(m_rows.size()));
            m_rows.push_back(std::make_unique<SessionInfo>(session));
        }
        endInsertRows();
    }
}

int ConnectionsModel::removeSome(Pending &pending, int budget)
{
    const qsizetype end = qMin(qsizetype(pending.removals.size()), pending.removed + qMax(1, budget));
    std::vector<int> rows;
    for (qsizetype i = pending.removed; i < end; ++i) {
        const int row = m_index.value(pending.removals[size_t(i)], -1);
        if (row >= 0)
            rows.push_back(row);
    }
    const int done = int(end - pending.removed);
    pending.removed = end;
    if (rows.empty())
        return done;
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // From the bottom up, one contiguous run at a time.
    size_t i = 0;
    while (i < rows.size()) {
        const int lastRow = rows[i];
        int firstRow = lastRow;
        while (i + 1 < rows.size() && rows[i + 1] == firstRow - 1)
            firstRow = rows[++i];
        ++i;
        beginRemoveRows(QModelIndex(), firstRow, lastRow);
        for (int row = firstRow; row <= lastRow; ++row)
            m_index.remove(m_rows[size_t(row)]->number);
        m_rows.erase(m_rows.begin() + firstRow, m_rows.begin() + lastRow + 1);
        endRemoveRows();
    }
    reindexFrom(rows.back());
    return done;
}

int ConnectionsModel::insertSome(Pending &pending, int budget)
{
    const QList<SessionInfo> &added = pending.batch.added;
    const qsizetype end = qMin(added.size(), pending.inserted + qMax(1, budget));
    QList<SessionInfo> known;
    std::vector<const SessionInfo *> fresh;
    for (qsizetype i = pending.inserted; i < end; ++i) {
        const SessionInfo &session = added.at(i);
        if (m_index.contains(session.number))
            known << session; // a full batch names rows already here
        else
            fresh.push_back(&session);
    }
    const int done = int(end - pending.inserted);
    pending.inserted = end;
    update(known);
    if (!fresh.empty()) {
        const int row = rowCount();
        beginInsertRows(QModelIndex(), row, row + int(fresh.size()) - 1);
        for (const SessionInfo *session : fresh) {
            m_index.insert(session->number, int(m_rows.size()));
            m_rows.push_back(std::make_unique<SessionInfo>(*session));
        }
        endInsertRows();
    }
    return done;
}

void ConnectionsModel::reindexFrom(int row)
{
    for (size_t i = size_t(qMax(0, row)); i < m_rows.size(); ++i)
        m_index.insert(m_rows[i]->number, int(i));
}

int ConnectionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConnectionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConnectionsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return QVariant();
    const SessionInfo &session = *m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return sessionText(session, index.column(), m_nowMs);
    case SortRole:
        return sortValue(session, index.column());
    case NumberRole:
        return session.number;
    case Qt::TextAlignmentRole:
        return index.column() >= FromClient || index.column() == Number ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == FromClient || index.column() == ToClient)
            return tr("From the client: %1 bytes, to the upstream: %2 bytes\nFrom the upstream: %3 bytes, to the client: %4 bytes")
                .arg(session.bytesFromClient).arg(session.bytesToUpstream).arg(session.bytesFromUpstream).arg(session.bytesToClient);
        if (index.column() == Age)
            return tr("Started %1").arg(QLocale().toString(session.started, QLocale::ShortFormat));
        return QVariant();
    default:
        return QVariant();
    }
}

QString ConnectionsModel::sessionText(const SessionInfo &session, int column, qint64 nowMs)
{
    switch (column) {
    case Number:
        return QStringLiteral("*%1").arg(session.number);
    case Protocol:
        return session.protocol == u"udp" ? tr("UDP") : tr("TCP");
    case Client:
        return session.client;
    case Listener:
        return session.listener;
    case Group:
        return session.group;
    case Server:
        return session.server;
    case State:
        return stateText(session.state);
    case Tls:
        return session.tlsProtocol;
    case ServerName:
        return session.serverName;
    case FromClient:
        return compactDataSize(double(session.bytesFromClient));
    case ToClient:
        return compactDataSize(double(session.bytesToClient));
    case UploadRate:
        return rateText(session.uploadRate);
    case DownloadRate:
        return rateText(session.downloadRate);
    case Age:
        return durationText(session.ageMs(nowMs));
    case Idle:
        return durationText(session.idleMs(nowMs));
    default:
        return QString();
    }
}

QVariant ConnectionsModel::sortValue(const SessionInfo &session, int column) const
{
    switch (column) {
    case Number:
        return session.number;
    case FromClient:
        return session.bytesFromClient;
    case ToClient:
        return session.bytesToClient;
    case UploadRate:
        return session.uploadRate;
    case DownloadRate:
        return session.downloadRate;
    case Age:
        return -session.startedMs; // the oldest first when ascending by age
    case Idle:
        return -session.lastActivityMs;
    default:
        return sessionText(session, column, m_nowMs);
    }
}

QVariant ConnectionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return headerText(section);
}

QString ConnectionsModel::headerText(int column)
{
    switch (column) {
    case Number:
        return tr("Connection");
    case Protocol:
        return tr("Protocol");
    case Client:
        return tr("Client");
    case Listener:
        return tr("Listener");
    case Group:
        return tr("Group");
    case Server:
        return tr("Server");
    case State:
        return tr("State");
    case Tls:
        return tr("TLS");
    case ServerName:
        return tr("Server name (SNI)");
    case FromClient:
        return tr("From client");
    case ToClient:
        return tr("To client");
    case UploadRate:
        return tr("Upload rate");
    case DownloadRate:
        return tr("Download rate");
    case Age:
        return tr("Age");
    case Idle:
        return tr("Idle");
    default:
        return QString();
    }
}

QString ConnectionsModel::stateText(const QString &key)
{
    if (key == u"proxy-protocol")
        return tr("reading PROXY header");
    if (key == u"handshake")
        return tr("TLS handshake");
    if (key == u"preread")
        return tr("reading SNI");
    if (key == u"connecting")
        return tr("connecting");
    if (key == u"upstream-handshake")
        return tr("TLS handshake to upstream");
    if (key == u"relaying")
        return tr("relaying");
    if (key == u"returning")
        return tr("returning text");
    if (key == u"closed")
        return tr("closed");
    return key;
}

QString ConnectionsModel::endText(SessionEnd end)
{
    switch (end) {
    case SessionEnd::ClientClosed:
        return tr("client closed");
    case SessionEnd::UpstreamClosed:
        return tr("upstream closed");
    case SessionEnd::Completed:
        return tr("completed");
    case SessionEnd::Timeout:
        return tr("timed out");
    case SessionEnd::ClosedByOperator:
        return tr("closed by operator");
    case SessionEnd::Error:
        return tr("error");
    case SessionEnd::Stopped:
        return tr("stopped with the engine or listener");
    }
    return QString();
}

QString ConnectionsModel::rateText(double bytesPerSecond)
{
    return tr("%1/s").arg(compactDataSize(qMax(0.0, bytesPerSecond)));
}

