#pragma once

#include <QString>

// Renaming a log file out of the way when it is full (LogRotationConfig): "<path>" becomes
// "<path>.1", "<path>.1" becomes "<path>.2", ..., and "<path>.<keep>" is removed, the order
// logrotate uses. The caller closes the file first (Windows cannot rename an open file) and
// opens "<path>" again afterwards. Runs in the error log's writer thread.
namespace LogFileRotation {
// Empty when done; otherwise what failed, in words (the caller logs it and goes on writing).
QString rotate(const QString &path, int keep);
QString oldFileName(const QString &path, int number); // "<path>.<number>"
} // namespace LogFileRotation
