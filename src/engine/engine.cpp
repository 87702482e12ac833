#include "engine.h"

#include "acceptor.h"
#include "healthchecker.h"
#include "hostresolver.h"
#include "platform/workerdispatcher.h"
#include "tls/tlschecks.h"
#include "upstreamgroup.h"
#include "worker.h"

#include <configvalidator.h>
#include <errorlog.h>
#include <hostport.h>

#include <QThread>
#include <chrono>

namespace {

constexpr int defaultStatsIntervalMs = 1000;

qint64 monotonicMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// "30003" and "0.0.0.0:30003" and "*:30003" are one address.
std::optional<Net::Endpoint> endpointOf(const QString &listen)
{
    const auto hostPort = HostPort::parse(listen, true);
    if (!hostPort)
        return std::nullopt;
    Net::Endpoint endpoint;
    endpoint.address = hostPort->host.isEmpty() ? QHostAddress(QHostAddress::AnyIPv4) : QHostAddress(hostPort->host);
    endpoint.port = hostPort->port;
    return endpoint;
}

QString listenerKey(const Net::Endpoint &endpoint, ListenerConfig::Protocol protocol)
{
    return endpoint.toString() + (protocol == ListenerConfig::Protocol::Udp ? QStringLiteral("/udp") : QStringLiteral("/tcp"));
}

QString bindAdvice(int error, const QString &listen)
{
    if (Net::isAddressInUse(error))
        return QStringLiteral("another program is already listening on %1; stop it or choose another port").arg(listen);
    return QStringLiteral("check that the address belongs to this machine and that you may use the port");
}

} // namespace

Engine::Engine(QObject *parent)
    : QObject(parent), m_log(std::make_shared<ErrorLog>()), m_connectionCounter(std::make_shared<std::atomic<quint64>>(0)),
      m_statsTimer(this)
{
    Net::startup();
    qRegisterMetaType<StatsSnapshot>();
    m_statsTimer.setInterval(defaultStatsIntervalMs);
    connect(&m_statsTimer, &QTimer::timeout, this, [this] { emit statsUpdated(snapshot()); });
    m_resolver = new HostResolver(m_log, this);
    connect(m_resolver, &HostResolver::addressesChanged, this, [this] {
        if (!m_workers.empty())
            apply(m_config); // rebuilds only the groups whose addresses changed
    });
}

void Engine::resolveHostNames(const Config &config)
{
    m_resolver->resolveNow(HostResolver::hostNames(config));
}

Engine::~Engine()
{
    stop();
}

void Engine::setStatsInterval(int milliseconds)
{
    m_statsTimer.setInterval(milliseconds);
}

void Engine::startWorkers(int count)
{
    for (int i = 0; i < count; ++i) {
        WorkerThread entry;
        entry.thread = new QThread;
        entry.thread->setObjectName(QStringLiteral("portier-worker-%1").arg(i));
        // Waits in epoll_wait() on the worker's sockets itself (see workerdispatcher.h).
        if (QAbstractEventDispatcher *dispatcher = Platform::createWorkerEventDispatcher())
            entry.thread->setEventDispatcher(dispatcher);
        entry.worker = new Worker(i, m_log, m_connectionCounter);
        entry.worker->moveToThread(entry.thread);
        entry.thread->start();
        QMetaObject::invokeMethod(entry.worker, [worker = entry.worker] { worker->initialize(); }, Qt::BlockingQueuedConnection);
        m_workers.push_back(entry);
    }
}

void Engine::stopWorkers()
{
    for (const WorkerThread &entry : m_workers) {
        QMetaObject::invokeMethod(entry.worker, [worker = entry.worker] { worker->shutdown(); }, Qt::BlockingQueuedConnection);
        entry.thread->quit();
        entry.thread->wait();
        delete entry.worker;
        delete entry.thread;
    }
    m_workers.clear();
}

