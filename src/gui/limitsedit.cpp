#include "limitsedit.h"

#include "fieldmarker.h"

#include <duration.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QToolButton>

namespace {

constexpr int maximumConnections = 65535; // nginx counts in an unsigned short

QString rateText(qint64 rate)
{
    return rate > 0 ? Size::format(rate) : QString();
}

} // namespace

LimitsEdit::LimitsEdit(QWidget *parent) : QWidget(parent)
{
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);

    auto *limitsBox = new QWidget(this);
    auto *limitsLayout = new QVBoxLayout(limitsBox);
    limitsLayout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout = new QVBoxLayout;
    limitsLayout->addLayout(m_rowsLayout);
    auto *buttons = new QHBoxLayout;
    m_add = new QToolButton(limitsBox);
    m_add->setObjectName(QStringLiteral("addLimitButton"));
    m_add->setText(tr("Add limit"));
    m_add->setToolTip(tr("Count connections in a zone and refuse those over N (nginx's limit_conn)"));
    auto *zones = new QPushButton(tr("Zones..."), limitsBox);
    zones->setObjectName(QStringLiteral("zonesButton"));
    zones->setToolTip(tr("Define the zones: what connections are counted by ($binary_remote_addr: per client address)"));
    buttons->addWidget(m_add);
    buttons->addWidget(zones);
    buttons->addStretch();
    limitsLayout->addLayout(buttons);
    form->addRow(tr("Connection limits:"), limitsBox);

    m_logLevel = new QComboBox(this);
    m_logLevel->setObjectName(QStringLiteral("limitLogLevelCombo"));
    m_logLevel->addItems({QStringLiteral("info"), QStringLiteral("notice"), QStringLiteral("warn"), QStringLiteral("error")});
    m_logLevel->setToolTip(tr("The level of \"limiting connections\" lines (limit_conn_log_level)"));
    form->addRow(tr("Log refusals at:"), m_logLevel);
    m_dryRun = new QCheckBox(tr("Dry run: log, but refuse no one"), this);
    m_dryRun->setObjectName(QStringLiteral("limitDryRunCheck"));
    form->addRow(QString(), m_dryRun);

    m_maxConnections = new QSpinBox(this);
    m_maxConnections->setObjectName(QStringLiteral("maxConnectionsSpin"));
    m_maxConnections->setRange(0, maximumConnections);
    m_maxConnections->setSpecialValueText(tr("no cap"));
    m_maxConnections->setToolTip(tr("Connections this listener holds at once from all clients together"));
    form->addRow(tr("Max connections:"), m_maxConnections);

    m_upload = new QLineEdit(this);
    m_upload->setObjectName(QStringLiteral("uploadRateEdit"));
    m_upload->setPlaceholderText(tr("unlimited"));
    m_upload->setToolTip(tr("Bytes per second read from each client, as nginx writes sizes: 512k, 1m (proxy_upload_rate)"));
    form->addRow(tr("Upload rate (per second):"), m_upload);
    m_download = new QLineEdit(this);
    m_download->setObjectName(QStringLiteral("downloadRateEdit"));
    m_download->setPlaceholderText(tr("unlimited"));
    m_download->setToolTip(tr("Bytes per second read from the server for each connection: 512k, 1m (proxy_download_rate)"));
    form->addRow(tr("Download rate (per second):"), m_download);

    connect(m_add, &QToolButton::clicked, this, [this] {
        m_limits.connections << ConnectionLimitConfig{m_zoneNames.value(0), 1};
        rebuild();
        emit changed();
    });
    connect(zones, &QPushButton::clicked, this, &LimitsEdit::zonesRequested);
    connect(m_logLevel, &QComboBox::currentTextChanged, this, [this](const QString &level) {
        if (m_updating)
            return;
        m_limits.logLevel = level;
        emit changed();
    });
    connect(m_dryRun, &QCheckBox::toggled, this, [this](bool on) {
        if (m_updating)
            return;
        m_limits.dryRun = on;
        emit changed();
    });
    connect(m_maxConnections, &QSpinBox::valueChanged, this, [this](int value) {
        if (m_updating)
            return;
        m_limits.maxConnections = value;
        emit changed();
    });
    connect(m_upload, &QLineEdit::textEdited, this, [this] { rateEdited(m_upload, &m_limits.uploadRate); });
    connect(m_download, &QLineEdit::textEdited, this, [this] { rateEdited(m_download, &m_limits.downloadRate); });
    rebuild();
}

void LimitsEdit::rateEdited(QLineEdit *field, qint64 *rate)
{
    const QString text = field->text().trimmed();
    const std::optional<qint64> parsed = text.isEmpty() ? std::optional<qint64>(0) : Size::parse(text);
    if (!parsed) {
        // Not a value yet (the user is typing): say so at the field and keep the last one.
        FieldMarker::mark(field, tr("\"%1\" is not a rate; write bytes per second as nginx does, e.g. 512k or 1m, or leave it empty").arg(text));
        return;
    }
    FieldMarker::clear(field);
    *rate = *parsed;
    emit changed();
}

