#pragma once

#include <config.h>
#include <configjson.h>

#include <QStringList>

#include <algorithm>

// Text for failure messages. Header-only: shared by the test executables.

// One issue a line, for ConfigIssues, NginxIssues or any list whose items have toString().
template<typename Issues>
QString describe(const Issues &issues)
{
    QStringList lines;
    for (const auto &issue : issues)
        lines << issue.toString();
    return lines.isEmpty() ? QStringLiteral("(no issues)") : lines.join(u'\n');
}

// Where two configs differ, as their JSON.
inline QString difference(const Config &expected, const Config &actual)
{
    const QStringList a = QString::fromUtf8(ConfigJson::toBytes(expected)).split(u'\n');
    const QStringList b = QString::fromUtf8(ConfigJson::toBytes(actual)).split(u'\n');
    for (qsizetype i = 0; i < std::max(a.size(), b.size()); ++i) {
        const QString left = a.value(i);
        const QString right = b.value(i);
        if (left != right)
            return QStringLiteral("JSON line %1: expected %2, got %3").arg(i + 1).arg(left.trimmed(), right.trimmed());
    }
    return QStringLiteral("the configs differ where JSON does not show it (e.g. a disabled health check's settings)");
}