void Engine::publishListeners()
{
    const QList<std::shared_ptr<const Listener>> listeners = m_listeners.values();
    for (const WorkerThread &entry : m_workers) {
        QMetaObject::invokeMethod(entry.worker, [worker = entry.worker, listeners] { worker->setListeners(listeners); },
                                  Qt::BlockingQueuedConnection);
    }
}

std::shared_ptr<UpstreamGroup> Engine::groupFor(const Config &config, const QString &proxyPass,
                                                QHash<QString, std::shared_ptr<UpstreamGroup>> *built)
{
    if (const auto found = built->constFind(proxyPass); found != built->constEnd())
        return *found;
    UpstreamConfig groupConfig;
    if (const UpstreamConfig *upstream = config.findUpstream(proxyPass)) {
        groupConfig = *upstream;
    } else {
        // proxy_pass host:port is an implicit group of one server, as in nginx.
        groupConfig.name = proxyPass;
        ServerConfig server;
        server.address = proxyPass;
        groupConfig.servers << server;
    }
    const UpstreamGroup::AddressLookup lookup = [this](const QString &host) { return m_resolver->addresses(host); };
    std::shared_ptr<UpstreamGroup> group = m_groups.value(proxyPass);
    if (!group || group->config() != groupConfig || group->addressSignature() != UpstreamGroup::addressSignature(groupConfig, lookup))
        group = std::make_shared<UpstreamGroup>(groupConfig, m_log, lookup); // changed: fresh balancer state
    built->insert(proxyPass, group);
    return group;
}

Engine::ApplyResult Engine::apply(const Config &config)
{
    ApplyResult result;
    result.issues = ConfigValidator::validate(config);
    if (!result.issues.isEmpty())
        return result; // refused whole: what runs keeps running

    QString logError;
    if (!m_log->configure(config.errorLog, &logError)) {
        result.issues << ConfigIssue{QStringLiteral("error_log"), logError};
        return result;
    }

    const int wantedWorkers = config.workers > 0 ? config.workers : qMax(1, QThread::idealThreadCount());
    if (m_workers.empty())
        startWorkers(wantedWorkers);
    else if (int(m_workers.size()) != wantedWorkers)
        m_log->write(ErrorLog::Level::Notice, QStringLiteral("workers: keeping %1 worker threads; a new count takes effect on restart")
                                                  .arg(m_workers.size()));

    m_resolver->track(HostResolver::hostNames(config)); // lookups run on; groups use what is known

    QHash<QString, std::shared_ptr<UpstreamGroup>> groups;
    QHash<QString, std::shared_ptr<const Listener>> listeners;
    QHash<QString, QString> errors;
    for (qsizetype i = 0; i < config.listeners.size(); ++i) {
        const ListenerConfig &listenerConfig = config.listeners.at(i);
        if (!listenerConfig.enabled)
            continue;
        const Net::Endpoint endpoint = *endpointOf(listenerConfig.listen); // validated above
        const QString key = listenerKey(endpoint, listenerConfig.protocol);

        auto listener = std::make_shared<Listener>();
        listener->config = listenerConfig;
        listener->access = AccessRules(listenerConfig.access);
        warnAboutHostBits(listenerConfig, i);
        listener->group = groupFor(config, listenerConfig.proxyPass, &groups);
        for (auto route = listenerConfig.sniRoutes.cbegin(); route != listenerConfig.sniRoutes.cend(); ++route)
            listener->sniRoutes.add(route.key(), groupFor(config, route.value(), &groups));
        const auto running = m_listeners.value(key);
        if (!prepareTls(config, i, running.get(), listener.get(), &result)) {
            if (running)
                listeners.insert(key, running); // keeps serving with the settings it has
            errors.insert(listenerConfig.listen, result.issues.last().message);
            continue;
        }
        if (running) {
            listener->acceptor = running->acceptor; // keep the socket and its connections
            if (running->hasSameSetup(*listener)) {
                listeners.insert(key, running);
                continue;
            }
        } else {
            int error = 0;
            const bool udp = listenerConfig.protocol == ListenerConfig::Protocol::Udp;
            const Net::Socket socket = udp ? Net::bindUdp(endpoint, &error) : Net::listenTcp(endpoint, Acceptor::backlog, &error);
            if (socket == Net::invalidSocket) {
                const QString message = QStringLiteral("bind() to %1 failed (%2); %3")
                                            .arg(endpoint.toString(), Net::errorString(error), bindAdvice(error, endpoint.toString()));
                m_log->write(ErrorLog::Level::Emerg, message);
                result.issues << ConfigIssue{QStringLiteral("listeners[%1].listen").arg(i), message};
                errors.insert(listenerConfig.listen, message);
                emit listenerFailed(listenerConfig.listen, message);
                continue;
            }
            listener->acceptor = std::make_shared<Acceptor>(socket, endpoint, endpoint.toString());
            m_log->write(ErrorLog::Level::Notice, QStringLiteral("listening on %1 (%2), proxy_pass %3")
                                                      .arg(endpoint.toString(), udp ? QStringLiteral("udp") : QStringLiteral("tcp"),
                                                           listenerConfig.proxyPass));
            emit listenerStarted(listenerConfig.listen);
        }
        // A UDP listener is served by one worker, spread by address over the workers.
        listener->udpWorker = int(qHash(key) % uint(m_workers.size()));
        listeners.insert(key, listener);
    }

    QList<std::shared_ptr<Acceptor>> removed;
    for (auto it = m_listeners.constBegin(); it != m_listeners.constEnd(); ++it) {
        if (!listeners.contains(it.key()))
            removed << it.value()->acceptor;
    }

    m_config = config;
    m_groups = groups;
    m_listeners = listeners;
    m_listenerErrors = errors;
    publishListeners(); // blocking: afterwards no worker watches a removed socket
    updateHealthCheckers();
    for (const auto &acceptor : std::as_const(removed)) {
        acceptor->closeSocket();
        m_log->write(ErrorLog::Level::Notice, QStringLiteral("stopped listening on %1; its connections finish on their own")
                                                  .arg(acceptor->listenText()));
    }
    if (!m_statsTimer.isActive())
        m_statsTimer.start();
    result.applied = true;
    return result;
}

