#pragma once

#include "../nginxexporter.h"

#include <QLatin1StringView>
#include <QString>
#include <QStringList>

namespace NginxExport {

// Indented lines, one directive each.
class Writer
{
public:
    void line(const QString &text) { m_lines << QString(m_indent * 4, u' ') + text; }
    // A blank line between blocks, never doubled and never right after an opening brace.
    void blank()
    {
        if (!m_lines.isEmpty() && !m_lines.last().isEmpty() && !m_lines.last().endsWith(u'{'))
            m_lines << QString();
    }
    void directive(const QString &name, const QStringList &args = {}) { line(words(name, args) + u';'); }
    void open(const QString &name, const QStringList &args = {})
    {
        line(words(name, args) + QStringLiteral(" {"));
        ++m_indent;
    }
    void close()
    {
        --m_indent;
        line(QStringLiteral("}"));
    }
    void comment(const QString &text) { line(QStringLiteral("# ") + text); }
    // A "# portier: ..." comment the importer reads back; words quoted as in a directive.
    void portier(const QString &name, const QStringList &args = {}) { line(QStringLiteral("# portier: ") + words(name, args)); }

    // Appends other's lines at this indentation, each behind prefix (blank lines dropped: a
    // commented-out region must be one run of comment lines).
    void embed(const Writer &other, QLatin1StringView prefix)
    {
        for (const QString &text : other.m_lines) {
            if (!text.isEmpty())
                line(prefix + text);
        }
    }

    QString text() const { return m_lines.join(u'\n') + u'\n'; }

private:
    static QString words(const QString &name, const QStringList &args)
    {
        QString text = name;
        for (const QString &arg : args)
            text += u' ' + NginxExporter::quote(arg);
        return text;
    }

    QStringList m_lines;
    int m_indent = 0;
};

} // namespace NginxExport
