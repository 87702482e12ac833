#include "connectionspage.h"

#include "closedsessionsmodel.h"
#include "connectionsmodel.h"
#include "instancecontroller.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace {

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // 10,000 rows: no per-row size bookkeeping
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    return view;
}

// Address columns as wide as an IPv4 address and port, so they do not elide to
// "127.0.0.1:36..."; fixed widths, not ResizeToContents, which would measure 10,000 rows.
void fitAddressColumns(QTableView *view, std::initializer_list<int> columns)
{
    const int width = view->fontMetrics().horizontalAdvance(QStringLiteral("255.255.255.255:65535")) + 16;
    for (const int column : columns)
        view->setColumnWidth(column, width);
}

} // namespace

ConnectionsPage::ConnectionsPage(QWidget *parent)
    : QWidget(parent), m_model(new ConnectionsModel(this)), m_proxy(new QSortFilterProxyModel(this)), m_closed(new ClosedSessionsModel(this)),
      m_filterEdit(new QLineEdit(this)), m_filterColumn(new QComboBox(this)), m_countLabel(new QLabel(this)),
      m_closeSelected(new QPushButton(tr("Close selected"), this)), m_closeFiltered(new QPushButton(tr("Close all filtered…"), this)),
      m_tabs(new QTabWidget(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ConnectionsModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setDynamicSortFilter(true);

    m_filterEdit->setObjectName(QStringLiteral("connectionsFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter connections"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterColumn->setObjectName(QStringLiteral("connectionsFilterColumn"));
    m_filterColumn->addItem(tr("Any column"), -1);
    for (int column = 0; column < ConnectionsModel::ColumnCount; ++column)
        m_filterColumn->addItem(m_model->headerData(column, Qt::Horizontal).toString(), column);
    m_closeSelected->setObjectName(QStringLiteral("closeSelected"));
    m_closeFiltered->setObjectName(QStringLiteral("closeFiltered"));

    m_liveView = makeTable(m_proxy, this);
    m_liveView->setObjectName(QStringLiteral("connectionsView"));
    m_liveView->setSortingEnabled(true);
    m_liveView->sortByColumn(ConnectionsModel::Number, Qt::AscendingOrder);
    fitAddressColumns(m_liveView, {ConnectionsModel::Client, ConnectionsModel::Listener, ConnectionsModel::Server});
    m_closedView = makeTable(m_closed, this);
    m_closedView->setObjectName(QStringLiteral("closedConnectionsView"));
    fitAddressColumns(m_closedView, {ClosedSessionsModel::Client, ClosedSessionsModel::Listener, ClosedSessionsModel::Server});
    m_tabs->addTab(m_liveView, tr("Live"));
    m_tabs->addTab(m_closedView, tr("Recently closed"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filterEdit, 1);
    bar->addWidget(m_filterColumn);
    bar->addWidget(m_countLabel);
    bar->addStretch();
    bar->addWidget(m_closeSelected);
    bar->addWidget(m_closeFiltered);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_tabs, 1);

    m_confirm = [this](int count) {
        return QMessageBox::question(this, tr("Close connections"),
                                     tr("Close %n connection(s) shown by the filter? Their clients and servers are disconnected at once.",
                                        nullptr, count))
               == QMessageBox::Yes;
    };

    connect(m_filterEdit, &QLineEdit::textChanged, this, &ConnectionsPage::applyFilter);
    connect(m_filterColumn, &QComboBox::currentIndexChanged, this, &ConnectionsPage::applyFilter);
    connect(m_closeSelected, &QPushButton::clicked, this, &ConnectionsPage::closeSelected);
    connect(m_closeFiltered, &QPushButton::clicked, this, &ConnectionsPage::closeFiltered);
    connect(m_model, &ConnectionsModel::sessionsClosed, m_closed, &ClosedSessionsModel::add);
    connect(m_liveView, &QWidget::customContextMenuRequested, this, [this](const QPoint &p) { showMenu(m_liveView, p); });
    connect(m_closedView, &QWidget::customContextMenuRequested, this, [this](const QPoint &p) { showMenu(m_closedView, p); });
    connect(m_liveView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ConnectionsPage::updateCounts);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &ConnectionsPage::updateCounts);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ConnectionsPage::updateCounts);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &ConnectionsPage::updateCounts);
    updateCounts();
}

ConnectionsPage::~ConnectionsPage()
{
    if (m_controller)
        m_controller->watchSessions(false);
}

