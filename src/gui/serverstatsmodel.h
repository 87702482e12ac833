#pragma once

#include <statssnapshot.h>

#include <QAbstractTableModel>
#include <QIcon>
#include <QHash>

// The running engine's upstream servers, one row each, from the latest StatsSnapshot: state,
// weight, connections, bytes and their rate each way, connect time, failures, last state
// change, downtime, last pick. Rates are the byte counters' change between two snapshots
// over the engine's own clock. SortRole gives each column's value for sorting (numbers as
// numbers; the state column sorts by how urgently it needs a look). GUI thread.
class ServerStatsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Group, Server, State, Weight, Active, Connections, Sent, SendRate, Received, ReceiveRate, ConnectTime, Failures,
        StateSince, Downtime, LastSelected, ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole;

    explicit ServerStatsModel(QObject *parent = nullptr);

    void setSnapshot(const StatsSnapshot &snapshot);
    void clear();

    const ServerStats &serverAt(int row) const { return m_rows.at(row).stats; }
    // Bytes per second to and from the server; < 0 until two snapshots far enough apart.
    double sendRate(int row) const { return m_rows.at(row).sendRate; }
    double receiveRate(int row) const { return m_rows.at(row).receiveRate; }
    bool hasSteeredServers() const;
    // Rows that need a look (failed, unhealthy), for the line above the table.
    QStringList attention() const;

    static QString stateText(const ServerStats &server);
    static QIcon stateIcon(const ServerStats &server); // a dot: green up, amber draining or backup in use, red failed
    static bool needsAttention(const ServerStats &server);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        ServerStats stats;
        double sendRate = -1;
        double receiveRate = -1;
        quint64 baseSent = 0;     // counters at baseMs, what the next rate is measured from
        quint64 baseReceived = 0;
        qint64 baseMs = -1;
    };
    static QString keyOf(const ServerStats &server);
    QVariant display(const Row &row, int column) const;
    QVariant sortValue(const Row &row, int column) const;
    QString toolTip(const Row &row, int column) const;

    QList<Row> m_rows;
};
