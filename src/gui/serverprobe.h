#pragma once

#include <QAbstractSocket>
#include <QObject>
#include <QStringList>

// Connects to each upstream server now and says in words what happened ("127.0.0.1:7774:
// connection refused — nothing is listening on that port"). Asynchronous QTcpSockets with
// a timeout of their own, in the GUI thread: nothing blocks. A probe does not go through
// the engine, so it takes no balancer pick and marks no server failed.
class ServerProbe : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultTimeoutMs = 5000;

    explicit ServerProbe(QObject *parent = nullptr);

    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    // Probes every address at once; emits result() per address, then finished().
    void start(const QStringList &addresses);
    bool isRunning() const { return m_remaining > 0; }

    // The words for a socket error, after "address: ".
    static QString describe(QAbstractSocket::SocketError error, const QString &errorString, int timeoutMs);

signals:
    void result(int index, const QString &address, bool reachable, const QString &message);
    void finished();

private:
    void probe(int index, const QString &address);
    void done(int index, const QString &address, bool reachable, const QString &message);

    int m_timeoutMs = defaultTimeoutMs;
    int m_remaining = 0;
    int m_generation = 0;
};
