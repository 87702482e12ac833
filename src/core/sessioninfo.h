#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSet>
#include <QString>

// One live proxied session (TCP connection or UDP session) as the connections view and the
// API show it: a value copied out of a worker, never a reference into one. Times are the
// engine's monotonic milliseconds (steady clock, the same in every thread of the process);
// `started` is the wall-clock time for people. Keys (protocol, state) are fixed words that
// views translate; they are never shown as they are.
struct SessionInfo
{
    quint64 number = 0;     // the "*N" of the error log
    int worker = 0;         // the worker thread that owns it
    QString protocol;       // "tcp" or "udp"
    QString client;         // address:port (after the PROXY protocol's realip, when used)
    QString listener;       // the listening address, as the error log prints "server: ..."
    QString group;          // the upstream group (or proxy_pass host:port); empty before routing
    QString server;         // the server chosen; empty while none is
    QString state;          // stateKeys below
    QString tlsProtocol;    // the client side's TLS protocol when terminated ("TLSv1.3")
    QString serverName;     // SNI, when terminated or preread
    quint64 bytesFromClient = 0;
    quint64 bytesToClient = 0;
    quint64 bytesFromUpstream = 0;
    quint64 bytesToUpstream = 0;
    double uploadRate = 0;   // bytes a second from the client, since the engine last looked
    double downloadRate = 0; // bytes a second to the client
    qint64 startedMs = 0;      // monotonic
    qint64 lastActivityMs = 0; // monotonic
    QDateTime started;

    qint64 ageMs(qint64 nowMs) const { return nowMs - startedMs; }
    qint64 idleMs(qint64 nowMs) const { return nowMs - lastActivityMs; }
};

// Why a session ended, for the recently closed list. The key is what the API sends.
enum class SessionEnd { ClientClosed, UpstreamClosed, Completed, Timeout, ClosedByOperator, Error, Stopped };

namespace SessionEnds {
QString key(SessionEnd end); // "client-closed", "upstream-closed", ...
} // namespace SessionEnds

struct ClosedSession
{
    SessionInfo session;  // as it was when it closed
    SessionEnd end = SessionEnd::Error;
    QString detail;       // the log's words: the error, or who closed it ("through the API from ...")
    qint64 endedMs = 0;   // monotonic
    QDateTime ended;
};

// Which sessions an operator means: every given criterion must hold (none: every session).
// A listener, server or client matches its whole value ("127.0.0.1:8080") or its address
// without the port ("127.0.0.1"); server also matches the group's name.
struct SessionFilter
{
    QSet<quint64> numbers;
    QString listener;
    QString server;
    QString client;
    QString protocol;

    bool isEmpty() const { return numbers.isEmpty() && listener.isEmpty() && server.isEmpty() && client.isEmpty() && protocol.isEmpty(); }
    bool matches(const SessionInfo &session) const;
};

// What a worker reports at the stats interval while someone watches: sessions added and
// changed since its last batch, numbers removed, and sessions closed since (with why). A
// `full` batch lists every session the worker has now (a new watcher): rows of that worker
// it does not name are gone.
struct SessionBatch
{
    int worker = 0;
    bool full = false;
    qint64 monotonicMs = 0;
    QList<SessionInfo> added;
    QList<SessionInfo> updated;
    QList<quint64> removed;
    QList<ClosedSession> closed;

    bool isEmpty() const { return !full && added.isEmpty() && updated.isEmpty() && removed.isEmpty() && closed.isEmpty(); }
};

Q_DECLARE_METATYPE(SessionBatch)
