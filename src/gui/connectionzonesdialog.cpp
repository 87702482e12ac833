#include "connectionzonesdialog.h"

#include "issuelocation.h"

#include <duration.h>
#include <limitsvalidator.h>
#include <streamvariables.h>

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

ConnectionZonesDialog::ConnectionZonesDialog(const QList<ConnectionZoneConfig> &zones, QWidget *parent) : QDialog(parent), m_zones(zones)
{
    setWindowTitle(tr("Connection zones"));
    auto *layout = new QVBoxLayout(this);
    auto *hint = new QLabel(tr("A zone counts connections per value of its key, for every listener that limits by it. "
                               "Keys use nginx's variables: %1.").arg(StreamTemplate::variableNames().join(QStringLiteral(", "))), this);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    m_table = new QTableWidget(0, 3, this);
    m_table->setObjectName(QStringLiteral("zonesTable"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Key"), tr("Size")});
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    layout->addWidget(m_table);
    for (const ConnectionZoneConfig &zone : zones)
        addRow(zone);

    auto *rowButtons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add zone"), this);
    add->setObjectName(QStringLiteral("addZoneButton"));
    auto *remove = new QPushButton(tr("Remove zone"), this);
    remove->setObjectName(QStringLiteral("removeZoneButton"));
    rowButtons->addWidget(add);
    rowButtons->addWidget(remove);
    rowButtons->addStretch();
    layout->addLayout(rowButtons);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("zonesError"));
    m_error->setWordWrap(true);
    m_error->setForegroundRole(QPalette::BrightText);
    m_error->hide();
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);

    connect(add, &QPushButton::clicked, this, [this] {
        addRow(ConnectionZoneConfig{QStringLiteral("perip%1").arg(m_table->rowCount() ? QString::number(m_table->rowCount() + 1) : QString()),
                                    QStringLiteral("$binary_remote_addr"), 1024 * 1024});
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionZonesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectionZonesDialog::reject);
    resize(620, 320);
}

void ConnectionZonesDialog::addRow(const ConnectionZoneConfig &zone)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(zone.name));
    m_table->setItem(row, 1, new QTableWidgetItem(zone.key));
    m_table->setItem(row, 2, new QTableWidgetItem(Size::format(zone.size)));
}

void ConnectionZonesDialog::accept()
{
    Config config;
    QStringList problems;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        auto text = [&](int column) { return m_table->item(row, column) ? m_table->item(row, column)->text().trimmed() : QString(); };
        ConnectionZoneConfig zone{text(0), text(1), 0};
        const std::optional<qint64> size = Size::parse(text(2));
        if (!size)
            problems << tr("Zone %1: size \"%2\" is not a size; write it as nginx does, e.g. 1m or 64k").arg(row + 1).arg(text(2));
        zone.size = size.value_or(LimitsValidator::minimumZoneSize);
        config.connectionZones << zone;
    }
    ConfigIssues issues;
    LimitsValidator::check(config, &issues);
    for (const ConfigIssue &issue : issues)
        problems << IssueLocation::text(config, issue);
    if (!problems.isEmpty()) {
        m_error->setText(problems.join(u'\n'));
        m_error->show();
        return;
    }
    m_zones = config.connectionZones;
    QDialog::accept();
}
