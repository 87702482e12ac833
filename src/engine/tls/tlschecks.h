#pragma once

#include <config.h>
#include <configissue.h>

#include <QStringList>

struct Listener;

// The TLS checks that need OpenSSL, which src/core (and so ConfigValidator) does not link:
// certificates and keys that load, belong together and have not expired, passphrases that
// open their keys, CA files that read, cipher lists OpenSSL knows. `portierd --check` and
// Engine::apply both ask here, so a config is judged the same way by both. Engine thread
// (or any thread: nothing here is shared).
namespace TlsChecks {

// Every enabled listener's TLS settings, tried for real. Issues name the listener and the
// file; *warnings gets what should be fixed soon (a certificate expiring within 30 days).
ConfigIssues check(const Config &config, QStringList *warnings = nullptr);

// Fills listener->tls and ->upstreamTls for config.listeners[index], keeping running's
// contexts when their settings and files are unchanged (so sessions keep resuming across a
// re-apply). Empty when the listener is ready to serve.
ConfigIssues prepare(const Config &config, qsizetype index, const Listener *running, Listener *listener, QStringList *warnings);

} // namespace TlsChecks
