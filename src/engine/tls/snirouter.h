#pragma once

#include <QList>
#include <QString>
#include <memory>

class UpstreamGroup;

// A listener's sni_routes at run time: the client's requested server name picks the upstream
// group, as nginx's `map $ssl_preread_server_name $upstream { hostnames; ... }` does. An exact
// name wins; then the longest matching "*.suffix" wildcard (which covers any depth of
// subdomains, as nginx's does); no match means the listener's proxy_pass. Names compare
// without regard to case. Immutable once built; shared by the workers through the Listener.
class SniRouter
{
public:
    void add(const QString &pattern, std::shared_ptr<UpstreamGroup> group);
    bool isEmpty() const { return m_routes.isEmpty(); }

    // nullptr: no route matches; use the listener's default group.
    UpstreamGroup *route(const QString &serverName) const;

    friend bool operator==(const SniRouter &, const SniRouter &) = default;

private:
    struct Route
    {
        QString name;   // lower case; for a wildcard the suffix with its dot (".b.test")
        bool wildcard = false;
        std::shared_ptr<UpstreamGroup> group;
        friend bool operator==(const Route &, const Route &) = default;
    };
    QList<Route> m_routes;
};
