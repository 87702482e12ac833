#include "hashbalancer.h"

#include "roundrobinbalancer.h"

#include "crc32.h"

void HashBalancer::evaluateKey(const UpstreamGroup &group, const PickContext &context, PickState &state)
{
    HashKey::Values values;
    Q_ASSERT(context.client && (context.server || !group.keyNeedsServerAddress()));
    const QHostAddress &address = context.client->address;
    values.remoteAddr = address.toString().toLatin1();
    values.remotePort = QByteArray::number(context.client->port);
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        values.binaryRemoteAddr = QByteArray(reinterpret_cast<const char *>(bytes.c), 16);
    } else {
        const quint32 ip = address.toIPv4Address();
        const char bytes[4] = {char(ip >> 24), char(ip >> 16), char(ip >> 8), char(ip)};
        values.binaryRemoteAddr = QByteArray(bytes, 4);
    }
    if (group.keyNeedsServerAddress()) {
        values.serverAddr = context.server->address.toString().toLatin1();
        values.serverPort = QByteArray::number(context.server->port);
    }
    state.key = group.hashKey()->evaluate(values);
    state.keyed = true;
}

UpstreamServer *HashBalancer::pick(UpstreamGroup &group, const PickContext &context, PickState &state)
{
    if (!state.keyed)
        evaluateKey(group, context, state);
    if (state.hashTries > maxTries || group.isSingle() || state.key.isEmpty() || group.totalWeight() == 0)
        return RoundRobinBalancer::pickRoundRobin(group, context, state);

    const auto &servers = group.primaries();
    for (;;) {
        quint32 crc = 0;
        if (state.rehash > 0)
            crc = Crc32::of(QByteArray::number(state.rehash));
        crc = Crc32::update(crc, state.key);
        state.hash += quint32((crc >> 16) & 0x7fff); // wraps as nginx's uint32_t does
        state.rehash++;

        qint64 w = state.hash % quint32(group.totalWeight());
        std::size_t p = 0;
        while (w >= servers[p]->weight) {
            w -= servers[p]->weight;
            ++p;
        }
        UpstreamServer &server = *servers[p];
        if (!state.tried.contains(false, server.index) && UpstreamGroup::isAvailable(server, context.nowMs)) {
            if (context.nowMs - server.checkedMs > server.config.failTimeoutMs)
                server.checkedMs = context.nowMs;
            return &server;
        }
        if (++state.hashTries > maxTries)
            return RoundRobinBalancer::pickRoundRobin(group, context, state);
    }
}
