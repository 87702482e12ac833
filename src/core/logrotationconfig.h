#pragma once

#include <QtGlobal>

// Rotation of the error log file by size (nginx has none: it leaves rotation to logrotate and
// SIGUSR1, which portierd also honours). When the file reaches maxSize bytes the writer renames
// it to "<path>.1" (an older "<path>.1" becomes "<path>.2", and so on) and starts a new file;
// at most `keep` old files stay, so the log never grows without bound. Held by ErrorLogConfig;
// read and written by ErrorLogJson.
struct LogRotationConfig
{
    static constexpr qint64 minSize = 4096;   // smaller would rotate every few lines
    static constexpr int maxKeep = 100;

    qint64 maxSize = 0; // bytes; 0 = never rotate
    int keep = 5;       // old files kept beside the current one; 0 = none (the file starts afresh)

    friend bool operator==(const LogRotationConfig &, const LogRotationConfig &) = default;
};
