#pragma once

#include <config.h>
#include <configissue.h>

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;
class QVBoxLayout;

// A listener's access rules (nginx's allow / deny) as an ordered list: one row per rule with
// its action and address, rows added, removed and moved up or down, because the first rule
// that matches a client decides. GUI thread.
class AccessRulesEdit : public QWidget
{
    Q_OBJECT

public:
    explicit AccessRulesEdit(QWidget *parent = nullptr);

    void setRules(const QList<AccessRuleConfig> &rules);
    QList<AccessRuleConfig> rules() const { return m_rules; }
    // Issues with paths relative to the listener ("access[1].deny"): marks the rows' address
    // fields and returns the messages, each naming its rule.
    QStringList setIssues(const ConfigIssues &issues);

    int count() const { return int(m_rows.size()); }
    QComboBox *actionField(int row) const { return m_rows.at(row).action; }
    QLineEdit *addressField(int row) const { return m_rows.at(row).address; }
    QToolButton *upButton(int row) const { return m_rows.at(row).up; }
    QToolButton *downButton(int row) const { return m_rows.at(row).down; }
    QToolButton *removeButton(int row) const { return m_rows.at(row).remove; }
    QToolButton *addButton() const { return m_add; }

signals:
    void changed(); // the user edited, added, removed or moved a rule

private:
    struct Row
    {
        QWidget *widget;
        QComboBox *action;
        QLineEdit *address;
        QToolButton *up;
        QToolButton *down;
        QToolButton *remove;
    };

    void rebuild();
    Row makeRow(int index);
    void addRule();
    void removeRule(int index);
    void moveRule(int index, int delta);
    int indexOf(const QWidget *rowWidget) const;

    QList<AccessRuleConfig> m_rules;
    QList<Row> m_rows;
    QVBoxLayout *m_rowsLayout;
    QLabel *m_hint;
    QToolButton *m_add;
};
