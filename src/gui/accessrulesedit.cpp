#include "accessrulesedit.h"

#include "fieldmarker.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QToolButton>
#include <QVBoxLayout>

AccessRulesEdit::AccessRulesEdit(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    layout->addWidget(m_hint);
    m_rowsLayout = new QVBoxLayout;
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_rowsLayout);
    m_add = new QToolButton(this);
    m_add->setText(tr("Add rule"));
    m_add->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_add->setObjectName(QStringLiteral("addRuleButton"));
    layout->addWidget(m_add, 0, Qt::AlignLeft);
    connect(m_add, &QToolButton::clicked, this, &AccessRulesEdit::addRule);
    rebuild();
}

void AccessRulesEdit::setRules(const QList<AccessRuleConfig> &rules)
{
    if (rules == m_rules)
        return;
    if (rules.size() != m_rules.size()) {
        m_rules = rules;
        rebuild();
        return;
    }
    // Same rows: update in place, so the field being typed in keeps its focus and cursor.
    m_rules = rules;
    for (int i = 0; i < m_rows.size(); ++i) {
        const QSignalBlocker actionBlocker(m_rows[i].action);
        const QSignalBlocker addressBlocker(m_rows[i].address);
        m_rows[i].action->setCurrentIndex(rules.at(i).action == AccessRuleConfig::Action::Deny ? 1 : 0);
        if (m_rows[i].address->text() != rules.at(i).address)
            m_rows[i].address->setText(rules.at(i).address);
    }
}

void AccessRulesEdit::rebuild()
{
    for (const Row &row : std::as_const(m_rows)) {
        // Later: the button that asked for this may still be inside its clicked signal.
        m_rowsLayout->removeWidget(row.widget);
        row.widget->hide();
        row.widget->deleteLater();
    }
    m_rows.clear();
    for (int i = 0; i < m_rules.size(); ++i) {
        m_rows << makeRow(i);
        m_rowsLayout->addWidget(m_rows.last().widget);
    }
    m_hint->setText(m_rules.isEmpty() ? tr("No rules: every client may connect.")
                                      : tr("Checked from the top; the first rule that matches the client's address decides. "
                                           "A client no rule matches may connect."));
}

AccessRulesEdit::Row AccessRulesEdit::makeRow(int index)
{
    Row row;
    row.widget = new QWidget(this);
    auto *layout = new QHBoxLayout(row.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    row.action = new QComboBox(row.widget);
    row.action->addItem(QStringLiteral("allow")); // nginx's words, as in the config
    row.action->addItem(QStringLiteral("deny"));
    row.action->setCurrentIndex(m_rules.at(index).action == AccessRuleConfig::Action::Deny ? 1 : 0);
    row.action->setAccessibleName(tr("Rule %1 action").arg(index + 1));
    row.address = new QLineEdit(m_rules.at(index).address, row.widget);
    row.address->setPlaceholderText(tr("address, CIDR or all"));
    row.address->setToolTip(tr("An IPv4 or IPv6 address (192.168.1.10, ::1), a CIDR (10.0.0.0/8, 2001:db8::/32), all, or unix:"));
    row.address->setAccessibleName(tr("Rule %1 address").arg(index + 1));
    auto button = [&](const QString &text, const QString &toolTip) {
        auto *b = new QToolButton(row.widget);
        b->setText(text);
        b->setToolTip(toolTip);
        b->setAccessibleName(toolTip);
        layout->addWidget(b);
        return b;
    };
    layout->addWidget(row.action);
    layout->addWidget(row.address, 1);
    row.up = button(QString(QChar(0x2191)), tr("Move up"));
    row.down = button(QString(QChar(0x2193)), tr("Move down"));
    row.remove = button(QString(QChar(0x2715)), tr("Remove rule"));
    row.up->setEnabled(index > 0);
    row.down->setEnabled(index + 1 < m_rules.size());

    const QWidget *key = row.widget;
    connect(row.action, &QComboBox::currentIndexChanged, this, [this, key](int choice) {
        m_rules[indexOf(key)].action = choice == 1 ? AccessRuleConfig::Action::Deny : AccessRuleConfig::Action::Allow;
        emit changed();
    });
    connect(row.address, &QLineEdit::textEdited, this, [this, key](const QString &text) {
        m_rules[indexOf(key)].address = text.trimmed();
        emit changed();
    });
    connect(row.up, &QToolButton::clicked, this, [this, key] { moveRule(indexOf(key), -1); });
    connect(row.down, &QToolButton::clicked, this, [this, key] { moveRule(indexOf(key), 1); });
    connect(row.remove, &QToolButton::clicked, this, [this, key] { removeRule(indexOf(key)); });
    return row;
}

int AccessRulesEdit::indexOf(const QWidget *rowWidget) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).widget == rowWidget)
            return i;
    }
    return -1;
}

void AccessRulesEdit::addRule()
{
    // A new rule most often keeps someone out; "deny all" below the allows is nginx's idiom.
    m_rules << AccessRuleConfig{AccessRuleConfig::Action::Deny, QStringLiteral("all")};
    rebuild();
    m_rows.last().address->setFocus();
    m_rows.last().address->selectAll();
    emit changed();
}

void AccessRulesEdit::removeRule(int index)
{
    if (index < 0 || index >= m_rules.size())
        return;
    m_rules.removeAt(index);
    rebuild();
    emit changed();
}

void AccessRulesEdit::moveRule(int index, int delta)
{
    const int target = index + delta;
    if (index < 0 || target < 0 || target >= m_rules.size())
        return;
    m_rules.move(index, target);
    rebuild();
    emit changed();
}

QStringList AccessRulesEdit::setIssues(const ConfigIssues &issues)
{
    static const QRegularExpression path(QStringLiteral("^access\\[(\\d+)\\]"));
    QList<QStringList> found(m_rows.size());
    QStringList messages;
    for (const ConfigIssue &issue : issues) {
        const QRegularExpressionMatch match = path.match(issue.path);
        if (!match.hasMatch())
            continue;
        const int row = match.captured(1).toInt();
        if (row < found.size())
            found[row] << issue.message;
        messages << tr("Access rule %1: %2").arg(row + 1).arg(issue.message);
    }
    for (int i = 0; i < m_rows.size(); ++i) {
        if (found.at(i).isEmpty())
            FieldMarker::clear(m_rows.at(i).address);
        else
            FieldMarker::mark(m_rows.at(i).address, found.at(i).join(u'\n'));
    }
    return messages;
}
