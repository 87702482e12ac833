// NginxExport::Exporter's upstream {} blocks: the balancing method (with what the target
// nginx lacks written as comments), Portier's health check as a "# portier:" comment, and
// one server line each.
#include "exporter.h"

#include <duration.h>
#include <hostport.h>

namespace NginxExport {

void Exporter::writeUpstream(Writer &out, const UpstreamConfig &upstream, qsizetype index)
{
    using Method = UpstreamConfig::Method;
    out.open(QStringLiteral("upstream"), {m_upstreamNames.at(index)});

    QStringList unused; // settings of methods not in use, kept for Portier's editor
    if (upstream.method != Method::Hash) {
        if (!upstream.hashKey.isEmpty())
            unused << QStringLiteral("hash_key=") + upstream.hashKey;
        if (upstream.consistent)
            unused << QStringLiteral("consistent=on");
    }
    if (upstream.method != Method::LeastTime) {
        if (upstream.leastTimeMode != UpstreamConfig::LeastTimeMode::Connect)
            unused << QStringLiteral("least_time_mode=") + UpstreamConfig::leastTimeModeName(upstream.leastTimeMode);
        if (upstream.inflight)
            unused << QStringLiteral("inflight=on");
    }
    if (upstream.method != Method::Random && upstream.randomTwo)
        unused << QStringLiteral("random_two=on");

    switch (upstream.method) {
    case Method::RoundRobin:
        break;
    case Method::LeastConn:
        out.directive(QStringLiteral("least_conn"));
        break;
    case Method::Hash:
        if (upstream.hashKey.isEmpty())
            error(path("upstreams", index, "hash_key"), QStringLiteral("is empty; method hash needs a key such as $remote_addr"));
        out.directive(QStringLiteral("hash"), upstream.consistent ? QStringList{upstream.hashKey, QStringLiteral("consistent")}
                                                                  : QStringList{upstream.hashKey});
        break;
    case Method::LeastTime: {
        QStringList args{UpstreamConfig::leastTimeModeName(upstream.leastTimeMode)};
        if (upstream.inflight)
            args << QStringLiteral("inflight");
        if (m_options.target.supports(NginxVersion::Feature::LeastTime)) {
            out.directive(QStringLiteral("least_time"), args);
        } else {
            out.comment(QStringLiteral("%1 has no least_time (open-source nginx has it from %2); least_conn is the nearest")
                            .arg(target(), NginxVersion::introducedIn(NginxVersion::Feature::LeastTime)->toString()));
            out.portier(QStringLiteral("least_time"), args);
            out.directive(QStringLiteral("least_conn"));
        }
        break;
    }
    case Method::Random:
        if (!upstream.randomTwo) {
            out.directive(QStringLiteral("random"));
        } else if (upstream.randomMethod.isEmpty() || upstream.randomMethod == u"least_conn") {
            out.directive(QStringLiteral("random"), upstream.randomMethod.isEmpty() ? QStringList{QStringLiteral("two")}
                                                                                   : QStringList{QStringLiteral("two"), upstream.randomMethod});
        } else {
            warning(path("upstreams", index, "random_method"),
                    QStringLiteral("\"%1\" is not a method open-source nginx has for random two; written as random two (least_conn)")
                        .arg(upstream.randomMethod));
            out.directive(QStringLiteral("random"), {QStringLiteral("two")});
        }
        break;
    }
    const bool randomMethodWritten = upstream.method == Method::Random && upstream.randomTwo
                                     && (upstream.randomMethod.isEmpty() || upstream.randomMethod == u"least_conn");
    if (!upstream.randomMethod.isEmpty() && !randomMethodWritten)
        unused << QStringLiteral("random_method=") + upstream.randomMethod;
    if (!unused.isEmpty())
        out.portier(QStringLiteral("set"), unused);

    writeHealthCheck(out, upstream.healthCheck);

    if (upstream.servers.isEmpty())
        error(path("upstreams", index, "servers"), QStringLiteral("the group has no servers, which nginx refuses; add at least one"));
    const bool backupRefused = upstream.method == Method::Hash || upstream.method == Method::Random;
    for (qsizetype j = 0; j < upstream.servers.size(); ++j)
        writeServer(out, upstream.servers.at(j), path("upstreams", index) + QStringLiteral(".servers[%1]").arg(j), backupRefused, upstream.method);
    out.close();
}

void Exporter::writeHealthCheck(Writer &out, const HealthCheckConfig &health)
{
    if (health == HealthCheckConfig())
        return;
    if (health.enabled) {
        out.comment(QStringLiteral("open-source nginx has no active health checks (NGINX Plus has health_check); "
                                   "max_fails and fail_timeout still take failing servers out"));
    }
    QStringList args;
    if (!health.enabled)
        args << QStringLiteral("off");
    args << QStringLiteral("interval=") + Duration::format(health.intervalMs) << QStringLiteral("timeout=") + Duration::format(health.timeoutMs)
         << QStringLiteral("fails=") + QString::number(health.fails) << QStringLiteral("passes=") + QString::number(health.passes);
    if (!health.send.isEmpty())
        args << QStringLiteral("send=") + health.send;
    if (!health.expect.isEmpty())
        args << QStringLiteral("expect=") + health.expect;
    out.portier(QStringLiteral("health_check"), args);
}

void Exporter::writeServer(Writer &out, const ServerConfig &server, const QString &where, bool backupRefused, UpstreamConfig::Method method)
{
    QString addressError;
    const std::optional<HostPort> address = HostPort::parse(server.address, false, &addressError);
    if (!address)
        error(where + QStringLiteral(".address"), addressError);
    else if (!address->isIpLiteral()) {
        if (m_options.target.supports(NginxVersion::Feature::ServerResolve))
            out.comment(QStringLiteral("nginx resolves %1 once when it starts; to follow DNS changes add \"resolve\" here and a resolver")
                            .arg(address->host));
        else
            out.comment(QStringLiteral("%1 resolves %2 once when it starts: it has no \"server ... resolve\" (open-source from %3)")
                            .arg(target(), address->host, NginxVersion::introducedIn(NginxVersion::Feature::ServerResolve)->toString()));
    }
    QStringList args{server.address};
    if (server.weight < 1)
        error(where + QStringLiteral(".weight"), QStringLiteral("%1 must be 1 or more for nginx").arg(server.weight));
    else if (server.weight != 1)
        args << QStringLiteral("weight=%1").arg(server.weight);
    if (server.maxFails < 0)
        error(where + QStringLiteral(".max_fails"), QStringLiteral("%1 must be 0 or more for nginx").arg(server.maxFails));
    else if (server.maxFails != 1)
        args << QStringLiteral("max_fails=%1").arg(server.maxFails);
    if (server.failTimeoutMs < 0)
        error(where + QStringLiteral(".fail_timeout"), QStringLiteral("must not be negative"));
    else if (server.failTimeoutMs != Defaults::failTimeoutMs)
        args << QStringLiteral("fail_timeout=") + seconds(server.failTimeoutMs, where + QStringLiteral(".fail_timeout"));
    if (server.backup) {
        if (backupRefused)
            error(where + QStringLiteral(".backup"), QStringLiteral("nginx refuses backup servers with method %1; turn backup off or change the method")
                                                         .arg(UpstreamConfig::methodName(method)));
        args << QStringLiteral("backup");
    }
    if (server.down)
        args << QStringLiteral("down");
    if (server.maxConns < 0)
        error(where + QStringLiteral(".max_conns"), QStringLiteral("%1 must be 0 (unlimited) or more").arg(server.maxConns));
    else if (server.maxConns != 0)
        args << QStringLiteral("max_conns=%1").arg(server.maxConns);
    out.directive(QStringLiteral("server"), args);
}

} // namespace NginxExport
