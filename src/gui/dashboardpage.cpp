#include "dashboardpage.h"

#include "datasize.h"

#include "enginecontroller.h"
#include "testtrafficdialog.h"
#include "ui_dashboardpage.h"

#include <QAction>
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
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 2);
    m_ui->listenersTable->setColumnCount(6);
    m_ui->listenersTable->setHorizontalHeaderLabels(
        {tr("Listen"), tr("State"), tr("Active"), tr("Accepted"), tr("From clients"), tr("To clients")});
    m_ui->listenersTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *testTraffic = new QAction(tr("Send &test traffic…"), this);
    m_ui->listenersTable->addAction(testTraffic);
    connect(testTraffic, &QAction::triggered, this, [this] { sendTestTraffic(); });
    connect(m_ui->testTrafficButton, &QToolButton::clicked, this, [this] { sendTestTraffic(); });
    engineStopped();
}

DashboardPage::~DashboardPage() = default;

ServersView *DashboardPage::serversView() const
{
    return m_ui->serversView;
}

void DashboardPage::setEngine(const EngineController *engine)
{
    m_engine = engine;
    if (!m_instance)
        setInstance(engine);
}

void DashboardPage::setInstance(const InstanceController *instance)
{
    m_instance = instance;
    m_ui->plotBar->attach(m_ui->plot, &instance->trafficHistory());
    m_ui->testTrafficButton->setVisible(instance == m_engine);
}

TrafficPlot *DashboardPage::plot() const
{
    return m_ui->plot;
}

TrafficPlotBar *DashboardPage::plotBar() const
{
    return m_ui->plotBar;
}

TestTrafficDialog *DashboardPage::sendTestTraffic()
{
    const int row = qMax(0, m_ui->listenersTable->currentRow());
    if (!m_engine || row >= m_ui->listenersTable->rowCount())
        return nullptr;
    const QStringList key = m_ui->listenersTable->item(row, 0)->data(Qt::UserRole).toStringList(); // listen, protocol
    return key.size() == 2 ? TestTrafficDialog::openFor(this, m_engine, key.at(0), key.at(1)) : nullptr;
}

void DashboardPage::engineStopped()
{
    m_ui->rateLabel->setText(tr("engine stopped"));
    m_ui->listenersTable->setRowCount(0);
    m_ui->serversView->clear();
    m_ui->plot->update();
    m_ui->testTrafficButton->setEnabled(false);
}

void DashboardPage::showStats(const StatsSnapshot &snapshot)
{
    m_ui->plot->update();
    const QLocale locale;
    const double from = m_instance ? m_instance->trafficHistory().currentFromClients() : 0;
    const double to = m_instance ? m_instance->trafficHistory().currentToClients() : 0;
    m_ui->rateLabel->setText(tr("from clients %1/s · to clients %2/s · %n connection(s)", nullptr, int(snapshot.totalActiveConnections()))
                                 .arg(formatDataSize(qint64(from)), formatDataSize(qint64(to))));
    m_ui->testTrafficButton->setEnabled(!snapshot.listeners.isEmpty());

    m_ui->listenersTable->setRowCount(int(snapshot.listeners.size()));
    for (int row = 0; row < snapshot.listeners.size(); ++row) {
        const ListenerStats &l = snapshot.listeners.at(row);
        setCell(m_ui->listenersTable, row, 0, l.listen + u' ' + l.protocol);
        m_ui->listenersTable->item(row, 0)->setData(Qt::UserRole, QStringList{l.listen, l.protocol});
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
        setCell(m_ui->listenersTable, row, 4, formatDataSize(qint64(l.bytesFromClients)));
        setCell(m_ui->listenersTable, row, 5, formatDataSize(qint64(l.bytesToClients)));
    }
    m_ui->serversView->showStats(snapshot);
}
