#pragma once

#include <QProcess>
#include <QStringList>
#include <functional>

// Runs the real portierd binary (path from $PORTIERD, set by CTest) and collects its
// stderr, so tests can wait for its "listening on" lines instead of probing the port (a
// probe connection would take a balancer pick).
class PortierdProcess
{
public:
    PortierdProcess();
    ~PortierdProcess();

    static QString binary();

    bool start(const QStringList &arguments);
    // Waits until stderr holds a line containing text; false on timeout or exit.
    bool waitForOutput(const QString &text, int timeoutMs = 10000);
    // Waits until done(everything read so far) holds; false on timeout or exit.
    bool waitForOutput(const std::function<bool(const QString &)> &done, int timeoutMs = 10000);
    QString output(); // everything read so far
    int lineCount(const QString &text);

    qint64 pid() const { return m_process.processId(); }
    qint64 residentKiB() const; // VmRSS from /proc (Linux); -1 elsewhere
    // SIGTERM (Windows: StopRequest's named event), then wait; true when it exited by itself.
    bool terminate(int timeoutMs = 10000);
    // The words portierd logs for that request: "signal SIGTERM received" / "signal stop request received".
    static QString terminateLogText();
    void sendSignal(int signalNumber);
    int exitCode() const { return m_process.exitCode(); }
    QProcess &process() { return m_process; }

    // Runs portierd to completion (for --check, --version): exit code and all output.
    static int run(const QStringList &arguments, QString *output, int timeoutMs = 30000);

private:
    QProcess m_process;
    QString m_output;
};
