#include "prometheusmetrics.h"

#include "nginxplusapi.h"

#include <functional>

namespace PrometheusMetrics {

namespace {

// Label values escape backslash, double quote and newline (the exposition format's rule).
QByteArray label(const QString &value)
{
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}

class Writer
{
public:
    void family(const char *name, const char *type, const char *help)
    {
        m_out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    }
    void sample(const char *name, const QByteArray &labels, double value)
    {
        m_out += name;
        if (!labels.isEmpty())
            m_out += '{' + labels + '}';
        m_out += ' ' + QByteArray::number(value, 'g', 17) + '\n';
    }
    QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_out;
};

QByteArray listenerLabels(const ListenerStats &l)
{
    return "listener=\"" + label(l.listen) + "\",protocol=\"" + label(l.protocol) + '"';
}

QByteArray serverLabels(const ServerStats &s)
{
    return "upstream=\"" + label(s.upstream) + "\",server=\"" + label(s.address) + "\",id=\"" + QByteArray::number(s.index) + '"';
}

struct ListenerFigure
{
    const char *name;
    const char *type;
    const char *help;
    std::function<double(const ListenerStats &)> value;
};

struct ServerFigure
{
    const char *name;
    const char *type;
    const char *help;
    std::function<double(const ServerStats &)> value;
};

const QList<ListenerFigure> &listenerFigures()
{
    static const QList<ListenerFigure> figures{
        {"portier_listener_up", "gauge", "1 when the listener is listening, 0 when it failed to bind or is disabled.",
         [](const ListenerStats &l) { return l.listening ? 1.0 : 0.0; }},
        {"portier_listener_connections", "gauge", "Client connections (UDP: sessions) open now.",
         [](const ListenerStats &l) { return double(l.activeConnections); }},
        {"portier_listener_connections_accepted_total", "counter", "Client connections (UDP: sessions) accepted.",
         [](const ListenerStats &l) { return double(l.acceptedConnections); }},
        {"portier_listener_received_bytes_total", "counter", "Bytes received from clients.",
         [](const ListenerStats &l) { return double(l.bytesFromClients); }},
        {"portier_listener_sent_bytes_total", "counter", "Bytes sent to clients.",
         [](const ListenerStats &l) { return double(l.bytesToClients); }},
        {"portier_listener_spliced_bytes_total", "counter",
         "Bytes of both directions moved by splice() without a copy through portierd (Linux; counted in the byte totals too).",
         [](const ListenerStats &l) { return double(l.bytesSpliced); }},
        {"portier_listener_denied_total", "counter", "Clients refused by the access rules.",
         [](const ListenerStats &l) { return double(l.denied); }},
        {"portier_listener_limited_total", "counter", "Clients refused by limit_conn or max_connections.",
         [](const ListenerStats &l) { return double(l.limited); }},
        {"portier_listener_refused_full_total", "counter", "Connections closed at once because every worker was full.",
         [](const ListenerStats &l) { return double(l.refusedFull); }},
        {"portier_listener_no_live_upstreams_total", "counter", "Sessions closed because no upstream server could be picked.",
         [](const ListenerStats &l) { return double(l.noLiveUpstreams); }},
        {"portier_listener_upstream_connect_failures_total", "counter", "Upstream connects that failed or timed out.",
         [](const ListenerStats &l) { return double(l.connectFailures); }},
        {"portier_listener_tls_handshakes_total", "counter", "TLS handshakes completed with clients.",
         [](const ListenerStats &l) { return double(l.tlsHandshakes); }},
        {"portier_listener_tls_session_reuses_total", "counter", "TLS handshakes that resumed a session.",
         [](const ListenerStats &l) { return double(l.tlsSessionsReused); }},
        {"portier_listener_tls_handshake_failures_total", "counter", "TLS handshakes with clients that failed or timed out.",
         [](const ListenerStats &l) { return double(l.tlsHandshakeFailures); }},
    };
    return figures;
}

const QList<ServerFigure> &serverFigures()
{
    static const QList<ServerFigure> figures{
        {"portier_upstream_server_connections", "gauge", "Connections to the server open now.",
         [](const ServerStats &s) { return double(s.activeConnections); }},
        {"portier_upstream_server_selected_total", "counter", "Times the balancer picked the server.",
         [](const ServerStats &s) { return double(s.selectedTotal); }},
        {"portier_upstream_server_sent_bytes_total", "counter", "Bytes sent to the server.",
         [](const ServerStats &s) { return double(s.bytesSent); }},
        {"portier_upstream_server_received_bytes_total", "counter", "Bytes received from the server.",
         [](const ServerStats &s) { return double(s.bytesReceived); }},
        {"portier_upstream_server_connect_failures_total", "counter", "Connects to the server that failed or timed out.",
         [](const ServerStats &s) { return double(s.connectFailures); }},
        {"portier_upstream_server_health_checks_total", "counter", "Active health checks made.",
         [](const ServerStats &s) { return double(s.healthChecks); }},
        {"portier_upstream_server_health_check_failures_total", "counter", "Active health checks that failed.",
         [](const ServerStats &s) { return double(s.healthCheckFails); }},
        {"portier_upstream_server_unhealthy_total", "counter", "Times active health checks took the server out.",
         [](const ServerStats &s) { return double(s.healthUnhealthy); }},
        {"portier_upstream_server_unavailable_total", "counter", "Times passive health (max_fails) took the server out.",
         [](const ServerStats &s) { return double(s.unavailable); }},
        {"portier_upstream_server_downtime_seconds_total", "counter", "Time the server spent failed or unhealthy.",
         [](const ServerStats &s) { return double(s.downtimeMs) / 1000.0; }},
        {"portier_upstream_server_weight", "gauge", "The weight in force.",
         [](const ServerStats &s) { return double(s.weight); }},
        {"portier_upstream_server_backup", "gauge", "1 for a backup server.",
         [](const ServerStats &s) { return s.backup ? 1.0 : 0.0; }},
    };
    return figures;
}

void writeConnectHistogram(Writer &w, const QList<ServerStats> &servers)
{
    const char *name = "portier_upstream_server_connect_duration_seconds";
    w.family(name, "histogram", "Time to connect to the server.");
    for (const ServerStats &s : servers) {
        const QByteArray labels = serverLabels(s);
        quint64 cumulative = 0;
        for (std::size_t i = 0; i < DurationHistogram::boundsMs.size(); ++i) {
            cumulative += s.connectTimes.counts[i];
            w.sample("portier_upstream_server_connect_duration_seconds_bucket",
                     labels + ",le=\"" + QByteArray::number(DurationHistogram::boundsMs[i] / 1000.0, 'g', 6) + '"', double(cumulative));
        }
        w.sample("portier_upstream_server_connect_duration_seconds_bucket", labels + ",le=\"+Inf\"", double(s.connectTimes.count));
        w.sample("portier_upstream_server_connect_duration_seconds_sum", labels, double(s.connectTimes.sumMs) / 1000.0);
        w.sample("portier_upstream_server_connect_duration_seconds_count", labels, double(s.connectTimes.count));
    }
}

void writeLimitZones(Writer &w, const QList<LimitZoneStats> &zones)
{
    if (zones.isEmpty())
        return;
    const struct {
        const char *name;
        const char *help;
        quint64 LimitZoneStats::*value;
    } figures[] = {
        {"portier_limit_conn_passed_total", "Sessions a limit_conn_zone let through.", &LimitZoneStats::passed},
        {"portier_limit_conn_rejected_total", "Sessions a limit_conn_zone refused.", &LimitZoneStats::rejected},
        {"portier_limit_conn_rejected_dry_run_total", "Sessions a limit_conn_zone would have refused (limit_conn_dry_run).",
         &LimitZoneStats::rejectedDryRun},
    };
    for (const auto &figure : figures) {
        w.family(figure.name, "counter", figure.help);
        for (const LimitZoneStats &zone : zones)
            w.sample(figure.name, "zone=\"" + label(zone.name) + '"', double(zone.*figure.value));
    }
}

void writeProcess(Writer &w, const Process &p)
{
    w.family("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.");
    w.sample("process_start_time_seconds", {}, p.startTimeSeconds);
    if (p.cpuSeconds >= 0) {
        w.family("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.");
        w.sample("process_cpu_seconds_total", {}, p.cpuSeconds);
    }
    if (p.residentBytes >= 0) {
        w.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
        w.sample("process_resident_memory_bytes", {}, double(p.residentBytes));
    }
    if (p.openDescriptors >= 0) {
        w.family("process_open_fds", "gauge", "Number of open file descriptors.");
        w.sample("process_open_fds", {}, double(p.openDescriptors));
    }
    if (p.maxDescriptors > 0) {
        w.family("process_max_fds", "gauge", "Maximum number of open file descriptors.");
        w.sample("process_max_fds", {}, double(p.maxDescriptors));
    }
}

// portier_worker_*: how the data path's threads share the load (a busy or failing worker).
void writeWorkers(Writer &w, const QList<WorkerStats> &workers)
{
    if (workers.isEmpty())
        return;
    struct Figure
    {
        const char *name;
        const char *type;
        const char *help;
        std::function<double(const WorkerStats &)> value;
    };
    const Figure figures[] = {
        {"portier_worker_connections_active", "gauge", "Client connections (UDP: sessions) the worker proxies now.",
         [](const WorkerStats &s) { return double(s.activeSessions); }},
        {"portier_worker_connections_total", "counter", "Client connections (UDP: sessions) the worker took on.",
         [](const WorkerStats &s) { return double(s.sessions); }},
        {"portier_worker_received_bytes_total", "counter", "Bytes received from clients by sessions that ended.",
         [](const WorkerStats &s) { return double(s.bytesFromClients); }},
        {"portier_worker_sent_bytes_total", "counter", "Bytes sent to clients by sessions that ended.",
         [](const WorkerStats &s) { return double(s.bytesToClients); }},
        {"portier_worker_upstream_received_bytes_total", "counter", "Bytes received from servers by sessions that ended.",
         [](const WorkerStats &s) { return double(s.bytesFromUpstreams); }},
        {"portier_worker_upstream_sent_bytes_total", "counter", "Bytes sent to servers by sessions that ended.",
         [](const WorkerStats &s) { return double(s.bytesToUpstreams); }},
        {"portier_worker_failures_total", "counter", "Sessions that ended with an error.",
         [](const WorkerStats &s) { return double(s.failures); }},
        {"portier_worker_timeouts_total", "counter", "Sessions that ended by a timeout.",
         [](const WorkerStats &s) { return double(s.timeouts); }},
    };
    for (const Figure &figure : figures) {
        w.family(figure.name, figure.type, figure.help);
        for (const WorkerStats &s : workers)
            w.sample(figure.name, "worker=\"" + QByteArray::number(s.worker) + '"', figure.value(s));
    }
}

} // namespace

QByteArray render(const StatsSnapshot &stats, int workers, const QString &version, const Process &process, const QList<WorkerStats> &workerStats)
{
    Writer w;
    w.family("portier_build_info", "gauge", "Portier's version, as a label; always 1.");
    w.sample("portier_build_info", "version=\"" + label(version) + '"', 1);
    w.family("portier_workers", "gauge", "Worker threads running the data path.");
    w.sample("portier_workers", {}, workers);
    writeWorkers(w, workerStats);
    for (const ListenerFigure &figure : listenerFigures()) {
        w.family(figure.name, figure.type, figure.help);
        for (const ListenerStats &l : stats.listeners)
            w.sample(figure.name, listenerLabels(l), figure.value(l));
    }
    // One series per state, 1 for the current one: alerts and graphs need no value mapping.
    w.family("portier_upstream_server_state", "gauge", "1 for the server's current state (up, down, unavail, unhealthy, draining), 0 for the others.");
    for (const ServerStats &s : stats.servers) {
        const QString current = NginxPlusApi::peerState(s);
        for (const char *state : {"up", "down", "unavail", "unhealthy", "draining"})
            w.sample("portier_upstream_server_state", serverLabels(s) + ",state=\"" + state + '"', current == QLatin1StringView(state) ? 1 : 0);
    }
    for (const ServerFigure &figure : serverFigures()) {
        w.family(figure.name, figure.type, figure.help);
        for (const ServerStats &s : stats.servers)
            w.sample(figure.name, serverLabels(s), figure.value(s));
    }
    w.family("portier_upstream_server_connect_time_seconds", "gauge", "Moving average of the time to connect to the server.");
    for (const ServerStats &s : stats.servers) {
        if (s.connectTimeAverageMs >= 0)
            w.sample("portier_upstream_server_connect_time_seconds", serverLabels(s), s.connectTimeAverageMs / 1000.0);
    }
    writeConnectHistogram(w, stats.servers);
    writeLimitZones(w, stats.limitZones);
    writeProcess(w, process);
    return w.take();
}

} // namespace PrometheusMetrics
