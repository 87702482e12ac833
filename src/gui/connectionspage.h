#pragma once

#include <QPointer>
#include <QWidget>
#include <functional>

class ClosedSessionsModel;
class ConnectionsModel;
class InstanceController;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

// The operations console's connections view (issue #13): the shown instance's live sessions in a
// sortable table with a filter on any column, "Close selected" and "Close all filtered" (after
// a confirmation that names the count), the recently closed sessions in a second tab, and
// "Show log lines" for a session's *N. Watches the engine's sessions while it is shown, so a
// hidden page costs the engine nothing. GUI thread.
class ConnectionsPage : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectionsPage(QWidget *parent = nullptr);
    ~ConnectionsPage() override;

    // Shows this instance's sessions (this computer's engine or a remote portierd) from now
    // on: the tables are emptied and fill from its first batch.
    void setController(InstanceController *controller);

    ConnectionsModel *model() const { return m_model; }
    QSortFilterProxyModel *filtered() const { return m_proxy; }
    ClosedSessionsModel *closedModel() const { return m_closed; }
    QTableView *liveView() const { return m_liveView; }
    QTableView *closedView() const { return m_closedView; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    QComboBox *filterColumn() const { return m_filterColumn; }

    // Asked before "Close all filtered" with the count; true goes on. Tests answer it.
    using Confirmation = std::function<bool(int count)>;
    void setConfirmation(Confirmation confirm) { m_confirm = std::move(confirm); }

public slots:
    void closeSelected();
    void closeFiltered();
    // "Show log lines": the current row's *N, of the tab shown, to the log view.
    void showLogLines();

signals:
    void showLogRequested(quint64 connection); // MainWindow::showConnectionLog

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void applyFilter();
    void updateCounts();
    void showMenu(QTableView *view, const QPoint &position);
    QList<quint64> selectedNumbers(QTableView *view) const;
    void requestClose(const QList<quint64> &numbers);

    QPointer<InstanceController> m_controller;
    QList<QMetaObject::Connection> m_controllerConnections;
    ConnectionsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    ClosedSessionsModel *m_closed;
    QLineEdit *m_filterEdit;
    QComboBox *m_filterColumn;
    QLabel *m_countLabel;
    QPushButton *m_closeSelected;
    QPushButton *m_closeFiltered;
    QTabWidget *m_tabs;
    QTableView *m_liveView;
    QTableView *m_closedView;
    Confirmation m_confirm;
    QString m_lastResult;
};
