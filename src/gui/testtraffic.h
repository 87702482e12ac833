#pragma once

#include <config.h>
#include <statssnapshot.h>

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <optional>

class QAbstractSocket;

// "Send test traffic" through one running listener: a bounded stream of TCP connections
// (UDP datagrams from a socket each, for a UDP listener), each sending a few KB and reading
// back what comes, so the plot and the counters move. Bounded in count (rate × duration,
// at most maxOpen at once) and in time (every connection ends after connectionTimeoutMs,
// the whole run at durationMs + connectionTimeoutMs), and sent only to the listener's own
// address (127.0.0.1 or ::1 for a wildcard one). TLS listeners are refused with a message:
// the bytes sent are plain, and a TLS handshake toward a self-signed listener is what
// `openssl s_client` is for. GUI thread.
class TestTraffic : public QObject
{
    Q_OBJECT

public:
    struct Plan
    {
        int connectionsPerSecond = 20;
        int durationMs = 15'000;
        int payloadBytes = 4096;
        int maxOpen = 64;
        int connectionTimeoutMs = 5'000;

        int connections() const { return int(qint64(connectionsPerSecond) * durationMs / 1000); }
    };
    // The plan's ceilings, so a test run never turns into a load test.
    static constexpr int maxConnectionsPerSecond = 200;
    static constexpr int maxDurationMs = 60'000;
    static constexpr int maxPayloadBytes = 65'536;

    struct Target
    {
        QString listen; // as the config writes it, for messages
        QHostAddress address;
        quint16 port = 0;
        bool udp = false;
    };
    // Where test traffic for this listener goes, or why it cannot go there (in words):
    // stats is the listener's row of the latest snapshot, null when the engine is stopped.
    static std::optional<Target> targetFor(const ListenerConfig &listener, const ListenerStats *stats, QString *error);

    struct Progress
    {
        int started = 0;
        int completed = 0; // read back all it sent, or the peer closed after answering
        int failed = 0;    // refused, reset, or nothing back within the timeout
        qint64 bytesSent = 0;
        qint64 bytesReceived = 0;
    };

    explicit TestTraffic(QObject *parent = nullptr);
    ~TestTraffic() override;

    // Starts a run (a running one is stopped first); the plan is clamped to the ceilings.
    void start(const Target &target, const Plan &plan);
    // Closes every open connection now; finished() follows.
    void stop();
    bool isRunning() const { return m_running; }
    const Plan &plan() const { return m_plan; }
    const Target &target() const { return m_target; }
    const Progress &progress() const { return m_progress; }
    QString statusText() const; // one line for the progress label

signals:
    void progressChanged();
    void finished();

private:
    void openNext();
    void openTcp();
    void openUdp();
    void received(QAbstractSocket *socket, qint64 bytes);
    void close(QAbstractSocket *socket, bool completed);
    void finishIfDone();
    void end();

    Target m_target;
    Plan m_plan;
    Progress m_progress;
    QByteArray m_payload;
    QTimer m_tick;
    QTimer m_deadline;
    QElapsedTimer m_clock;
    QHash<QAbstractSocket *, qint64> m_open; // open connections, and the bytes each read back
    bool m_running = false;
};
