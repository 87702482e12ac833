#include "accesslogedit.h"

#include "fieldmarker.h"

#include <duration.h>

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

AccessLogEdit::AccessLogEdit(QWidget *parent) : QWidget(parent)
{
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("accessLogPathEdit"));
    m_path->setPlaceholderText(tr("off: no access log"));
    m_path->setToolTip(tr("The file each session's line is appended to when it ends (nginx's access_log)"));
    form->addRow(tr("Access log file:"), m_path);

    auto *formatRow = new QHBoxLayout;
    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("accessLogFormatCombo"));
    m_format->setToolTip(tr("One of the config's log formats (log_format)"));
    auto *formats = new QPushButton(tr("Formats..."), this);
    formats->setObjectName(QStringLiteral("logFormatsButton"));
    formats->setToolTip(tr("Define the log formats: text with variables such as $remote_addr $status $session_time"));
    formatRow->addWidget(m_format, 1);
    formatRow->addWidget(formats);
    form->addRow(tr("Format:"), formatRow);

    m_buffer = new QLineEdit(this);
    m_buffer->setObjectName(QStringLiteral("accessLogBufferEdit"));
    m_buffer->setPlaceholderText(tr("none: each line is written at once"));
    m_buffer->setToolTip(tr("Collect lines and write them together, e.g. 32k (buffer=)"));
    form->addRow(tr("Buffer:"), m_buffer);
    m_flush = new QLineEdit(this);
    m_flush->setObjectName(QStringLiteral("accessLogFlushEdit"));
    m_flush->setPlaceholderText(tr("only when the buffer is full"));
    m_flush->setToolTip(tr("Also write buffered lines once they have waited this long, e.g. 5s (flush=; needs a buffer)"));
    form->addRow(tr("Flush after:"), m_flush);
    m_condition = new QLineEdit(this);
    m_condition->setObjectName(QStringLiteral("accessLogConditionEdit"));
    m_condition->setPlaceholderText(tr("every session"));
    m_condition->setToolTip(tr("Log only sessions for which this is neither empty nor 0, e.g. $upstream_addr (if=)"));
    form->addRow(tr("Only if:"), m_condition);

    for (QLineEdit *field : {m_path, m_buffer, m_flush, m_condition})
        connect(field, &QLineEdit::textEdited, this, &AccessLogEdit::edited);
    connect(m_format, &QComboBox::currentTextChanged, this, &AccessLogEdit::edited);
    connect(formats, &QPushButton::clicked, this, &AccessLogEdit::formatsRequested);
}

void AccessLogEdit::setFormatNames(const QStringList &names)
{
    m_updating = true;
    m_format->clear();
    m_format->addItems(names);
    if (!m_log.format.isEmpty() && !names.contains(m_log.format))
        m_format->addItem(m_log.format); // kept as written; the validator says it is unknown
    m_format->setCurrentText(m_log.format);
    m_updating = false;
}

void AccessLogEdit::setLog(const AccessLogConfig &log)
{
    m_updating = true;
    m_log = log;
    if (m_path->text() != log.path)
        m_path->setText(log.path);
    if (!log.format.isEmpty() && m_format->findText(log.format) < 0)
        m_format->addItem(log.format);
    m_format->setCurrentText(log.format);
    m_buffer->setText(log.buffer > 0 ? Size::format(log.buffer) : QString());
    m_flush->setText(log.flushMs > 0 ? Duration::format(log.flushMs) : QString());
    if (m_condition->text() != log.condition)
        m_condition->setText(log.condition);
    m_updating = false;
}

void AccessLogEdit::edited()
{
    if (m_updating)
        return;
    m_log.path = m_path->text().trimmed();
    m_log.format = m_format->currentText();
    if (m_log.format.isEmpty() && m_format->count() > 0 && !m_log.path.isEmpty())
        m_log.format = m_format->itemText(0);
    m_log.condition = m_condition->text().trimmed();
    // A size or time that does not read stays marked and keeps the last good value, as the
    // limits' rate fields do; empty is "none".
    const QString buffer = m_buffer->text().trimmed();
    const std::optional<qint64> size = buffer.isEmpty() ? std::optional<qint64>(0) : Size::parse(buffer);
    if (size)
        m_log.buffer = *size;
    size ? FieldMarker::clear(m_buffer) : FieldMarker::mark(m_buffer, tr("\"%1\" is not a size; write it as nginx does, e.g. 32k").arg(buffer));
    const QString flush = m_flush->text().trimmed();
    const std::optional<qint64> ms = flush.isEmpty() ? std::optional<qint64>(0) : Duration::parse(flush);
    if (ms)
        m_log.flushMs = *ms;
    ms ? FieldMarker::clear(m_flush) : FieldMarker::mark(m_flush, tr("\"%1\" is not a time; write it as nginx does, e.g. 5s").arg(flush));
    emit changed();
}

QStringList AccessLogEdit::setIssues(const ConfigIssues &issues, QStringList *handled)
{
    struct Field
    {
        QString key;
        QWidget *widget;
        QString label;
    };
    const QList<Field> fields{{QStringLiteral("access_log.path"), m_path, tr("Access log file")},
                              {QStringLiteral("access_log.format"), m_format, tr("Access log format")},
                              {QStringLiteral("access_log.buffer"), m_buffer, tr("Access log buffer")},
                              {QStringLiteral("access_log.flush"), m_flush, tr("Access log flush")},
                              {QStringLiteral("access_log.if"), m_condition, tr("Access log condition")}};
    QStringList messages;
    for (const auto &[key, widget, label] : fields) {
        if (widget == m_path || widget == m_format || widget == m_condition)
            FieldMarker::clear(widget);
    }
    for (const ConfigIssue &issue : issues) {
        for (const auto &[key, widget, label] : fields) {
            if (issue.path != key)
                continue;
            FieldMarker::mark(widget, issue.message);
            messages << label + QStringLiteral(": ") + issue.message;
            *handled << issue.path;
        }
    }
    return messages;
}
