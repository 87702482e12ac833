#pragma once

#include "platform/net.h"

#include <sessioninfo.h>

// What a session tells the connections view, in raw form: filled only when a worker's
// SessionRegistry looks (a batch is due and someone watches, an API request, a close), never
// on the data path. The strings are implicit-shared copies of the listener's and server's own
// (no allocation); `state` points at a fixed key.
struct SessionFacts
{
    quint64 number = 0;
    bool udp = false;
    Net::Endpoint client;
    QString listener;
    QString group;
    QString server;
    const char *state = "";
    QString tlsProtocol;
    QString serverName;
    quint64 bytesFromClient = 0;
    quint64 bytesToClient = 0;
    quint64 bytesFromUpstream = 0;
    quint64 bytesToUpstream = 0;
    qint64 startedMs = 0;
    qint64 lastActivityMs = 0;
};

// A session as its worker's SessionRegistry holds it (TcpSession, UdpSession). Worker thread.
class LiveSession
{
public:
    virtual ~LiveSession() = default;
    virtual void describe(SessionFacts *facts) const = 0;
    // An operator closed it (the window, the API): both sockets close at once, and the error
    // log says who, at notice, with the session's *N. `who` is "from the window", "through the
    // API from 127.0.0.1".
    virtual void closeByOperator(const QString &who) = 0;

    int registryIndex = -1; // its place in the registry; -1 while not listed
};
