#pragma once

#include <config.h>

#include <QString>

// The parameters of nginx's "listen" that tune the socket (ngx_stream_core_listen in
// nginx 1.22): bind, fastopen=, backlog=, rcvbuf=, sndbuf=, ipv6only=, reuseport,
// so_keepalive=, read into a listener's ListenSocketConfig. Pure
// functions; the importer reports what they say at the listen line.
namespace ListenImport {

struct Parameter
{
    enum class Kind {
        Carried,    // read into *socket
        Invalid,    // nginx refuses the line: an error, message in nginx's words
        Unknown,    // not a socket parameter (ssl, udp, proxy_protocol, or nginx's "the invalid")
    };
    Kind kind = Kind::Unknown;
    QString message;
};

Parameter read(const QString &arg, ListenSocketConfig *socket);

// What nginx 1.22 refuses once every parameter is read ("... is incompatible with \"udp\"");
// empty when the line is fine.
QString udpError(bool udp, const ListenSocketConfig &socket);

} // namespace ListenImport