void Engine::warnAboutHostBits(const ListenerConfig &listener, qsizetype index)
{
    // nginx warns the same when it reads the config, and matches the rule without those bits.
    for (qsizetype j = 0; j < listener.access.size(); ++j) {
        const QString &address = listener.access.at(j).address;
        if (const auto parsed = AccessRules::parseAddress(address); parsed && parsed->hostBitsSet)
            m_log->write(ErrorLog::Level::Warn, QStringLiteral("low address bits of %1 are meaningless in listeners[%2].access[%3]")
                                                    .arg(address).arg(index).arg(j));
    }
}

bool Engine::prepareTls(const Config &config, qsizetype index, const Listener *running, Listener *listener, ApplyResult *result)
{
    // A listener whose certificate cannot load reports its own error; the others go on.
    QStringList warnings;
    const ConfigIssues issues = TlsChecks::prepare(config, index, running, listener, &warnings);
    for (const QString &warning : std::as_const(warnings))
        m_log->write(ErrorLog::Level::Warn, warning);
    for (const ConfigIssue &issue : issues)
        m_log->write(ErrorLog::Level::Emerg, issue.toString());
    if (issues.isEmpty())
        return true;
    result->issues += issues;
    emit listenerFailed(config.listeners.at(index).listen, issues.first().message);
    return false;
}

