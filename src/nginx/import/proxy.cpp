#include "importer.h"

// The proxy_* settings of ngx_stream_proxy_module (proxy_pass is read with server {}, the
// proxy_ssl_* ones with TLS in ssl.cpp).

namespace NginxImport {

bool Importer::applyProxySetting(const NginxDirective &d, Draft *draft)
{
    ListenerConfig &l = draft->listener;
    const QString &name = d.name;
    if (name == u"proxy_timeout")
        setTime(d, &l.proxyTimeoutMs);
    else if (name == u"proxy_connect_timeout")
        setTime(d, &l.proxyConnectTimeoutMs);
    else if (name == u"proxy_next_upstream")
        setFlag(d, &l.proxyNextUpstream);
    else if (name == u"proxy_next_upstream_tries")
        setNumber(d, &l.proxyNextUpstreamTries);
    else if (name == u"proxy_next_upstream_timeout")
        setTime(d, &l.proxyNextUpstreamTimeoutMs);
    else if (name == u"proxy_half_close")
        setFlag(d, &l.proxyHalfClose);
    else if (name == u"proxy_responses")
        setNumber(d, &l.proxyResponses);
    else if (name == u"proxy_requests")
        setNumber(d, &l.proxyRequests);
    else if (name == u"proxy_protocol")
        setFlag(d, &l.proxyProtocol.send);
    else if (name == u"proxy_protocol_timeout")
        setTime(d, &l.proxyProtocol.timeoutMs);
    else
        return false;
    return true;
}

} // namespace NginxImport