void ConnectionsPage::setController(InstanceController *controller)
{
    if (controller == m_controller)
        return;
    for (const QMetaObject::Connection &connection : std::as_const(m_controllerConnections))
        disconnect(connection);
    m_controllerConnections.clear();
    if (m_controller)
        m_controller->watchSessions(false);
    m_model->clear(); // another instance's sessions, and its clock
    m_closed->clear();
    m_lastResult.clear();
    updateCounts();
    m_controller = controller;
    if (!controller)
        return;
    m_controllerConnections << connect(controller, &InstanceController::sessionsChanged, m_model, &ConnectionsModel::applyBatch);
    m_controllerConnections << connect(controller, &InstanceController::statsUpdated, m_model, [this](const StatsSnapshot &snapshot) {
        if (isVisible())
            m_model->setNowMs(snapshot.monotonicMs);
    });
    m_controllerConnections << connect(controller, &InstanceController::stateChanged, this, [this](InstanceController::State state) {
        if (state == InstanceController::State::Stopped)
            m_model->clear();
    });
    m_controllerConnections << connect(controller, &InstanceController::sessionsClosed, this, [this](int count) {
        m_lastResult = tr("%n connection(s) closed", nullptr, count);
        updateCounts();
    });
    if (isVisible())
        controller->watchSessions(true);
}

void ConnectionsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_controller)
        m_controller->watchSessions(true); // a full batch brings the rows up to date
}

void ConnectionsPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    if (m_controller)
        m_controller->watchSessions(false);
}

void ConnectionsPage::applyFilter()
{
    m_proxy->setFilterKeyColumn(m_filterColumn->currentData().toInt());
    m_proxy->setFilterFixedString(m_filterEdit->text().trimmed());
    updateCounts();
}

void ConnectionsPage::updateCounts()
{
    const int shown = m_proxy->rowCount();
    const int all = m_model->rowCount();
    QString text = shown == all ? tr("%n connection(s)", nullptr, all) : tr("%1 of %n connection(s)", nullptr, all).arg(shown);
    if (!m_lastResult.isEmpty())
        text += QStringLiteral(" · ") + m_lastResult;
    m_countLabel->setText(text);
    m_closeSelected->setEnabled(m_liveView->selectionModel()->hasSelection());
    m_closeFiltered->setEnabled(shown > 0);
}

QList<quint64> ConnectionsPage::selectedNumbers(QTableView *view) const
{
    QList<quint64> numbers;
    for (const QModelIndex &index : view->selectionModel()->selectedRows())
        numbers << index.data(ConnectionsModel::NumberRole).toULongLong();
    return numbers;
}

void ConnectionsPage::closeSelected()
{
    requestClose(selectedNumbers(m_liveView));
}

void ConnectionsPage::closeFiltered()
{
    QList<quint64> numbers;
    const int shown = m_proxy->rowCount();
    numbers.reserve(shown);
    for (int row = 0; row < shown; ++row)
        numbers << m_proxy->index(row, 0).data(ConnectionsModel::NumberRole).toULongLong();
    if (numbers.isEmpty() || !m_confirm(int(numbers.size())))
        return;
    requestClose(numbers);
}

void ConnectionsPage::requestClose(const QList<quint64> &numbers)
{
    if (m_controller && !numbers.isEmpty())
        m_controller->closeSessions(numbers);
}

void ConnectionsPage::showMenu(QTableView *view, const QPoint &position)
{
    const QModelIndex index = view->indexAt(position);
    if (!index.isValid())
        return;
    const quint64 number = index.data(ConnectionsModel::NumberRole).toULongLong();
    QMenu menu(this);
    view->setCurrentIndex(index);
    QAction *showLog = menu.addAction(tr("Show log lines of *%1").arg(number));
    connect(showLog, &QAction::triggered, this, &ConnectionsPage::showLogLines);
    if (view == m_liveView) {
        QAction *close = menu.addAction(tr("Close selected"));
        connect(close, &QAction::triggered, this, &ConnectionsPage::closeSelected);
    }
    menu.exec(view->viewport()->mapToGlobal(position));
}

void ConnectionsPage::showLogLines()
{
    QTableView *view = m_tabs->currentWidget() == m_closedView ? m_closedView : m_liveView;
    const QModelIndex index = view->currentIndex();
    if (index.isValid())
        emit showLogRequested(index.data(ConnectionsModel::NumberRole).toULongLong());
}
