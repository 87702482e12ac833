#include "preflight.h"

#include "acceptor.h"
#include "bindfailure.h"
#include "portowner.h"
#include "tls/tlschecks.h"

#include <hostport.h>
#include <listenaddress.h>
#include <processinfo.h>

#include <QDir>
#include <QFileInfo>
#include <QNetworkInterface>
#include <QThread>

namespace {

QString at(qsizetype index)
{
    return QStringLiteral("listeners[%1].listen").arg(index);
}

std::optional<ConfigIssue> checkErrorLog(const ErrorLogConfig &log)
{
    if (log.path.isEmpty())
        return std::nullopt;
    const QString field = QStringLiteral("error_log.path");
    const QFileInfo file(log.path);
    const QString path = QDir::toNativeSeparators(file.absoluteFilePath());
    if (file.exists()) {
        if (file.isDir())
            return ConfigIssue{field, QStringLiteral("%1 is a folder; give the log file's path, e.g. %2").arg(path, QDir::toNativeSeparators(file.absoluteFilePath() + QStringLiteral("/error.log")))};
        if (!file.isWritable())
            return ConfigIssue{field, QStringLiteral("%1 cannot be written by this user; change its permissions or write the log elsewhere").arg(path)};
        return std::nullopt;
    }
    const QFileInfo folder(file.absolutePath());
    const QString folderPath = QDir::toNativeSeparators(folder.absoluteFilePath());
    // One separator form in the message: the system's (backslashes on Windows).
    const QString given = QDir::toNativeSeparators(log.path);
    if (!folder.exists())
        return ConfigIssue{field, QStringLiteral("\"%1\": the folder %2 does not exist; create it, or write the log into an existing folder")
                                      .arg(given, folderPath)};
    if (!folder.isDir() || !folder.isWritable())
        return ConfigIssue{field, QStringLiteral("\"%1\": this user cannot create files in %2; change its permissions or write the log elsewhere")
                                      .arg(given, folderPath)};
    return std::nullopt;
}

std::optional<ConfigIssue> checkWorkers(const Config &config)
{
    if (config.workers <= 0)
        return std::nullopt; // "auto" fits itself to the machine
    const QString field = QStringLiteral("workers");
    if (config.workers > Preflight::maximumWorkers)
        return ConfigIssue{field, QStringLiteral("%1 is more than %2 worker threads; one per core (\"auto\") is what a proxy needs")
                                      .arg(config.workers).arg(Preflight::maximumWorkers)};
    const qint64 limit = ProcessInfo::openFilesLimit();
    if (limit > 0 && config.workers * Preflight::descriptorsPerWorker > limit)
        return ConfigIssue{field, QStringLiteral("%1 worker threads need about %2 open files, but this process may open %3 (ulimit -n); "
                                                 "use at most %4 or \"auto\", or raise the limit (LimitNOFILE= in a systemd unit)")
                                      .arg(config.workers).arg(config.workers * Preflight::descriptorsPerWorker).arg(limit)
                                      .arg(limit / Preflight::descriptorsPerWorker)};
    return std::nullopt;
}

// local: this machine's addresses, asked of the system once per check and only when needed.
bool isOnThisMachine(const QHostAddress &address, std::optional<QList<QHostAddress>> *local)
{
    if (address.isLoopback() || address == QHostAddress(QHostAddress::AnyIPv4) || address == QHostAddress(QHostAddress::AnyIPv6))
        return true;
    if (!*local)
        *local = QNetworkInterface::allAddresses();
    return std::any_of((*local)->begin(), (*local)->end(),
                       [&](const QHostAddress &mine) { return mine.isEqual(address, QHostAddress::TolerantConversion); });
}

} // namespace

namespace {

Net::Endpoint toEndpoint(const HostPort &hostPort)
{
    Net::Endpoint endpoint;
    endpoint.address = hostPort.host.isEmpty() || hostPort.host == u"*" ? QHostAddress(QHostAddress::AnyIPv4) : QHostAddress(hostPort.host);
    endpoint.port = hostPort.port;
    return endpoint;
}

} // namespace

