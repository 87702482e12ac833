#pragma once

#include "logentry.h"

#include <QList>
#include <QObject>
#include <QTimer>
#include <memory>

// Hands the error log's lines from whatever thread wrote them (workers, the engine) to the
// GUI thread in batches. A writer only appends to a bounded inbox under a short lock and, when
// the inbox was empty, posts one wake-up; it never waits for the GUI. The GUI drains the inbox
// at most every batchIntervalMs, so a flood of lines costs one model update per batch. When the
// GUI falls behind by more than inboxCapacity lines, the oldest are dropped and counted.
// Lives in the GUI thread.
class LogFeed : public QObject
{
    Q_OBJECT

public:
    static constexpr int batchIntervalMs = 100;
    static constexpr int inboxCapacity = 10000;

    explicit LogFeed(QObject *parent = nullptr);
    ~LogFeed() override;

    // Starts observing this log (and stops observing the previous one); null detaches.
    void attach(std::shared_ptr<ErrorLog> log);

signals:
    // dropped: lines the inbox lost since the last batch because the GUI fell behind.
    void linesArrived(const QList<LogEntry> &lines, quint64 dropped);

private:
    struct Inbox;
    void wake();
    void drain();

    std::shared_ptr<Inbox> m_inbox;
    std::shared_ptr<ErrorLog> m_log;
    int m_observerId = 0;
    QTimer m_batchTimer;
};
