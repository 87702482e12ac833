#pragma once

#include "platform/net.h"

#include <config.h>
#include <configissue.h>

#include <QStringList>
#include <optional>

// What can fail when a config meets this machine, asked before anything that runs is
// touched: the error log's folder, the worker count against the descriptor limit, listen
// addresses that belong to this machine, TLS files (TlsChecks), and ports that are free.
// Engine::apply runs it on every apply (the GUI's Apply, portierd's start and SIGHUP) and
// keeps the sockets it binds; `portierd --check` runs check(), which binds and closes again.
// So what --check accepts runs, and what would not run, --check names. Any thread.
namespace Preflight {

// nginx has no ceiling on worker_processes; one thread per core is what a proxy needs, and
// far more only costs memory and descriptors.
inline constexpr int maximumWorkers = 512;
// A worker's own descriptors (its epoll set, its wake-up eventfd) and room for a few
// connections: the count below which a worker cannot do its job.
inline constexpr qint64 descriptorsPerWorker = 16;

// "30003", "*:30003" and "0.0.0.0:30003" are one address. A port range ("1000-1005") is not one
// endpoint: endpointOf() returns nothing for it, endpointsOf() one endpoint per port.
std::optional<Net::Endpoint> endpointOf(const QString &listen);
QList<Net::Endpoint> endpointsOf(const QString &listen);
QString listenerKey(const Net::Endpoint &endpoint, ListenerConfig::Protocol protocol);

// "auto" (0) is one per core, as many as the descriptor limit leaves room for.
int workerCount(const Config &config);

// The checks that need no socket: error_log, workers, listen addresses. Run after the
// validator passed (addresses parse).
ConfigIssues checkMachine(const Config &config);

// Binds config.listeners[index] (enabled, validated). On failure returns invalidSocket and
// fills *issue: in use by whom (when this machine tells), or why else, and what to do.
Net::Socket bind(const Config &config, qsizetype index, ConfigIssue *issue);
// The same for one port of a listener's range.
Net::Socket bind(const Config &config, qsizetype index, const Net::Endpoint &endpoint, ConfigIssue *issue);
// A listener's socket options as the platform corner takes them.
Net::ListenOptions listenOptions(const ListenSocketConfig &socket);
// A re-apply that keeps a listener's socket: what can change on a bound socket changes now;
// returns a line for the log when something could not (empty when all is done).
QString reconfigure(const ListenerConfig &running, const ListenerConfig &wanted, Net::Socket socket);

// portierd --check, after the validator: the machine checks, TLS, and every enabled listener
// bound once and closed. A port held by a running portierd is a warning (a reload of that
// portierd keeps its own sockets), not a problem.
ConfigIssues check(const Config &config, QStringList *warnings);

} // namespace Preflight
