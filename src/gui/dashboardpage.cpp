#include "dashboardpage.h"

#include "ui_dashboardpage.h"

#include <QHeaderView>
#include <QLocale>

namespace {

void setCell(QTableWidget *table, int row, int column, const QString &text)
{
    QTableWidgetItem *item = table->item(row, column);
    if (!item) {
        item = new QTableWidgetItem;
        table->setItem(row, column, item);
    }
    item->setText(text);
}

} // namespace

DashboardPage::DashboardPage(QWidget *parent) : QWidget(parent), m_ui(std::make_unique<Ui::DashboardPage>())
{
    m_ui->setupUi(this);
    m_ui->plot->setHistory(&m_history);
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 2);
    m_ui->listenersTable->setColumnCount(6);
    m_ui->listenersTable->setHorizontalHeaderLabels(
        {tr("Listen"), tr("State"), tr("Active"), tr("Accepted"), tr("From clients"), tr("To clients")});
    m_ui->serversTable->setColumnCount(7);
    m_ui->serversTable->setHorizontalHeaderLabels(
        {tr("Group"), tr("Server"), tr("State"), tr("Active"), tr("Chosen"), tr("Connect failures"), tr("Health")});
    for (QTableWidget *table : {m_ui->listenersTable, m_ui->serversTable})
        table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_ui->periodCombo, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_ui->plot->setPeriod(TrafficHistory::Period(qBound(0, index, int(TrafficHistory::PeriodCount) - 1))); });
    engineStopped();
}

DashboardPage::~DashboardPage() = default;

void DashboardPage::engineStopped()
{
    m_history.resetBase();
    m_ui->rateLabel->setText(tr("engine stopped"));
    m_ui->listenersTable->setRowCount(0);
    m_ui->serversTable->setRowCount(0);
    m_ui->plot->update();
}

void DashboardPage::showStats(const StatsSnapshot &snapshot)
{
    m_history.add(snapshot);
    m_ui->plot->update();
    const QLocale locale;
    m_ui->rateLabel->setText(tr("from clients %1/s · to clients %2/s · %n connection(s)", nullptr, int(snapshot.totalActiveConnections()))
                                 .arg(locale.formattedDataSize(qint64(m_history.currentFromClients())),
                                      locale.formattedDataSize(qint64(m_history.currentToClients()))));

    m_ui->listenersTable->setRowCount(int(snapshot.listeners.size()));
    for (int row = 0; row < snapshot.listeners.size(); ++row) {
        const ListenerStats &l = snapshot.listeners.at(row);
        setCell(m_ui->listenersTable, row, 0, l.listen + u' ' + l.protocol);
        setCell(m_ui->listenersTable, row, 1, l.listening ? tr("listening") : (l.error.isEmpty() ? tr("off") : l.error));
        setCell(m_ui->listenersTable, row, 2, locale.toString(l.activeConnections));
        QStringList refused;
        if (l.denied)
            refused << tr("%1 denied").arg(locale.toString(l.denied));
        if (l.refusedFull)
            refused << tr("%1 refused: workers full").arg(locale.toString(l.refusedFull));
        if (l.limited)
            refused << tr("%1 limited").arg(locale.toString(l.limited));
        setCell(m_ui->listenersTable, row, 3, refused.isEmpty() ? locale.toString(l.acceptedConnections)
                                                                : tr("%1 (%2)").arg(locale.toString(l.acceptedConnections), refused.join(QStringLiteral(", "))));
        setCell(m_ui->listenersTable, row, 4, locale.formattedDataSize(qint64(l.bytesFromClients)));
        setCell(m_ui->listenersTable, row, 5, locale.formattedDataSize(qint64(l.bytesToClients)));
    }
    m_ui->serversTable->setRowCount(int(snapshot.servers.size()));
    for (int row = 0; row < snapshot.servers.size(); ++row) {
        const ServerStats &s = snapshot.servers.at(row);
        const QString states[] = {tr("up"), tr("down"), tr("failed"), tr("unhealthy")};
        setCell(m_ui->serversTable, row, 0, s.upstream);
        setCell(m_ui->serversTable, row, 1, s.address + (s.backup ? tr(" (backup)") : QString()));
        setCell(m_ui->serversTable, row, 2, states[qBound(0, int(s.state), 3)]);
        setCell(m_ui->serversTable, row, 3, locale.toString(s.activeConnections));
        setCell(m_ui->serversTable, row, 4, locale.toString(s.selectedTotal));
        setCell(m_ui->serversTable, row, 5, locale.toString(s.connectFailures));
        QStringList health;
        if (s.state == ServerStats::State::Failed && s.failedForMs > 0)
            health << tr("tried again in %1 s").arg(locale.toString((s.failedForMs + 999) / 1000));
        if (s.connectTimeAverageMs >= 0)
            health << tr("connects in %1 ms on average").arg(locale.toString(s.connectTimeAverageMs, 'f', 1));
        if (!s.lastCheck.isEmpty())
            health << tr("last check: %1").arg(s.lastCheck);
        setCell(m_ui->serversTable, row, 6, health.join(QStringLiteral("; ")));
    }
}
