#include "serversview.h"

#include "configdocument.h"
#include "instancecontroller.h"
#include "runtimestate.h"
#include "serverstatsmodel.h"

#include <QAction>
#include <QSet>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

ServersView::ServersView(QWidget *parent)
    : QWidget(parent), m_model(new ServerStatsModel(this)), m_proxy(new QSortFilterProxyModel(this)), m_table(new QTableView(this)),
      m_filter(new QLineEdit(this)), m_attention(new QLabel(this)), m_message(new QLabel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ServerStatsModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table->setModel(m_proxy);
    m_table->setObjectName(QStringLiteral("serversTable"));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ServerStatsModel::State, Qt::AscendingOrder); // what needs a look first
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->setWordWrap(false);

    m_filter->setObjectName(QStringLiteral("serversFilter"));
    m_filter->setPlaceholderText(tr("Filter servers"));
    m_filter->setClearButtonEnabled(true);
    m_attention->setObjectName(QStringLiteral("serversAttention"));
    m_attention->setWordWrap(true);
    m_attention->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_attention->hide();
    m_message->setObjectName(QStringLiteral("serversMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    auto *toolBar = new QToolBar(this);
    toolBar->setObjectName(QStringLiteral("serversToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    buildActions();
    toolBar->addActions({m_drain, m_disable, m_enable, m_weight});
    toolBar->addSeparator();
    toolBar->addAction(m_save);

    auto *heading = new QLabel(tr("<b>Upstream servers</b>"), this);
    auto *top = new QHBoxLayout;
    top->addWidget(heading);
    top->addWidget(toolBar, 1);
    top->addWidget(m_filter);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_attention);
    layout->addWidget(m_message);
    layout->addWidget(m_table, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_table, &QWidget::customContextMenuRequested, this, &ServersView::showContextMenu);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ServersView::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ServersView::updateActions);
    updateActions();
}

void ServersView::buildActions()
{
    m_drain = new QAction(tr("&Drain"), this);
    m_drain->setObjectName(QStringLiteral("drainServer"));
    m_drain->setToolTip(tr("No new connections; the open ones finish. Applied to the running engine at once."));
    m_disable = new QAction(tr("D&isable"), this);
    m_disable->setObjectName(QStringLiteral("disableServer"));
    m_disable->setToolTip(tr("Mark down: no new connections; the open ones keep running. Applied at once."));
    m_enable = new QAction(tr("&Enable"), this);
    m_enable->setObjectName(QStringLiteral("enableServer"));
    m_enable->setToolTip(tr("Take new connections again (ends a drain or a down). Applied at once."));
    m_weight = new QAction(tr("&Weight…"), this);
    m_weight->setObjectName(QStringLiteral("serverWeight"));
    m_weight->setToolTip(tr("Change the weight; the next pick uses it. Applied at once."));
    m_save = new QAction(tr("&Save as configuration"), this);
    m_save->setObjectName(QStringLiteral("saveServerState"));
    m_save->setToolTip(tr("Write the weights and downs set here into the configuration (undoable); drained servers are saved as down"));
    connect(m_drain, &QAction::triggered, this, [this] { steerSelected(ServerChange{{}, {}, true}, tr("Draining")); });
    connect(m_disable, &QAction::triggered, this, [this] { steerSelected(ServerChange{{}, true, {}}, tr("Disabled")); });
    connect(m_enable, &QAction::triggered, this, [this] { steerSelected(ServerChange{{}, false, false}, tr("Enabled")); });
    connect(m_weight, &QAction::triggered, this, &ServersView::askWeight);
    connect(m_save, &QAction::triggered, this, &ServersView::saveAsConfiguration);
}

void ServersView::setController(InstanceController *controller)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    if (controller) {
        connect(controller, &InstanceController::serverSteered, this, [this](const QString &group, int server, const QString &error) {
            Q_UNUSED(group);
            Q_UNUSED(server);
            if (m_pendingAnswers > 0)
                --m_pendingAnswers;
            if (!error.isEmpty())
                m_errors << error;
            if (m_pendingAnswers == 0 && !m_errors.isEmpty())
                showMessage(m_errors.join(u'\n'), true);
        });
        connect(controller, &InstanceController::stateChanged, this, &ServersView::updateActions);
    }
    updateActions();
}

