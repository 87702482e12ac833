#pragma once

#include <config.h>
#include <configissue.h>

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
    // Test results, shown in the address cell's tooltip and as an icon.
    void setProbeResult(int row, bool reachable, const QString &message);
    void clearProbeResults();

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
    QHash<int, QPair<bool, QString>> m_probeResults;
};
