#pragma once

#include <QString>

// The sample configuration that comes with Portier (a round robin on 127.0.0.1:30003 over
// two servers), and the user's own copy of it. The bundled file is never opened for
// editing: it may be read-only (/usr/share/portier, Program Files) or the source tree's, and
// Save would write there. The copy lives in the user's config folder
// (QStandardPaths::AppConfigLocation, ~/.config/Portier/Portier on Linux); scripts/run.sh
// uses the same place.
namespace SampleConfig {

// The installed sample beside the program (Linux: ../share/portier, Windows: samples\),
// else the copy embedded in the program (":/samples/portier-sample.json").
QString bundledPath(const QString &applicationDir);

// Where the user's copy lives.
QString userCopyPath();

// The user's copy, made from the bundled sample when there is none yet (an existing copy
// keeps the user's edits). Empty with *error set when it cannot be written.
QString ensureUserCopy(const QString &applicationDir, QString *error);

} // namespace SampleConfig
