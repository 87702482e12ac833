#pragma once

#include <QList>
#include <QString>

// One message from reading an nginx config, placed the way nginx -t places its own
// ("file:line"), so a user can open the file at the line. Errors mean nginx would refuse
// the file too, or that importing it would let in clients nginx keeps out,
// and nothing is imported; warnings and notes name what was not carried over.
struct NginxIssue
{
    enum class Severity { Error, Warning, Note };

    Severity severity = Severity::Error;
    QString file;
    int line = 0; // 1-based; 0 only when the file itself cannot be read
    QString message;

    bool hasPosition() const { return !file.isEmpty() && line > 0; }

    QString toString() const
    {
        QString where = file;
        if (line > 0)
            where += u':' + QString::number(line);
        const QLatin1StringView level = severity == Severity::Error     ? QLatin1StringView("error")
                                        : severity == Severity::Warning ? QLatin1StringView("warning")
                                                                        : QLatin1StringView("note");
        return where + QStringLiteral(": ") + level + QStringLiteral(": ") + message;
    }

    friend bool operator==(const NginxIssue &, const NginxIssue &) = default;
};

using NginxIssues = QList<NginxIssue>;
