#pragma once

#include "platform/net.h"

#include <accessrules.h>
#include <proxyprotocol.h>

// What the engine does with PROXY protocol addresses, after nginx 1.22:
// ngx_stream_realip_module's handler and the header ngx_proxy_protocol_write sends upstream.
// Pure functions, any thread.
namespace ProxyHeader {

// set_real_ip_from compiled for matching: a trusted peer is one these rules "deny".
AccessRules compileTrusted(const QStringList &sources);

// realip: when the connecting peer is trusted and the header carried a source that parses
// as an address (ngx_parse_addr; v1's text is not checked further by the parser), that
// source and its port are the client from now on. Otherwise the peer stays the client.
Net::Endpoint realClient(const AccessRules &trusted, const Net::Endpoint &peer, const ProxyProtocol::Addresses &carried);

// "PROXY TCP4 CLIENT LOCAL CPORT LPORT\r\n": client is the session's client (after realip,
// as nginx's c->sockaddr), local the address the client connected to.
QByteArray v1For(const Net::Endpoint &client, const Net::Endpoint &local);

} // namespace ProxyHeader
