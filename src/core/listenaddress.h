#pragma once

#include "hostport.h"

#include <QList>
#include <QString>
#include <optional>

// A listener's address as nginx's `listen` reads it (ngx_parse_url with u->listen): host:port,
// [v6]:port or a bare port, where the port may be a range "first-last" (stream's listen has
// taken ranges since nginx 1.15.10; nginx 1.22 listens on each port of it). The text itself
// stays in ListenerConfig::listen as written; this is its reading.
struct ListenAddress
{
    // Each port is a socket of its own; more than this in one listener is refused.
    static constexpr int maxPorts = 1024;

    QString host; // without brackets; empty for a bare port (all IPv4 addresses)
    quint16 firstPort = 0;
    quint16 lastPort = 0;

    bool isRange() const { return lastPort != firstPort; }
    int portCount() const { return int(lastPort) - int(firstPort) + 1; }
    bool isIpLiteral() const { return HostPort{host, firstPort}.isIpLiteral(); }
    HostPort at(quint16 port) const { return HostPort{host, port}; }
    QList<HostPort> addresses() const; // one per port, in order

    // On failure returns nullopt and, when error is given, says what is wrong in words
    // (nginx's "invalid port range" for 12350-12345). portLimit: the widest range taken (the
    // importer asks with 65536, to tell what nginx refuses from what only Portier does).
    static std::optional<ListenAddress> parse(const QString &text, QString *error = nullptr, int portLimit = maxPorts);
};
