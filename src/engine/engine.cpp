#include "engine.h"

#include "acceptor.h"
#include "healthchecker.h"
#include "hostresolver.h"
#include "platform/workerdispatcher.h"
#include "preflight.h"
#include "proxyheader.h"
#include "tls/tlschecks.h"
#include "tls/threadstate.h"
#include "upstreamgroup.h"
#include "variableroute.h"
#include "worker.h"
#include "workerload.h"

#include <configvalidator.h>
#include <errorlog.h>
#include <hostport.h>
#include <routingvalidator.h>
#include <streamrouting.h>

#include <QSet>
#include <QThread>
#include <chrono>

namespace {

constexpr int defaultStatsIntervalMs = 1000;

qint64 monotonicMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace

Engine::Engine(QObject *parent)
    : QObject(parent), m_log(std::make_shared<ErrorLog>()), m_connectionCounter(std::make_shared<std::atomic<quint64>>(0)),
      m_statsTimer(this)
{
    m_accessLogs = std::make_unique<AccessLogs>(m_log);
    Net::startup();
    qRegisterMetaType<StatsSnapshot>();
    m_statsTimer.setInterval(defaultStatsIntervalMs);
    connect(&m_statsTimer, &QTimer::timeout, this, [this] {
        emit statsUpdated(snapshot());
        if (m_sessionWatchers > 0)
            publishSessionBatches(false);
    });
    qRegisterMetaType<SessionBatch>();
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

QString Engine::startWorkers(int count)
{
    const auto load = std::make_shared<WorkerLoad>(count);
    for (int i = 0; i < count; ++i) {
        WorkerThread entry;
        entry.thread = new QThread;
        entry.thread->setObjectName(QStringLiteral("portier-worker-%1").arg(i));
        // Waits in epoll_wait() on the worker's sockets itself (see workerdispatcher.h).
        if (QAbstractEventDispatcher *dispatcher = Platform::createWorkerEventDispatcher())
            entry.thread->setEventDispatcher(dispatcher);
        entry.worker = new Worker(i, m_log, m_connectionCounter, load);
        entry.worker->moveToThread(entry.thread);
        OpenSsl::releaseStateWhenFinished(entry.thread);
        entry.thread->start();
        // A thread the system refused never runs its loop: a blocking call into it would wait
        // forever (and with it portierd, deaf to SIGTERM).
        if (!entry.thread->isRunning()) {
            delete entry.worker;
            delete entry.thread;
            return QStringLiteral("workers: the system refused to start worker thread %1 of %2; lower \"workers\" (or use \"auto\"), "
                                  "or raise the limits on threads and memory (ulimit -u, ulimit -v)")
                .arg(i + 1).arg(count);
        }
        QMetaObject::invokeMethod(entry.worker, [worker = entry.worker] { worker->initialize(); }, Qt::BlockingQueuedConnection);
        m_workers.push_back(entry);
    }
    return QString();
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
    const int limit = m_config.workerConnections > 0 ? m_config.workerConnections : Worker::autoConnectionLimit(int(m_workers.size()));
    for (const WorkerThread &entry : m_workers) {
        QMetaObject::invokeMethod(entry.worker, [worker = entry.worker, listeners, limit] {
            worker->setConnectionLimit(limit);
            worker->setListeners(listeners);
        }, Qt::BlockingQueuedConnection);
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
    if (!group || group->config() != groupConfig || group->addressSignature() != UpstreamGroup::addressSignature(groupConfig, lookup)) {
        auto rebuilt = std::make_shared<UpstreamGroup>(groupConfig, m_log, lookup); // changed: fresh balancer state
        if (group)
            rebuilt->adoptCounters(*group); // but the counters go on
        group = rebuilt;
    }
    built->insert(proxyPass, group);
    return group;
}

// A listener as the apply means to run it, before its socket is bound.
struct Engine::Planned
{
    qsizetype index = 0;
    int ports = 1; // how many ports the listener's range has
    QString key;
    Net::Endpoint endpoint;
    std::shared_ptr<Listener> listener;
    std::shared_ptr<const Listener> running; // the one on the same address now, if any
};

Engine::ApplyResult Engine::apply(const Config &config)
{
    // A transaction: everything that can fail is tried before what runs is touched. Config
    // problems refuse the whole apply; a socket that cannot bind fails only its listener,
    // and the listener it replaces keeps serving.
    ApplyResult result;
    result.issues = ConfigValidator::validate(config);
    if (result.issues.isEmpty())
        result.issues = Preflight::checkMachine(config);
    if (!result.issues.isEmpty())
        return result; // refused whole: what runs keeps running

    m_resolver->track(HostResolver::hostNames(config)); // lookups run on; groups use what is known
    QHash<QString, std::shared_ptr<UpstreamGroup>> groups;
    std::vector<Planned> plan;
    if (!planListeners(config, &plan, &groups, &result))
        return result;
    if (!ensureWorkers(config, &result))
        return result;
    QString logError;
    if (!m_log->configure(config.errorLog, &logError)) {
        result.issues << ConfigIssue{QStringLiteral("error_log"), logError};
        return result;
    }
    bindAndSwap(config, plan, groups, &result);
    result.applied = true;
    return result;
}

bool Engine::planListeners(const Config &config, std::vector<Planned> *plan, QHash<QString, std::shared_ptr<UpstreamGroup>> *groups,
                           ApplyResult *result)
{
    for (qsizetype i = 0; i < config.listeners.size(); ++i) {
        const ListenerConfig &listenerConfig = config.listeners.at(i);
        if (!listenerConfig.enabled)
            continue;
        warnAboutHostBits(listenerConfig, i);
        // A port range is one Listener per port, each with a socket of its own, as in nginx.
        const QList<Net::Endpoint> endpoints = Preflight::endpointsOf(listenerConfig.listen); // validated
        for (const Net::Endpoint &endpoint : endpoints) {
            Planned planned;
            planned.index = i;
            planned.ports = int(endpoints.size());
            planned.endpoint = endpoint;
            planned.key = Preflight::listenerKey(planned.endpoint, listenerConfig.protocol);
            planned.running = m_listeners.value(planned.key);
            planned.listener = std::make_shared<Listener>();
            planned.listener->config = listenerConfig;
            planned.listener->access = AccessRules(listenerConfig.access);
            planned.listener->realIpFrom = ProxyHeader::compileTrusted(listenerConfig.proxyProtocol.trustedSources);
            planned.listener->limits = m_connectionZones.limitsFor(config, listenerConfig, planned.key);
            if (listenerConfig.accessLog.isEnabled()) {
                QString error;
                planned.listener->accessLog = m_accessLogs->logFor(config, listenerConfig, &error);
                if (!planned.listener->accessLog && endpoint.port == endpoints.constFirst().port) // refuses the apply whole: what runs keeps running
                    result->issues << ConfigIssue{QStringLiteral("listeners[%1].access_log.path").arg(i), error};
            }
            if (!planRouting(config, listenerConfig, planned.listener.get(), groups))
                planned.listener->group = groupFor(config, listenerConfig.proxyPass, groups);
            for (auto route = listenerConfig.sniRoutes.cbegin(); route != listenerConfig.sniRoutes.cend(); ++route)
                planned.listener->sniRoutes.add(route.key(), groupFor(config, route.value(), groups));
            prepareTls(config, i, planned.running.get(), planned.listener.get(), result);
            plan->push_back(std::move(planned));
        }
    }
    return result->issues.isEmpty(); // a certificate that does not load refuses the apply whole
}

bool Engine::planRouting(const Config &config, const ListenerConfig &listenerConfig, Listener *listener,
                         QHash<QString, std::shared_ptr<UpstreamGroup>> *groups)
{
    const bool variable = RoutingValidator::isVariable(listenerConfig.proxyPass);
    if (!listenerConfig.returnText && !variable)
        return false;
    if (!m_routing || m_routingFor != std::tuple(config.maps, config.splitClients)) {
        ConfigIssues ignored; // validated before
        Config variables;
        variables.maps = config.maps;
        variables.splitClients = config.splitClients;
        m_routing = StreamRouting::build(variables, &ignored);
        m_routingFor = std::tuple(config.maps, config.splitClients);
    }
    listener->routing = m_routing;
    if (listenerConfig.returnText) {
        listener->returnText = StreamTemplate::compile(*listenerConfig.returnText, nullptr, m_routing.get());
        return true;
    }
    // Any upstream{} may be named by a value, as in nginx.
    QHash<QString, std::shared_ptr<UpstreamGroup>> upstreams;
    for (const UpstreamConfig &upstream : config.upstreams)
        upstreams.insert(upstream.name, groupFor(config, upstream.name, groups));
    const std::optional<StreamTemplate> proxyPass = StreamTemplate::compile(listenerConfig.proxyPass, nullptr, m_routing.get());
    listener->variableRoute = std::make_shared<VariableRoute>(proxyPass.value_or(StreamTemplate()), upstreams, m_log);
    return true;
}

bool Engine::ensureWorkers(const Config &config, ApplyResult *result)
{
    const int wanted = Preflight::workerCount(config);
    if (!m_workers.empty()) {
        if (int(m_workers.size()) != wanted)
            m_log->write(ErrorLog::Level::Notice, QStringLiteral("workers: keeping %1 worker threads; a new count takes effect on restart")
                                                      .arg(m_workers.size()));
        return true;
    }
    const QString error = startWorkers(wanted);
    if (error.isEmpty())
        return true;
    stopWorkers();
    m_log->write(ErrorLog::Level::Emerg, error);
    result->issues << ConfigIssue{QStringLiteral("workers"), error};
    return false;
}

void Engine::bindAndSwap(const Config &config, const std::vector<Planned> &plan, const QHash<QString, std::shared_ptr<UpstreamGroup>> &groups,
                         ApplyResult *result)
{
    QSet<QString> wanted;
    for (const Planned &planned : plan)
        wanted.insert(planned.key);
    QHash<QString, std::shared_ptr<const Listener>> listeners;
    QHash<QString, QString> errors;
    QHash<QString, QString> standIns;
    for (const Planned &planned : plan) {
        const ListenerConfig &listenerConfig = planned.listener->config;
        const auto &listener = planned.listener;
        // What this listener replaces: the one on its address, or the one at its position
        // in the running config when its address changed (kept until the new one binds).
        std::shared_ptr<const Listener> previous = planned.running;
        // A single address stands in for a single address; the ports of a range stand alone.
        QString previousKey = planned.ports == 1 ? m_standIns.value(listenerConfig.listen) : QString(); // still standing in from a failed apply
        if (planned.ports == 1 && previousKey.isEmpty() && planned.index < m_config.listeners.size() && m_config.listeners.at(planned.index).enabled) {
            if (const auto old = Preflight::endpointOf(m_config.listeners.at(planned.index).listen))
                previousKey = Preflight::listenerKey(*old, m_config.listeners.at(planned.index).protocol);
        }
        if (!previous && !wanted.contains(previousKey))
            previous = m_listeners.value(previousKey);
        if (planned.running) {
            listener->acceptor = planned.running->acceptor; // keep the socket and its connections
            if (const QString note = Preflight::reconfigure(planned.running->config, listenerConfig, listener->acceptor->socket()); !note.isEmpty())
                m_log->write(ErrorLog::Level::Notice, note);
            listeners.insert(planned.key, planned.running->hasSameSetup(*listener) ? planned.running : listener);
            continue;
        }
        ConfigIssue issue;
        const Net::Socket socket = Preflight::bind(config, planned.index, planned.endpoint, &issue);
        if (socket == Net::invalidSocket) {
            QString message = issue.message;
            if (previous) {
                message += QStringLiteral("; %1 keeps serving until then").arg(previous->acceptor->listenText());
                listeners.insert(previousKey, previous);
                standIns.insert(listenerConfig.listen, previousKey);
            }
            m_log->write(ErrorLog::Level::Emerg, message);
            result->issues << ConfigIssue{issue.path, message};
            errors.insert(listenerConfig.listen, message);
            emit listenerFailed(listenerConfig.listen, message);
            continue;
        }
        listener->acceptor = std::make_shared<Acceptor>(socket, planned.endpoint, planned.endpoint.toString());
        if (previous)
            listener->acceptor->inheritCounters(*previous->acceptor); // its totals go on under the new address
        const bool udp = listenerConfig.protocol == ListenerConfig::Protocol::Udp;
        m_log->write(ErrorLog::Level::Notice, QStringLiteral("listening on %1 (%2), %3")
                                                  .arg(planned.endpoint.toString(), udp ? QStringLiteral("udp") : QStringLiteral("tcp"),
                                                       listenerConfig.returnText ? QStringLiteral("return \"%1\"").arg(QString(*listenerConfig.returnText).replace(u'\n', QStringLiteral("\\n")))
                                                                                 : QStringLiteral("proxy_pass ") + listenerConfig.proxyPass));
        emit listenerStarted(listenerConfig.listen);
        // A UDP listener is served by one worker, spread by address over the workers.
        listener->udpWorker = int(qHash(planned.key) % uint(m_workers.size()));
        listeners.insert(planned.key, listener);
    }
    m_standIns = standIns;
    swap(config, groups, listeners, errors);
}

void Engine::swap(const Config &config, const QHash<QString, std::shared_ptr<UpstreamGroup>> &groups,
                  const QHash<QString, std::shared_ptr<const Listener>> &listeners, const QHash<QString, QString> &errors)
{
    QList<std::shared_ptr<Acceptor>> removed;
    for (auto it = m_listeners.constBegin(); it != m_listeners.constEnd(); ++it) {
        if (!listeners.contains(it.key()))
            removed << it.value()->acceptor;
    }
    m_config = config;
    m_groups = groups;
    m_listeners = listeners;
    m_listenerErrors = errors;
    m_connectionZones.keepOnlyUsed();
    m_accessLogs->keepOnlyUsed();
    publishListeners(); // blocking: afterwards no worker watches a removed socket
    updateHealthCheckers();
    for (const auto &acceptor : std::as_const(removed)) {
        acceptor->closeSocket();
        m_log->write(ErrorLog::Level::Notice, QStringLiteral("stopped listening on %1; its connections finish on their own")
                                                  .arg(acceptor->listenText()));
    }
    const StatsSnapshot now = snapshot();
    if (const int failed = now.failedListeners())
        m_log->write(ErrorLog::Level::Error, QStringLiteral("degraded: %1 of %2 listeners failed").arg(failed).arg(now.enabledListeners()));
    if (!m_statsTimer.isActive())
        m_statsTimer.start();
    emit applied();
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
    // A certificate that cannot load refuses the apply (the caller stops); what runs stays.
    QStringList warnings;
    const ConfigIssues issues = TlsChecks::prepare(config, index, running, listener, &warnings);
    for (const QString &warning : std::as_const(warnings))
        m_log->write(ErrorLog::Level::Warn, warning);
    for (const ConfigIssue &issue : issues)
        m_log->write(ErrorLog::Level::Emerg, issue.toString());
    if (issues.isEmpty())
        return true;
    result->issues += issues;
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
    m_standIns.clear();
    m_groups.clear();
    if (wasRunning)
        emit stopped();
}

QString Engine::setServerState(const QString &group, int server, const ServerChange &change)
{
    const std::shared_ptr<UpstreamGroup> running = m_groups.value(group);
    if (!running) {
        QStringList names = m_groups.keys();
        names.sort();
        return QStringLiteral("no upstream group \"%1\" is running%2").arg(group,
            names.isEmpty() ? QStringLiteral(" (the engine runs none)") : QStringLiteral("; running: %1").arg(names.join(QStringLiteral(", "))));
    }
    return running->steer(server, change, monotonicMs());
}

void Engine::addCounters(const Acceptor &acceptor, ListenerStats *stats)
{
    stats->activeConnections += acceptor.active.load(std::memory_order_relaxed);
    stats->acceptedConnections += acceptor.accepted.load(std::memory_order_relaxed);
    stats->bytesFromClients += acceptor.bytesFromClients.load(std::memory_order_relaxed);
    stats->bytesToClients += acceptor.bytesToClients.load(std::memory_order_relaxed);
    stats->bytesSpliced += acceptor.bytesSpliced.load(std::memory_order_relaxed);
    stats->connectFailures += acceptor.connectFailures.load(std::memory_order_relaxed);
    stats->noLiveUpstreams += acceptor.noLiveUpstreams.load(std::memory_order_relaxed);
    stats->denied += acceptor.denied.load(std::memory_order_relaxed);
    stats->refusedFull += acceptor.refusedFull.load(std::memory_order_relaxed);
    stats->limited += acceptor.limited.load(std::memory_order_relaxed);
    stats->datagramsFromClients += acceptor.datagramsFromClients.load(std::memory_order_relaxed);
    stats->datagramsToClients += acceptor.datagramsToClients.load(std::memory_order_relaxed);
    stats->datagramsDropped += acceptor.datagramsDropped.load(std::memory_order_relaxed);
    stats->tlsHandshakes += acceptor.tlsHandshakes.load(std::memory_order_relaxed);
    stats->tlsSessionsReused += acceptor.tlsSessionsReused.load(std::memory_order_relaxed);
    stats->tlsHandshakeFailures += acceptor.tlsHandshakeFailures.load(std::memory_order_relaxed);
}

StatsSnapshot Engine::snapshot() const
{
    StatsSnapshot snapshot;
    snapshot.time = QDateTime::currentDateTime();
    const qint64 now = monotonicMs();
    snapshot.monotonicMs = now;
    for (qsizetype i = 0; i < m_config.listeners.size(); ++i) {
        const ListenerConfig &config = m_config.listeners.at(i);
        ListenerStats stats;
        stats.index = int(i);
        stats.listen = config.listen;
        stats.protocol = config.protocol == ListenerConfig::Protocol::Udp ? QStringLiteral("udp") : QStringLiteral("tcp");
        stats.enabled = config.enabled;
        stats.error = m_listenerErrors.value(config.listen);
        // A range's ports add up to one row; it listens when every port does.
        const QList<Net::Endpoint> endpoints = Preflight::endpointsOf(config.listen);
        int listening = 0;
        for (const Net::Endpoint &endpoint : endpoints) {
            const auto listener = m_listeners.value(Preflight::listenerKey(endpoint, config.protocol));
            if (listener && config.enabled) {
                ++listening;
                addCounters(*listener->acceptor, &stats);
            }
        }
        stats.listening = listening > 0 && listening == endpoints.size();
        snapshot.listeners << stats;
    }
    QStringList names = m_groups.keys();
    names.sort();
    for (const QString &name : std::as_const(names))
        snapshot.servers << m_groups.value(name)->stats(now, snapshot.time);
    snapshot.limitZones = m_connectionZones.stats();
    return snapshot;
}
