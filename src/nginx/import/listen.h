#pragma once

#include <config.h>

#include <QString>

// The parameters of nginx's "listen" that tune the socket (ngx_stream_core_listen in
// nginx 1.22): backlog=, so_keepalive=, ipv6only=, reuseport, bind, read into a listener's
// ListenSocketConfig; rcvbuf=, sndbuf= and fastopen= are known and not carried. Pure
// functions; the importer reports what they say at the listen line.
namespace ListenImport {

struct Parameter
{
    enum class Kind {
        Carried,    // read into *socket
        NotCarried, // nginx takes it, Portier has no setting: a warning, message says which
        Invalid,    // nginx refuses the line: an error, message in nginx's words
        Unknown,    // not a socket parameter (ssl, udp, proxy_protocol, or nginx's "the invalid")
    };
    Kind kind = Kind::Unknown;
    QString message;
};

Parameter read(const QString &arg, ListenSocketConfig *socket);

// What nginx 1.22 refuses once every parameter is read ("... is incompatible with \"udp\"");
// empty when the line is fine.
QString udpError(bool udp, const ListenSocketConfig &socket, bool fastopen);

} // namespace ListenImport