void Engine::updateHealthCheckers()
{
    std::vector<std::unique_ptr<HealthChecker>> checkers;
    for (const auto &group : std::as_const(m_groups)) {
        if (!group->config().healthCheck.enabled)
            continue;
        bool usedByTcp = false;
        bool usedByUdp = false;
        for (const auto &listener : std::as_const(m_listeners)) {
            if (listener->group == group)
                (listener->config.protocol == ListenerConfig::Protocol::Udp ? usedByUdp : usedByTcp) = true;
        }
        const bool udp = usedByUdp && !usedByTcp; // a group only UDP listeners use is checked with datagrams
        auto kept = std::find_if(m_healthCheckers.begin(), m_healthCheckers.end(),
                                 [&](const auto &checker) { return checker && checker->group() == group && checker->isUdp() == udp; });
        if (kept != m_healthCheckers.end()) {
            checkers.push_back(std::move(*kept)); // same group object: keep its counters going
            continue;
        }
        auto checker = std::make_unique<HealthChecker>(group, m_log, udp);
        connect(checker.get(), &HealthChecker::healthChanged, this, &Engine::serverHealthChanged);
        checkers.push_back(std::move(checker));
    }
    m_healthCheckers = std::move(checkers);
}

void Engine::stop()
{
    const bool wasRunning = !m_workers.empty();
    m_statsTimer.stop();
    m_healthCheckers.clear();
    stopWorkers();
    for (const auto &listener : std::as_const(m_listeners))
        listener->acceptor->closeSocket();
    m_listeners.clear();
    m_listenerErrors.clear();
    m_groups.clear();
    if (wasRunning)
        emit stopped();
}

StatsSnapshot Engine::snapshot() const
{
    StatsSnapshot snapshot;
    snapshot.time = QDateTime::currentDateTime();
    const qint64 now = monotonicMs();
    for (qsizetype i = 0; i < m_config.listeners.size(); ++i) {
        const ListenerConfig &config = m_config.listeners.at(i);
        ListenerStats stats;
        stats.index = int(i);
        stats.listen = config.listen;
        stats.protocol = config.protocol == ListenerConfig::Protocol::Udp ? QStringLiteral("udp") : QStringLiteral("tcp");
        stats.error = m_listenerErrors.value(config.listen);
        const auto endpoint = endpointOf(config.listen);
        const auto listener = endpoint ? m_listeners.value(listenerKey(*endpoint, config.protocol)) : nullptr;
        if (listener && config.enabled) {
            const Acceptor &acceptor = *listener->acceptor;
            stats.listening = true;
            stats.activeConnections = acceptor.active.load(std::memory_order_relaxed);
            stats.acceptedConnections = acceptor.accepted.load(std::memory_order_relaxed);
            stats.bytesFromClients = acceptor.bytesFromClients.load(std::memory_order_relaxed);
            stats.bytesToClients = acceptor.bytesToClients.load(std::memory_order_relaxed);
            stats.connectFailures = acceptor.connectFailures.load(std::memory_order_relaxed);
            stats.noLiveUpstreams = acceptor.noLiveUpstreams.load(std::memory_order_relaxed);
            stats.denied = acceptor.denied.load(std::memory_order_relaxed);
            stats.datagramsFromClients = acceptor.datagramsFromClients.load(std::memory_order_relaxed);
            stats.datagramsToClients = acceptor.datagramsToClients.load(std::memory_order_relaxed);
            stats.datagramsDropped = acceptor.datagramsDropped.load(std::memory_order_relaxed);
            stats.tlsHandshakes = acceptor.tlsHandshakes.load(std::memory_order_relaxed);
            stats.tlsSessionsReused = acceptor.tlsSessionsReused.load(std::memory_order_relaxed);
            stats.tlsHandshakeFailures = acceptor.tlsHandshakeFailures.load(std::memory_order_relaxed);
        }
        snapshot.listeners << stats;
    }
    QStringList names = m_groups.keys();
    names.sort();
    for (const QString &name : std::as_const(names))
        snapshot.servers << m_groups.value(name)->stats(now);
    return snapshot;
}
