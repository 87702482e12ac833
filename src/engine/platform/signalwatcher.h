#pragma once

#include <QObject>

class QSocketNotifier;

// Turns the operating system's stop and reload requests into Qt signals in the thread that
// created the watcher: SIGINT/SIGTERM, SIGHUP and SIGUSR1 (nginx's "reopen the log files",
// what logrotate's postrotate sends) on POSIX (self-pipe, so nothing unsafe runs inside a
// signal handler), Ctrl+C / Ctrl+Break / console close on Windows, and there also a stop
// request from another program (platform/stoprequest.h). One per process.
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminateRequested(const QString &signalName);
    void reloadRequested();
    void reopenRequested(); // never on Windows, which has no such signal

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};
