#include "limits.h"
#include "importer.h"

#include "../export/limits.h"

#include <duration.h>
#include <limitsvalidator.h>
#include <streamvariables.h>

namespace LimitsImport {

namespace {

const QStringList serverDirectives{QStringLiteral("limit_conn"), QStringLiteral("limit_conn_log_level"),
                                   QStringLiteral("limit_conn_dry_run"), QStringLiteral("proxy_upload_rate"),
                                   QStringLiteral("proxy_download_rate")};

QList<NginxDirective> named(const QList<NginxDirective> &directives, const QString &name)
{
    QList<NginxDirective> found;
    for (const NginxDirective &d : directives) {
        if (!d.isComment && !d.isBlock && d.name == name)
            found << d;
    }
    return found;
}

// The server's own lines of one directive, else stream {}'s (nginx's merge of a single value
// or of limit_conn's whole list).
QList<NginxDirective> effective(const QList<NginxDirective> &server, const QList<NginxDirective> &stream, const QString &name)
{
    const QList<NginxDirective> own = named(server, name);
    return own.isEmpty() ? named(stream, name) : own;
}

void readRate(const NginxDirective &d, qint64 *rate, QList<Message> *messages)
{
    if (d.args.size() != 1) {
        messages->append({d, QStringLiteral("invalid number of arguments in \"%1\": it takes one rate such as 512k").arg(d.name)});
        return;
    }
    if (d.args.first().contains(u'$')) {
        messages->append({d, QStringLiteral("%1 with variables is not carried over: write a fixed rate such as 512k (dropping it would lift the limit)")
                                 .arg(d.name)});
        return;
    }
    const std::optional<qint64> bytes = Size::parse(d.args.first());
    if (!bytes || d.args.first().endsWith(u'g') || d.args.first().endsWith(u'G')) {
        messages->append({d, QStringLiteral("\"%1\" is not a rate nginx reads (bytes, or k and m: 512k, 1m)").arg(d.args.first())});
        return;
    }
    *rate = *bytes;
}

} // namespace

bool isServerDirective(const QString &name)
{
    return serverDirectives.contains(name);
}

bool isMaxConnectionsZone(const ConnectionZoneConfig &zone)
{
    return zone.name.startsWith(LimitsExport::maxConnectionsPrefix) && zone.key == zone.name;
}

std::optional<ConnectionZoneConfig> readZone(const NginxDirective &d, QString *error)
{
    if (d.args.size() != 2) {
        *error = QStringLiteral("invalid number of arguments in \"limit_conn_zone\": it takes a key and zone=NAME:SIZE");
        return std::nullopt;
    }
    ConnectionZoneConfig zone;
    zone.key = d.args.at(0);
    QString why;
    if (!StreamTemplate::compile(zone.key, &why)) {
        *error = QStringLiteral("limit_conn_zone key \"%1\": %2").arg(zone.key, why);
        return std::nullopt;
    }
    const QString &parameter = d.args.at(1);
    if (!parameter.startsWith(QLatin1StringView("zone="))) {
        *error = QStringLiteral("invalid parameter \"%1\"; write zone=NAME:SIZE, e.g. zone=perip:10m").arg(parameter);
        return std::nullopt;
    }
    const qsizetype colon = parameter.indexOf(u':');
    if (colon < 0) {
        *error = QStringLiteral("invalid zone size \"%1\"; write zone=NAME:SIZE, e.g. zone=perip:10m").arg(parameter);
        return std::nullopt;
    }
    zone.name = parameter.mid(5, colon - 5);
    const QString sizeText = parameter.mid(colon + 1);
    const std::optional<qint64> size = Size::parse(sizeText);
    if (!size || sizeText.endsWith(u'g') || sizeText.endsWith(u'G')) {
        *error = QStringLiteral("invalid zone size \"%1\"; sizes are bytes, or k and m: 10m").arg(parameter);
        return std::nullopt;
    }
    if (*size < LimitsValidator::minimumZoneSize) {
        *error = QStringLiteral("zone \"%1\" is too small; nginx's smallest is 32k").arg(parameter);
        return std::nullopt;
    }
    if (zone.name.isEmpty()) {
        *error = QStringLiteral("\"limit_conn_zone\" must have \"zone\" parameter with a name");
        return std::nullopt;
    }
    zone.size = *size;
    return zone;
}

ListenerLimitsConfig readServer(const QList<NginxDirective> &server, const QList<NginxDirective> &stream,
                                const QList<ConnectionZoneConfig> &zones, QList<Message> *messages)
{
    ListenerLimitsConfig limits;
    for (const NginxDirective &d : effective(server, stream, QStringLiteral("limit_conn"))) {
        if (d.args.size() != 2) {
            messages->append({d, QStringLiteral("invalid number of arguments in \"limit_conn\": it takes a zone and a number of connections")});
            continue;
        }
        const QString &name = d.args.at(0);
        bool ok = false;
        const int connections = d.args.at(1).toInt(&ok);
        if (!ok || connections <= 0) {
            messages->append({d, QStringLiteral("invalid number of connections \"%1\"; use a number from 1").arg(d.args.at(1))});
            continue;
        }
        if (connections > LimitsValidator::maximumConnections) {
            messages->append({d, QStringLiteral("connection limit must be less 65536")});
            continue;
        }
        const ConnectionZoneConfig *zone = nullptr;
        for (const ConnectionZoneConfig &candidate : zones) {
            if (candidate.name == name)
                zone = &candidate;
        }
        if (!zone) {
            messages->append({d, QStringLiteral("zero size shared memory zone \"%1\": define it with limit_conn_zone KEY zone=%1:SIZE").arg(name)});
            continue;
        }
        if (isMaxConnectionsZone(*zone)) {
            limits.maxConnections = connections;
            continue;
        }
        bool duplicate = false;
        for (const ConnectionLimitConfig &earlier : std::as_const(limits.connections))
            duplicate = duplicate || earlier.zone == name;
        if (duplicate) {
            messages->append({d, QStringLiteral("\"limit_conn\" directive is duplicate: zone \"%1\" is limited twice").arg(name)});
            continue;
        }
        limits.connections << ConnectionLimitConfig{name, connections};
    }
    for (const NginxDirective &d : effective(server, stream, QStringLiteral("limit_conn_log_level"))) {
        static const QStringList levels{QStringLiteral("info"), QStringLiteral("notice"), QStringLiteral("warn"), QStringLiteral("error")};
        if (d.args.size() == 1 && levels.contains(d.args.first()))
            limits.logLevel = d.args.first();
        else
            messages->append({d, QStringLiteral("invalid value in \"limit_conn_log_level\"; use info, notice, warn or error")});
    }
    for (const NginxDirective &d : effective(server, stream, QStringLiteral("limit_conn_dry_run"))) {
        if (d.args.size() == 1 && (d.args.first() == u"on" || d.args.first() == u"off"))
            limits.dryRun = d.args.first() == u"on";
        else
            messages->append({d, QStringLiteral("invalid value in \"limit_conn_dry_run\"; use on or off")});
    }
    for (const NginxDirective &d : effective(server, stream, QStringLiteral("proxy_upload_rate")))
        readRate(d, &limits.uploadRate, messages);
    for (const NginxDirective &d : effective(server, stream, QStringLiteral("proxy_download_rate")))
        readRate(d, &limits.downloadRate, messages);
    return limits;
}

} // namespace LimitsImport

namespace NginxImport {

void Importer::importZone(const NginxDirective &d)
{
    QString error;
    const std::optional<ConnectionZoneConfig> zone = LimitsImport::readZone(d, &error);
    if (!zone) {
        report(Severity::Error, d, error);
        return;
    }
    for (const ConnectionZoneConfig &earlier : std::as_const(m_zones)) {
        if (earlier.name == zone->name) {
            report(Severity::Error, d, QStringLiteral("limit_conn_zone \"%1\" is already bound to key \"%2\"").arg(zone->name, earlier.key));
            return;
        }
    }
    m_zones << *zone;
    if (!LimitsImport::isMaxConnectionsZone(*zone)) // those come back as a listener's max_connections
        m_result->config.connectionZones << *zone;
}

void Importer::readLimits(const QList<NginxDirective> &server, ListenerConfig *listener)
{
    QList<LimitsImport::Message> messages;
    listener->limits = LimitsImport::readServer(server, m_streamLimits, m_zones, &messages);
    for (const LimitsImport::Message &message : std::as_const(messages))
        report(message.error ? Severity::Error : Severity::Warning, message.directive, message.text);
}

} // namespace NginxImport
