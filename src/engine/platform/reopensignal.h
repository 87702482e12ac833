#pragma once

#include <QObject>

class QSocketNotifier;

// SIGUSR1, nginx's "reopen the log files" (what logrotate's postrotate sends), as a Qt signal
// in the thread that created this object; a self-pipe, so nothing unsafe runs inside the
// signal handler. Windows has no such signal: there the object never emits. One per process.
class ReopenSignal : public QObject
{
    Q_OBJECT

public:
    explicit ReopenSignal(QObject *parent = nullptr);
    ~ReopenSignal() override;

signals:
    void reopenRequested();

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};