std::optional<Net::Endpoint> Preflight::endpointOf(const QString &listen)
{
    const auto hostPort = HostPort::parse(listen, true);
    if (!hostPort)
        return std::nullopt;
    return toEndpoint(*hostPort);
}

QList<Net::Endpoint> Preflight::endpointsOf(const QString &listen)
{
    QList<Net::Endpoint> endpoints;
    if (const auto range = ListenAddress::parse(listen)) {
        for (const HostPort &hostPort : range->addresses())
            endpoints << toEndpoint(hostPort);
    }
    return endpoints;
}

QString Preflight::listenerKey(const Net::Endpoint &endpoint, ListenerConfig::Protocol protocol)
{
    return endpoint.toString() + (protocol == ListenerConfig::Protocol::Udp ? QStringLiteral("/udp") : QStringLiteral("/tcp"));
}

int Preflight::workerCount(const Config &config)
{
    if (config.workers > 0)
        return config.workers;
    const qint64 limit = ProcessInfo::openFilesLimit();
    const int fitting = limit > 0 ? int(qMax<qint64>(1, limit / descriptorsPerWorker)) : maximumWorkers;
    return qBound(1, QThread::idealThreadCount(), qMin(fitting, maximumWorkers));
}

ConfigIssues Preflight::checkMachine(const Config &config)
{
    ConfigIssues issues;
    if (const auto issue = checkErrorLog(config.errorLog))
        issues << *issue;
    if (const auto issue = checkWorkers(config))
        issues << *issue;
    std::optional<QList<QHostAddress>> localAddresses;
    for (qsizetype i = 0; i < config.listeners.size(); ++i) {
        const ListenerConfig &listener = config.listeners.at(i);
        const QList<Net::Endpoint> endpoints = endpointsOf(listener.listen);
        const auto endpoint = endpoints.isEmpty() ? std::nullopt : std::optional<Net::Endpoint>(endpoints.first()); // one address for all ports
        if (listener.enabled && endpoint && !isOnThisMachine(endpoint->address, &localAddresses))
            issues << ConfigIssue{at(i), QStringLiteral("%1: address not on this machine; listen on one of its addresses, e.g. 127.0.0.1, "
                                                        "or 0.0.0.0 for all of them")
                                             .arg(endpoint->address.toString())};
    }
    return issues;
}

Net::ListenOptions Preflight::listenOptions(const ListenSocketConfig &socket)
{
    Net::ListenOptions options;
    options.backlog = socket.effectiveBacklog();
    options.keepAlive = socket.keepAlive == ListenSocketConfig::KeepAlive::Default ? -1
                        : socket.keepAlive == ListenSocketConfig::KeepAlive::On    ? 1
                                                                                   : 0;
    options.keepIdleS = socket.keepIdleS;
    options.keepIntervalS = socket.keepIntervalS;
    options.keepCount = socket.keepCount;
    options.rcvbuf = int(socket.rcvbuf); // the validator keeps them within an int
    options.sndbuf = int(socket.sndbuf);
    options.fastOpen = socket.fastOpen;
    options.ipv6Only = socket.ipv6Only;
    options.reusePort = socket.reusePort;
    return options;
}

namespace {

// SO_RCVBUF/SO_SNDBUF on a kept socket, TCP or UDP, as nginx's reload sets them on an
// inherited one. A size left out cannot go back to the system's (its own default is not
// known once set), so the socket keeps the size it has, as with nginx.
QString reconfigureBuffers(const ListenSocketConfig &before, const ListenSocketConfig &after, const QString &listen, Net::Socket socket)
{
    if (before.rcvbuf == after.rcvbuf && before.sndbuf == after.sndbuf)
        return QString();
    QStringList notes;
    int error = 0;
    QString call;
    if (!Net::setBufferSizes(socket, Preflight::listenOptions(after), &error, &call))
        notes << QStringLiteral("%1 on %2 failed (%3)").arg(call, listen, Net::errorString(error));
    const bool dropped = (before.rcvbuf != ListenSocketConfig::noBufferSize && after.rcvbuf == ListenSocketConfig::noBufferSize)
                         || (before.sndbuf != ListenSocketConfig::noBufferSize && after.sndbuf == ListenSocketConfig::noBufferSize);
    if (dropped)
        notes << QStringLiteral("%1: a removed rcvbuf or sndbuf leaves the running socket's buffer as it is until the listener is "
                                "disabled and enabled again, or Portier restarts").arg(listen);
    return notes.join(QStringLiteral("; "));
}

} // namespace

