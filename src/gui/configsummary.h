#pragma once

#include <config.h>

#include <QCoreApplication>
#include <QString>

class QTreeWidget;

// A Config in a few words for people: a tree of its listeners, upstream groups (with their
// servers) and certificates, as the nginx import shows what it would bring in (an issue's
// path in words is IssueLocation's). Static functions, GUI thread.
class ConfigSummary
{
    Q_DECLARE_TR_FUNCTIONS(ConfigSummary)

public:
    static void fill(QTreeWidget *tree, const Config &config);

    static QString methodText(const UpstreamConfig &upstream);
};