void ServersView::setDocument(ConfigDocument *document)
{
    m_document = document;
    updateActions();
}

void ServersView::showStats(const StatsSnapshot &snapshot)
{
    m_model->setSnapshot(snapshot);
    const QStringList attention = m_model->attention();
    m_attention->setVisible(!attention.isEmpty());
    m_attention->setText(attention.isEmpty() ? QString()
                                             : tr("%n server(s) need a look: %1", nullptr, int(attention.size())).arg(attention.join(QStringLiteral("; "))));
    updateActions();
}

void ServersView::clear()
{
    m_model->clear();
    m_attention->hide();
    updateActions();
}

QList<int> ServersView::selectedServers() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows << m_proxy->mapToSource(index).row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

void ServersView::steerSelected(const ServerChange &change, const QString &what)
{
    const QList<int> rows = selectedServers();
    if (!m_controller || rows.isEmpty())
        return;
    QStringList names;
    QSet<QPair<QString, int>> done; // a host name's addresses are one server
    m_errors.clear();
    for (int row : rows) {
        const ServerStats &server = m_model->serverAt(row);
        if (done.contains(qMakePair(server.upstream, server.index)))
            continue;
        done.insert(qMakePair(server.upstream, server.index));
        names << server.address;
        ++m_pendingAnswers;
        m_controller->setServerState(server.upstream, server.index, change);
    }
    showMessage(tr("%1: %2 (in the running engine; \"Save as configuration\" keeps it)").arg(what, names.join(QStringLiteral(", "))), false);
}

void ServersView::setWeightOfSelected(int weight)
{
    ServerChange change;
    change.weight = weight;
    steerSelected(change, tr("Weight %1").arg(weight));
}

void ServersView::askWeight()
{
    const QList<int> rows = selectedServers();
    if (rows.isEmpty())
        return;
    bool ok = false;
    const int weight = QInputDialog::getInt(this, tr("Server weight"),
                                            tr("Weight of %1 (the next pick uses it):").arg(m_model->serverAt(rows.first()).address),
                                            m_model->serverAt(rows.first()).weight, 1, 1000000, 1, &ok);
    if (ok)
        setWeightOfSelected(weight);
}

void ServersView::saveAsConfiguration()
{
    if (!m_document)
        return;
    QList<ServerStats> servers;
    for (int row = 0; row < m_model->rowCount(); ++row)
        servers << m_model->serverAt(row);
    Config config = m_document->config();
    const RuntimeState::SaveResult result = RuntimeState::saveInto(&config, servers);
    if (result.changed > 0)
        m_document->edit(config, tr("Save run-time server state"));
    QString text = tr("%n server(s) written into the configuration; apply or save the file to keep them", nullptr, result.changed);
    if (!result.skipped.isEmpty())
        text += u'\n' + tr("Not saved: %1").arg(result.skipped.join(QStringLiteral("; ")));
    showMessage(text, !result.skipped.isEmpty());
}

void ServersView::showContextMenu(const QPoint &position)
{
    if (!m_table->indexAt(position).isValid())
        return;
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("serversMenu"));
    menu.addActions({m_drain, m_disable, m_enable, m_weight});
    menu.addSeparator();
    menu.addAction(m_save);
    menu.exec(m_table->viewport()->mapToGlobal(position));
}

void ServersView::updateActions()
{
    const bool running = m_controller && m_controller->isRunning();
    const bool selected = m_table->selectionModel() && m_table->selectionModel()->hasSelection();
    for (QAction *action : {m_drain, m_disable, m_enable, m_weight})
        action->setEnabled(running && selected);
    m_save->setEnabled(m_document && m_model->hasSteeredServers());
}

void ServersView::showMessage(const QString &text, bool error)
{
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}