QString Preflight::reconfigure(const ListenerConfig &running, const ListenerConfig &wanted, Net::Socket socket)
{
    const ListenSocketConfig &before = running.socket;
    const ListenSocketConfig &after = wanted.socket;
    if (before == after)
        return QString();
    QStringList notes;
    if (const QString note = reconfigureBuffers(before, after, wanted.listen, socket); !note.isEmpty())
        notes << note;
    if (wanted.protocol == ListenerConfig::Protocol::Tcp) {
        int error = 0;
        QString call;
        Net::ListenOptions options = listenOptions(after);
        if (after.keepAlive == ListenSocketConfig::KeepAlive::Default && before.keepAlive != after.keepAlive)
            options.keepAlive = 0; // back to the system's default, which is off
        if (after.fastOpen == -1 && before.fastOpen != -1)
            options.fastOpen = 0; // likewise: no Fast Open queue unless the system is told otherwise
        if (!Net::reconfigureListening(socket, options, &error, &call))
            notes << QStringLiteral("%1 on %2 failed (%3)").arg(call, wanted.listen, Net::errorString(error));
    }
    if (before.ipv6Only != after.ipv6Only || before.reusePort != after.reusePort)
        notes << QStringLiteral("%1: ipv6only and reuseport apply when the socket is bound; the running socket keeps its own until the "
                                "listener is disabled and enabled again, or Portier restarts").arg(wanted.listen);
    return notes.join(QStringLiteral("; "));
}

Net::Socket Preflight::bind(const Config &config, qsizetype index, ConfigIssue *issue)
{
    return bind(config, index, endpointsOf(config.listeners.at(index).listen).value(0), issue);
}

Net::Socket Preflight::bind(const Config &config, qsizetype index, const Net::Endpoint &endpoint, ConfigIssue *issue)
{
    const ListenerConfig &listener = config.listeners.at(index);
    const bool udp = listener.protocol == ListenerConfig::Protocol::Udp;
    int error = 0;
    QString call;
    const Net::ListenOptions options = listenOptions(listener.socket);
    const Net::Socket socket = udp ? Net::bindUdp(endpoint, options, &error, &call) : Net::listenTcp(endpoint, options, &error, &call);
    if (socket != Net::invalidSocket)
        return socket;
    *issue = ConfigIssue{at(index), BindFailure::describe(call, error, endpoint, udp)};
    return Net::invalidSocket;
}

ConfigIssues Preflight::check(const Config &config, QStringList *warnings)
{
    ConfigIssues issues = checkMachine(config);
    issues += TlsChecks::check(config, warnings);
    if (!issues.isEmpty())
        return issues; // the bind test only says more once the rest is right
    for (qsizetype i = 0; i < config.listeners.size(); ++i) {
        const ListenerConfig &listener = config.listeners.at(i);
        if (!listener.enabled)
            continue;
        for (const Net::Endpoint &endpoint : endpointsOf(listener.listen)) {
            ConfigIssue issue;
            const Net::Socket socket = bind(config, i, endpoint, &issue);
            if (socket != Net::invalidSocket) {
                Net::close(socket);
                continue;
            }
            const auto owner = PortOwner::find(endpoint, listener.protocol == ListenerConfig::Protocol::Udp);
            if (owner && owner->name == u"portierd" && warnings) {
                *warnings << QStringLiteral("%1: %2 is served by portierd (pid %3) now; a reload of that portierd keeps it")
                                 .arg(issue.path, endpoint.toString()).arg(owner->pid);
                continue;
            }
            issues << issue;
            break; // one message per listener
        }
    }
    return issues;
}
