#include "mainwindow.h"

#include "ui_mainwindow.h"

#include <QFileDialog>
#include <QLocale>
#include <QMessageBox>

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);
    m_ui->listenersTable->setColumnCount(6);
    m_ui->listenersTable->setHorizontalHeaderLabels(
        {tr("Listen"), tr("State"), tr("Active"), tr("Accepted"), tr("From clients"), tr("To clients")});
    m_ui->serversTable->setColumnCount(6);
    m_ui->serversTable->setHorizontalHeaderLabels({tr("Group"), tr("Server"), tr("State"), tr("Active"), tr("Chosen"), tr("Connect failures")});
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionOpen, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open configuration"), QString(), tr("Portier configuration (*.json)"));
        if (!path.isEmpty())
            emit openRequested(path);
    });
}

MainWindow::~MainWindow() = default;

void MainWindow::setConfigDescription(const QString &text)
{
    m_ui->configLabel->setText(text);
}

void MainWindow::showError(const QString &text)
{
    QMessageBox::warning(this, tr("Portier"), text);
}

void MainWindow::showStats(const StatsSnapshot &snapshot)
{
    const QLocale locale;
    auto set = [](QTableWidget *table, int row, int column, const QString &text) {
        QTableWidgetItem *item = table->item(row, column);
        if (!item) {
            item = new QTableWidgetItem;
            table->setItem(row, column, item);
        }
        item->setText(text);
    };

    m_ui->listenersTable->setRowCount(int(snapshot.listeners.size()));
    for (int row = 0; row < snapshot.listeners.size(); ++row) {
        const ListenerStats &l = snapshot.listeners.at(row);
        set(m_ui->listenersTable, row, 0, l.listen + u' ' + l.protocol);
        set(m_ui->listenersTable, row, 1, l.listening ? tr("listening") : (l.error.isEmpty() ? tr("off") : l.error));
        set(m_ui->listenersTable, row, 2, QString::number(l.activeConnections));
        set(m_ui->listenersTable, row, 3, QString::number(l.acceptedConnections));
        set(m_ui->listenersTable, row, 4, locale.formattedDataSize(qint64(l.bytesFromClients)));
        set(m_ui->listenersTable, row, 5, locale.formattedDataSize(qint64(l.bytesToClients)));
    }
    m_ui->serversTable->setRowCount(int(snapshot.servers.size()));
    for (int row = 0; row < snapshot.servers.size(); ++row) {
        const ServerStats &s = snapshot.servers.at(row);
        static const QStringList states{tr("up"), tr("down"), tr("failed"), tr("unhealthy")};
        set(m_ui->serversTable, row, 0, s.upstream);
        set(m_ui->serversTable, row, 1, s.address + (s.backup ? tr(" (backup)") : QString()));
        set(m_ui->serversTable, row, 2, states.value(int(s.state)));
        set(m_ui->serversTable, row, 3, QString::number(s.activeConnections));
        set(m_ui->serversTable, row, 4, QString::number(s.selectedTotal));
        set(m_ui->serversTable, row, 5, QString::number(s.connectFailures));
    }

    const quint64 bytes = snapshot.totalBytesFromClients() + snapshot.totalBytesToClients();
    QString rate;
    if (m_lastTime.isValid()) {
        const qint64 ms = qMax<qint64>(1, m_lastTime.msecsTo(snapshot.time));
        rate = locale.formattedDataSize(qint64((bytes - m_lastBytes) * 1000 / quint64(ms))) + tr("/s");
    }
    m_lastBytes = bytes;
    m_lastTime = snapshot.time;
    statusBar()->showMessage(tr("%n active connection(s)", nullptr, int(snapshot.totalActiveConnections())) + QStringLiteral(" · ") + rate);
}
