#pragma once

#include <QList>
#include <QString>

// One problem found in a configuration: where (a JSON-style path such as
// "listeners[0].listen"), and what is wrong in words that say what to do.
struct ConfigIssue
{
    QString path;
    QString message;

    QString toString() const { return path.isEmpty() ? message : path + QStringLiteral(": ") + message; }
    friend bool operator==(const ConfigIssue &, const ConfigIssue &) = default;
};

using ConfigIssues = QList<ConfigIssue>;
