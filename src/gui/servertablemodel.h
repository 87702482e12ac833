#pragma once

#include <config.h>
#include <configissue.h>
#include <statssnapshot.h>

#include <QAbstractTableModel>
#include <QHash>

// An upstream group's servers as an editable table: address, weight, max_fails,
// fail_timeout, max_conns, backup, down. Edited in place; cells the validator complained
// about are tinted and carry the message as their tooltip. GUI thread.
class ServerTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Address, Weight, MaxFails, FailTimeout, MaxConns, Backup, Down, ColumnCount };

    explicit ServerTableModel(QObject *parent = nullptr);

    const QList<ServerConfig> &servers() const { return m_servers; }
    void setServers(const QList<ServerConfig> &servers);
    // Issues with paths relative to the group's servers: "[1].weight".
    void setIssues(const ConfigIssues &issues);
    QString issueAt(int row, int column) const { return m_issues.value(qMakePair(row, column)); }
    // Test results, shown in the address cell's tooltip (with the time they were taken) and
    // as an icon while the running engine says nothing about the server.
    void setProbeResult(int row, bool reachable, const QString &message);
    void clearProbeResults();
    // The running engine's view of this group's servers (its current state, not a test's):
    // the address cell's icon and the first lines of its tooltip. A row counts only while
    // its address is the one the engine runs at that position.
    void setEngineStates(const QList<ServerStats> &servers);
    const ServerStats *engineStateAt(int row) const;

    static QString columnKey(int column); // the config key: "max_fails"

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    // The user changed a cell; servers() holds the new list.
    void serversEdited(const QString &description, const QString &mergeKey);

private:
    QList<ServerConfig> m_servers;
    QHash<QPair<int, int>, QString> m_issues;
    struct ProbeResult
    {
        bool reachable = false;
        QString message;
        QDateTime time;
    };
    QString addressToolTip(int row) const;

    QHash<int, ProbeResult> m_probeResults;
    QHash<int, ServerStats> m_engineStates; // by position in the group

};
