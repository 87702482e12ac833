#pragma once

#include <serverchange.h>
#include <statssnapshot.h>

#include <QPointer>
#include <QWidget>

class ConfigDocument;
class InstanceController;
class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class ServerStatsModel;

// The dashboard's servers table: every upstream server of the running engine, live at each
// snapshot, sortable and filterable, with what needs a look summed up above it. Its toolbar
// and context menu steer the selected servers in the running engine at once (drain,
// disable, enable, weight), without an apply; "Save as configuration" writes what was
// steered into the document as one undoable edit. GUI thread.
class ServersView : public QWidget
{
    Q_OBJECT

public:
    explicit ServersView(QWidget *parent = nullptr);

    void setController(InstanceController *controller); // this computer's engine or a remote portierd
    void setDocument(ConfigDocument *document);

    ServerStatsModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filter; }
    QLabel *attentionLabel() const { return m_attention; }
    QLabel *messageLabel() const { return m_message; }
    QAction *drainAction() const { return m_drain; }
    QAction *disableAction() const { return m_disable; }
    QAction *enableAction() const { return m_enable; }
    QAction *weightAction() const { return m_weight; }
    QAction *saveAction() const { return m_save; }

    // Rows of model() the user selected (through the sort and the filter).
    QList<int> selectedServers() const;
    void steerSelected(const ServerChange &change, const QString &what);
    void setWeightOfSelected(int weight);
    void saveAsConfiguration();

public slots:
    void showStats(const StatsSnapshot &snapshot);
    void clear();

private:
    void buildActions();
    void showContextMenu(const QPoint &position);
    void askWeight();
    void updateActions();
    void showMessage(const QString &text, bool error);

    ServerStatsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLineEdit *m_filter;
    QLabel *m_attention;
    QLabel *m_message;
    QAction *m_drain = nullptr;
    QAction *m_disable = nullptr;
    QAction *m_enable = nullptr;
    QAction *m_weight = nullptr;
    QAction *m_save = nullptr;
    QPointer<InstanceController> m_controller;
    QPointer<ConfigDocument> m_document;
    int m_pendingAnswers = 0;
    QStringList m_errors; // of the answers to the latest steering, shown together
};
