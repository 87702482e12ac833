#pragma once

#include <QString>

// Test support: makes path readable by every user of the machine, the state a private file
// must not be in (mode 0644 on Linux; on Windows an added access entry granting Everyone
// read), so a test can check that Portier notices it or undoes it. false when that failed.
bool makeWorldReadable(const QString &path);
