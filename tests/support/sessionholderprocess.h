#pragma once

#include <QProcess>
#include <QStringList>

// Runs tests/support/sessionholder (built beside the test executables), which holds the
// clients and servers of many idle sessions in a process of its own; see the protocol at the
// top of sessionholder.cpp. Reading never blocks unless asked to (waitForLine), so a GUI test
// can keep its event loop turning and measure it while the sessions come and go. The child
// is killed when this object goes, however the test ends.
class SessionHolderProcess
{
public:
    SessionHolderProcess();
    ~SessionHolderProcess();

    static QString binary(); // $SESSIONHOLDER, or sessionholder beside the running test

    bool start(int tcpSessions, int udpSessions, int timeoutSeconds);
    // The words after `word` on the first line that starts with it, or nothing (yet).
    QStringList line(const QString &word);
    QStringList waitForLine(const QString &word, int timeoutMs); // blocks; nothing on timeout
    bool hasFailed(); // it said "failed ..." or exited before its time
    void send(const QString &line);
    QString output(); // everything it wrote on stdout so far, for failure messages
    // Closes its stdin, which ends it; true when it exited by itself with code 0.
    bool finish(int timeoutMs = 10000);

private:
    QProcess m_process;
    QString m_output;
    bool m_finishing = false;
};