void LimitsEdit::setZoneNames(const QStringList &names)
{
    if (names == m_zoneNames)
        return;
    m_zoneNames = names;
    rebuild();
}

void LimitsEdit::setLimits(const ListenerLimitsConfig &limits)
{
    m_updating = true;
    m_limits = limits;
    m_logLevel->setCurrentText(limits.logLevel);
    m_dryRun->setChecked(limits.dryRun);
    m_maxConnections->setValue(limits.maxConnections);
    if (Size::parse(m_upload->text()).value_or(0) != limits.uploadRate)
        m_upload->setText(rateText(limits.uploadRate));
    if (Size::parse(m_download->text()).value_or(0) != limits.downloadRate)
        m_download->setText(rateText(limits.downloadRate));
    m_updating = false;
    rebuild();
}

void LimitsEdit::rebuild()
{
    for (const Row &row : std::as_const(m_rows))
        delete row.widget;
    m_rows.clear();
    for (int i = 0; i < m_limits.connections.size(); ++i) {
        m_rows << makeRow(i);
        m_rowsLayout->addWidget(m_rows.last().widget);
    }
    m_add->setEnabled(!m_zoneNames.isEmpty());
    m_add->setToolTip(m_zoneNames.isEmpty() ? tr("Define a zone first (Zones...)") : tr("Count connections in a zone and refuse those over N (nginx's limit_conn)"));
}

LimitsEdit::Row LimitsEdit::makeRow(int index)
{
    const ConnectionLimitConfig &limit = m_limits.connections.at(index);
    Row row;
    row.widget = new QWidget(this);
    auto *layout = new QHBoxLayout(row.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    row.zone = new QComboBox(row.widget);
    row.zone->addItems(m_zoneNames);
    if (!m_zoneNames.contains(limit.zone))
        row.zone->addItem(limit.zone); // kept as written; the validator names it
    row.zone->setCurrentText(limit.zone);
    row.connections = new QSpinBox(row.widget);
    row.connections->setRange(0, maximumConnections);
    row.connections->setValue(limit.connections);
    row.connections->setSuffix(tr(" connections"));
    row.remove = new QToolButton(row.widget);
    row.remove->setText(QStringLiteral("\u2212"));
    row.remove->setToolTip(tr("Remove this limit"));
    layout->addWidget(row.zone, 1);
    layout->addWidget(row.connections);
    layout->addWidget(row.remove);
    connect(row.zone, &QComboBox::currentTextChanged, this, [this, index](const QString &zone) {
        m_limits.connections[index].zone = zone;
        emit changed();
    });
    connect(row.connections, &QSpinBox::valueChanged, this, [this, index](int value) {
        m_limits.connections[index].connections = value;
        emit changed();
    });
    connect(row.remove, &QToolButton::clicked, this, [this, index] {
        m_limits.connections.removeAt(index);
        rebuild();
        emit changed();
    });
    return row;
}

QStringList LimitsEdit::setIssues(const ConfigIssues &issues, QStringList *handled)
{
    static const QRegularExpression rowPath(QStringLiteral("^limit_conn\\[(\\d+)\\]\\.(zone|connections)$"));
    QStringList messages;
    for (const Row &row : std::as_const(m_rows)) {
        FieldMarker::clear(row.zone);
        FieldMarker::clear(row.connections);
    }
    QList<std::pair<QString, QWidget *>> fields{{QStringLiteral("limit_conn_log_level"), m_logLevel},
                                               {QStringLiteral("max_connections"), m_maxConnections},
                                               {QStringLiteral("proxy_upload_rate"), m_upload},
                                               {QStringLiteral("proxy_download_rate"), m_download}};
    for (const auto &[key, widget] : fields) {
        if (!FieldMarker::isMarked(widget) || widget == m_logLevel || widget == m_maxConnections)
            FieldMarker::clear(widget);
    }
    for (const ConfigIssue &issue : issues) {
        const QRegularExpressionMatch match = rowPath.match(issue.path);
        if (match.hasMatch()) {
            const int row = match.captured(1).toInt();
            if (row < m_rows.size())
                FieldMarker::mark(match.captured(2) == u"zone" ? static_cast<QWidget *>(m_rows.at(row).zone) : m_rows.at(row).connections,
                                  issue.message);
            messages << tr("Limit %1: %2").arg(row + 1).arg(issue.message);
            *handled << issue.path;
            continue;
        }
        for (const auto &[key, widget] : fields) {
            if (issue.path == key) {
                FieldMarker::mark(widget, issue.message);
                messages << key + QStringLiteral(": ") + issue.message;
                *handled << issue.path;
            }
        }
    }
    return messages;
}
