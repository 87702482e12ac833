#include "runtimestate.h"

#include <QCoreApplication>

namespace RuntimeState {

SaveResult saveInto(Config *config, const QList<ServerStats> &servers)
{
    SaveResult result;
    for (const ServerStats &server : servers) {
        if (!server.steered)
            continue;
        UpstreamConfig *upstream = nullptr;
        for (UpstreamConfig &candidate : config->upstreams) {
            if (candidate.name == server.upstream)
                upstream = &candidate;
        }
        if (!upstream || server.index < 0 || server.index >= upstream->servers.size()) {
            // proxy_pass host:port without an upstream block, or a group edited since.
            result.skipped << QCoreApplication::translate("RuntimeState", "%1 %2: no such server in the configuration")
                                  .arg(server.upstream, server.address);
            continue;
        }
        ServerConfig &target = upstream->servers[server.index];
        const bool down = server.state == ServerStats::State::Down || server.state == ServerStats::State::Draining
                          || server.state == ServerStats::State::Drained;
        if (target.weight == server.weight && target.down == down)
            continue; // several addresses of one host name: written once
        target.weight = server.weight;
        target.down = down;
        ++result.changed;
    }
    return result;
}

} // namespace RuntimeState
