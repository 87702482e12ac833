#pragma once

#include <config.h>

#include <QStringList>

// The config most engine tests need: one listener on 127.0.0.1:listenPort (or listenHost)
// proxying to one upstream group "backend" of the given servers.
inline ServerConfig serverAt(const QString &address, int weight = 1)
{
    ServerConfig server;
    server.address = address;
    server.weight = weight;
    return server;
}

inline Config proxyConfig(quint16 listenPort, const QList<ServerConfig> &servers, int workers = 2,
                          ListenerConfig::Protocol protocol = ListenerConfig::Protocol::Tcp,
                          const QString &listenHost = QStringLiteral("127.0.0.1"))
{
    Config config;
    config.workers = workers;
    config.errorLog.level = QStringLiteral("info");
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    upstream.servers = servers;
    config.upstreams << upstream;
    ListenerConfig listener;
    listener.listen = listenHost + u':' + QString::number(listenPort);
    listener.protocol = protocol;
    listener.proxyPass = QStringLiteral("backend");
    config.listeners << listener;
    return config;
}

inline Config proxyConfig(quint16 listenPort, const QStringList &addresses, int workers = 2,
                          ListenerConfig::Protocol protocol = ListenerConfig::Protocol::Tcp,
                          const QString &listenHost = QStringLiteral("127.0.0.1"))
{
    QList<ServerConfig> servers;
    for (const QString &address : addresses)
        servers << serverAt(address);
    return proxyConfig(listenPort, servers, workers, protocol, listenHost);
}
