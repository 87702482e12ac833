#include "connectionlimits.h"

#include <algorithm>

namespace {

// max_connections counts every connection of the listener: a zone whose key never changes.
const QString maxConnectionsKey = QStringLiteral("max_connections");
constexpr qint64 maxConnectionsZoneSize = 32 * 1024;

// ngx_sock_ntop without a port: IPv4 dotted, IPv6 in its short form without brackets.
QByteArray addressText(const QHostAddress &address)
{
    if (address.isNull())
        return {};
    QHostAddress plain(address);
    plain.setScopeId(QString());
    return plain.toString().toLatin1();
}

// ngx_stream_variable_binary_remote_addr: 4 bytes for IPv4, 16 for IPv6.
QByteArray addressBytes(const QHostAddress &address)
{
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        const quint32 v4 = address.toIPv4Address();
        const char bytes[4] = {char(v4 >> 24), char(v4 >> 16), char(v4 >> 8), char(v4)};
        return QByteArray(bytes, 4);
    }
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        const Q_IPV6ADDR v6 = address.toIPv6Address();
        return QByteArray(reinterpret_cast<const char *>(v6.c), 16);
    }
    return {};
}

} // namespace

StreamFacts streamFacts(const QHostAddress &client, quint16 clientPort, const QHostAddress &server, quint16 serverPort, bool udp,
                        quint64 connection)
{
    StreamFacts facts;
    facts.clientAddress = addressText(client);
    facts.clientAddressBinary = addressBytes(client);
    facts.clientPort = clientPort;
    facts.serverAddress = addressText(server);
    facts.serverPort = serverPort;
    facts.udp = udp;
    facts.connection = connection;
    return facts;
}

ConnectionLimits::ConnectionLimits(std::vector<Limit> limits, ErrorLog::Level logLevel, bool dryRun)
    : m_limits(std::move(limits)), m_logLevel(logLevel), m_dryRun(dryRun)
{
    for (const Limit &limit : m_limits)
        m_needsServerAddress = m_needsServerAddress || limit.zone->key().needsServerAddress();
}

bool ConnectionLimits::admit(const StreamFacts &facts, ErrorLog &log, quint64 number, const std::function<QString()> &context, LimitConnHold *hold,
                             const std::function<void()> &beforeRefusal) const
{
    for (const Limit &limit : m_limits) {
        LimitConnZone &zone = *limit.zone;
        const QByteArray key = zone.key().evaluate(facts);
        if (key.isEmpty())
            continue; // nginx counts nothing for an empty key
        if (key.size() > 255) {
            if (log.isEnabled(ErrorLog::Level::Error))
                log.write(ErrorLog::Level::Error, number, QStringLiteral("the value of the \"%1\" key is more than 255 bytes: \"%2\" while initializing session")
                                                              .arg(zone.key().text(), QString::fromLatin1(key)) + context());
            continue;
        }
        hold->setStatus(StreamFacts::LimitConnStatus::Passed);
        const LimitConnZone::Result result = zone.acquire(key, limit.connections);
        if (result == LimitConnZone::Result::Passed) {
            zone.record(LimitConnZone::Outcome::Passed);
            hold->add(limit.zone, key);
            continue;
        }
        zone.record(m_dryRun ? LimitConnZone::Outcome::RejectedDryRun : LimitConnZone::Outcome::Rejected);
        if (!m_dryRun)
            beforeRefusal(); // in dry run the session goes on and says "connected" itself
        if (result == LimitConnZone::Result::Full) {
            log.write(ErrorLog::Level::Crit, number, QStringLiteral("ngx_slab_alloc() failed: no memory in limit_conn_zone \"%1\"").arg(zone.name()));
        } else if (log.isEnabled(m_logLevel)) {
            const QString by = limit.maxConnections ? QStringLiteral("max_connections (%1)").arg(limit.connections)
                                                    : QStringLiteral("zone \"%1\"").arg(zone.name());
            log.write(m_logLevel, number, QStringLiteral("limiting connections%1 by %2 while initializing session")
                                              .arg(m_dryRun ? QStringLiteral(", dry run,") : QString(), by) + context());
        }
        // As ngx_stream_limit_conn_cleanup_all: what this session counted so far is let go,
        // in dry run too (and then the later zones are not asked).
        hold->releaseAll();
        hold->setStatus(m_dryRun ? StreamFacts::LimitConnStatus::RejectedDryRun : StreamFacts::LimitConnStatus::Rejected);
        return m_dryRun;
    }
    return true;
}

std::shared_ptr<LimitConnZone> ConnectionZones::zone(const QString &name, const QString &key, qint64 size)
{
    m_used.insert(name);
    std::shared_ptr<LimitConnZone> &existing = m_zones[name];
    if (existing && existing->key().text() == key && existing->size() == size)
        return existing;
    std::optional<StreamTemplate> compiled = StreamTemplate::compile(key); // validated before
    existing = std::make_shared<LimitConnZone>(name, compiled ? std::move(*compiled) : StreamTemplate(), size);
    return existing;
}

std::shared_ptr<const ConnectionLimits> ConnectionZones::limitsFor(const Config &config, const ListenerConfig &listener, const QString &listenerKey)
{
    const ListenerLimitsConfig &limits = listener.limits;
    if (!limits.limitsConnections())
        return nullptr;
    std::vector<ConnectionLimits::Limit> compiled;
    for (const ConnectionLimitConfig &limit : limits.connections) {
        if (const ConnectionZoneConfig *zoneConfig = config.findConnectionZone(limit.zone))
            compiled.push_back({zone(zoneConfig->name, zoneConfig->key, zoneConfig->size), limit.connections, false});
    }
    if (limits.maxConnections > 0) {
        // A name no limit_conn_zone can take (it has a space), one per listener address.
        compiled.push_back({zone(QStringLiteral("max_connections ") + listenerKey, maxConnectionsKey, maxConnectionsZoneSize),
                            limits.maxConnections, true});
    }
    const ErrorLog::Level level = ErrorLog::levelFromName(limits.logLevel).value_or(ErrorLog::Level::Error);
    return std::make_shared<const ConnectionLimits>(std::move(compiled), level, limits.dryRun);
}

void ConnectionZones::keepOnlyUsed()
{
    for (auto it = m_zones.begin(); it != m_zones.end();) {
        if (m_used.contains(it.key()))
            ++it;
        else
            it = m_zones.erase(it);
    }
    m_used.clear();
}

QList<LimitZoneStats> ConnectionZones::stats() const
{
    QList<LimitZoneStats> result;
    for (auto it = m_zones.cbegin(); it != m_zones.cend(); ++it) {
        if (!it.value() || it.key().startsWith(u"max_connections "))
            continue;
        const LimitConnZone &zone = *it.value();
        result.append({zone.name(), zone.outcomes(LimitConnZone::Outcome::Passed), zone.outcomes(LimitConnZone::Outcome::Rejected),
                       zone.outcomes(LimitConnZone::Outcome::RejectedDryRun)});
    }
    std::sort(result.begin(), result.end(), [](const LimitZoneStats &a, const LimitZoneStats &b) { return a.name < b.name; });
    return result;
}
