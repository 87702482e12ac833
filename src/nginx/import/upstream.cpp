#include "importer.h"

// upstream {} (ngx_stream_upstream_module and the balancing modules), NGINX Plus's health_check
// and match {}.

namespace NginxImport {

void Importer::importUpstream(const NginxDirective &block)
{
    if (block.args.size() != 1) {
        arity(block, QStringLiteral("one name: upstream NAME { ... }"));
        return;
    }
    if (m_result->config.findUpstream(block.args.first())) {
        report(Severity::Error, block, QStringLiteral("duplicate upstream \"%1\"; give each group its own name").arg(block.args.first()));
        return;
    }
    const qsizetype index = m_result->config.upstreams.size();
    UpstreamConfig upstream;
    upstream.name = block.args.first();
    m_positions.insert(QStringLiteral("upstreams[%1]").arg(index), placeOf(block));

    for (const NginxDirective &d : block.children) {
        if (d.isComment)
            continue;
        if (d.isBlock) {
            report(Severity::Warning, d, QStringLiteral("%1 {} is not carried over: upstream {} holds no blocks").arg(d.name));
            continue;
        }
        if (d.name == u"server") {
            if (std::optional<ServerConfig> server = importServerLine(d)) {
                m_positions.insert(QStringLiteral("upstreams[%1].servers[%2]").arg(index).arg(upstream.servers.size()), placeOf(d));
                upstream.servers << *server;
            }
        } else if (d.name == u"zone") {
            report(Severity::Note, d, QStringLiteral("\"zone\" is not needed: Portier's groups always share their state across worker threads"));
        } else if (!applyMethod(d, &upstream)) {
            notCarried(d);
        }
    }
    // Comments last, so "# portier: least_time" wins over the least_conn written for
    // an nginx without least_time.
    for (const NginxDirective &d : portierDirectives(block.children)) {
        if (d.name == u"health_check")
            readHealthCheck(d, &upstream.healthCheck);
        else if (d.name == u"set")
            readUpstreamSet(d, &upstream);
        else if (!applyMethod(d, &upstream))
            report(Severity::Warning, d, QStringLiteral("\"# portier: %1\" means nothing in upstream {}; it is ignored").arg(d.name));
    }
    m_result->config.upstreams << upstream;
}

// The balancing method directives; false when d is none of them.
bool Importer::applyMethod(const NginxDirective &d, UpstreamConfig *upstream)
{
    using Method = UpstreamConfig::Method;
    if (d.name == u"least_conn") {
        if (!d.args.isEmpty())
            arity(d, QStringLiteral("no arguments"));
        else
            upstream->method = Method::LeastConn;
    } else if (d.name == u"hash") {
        if (d.args.isEmpty() || d.args.size() > 2 || (d.args.size() == 2 && d.args.at(1) != u"consistent")) {
            arity(d, QStringLiteral("a key and optionally consistent, e.g. hash $remote_addr consistent"));
        } else {
            upstream->method = Method::Hash;
            upstream->hashKey = d.args.first();
            upstream->consistent = d.args.size() == 2;
        }
    } else if (d.name == u"least_time") {
        const std::optional<UpstreamConfig::LeastTimeMode> mode =
            d.args.isEmpty() ? std::nullopt : UpstreamConfig::leastTimeModeFromName(d.args.first());
        if (!mode || d.args.size() > 2 || (d.args.size() == 2 && d.args.at(1) != u"inflight")) {
            report(Severity::Error, d, QStringLiteral("least_time takes connect, first_byte or last_byte, optionally followed by inflight"));
        } else {
            upstream->method = Method::LeastTime;
            upstream->leastTimeMode = *mode;
            upstream->inflight = d.args.size() == 2;
        }
    } else if (d.name == u"random") {
        if (d.args.size() > 2 || (!d.args.isEmpty() && d.args.first() != u"two")) {
            report(Severity::Error, d, QStringLiteral("random takes nothing, or two and optionally a method: random two least_conn"));
        } else {
            upstream->method = Method::Random;
            upstream->randomTwo = !d.args.isEmpty();
            upstream->randomMethod = d.args.size() == 2 ? d.args.at(1) : QString();
        }
    } else {
        return false;
    }
    return true;
}

std::optional<ServerConfig> Importer::importServerLine(const NginxDirective &d)
{
    if (d.args.isEmpty()) {
        arity(d, QStringLiteral("an address and parameters"));
        return std::nullopt;
    }
    if (d.args.first().startsWith(QLatin1StringView("unix:"))) {
        report(Severity::Warning, d, QStringLiteral("the UNIX socket server \"%1\" is not carried over: Portier proxies to TCP and UDP addresses")
                                         .arg(d.args.first()));
        return std::nullopt;
    }
    ServerConfig server;
    server.address = d.args.first();
    for (qsizetype i = 1; i < d.args.size(); ++i) {
        const QString &arg = d.args.at(i);
        QString value;
        if (parameter(arg, QLatin1StringView("weight"), &value)) {
            if (const std::optional<int> n = number(d, value, 1, QStringLiteral("weight")))
                server.weight = *n;
        } else if (parameter(arg, QLatin1StringView("max_fails"), &value)) {
            if (const std::optional<int> n = number(d, value, 0, QStringLiteral("max_fails")))
                server.maxFails = *n;
        } else if (parameter(arg, QLatin1StringView("fail_timeout"), &value)) {
            if (const std::optional<qint64> ms = duration(d, value))
                server.failTimeoutMs = *ms;
        } else if (parameter(arg, QLatin1StringView("max_conns"), &value)) {
            if (const std::optional<int> n = number(d, value, 0, QStringLiteral("max_conns")))
                server.maxConns = *n;
        } else if (arg == u"backup") {
            server.backup = true;
        } else if (arg == u"down") {
            server.down = true;
        } else if (arg == u"resolve") {
            report(Severity::Warning, d, QStringLiteral("\"resolve\" is not carried over: Portier's config has no re-resolving; the address is kept as written"));
        } else if (arg.startsWith(QLatin1StringView("service=")) || arg.startsWith(QLatin1StringView("slow_start="))
                   || arg.startsWith(QLatin1StringView("route=")) || arg == u"drain") {
            report(Severity::Warning, d, QStringLiteral("server parameter \"%1\" is not carried over: NGINX Plus only").arg(arg));
        } else {
            report(Severity::Error, d, QStringLiteral("invalid parameter \"%1\" of server; it takes weight=, max_fails=, fail_timeout=, "
                                                      "max_conns=, backup and down").arg(arg));
        }
    }
    return server;
}

void Importer::readHealthCheck(const NginxDirective &d, HealthCheckConfig *check)
{
    HealthCheckConfig read;
    read.enabled = true;
    for (const QString &arg : d.args) {
        QString value;
        if (arg == u"off") {
            read.enabled = false;
        } else if (parameter(arg, QLatin1StringView("interval"), &value)) {
            if (const std::optional<qint64> ms = duration(d, value))
                read.intervalMs = *ms;
        } else if (parameter(arg, QLatin1StringView("timeout"), &value)) {
            if (const std::optional<qint64> ms = duration(d, value))
                read.timeoutMs = *ms;
        } else if (parameter(arg, QLatin1StringView("fails"), &value)) {
            if (const std::optional<int> n = number(d, value, 0))
                read.fails = *n;
        } else if (parameter(arg, QLatin1StringView("passes"), &value)) {
            if (const std::optional<int> n = number(d, value, 0))
                read.passes = *n;
        } else if (parameter(arg, QLatin1StringView("send"), &value)) {
            read.send = value;
        } else if (parameter(arg, QLatin1StringView("expect"), &value)) {
            read.expect = value;
        } else {
            report(Severity::Warning, d, QStringLiteral("\"%1\" in \"# portier: health_check\" is unknown; it is ignored").arg(arg));
        }
    }
    *check = read;
}

void Importer::readUpstreamSet(const NginxDirective &d, UpstreamConfig *upstream)
{
    for (const QString &arg : d.args) {
        QString value;
        if (parameter(arg, QLatin1StringView("hash_key"), &value)) {
            upstream->hashKey = value;
        } else if (parameter(arg, QLatin1StringView("consistent"), &value)) {
            upstream->consistent = value == u"on";
        } else if (parameter(arg, QLatin1StringView("least_time_mode"), &value)) {
            if (const auto mode = UpstreamConfig::leastTimeModeFromName(value))
                upstream->leastTimeMode = *mode;
            else
                report(Severity::Warning, d, QStringLiteral("\"%1\" is not a least_time mode; it is ignored").arg(value));
        } else if (parameter(arg, QLatin1StringView("inflight"), &value)) {
            upstream->inflight = value == u"on";
        } else if (parameter(arg, QLatin1StringView("random_two"), &value)) {
            upstream->randomTwo = value == u"on";
        } else if (parameter(arg, QLatin1StringView("random_method"), &value)) {
            upstream->randomMethod = value;
        } else {
            report(Severity::Warning, d, QStringLiteral("\"%1\" in \"# portier: set\" is unknown; it is ignored").arg(arg));
        }
    }
}

void Importer::importMatch(const NginxDirective &block)
{
    if (block.args.size() != 1) {
        arity(block, QStringLiteral("one name: match NAME { ... }"));
        return;
    }
    Match match;
    for (const NginxDirective &d : block.children) {
        if (d.isComment)
            continue;
        if (d.name == u"send" && d.args.size() == 1)
            match.send = d.args.first();
        else if (d.name == u"expect" && d.args.size() == 1)
            match.expect = d.args.first();
        else
            report(Severity::Warning, d, QStringLiteral("\"%1\" in match {} is not carried over: Portier's health checks send and expect one string")
                                             .arg(d.name));
    }
    m_matches.insert(block.args.first(), match);
}

// NGINX Plus's health_check in a server {}: the checks of the group it proxies to.
PendingHealthCheck Importer::readNginxPlusHealthCheck(const NginxDirective &d, const std::optional<PendingHealthCheck> &earlier)
{
    PendingHealthCheck pending = earlier.value_or(PendingHealthCheck{QString(), HealthCheckConfig(), QString(), placeOf(d)});
    pending.place = placeOf(d);
    pending.check.enabled = true;
    for (const QString &arg : d.args) {
        QString value;
        if (parameter(arg, QLatin1StringView("interval"), &value)) {
            if (const std::optional<qint64> ms = duration(d, value))
                pending.check.intervalMs = *ms;
        } else if (parameter(arg, QLatin1StringView("fails"), &value)) {
            if (const std::optional<int> n = number(d, value, 1))
                pending.check.fails = *n;
        } else if (parameter(arg, QLatin1StringView("passes"), &value)) {
            if (const std::optional<int> n = number(d, value, 1))
                pending.check.passes = *n;
        } else if (parameter(arg, QLatin1StringView("match"), &value)) {
            pending.match = value;
        } else {
            report(Severity::Warning, d, QStringLiteral("health_check parameter \"%1\" is not carried over").arg(arg));
        }
    }
    return pending;
}

void Importer::applyHealthCheck(const PendingHealthCheck &pending)
{
    for (UpstreamConfig &upstream : m_result->config.upstreams) {
        if (upstream.name != pending.upstream)
            continue;
        if (upstream.healthCheck.enabled)
            return; // a "# portier: health_check" already says it, or another server did
        upstream.healthCheck = pending.check;
        if (!pending.match.isEmpty()) {
            if (m_matches.contains(pending.match)) {
                upstream.healthCheck.send = m_matches.value(pending.match).send;
                upstream.healthCheck.expect = m_matches.value(pending.match).expect;
            } else {
                report(Severity::Warning, pending.place, QStringLiteral("match \"%1\" is not defined; the check sends and expects nothing").arg(pending.match));
            }
        }
        return;
    }
    report(Severity::Warning, pending.place, QStringLiteral("health_check is not carried over: proxy_pass \"%1\" is not an upstream group")
                                                 .arg(pending.upstream));
}

} // namespace NginxImport
