#pragma once

#include <QObject>

class QLocalServer;

// One Portier per user: the first instance listens on a local socket named after the user;
// a later one finds it, asks it to show its window (and to open the file named on its
// command line), and exits. A socket left behind by a crashed instance is detected (nobody
// answers) and taken over. GUI thread.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    // name: the local socket's name; defaultName() unless a test wants its own.
    explicit SingleInstance(const QString &name = defaultName(), QObject *parent = nullptr);
    ~SingleInstance() override;

    static QString defaultName();

    // True: this is the first instance (it now listens). False: another one runs and has
    // been told to activate, and to open fileToOpen when one is given (made absolute here:
    // the running instance has a working directory of its own); this one should exit.
    bool claim(const QString &fileToOpen = QString(), int timeoutMs = 2000);
    bool isPrimary() const { return m_server != nullptr; }

signals:
    // A second launch asked this instance to show itself.
    void activationRequested();
    // ... and to open this file (an absolute path); after activationRequested.
    void openRequested(const QString &path);

private:
    bool notifyRunning(const QString &fileToOpen, int timeoutMs);
    void handleRequest(const QByteArray &line);

    QString m_name;
    QLocalServer *m_server = nullptr;
};
