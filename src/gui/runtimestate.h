#pragma once

#include <config.h>
#include <statssnapshot.h>

#include <QStringList>

// What was steered at run time (weight, down, drain), written into a config: "Save as
// configuration" on the dashboard. A drained or draining server is saved as down, the state
// it is on its way to. GUI thread (pure functions).
namespace RuntimeState {

struct SaveResult
{
    int changed = 0;     // servers whose weight or down changed in the config
    QStringList skipped; // servers that have no place in the config, in words
};

SaveResult saveInto(Config *config, const QList<ServerStats> &servers);

} // namespace RuntimeState
