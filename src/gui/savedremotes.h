#pragma once

#include "remoteendpoint.h"

#include <QList>

class QSettings;

// The remote portierds the window was connected to, kept in the program's settings so the
// navigator lists them again at the next start: each one's address, token and accepted
// certificate (SHA-256). The token is stored as it is, in the settings file only (no OS
// keyring is used: see docs/architecture.md, Remote instances), which is then made readable by
// its owner alone; it is never written to a log line or shown in a message. GUI thread.
class SavedRemotes
{
public:
    explicit SavedRemotes(QSettings *settings) : m_settings(settings) {}

    QList<RemoteEndpoint> load() const; // entries that no longer parse are left out
    void save(const QList<RemoteEndpoint> &endpoints);

private:
    QSettings *m_settings;
};
