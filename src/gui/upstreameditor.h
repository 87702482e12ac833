#pragma once

#include <config.h>
#include <configissue.h>
#include <statssnapshot.h>

#include <QWidget>
#include <memory>

class ServerProbe;
class ServerTableModel;

namespace Ui {
class UpstreamEditor;
}

// Edits one UpstreamConfig: name, strategy (showing only the fields it uses), the servers
// table (edited in place; add, duplicate, remove, reorder), health checks, and a Test
// button that connects to each server now and says what happened. GUI thread.
class UpstreamEditor : public QWidget
{
    Q_OBJECT

public:
    explicit UpstreamEditor(QWidget *parent = nullptr);
    ~UpstreamEditor() override;

    void setUpstream(const UpstreamConfig &upstream);
    UpstreamConfig upstream() const;
    // Issues with paths relative to the group ("name", "servers[1].weight").
    void setIssues(const ConfigIssues &issues);

    ServerTableModel *serversModel() const { return m_servers; }
    int currentServer() const;
    void setCurrentServer(int row);
    QString testResults() const; // what the last Test said, one line per server
    void setProbeTimeout(int milliseconds);
    // The running engine's state of this group's servers (by name), shown on the address cells.
    void showEngineState(const StatsSnapshot &snapshot);

public slots:
    void addServer();
    void duplicateServer();
    void removeServer();
    void moveServerUp();
    void moveServerDown();
    void testServers();

signals:
    // The user changed something; key names the field for undo merging (empty: no merge).
    void edited(const QString &key);
    void testFinished();

private:
    void updateMethodFields();
    void updateButtons();
    void changeServers(const QList<ServerConfig> &servers, int selectRow);

    std::unique_ptr<Ui::UpstreamEditor> m_ui;
    ServerTableModel *m_servers;
    ServerProbe *m_probe;
    UpstreamConfig m_upstream;
    QStringList m_testLines;
    StatsSnapshot m_engineState;
    bool m_updating = false;
};
