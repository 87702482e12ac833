#pragma once

#include <config.h>

#include <QCoreApplication>
#include <QString>

class QTreeWidget;

// A Config in a few words for people: a tree of its listeners, upstream groups (with their
// servers) and certificates, as the nginx import shows what it would bring in; and the item
// a config issue's path ("upstreams[1].servers[0].weight") points at, named the way the
// pages name it. Static functions, GUI thread.
class ConfigSummary
{
    Q_DECLARE_TR_FUNCTIONS(ConfigSummary)

public:
    static void fill(QTreeWidget *tree, const Config &config);

    // "Group backend, server 127.0.0.1:7774: weight"; the path itself when it names no item.
    static QString place(const Config &config, const QString &path);

    static QString methodText(const UpstreamConfig &upstream);
};
