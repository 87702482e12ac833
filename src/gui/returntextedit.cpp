#include "returntextedit.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLineEdit>

ReturnTextEdit::ReturnTextEdit(QWidget *parent) : QWidget(parent), m_check(new QCheckBox(tr("Answer with text instead:"), this)),
                                                 m_edit(new QLineEdit(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_check);
    layout->addWidget(m_edit, 1);
    m_check->setObjectName(QStringLiteral("returnCheck"));
    m_edit->setObjectName(QStringLiteral("returnEdit"));
    m_check->setToolTip(tr("Send this text to every client and close, without forwarding (nginx return)"));
    m_edit->setPlaceholderText(tr("e.g. hello $remote_addr\\n"));
    m_edit->setToolTip(tr("Text with variables such as $remote_addr or a map's $name; \\n is a line break"));
    m_edit->setEnabled(false);
    connect(m_check, &QCheckBox::toggled, this, [this](bool on) {
        m_edit->setEnabled(on);
        if (!m_updating)
            emit changed();
    });
    connect(m_edit, &QLineEdit::textEdited, this, [this] {
        if (!m_updating)
            emit changed();
    });
}

void ReturnTextEdit::setText(const std::optional<QString> &text)
{
    m_updating = true;
    m_check->setChecked(text.has_value());
    m_edit->setEnabled(text.has_value());
    const QString line = escaped(text.value_or(QString()));
    if (m_edit->text() != line)
        m_edit->setText(line);
    m_updating = false;
}

std::optional<QString> ReturnTextEdit::text() const
{
    if (!m_check->isChecked())
        return std::nullopt;
    return unescaped(m_edit->text());
}

QString ReturnTextEdit::escaped(const QString &text)
{
    QString out;
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '\\': out += QStringLiteral("\\\\"); break;
        case '\n': out += QStringLiteral("\\n"); break;
        case '\r': out += QStringLiteral("\\r"); break;
        case '\t': out += QStringLiteral("\\t"); break;
        default: out += c; break;
        }
    }
    return out;
}

QString ReturnTextEdit::unescaped(const QString &line)
{
    QString out;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (c != u'\\' || i + 1 == line.size()) {
            out += c;
            continue;
        }
        const QChar next = line.at(++i);
        if (next == u'n')
            out += u'\n';
        else if (next == u'r')
            out += u'\r';
        else if (next == u't')
            out += u'\t';
        else if (next == u'\\')
            out += u'\\';
        else
            out += QStringView(line).mid(i - 1, 2); // not an escape: kept as written
    }
    return out;
}
