#include "fieldmarker.h"

#include "wrappinglabel.h"

#include <QLabel>
#include <QPalette>
#include <QWidget>

namespace {
const char markedProperty[] = "portierMarked";
const char toolTipProperty[] = "portierToolTip";
const QColor markedBase(0xff, 0xd6, 0xd6);
} // namespace

void FieldMarker::mark(QWidget *field, const QString &message)
{
    if (!field->property(markedProperty).toBool()) {
        field->setProperty(toolTipProperty, field->toolTip());
        field->setProperty(markedProperty, true);
        QPalette palette = field->palette();
        palette.setColor(QPalette::Base, markedBase);
        palette.setColor(QPalette::Button, markedBase);
        field->setPalette(palette);
        field->setAutoFillBackground(true);
    }
    field->setToolTip(message);
}

void FieldMarker::clear(QWidget *field)
{
    if (!field->property(markedProperty).toBool())
        return;
    field->setProperty(markedProperty, false);
    field->setPalette(QPalette());
    field->setAutoFillBackground(false);
    field->setToolTip(field->property(toolTipProperty).toString());
}

bool FieldMarker::isMarked(const QWidget *field)
{
    return field->property(markedProperty).toBool();
}

ConfigIssues FieldMarker::under(const ConfigIssues &issues, const QString &prefix)
{
    ConfigIssues result;
    for (const ConfigIssue &issue : issues) {
        if (issue.path == prefix) {
            result << ConfigIssue{QString(), issue.message};
        } else if (issue.path.startsWith(prefix)) {
            const QChar next = issue.path.at(prefix.size());
            if (next == u'.')
                result << ConfigIssue{issue.path.mid(prefix.size() + 1), issue.message};
            else if (next == u'[' && prefix.endsWith(u']') == false)
                result << ConfigIssue{issue.path.mid(prefix.size()), issue.message};
        }
    }
    return result;
}

void FieldMarker::showMessages(QLabel *label, const QStringList &messages)
{
    label->setVisible(!messages.isEmpty());
    QStringList escaped;
    for (const QString &message : messages)
        escaped << message.toHtmlEscaped();
    const QString text = QStringLiteral("<span style=\"color:#b00020\">%1</span>").arg(escaped.join(QStringLiteral("<br>")));
    if (auto *wrapping = qobject_cast<WrappingLabel *>(label))
        wrapping->setWrappedText(text);
    else
        label->setText(text);
}
