#pragma once

#include "platform/net.h"

#include <proxyprotocol.h>

// Reads a client's PROXY protocol header ("listen ... proxy_protocol") off its socket and
// nothing more: the bytes are peeked, and taken only as far as they belong to the header,
// so the client's own data stays in the socket for TLS, ssl_preread or the relay, as in
// nginx's ngx_stream_proxy_protocol_handler. A header split over segments is taken piece by
// piece (bytes that cannot end it are header bytes), so level-triggered readiness never
// spins on bytes already seen. Owned by one TcpSession, in its worker's thread.
class ProxyHeaderReader
{
public:
    enum class Status {
        WouldBlock, // wait for the socket to be readable again
        Done,       // result() holds the header's addresses (if any)
        Malformed,  // not a header: error() says why, in nginx's words
        Failed,     // recv() failed: *error is the system's code
    };

    Status read(Net::Socket socket, int *error);
    const ProxyProtocol::Result &result() const { return m_result; }
    QString error() const; // Malformed: the log line's start, before " while reading PROXY protocol"

private:
    QByteArray m_taken; // header bytes already read off the socket
    ProxyProtocol::Result m_result;
};
