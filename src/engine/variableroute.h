#pragma once

#include "upstreamgroup.h"

#include <streamrouting.h>

#include <QHash>
#include <memory>
#include <mutex>

class ErrorLog;

// proxy_pass with variables (ngx_stream_proxy_eval and the upstream search of
// ngx_stream_proxy_handler): each session evaluates the template, and its value names an
// upstream group (compared caselessly, and only without a port, as nginx compares) or is an
// IP address with a port, which becomes a group of one server with nginx's defaults. A host
// name would need nginx's `resolver`, which Portier does not have: such a value fails the
// session with nginx's words. Shared by every worker of one Listener; groups for addresses
// are made on first use under a mutex and kept while the Listener lives.
class VariableRoute
{
public:
    VariableRoute(StreamTemplate proxyPass, const QHash<QString, std::shared_ptr<UpstreamGroup>> &upstreams, std::shared_ptr<ErrorLog> log);
    Q_DISABLE_COPY_MOVE(VariableRoute)

    const StreamTemplate &proxyPass() const { return m_proxyPass; }

    // The group for one session's value, or nullptr and what nginx logs at error.
    UpstreamGroup *route(const QByteArray &value, QString *error);

    // More distinct addresses than this are refused rather than held for the listener's life.
    static constexpr int maxAddressGroups = 4096;

private:
    StreamTemplate m_proxyPass;
    QHash<QString, std::shared_ptr<UpstreamGroup>> m_upstreams; // lower-cased name -> group
    std::shared_ptr<ErrorLog> m_log;
    std::mutex m_mutex;
    QHash<QByteArray, std::shared_ptr<UpstreamGroup>> m_byAddress;
};
