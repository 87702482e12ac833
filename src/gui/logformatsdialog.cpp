#include "logformatsdialog.h"

#include "issuelocation.h"

#include <accesslogvalidator.h>
#include <streamvariables.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
constexpr int escapeColumn = 1;
const QStringList escapes{QStringLiteral("default"), QStringLiteral("json"), QStringLiteral("none")};
} // namespace

LogFormatsDialog::LogFormatsDialog(const QList<LogFormatConfig> &formats, QWidget *parent) : QDialog(parent), m_formats(formats)
{
    setWindowTitle(tr("Log formats"));
    auto *layout = new QVBoxLayout(this);
    auto *hint = new QLabel(tr("A format is the text of one access log line, written when a session ends. Variables: %1.")
                                .arg(StreamTemplate::variableNames().join(QStringLiteral(", "))),
                            this);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    m_table = new QTableWidget(0, 3, this);
    m_table->setObjectName(QStringLiteral("formatsTable"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Escaping"), tr("Format")});
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    layout->addWidget(m_table);
    for (const LogFormatConfig &format : formats)
        addRow(format);

    auto *rowButtons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add format"), this);
    add->setObjectName(QStringLiteral("addFormatButton"));
    auto *remove = new QPushButton(tr("Remove format"), this);
    remove->setObjectName(QStringLiteral("removeFormatButton"));
    rowButtons->addWidget(add);
    rowButtons->addWidget(remove);
    rowButtons->addStretch();
    layout->addLayout(rowButtons);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("formatsError"));
    m_error->setWordWrap(true);
    m_error->setForegroundRole(QPalette::BrightText);
    m_error->hide();
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);

    connect(add, &QPushButton::clicked, this, [this] {
        addRow(LogFormatConfig{QStringLiteral("basic%1").arg(m_table->rowCount() ? QString::number(m_table->rowCount() + 1) : QString()),
                               LogFormatConfig::Escape::Default,
                               QStringLiteral("$remote_addr [$time_local] $protocol $status $bytes_sent $bytes_received $session_time "
                                              "\"$upstream_addr\" \"$upstream_bytes_sent\" \"$upstream_bytes_received\" \"$upstream_connect_time\"")});
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &LogFormatsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &LogFormatsDialog::reject);
    resize(760, 320);
}

void LogFormatsDialog::addRow(const LogFormatConfig &format)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(format.name));
    auto *escape = new QComboBox(m_table);
    escape->addItems(escapes);
    escape->setCurrentText(LogFormatConfig::escapeName(format.escape));
    m_table->setCellWidget(row, escapeColumn, escape);
    m_table->setItem(row, 2, new QTableWidgetItem(format.text));
}

void LogFormatsDialog::accept()
{
    Config config;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        auto text = [&](int column) { return m_table->item(row, column) ? m_table->item(row, column)->text() : QString(); };
        const auto *escape = qobject_cast<QComboBox *>(m_table->cellWidget(row, escapeColumn));
        LogFormatConfig format{text(0).trimmed(), LogFormatConfig::Escape::Default, text(2)};
        format.escape = LogFormatConfig::escapeFromName(escape ? escape->currentText() : QString()).value_or(LogFormatConfig::Escape::Default);
        config.logFormats << format;
    }
    ConfigIssues issues;
    AccessLogValidator::check(config, &issues);
    if (!issues.isEmpty()) {
        QStringList problems;
        for (const ConfigIssue &issue : std::as_const(issues))
            problems << IssueLocation::text(config, issue);
        m_error->setText(problems.join(u'\n'));
        m_error->show();
        return;
    }
    m_formats = config.logFormats;
    QDialog::accept();
}
