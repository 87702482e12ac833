#pragma once

#include <QObject>

#include <optional>

class QLocalServer;

// One Portier per user: the first instance listens on a local socket in the user's private
// runtime folder (a per-user named pipe on Windows, see InstanceChannel); a later one finds
// it, asks it to show its window (and to open the file named on its command line), and
// exits. A socket left behind by a crashed instance is detected (nothing accepts the
// connection) and taken over; one that accepts but is slow to answer is a busy instance,
// not a dead one, and keeps its place. Only this user's processes count: one answering as another user is told nothing,
// and a connection from another user is dropped. GUI thread.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    // address: the local socket's name or path, InstanceChannel::defaultAddress() unless a
    // test wants its own.
    explicit SingleInstance(const QString &address, QObject *parent = nullptr);
    ~SingleInstance() override;

    // True: this is the first instance (it now listens). False: another one runs and has
    // been told to activate, and to open fileToOpen when one is given (made absolute here:
    // the running instance has a working directory of its own); this one should exit.
    // timeoutMs bounds the connect, and (with 3 s more) the wait for another launch that is
    // becoming the primary at the same moment; a running instance that took the connection
    // is given busyWaitMs to answer before this one gives up (and still does not run: see Busy).
    bool claim(const QString &fileToOpen = QString(), int timeoutMs = 2000);
    static constexpr int busyWaitMs = 30000;
    bool isPrimary() const { return m_server != nullptr; }
    // Why claim() let this one run alone (another user's socket, nowhere to listen), or why it
    // ended without an answer (the running one is busy); empty otherwise.
    QString warning() const { return m_warning; }

signals:
    // A second launch asked this instance to show itself.
    void activationRequested();
    // ... and to open this file (an absolute path); after activationRequested.
    void openRequested(const QString &path);

private:
    // Busy: a running instance took the connection but did not answer within busyWaitMs
    // (its event loop held by a long task, or hung).
    enum class Answer { Handled, Busy, NobodyAnswered, Refused };
    Answer notifyRunning(const QString &fileToOpen, int timeoutMs);
    // What claim() returns for that answer; nullopt for NobodyAnswered (this one may listen).
    std::optional<bool> decided(Answer answer);
    void acceptConnections();
    void handleRequest(const QByteArray &line);

    QString m_name;
    QString m_warning;
    QLocalServer *m_server = nullptr;
};
