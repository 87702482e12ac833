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
    m_ui->listenersTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_ui->periodCombo, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_ui->plot->setPeriod(TrafficHistory::Period(qBound(0, index, int(TrafficHistory::PeriodCount) - 1))); });
    engineStopped();
}

DashboardPage::~DashboardPage() = default;

ServersView *DashboardPage::serversView() const
{
    return m_ui->serversView;
}

void DashboardPage::engineStopped()
{
    m_history.resetBase();
    m_ui->rateLabel->setText(tr("engine stopped"));
    m_ui->listenersTable->setRowCount(0);
    m_ui->serversView->clear();
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
    m_ui->serversView->showStats(snapshot);
}
