#pragma once

#include "config.h"
#include "serverchange.h"

#include <QByteArray>
#include <QString>
#include <optional>

// The body of nginx Plus's PATCH /stream/upstreams/NAME/servers/ID, read into a ServerChange:
// {"weight": 3}, {"down": true}, {"drain": true}, several at once. nginx Plus's other server
// fields (max_conns, max_fails, fail_timeout, slow_start, backup, server) are set by the
// config in Portier: a client may send them back as they are (nginx Plus's clients send the
// whole server), but a different value is refused with a message that says so.
namespace PeerChange {

struct Parsed
{
    ServerChange change;
    QString error;        // empty: change is good
    QByteArray errorCode; // nginx Plus's: "UpstreamConfFormatError", "UpstreamBadWeight"
};

Parsed parse(const QByteArray &body, const ServerConfig &current);

} // namespace PeerChange
