#include "issuelocation.h"

#include <QRegularExpression>

#include <algorithm>

namespace {

// One "list[N]" step of a path: the list's name (possibly dotted, "api.tokens",
// "ssl.protocols") and the index as written (from 0).
struct Step
{
    QString list;
    qsizetype index = 0;
};

// "name" when the item has one of its own, its number from 1 when it has none, and both,
// "4 (0.0.0.0:80)", when another item of the list has the same name (the validator's
// "used by an earlier ..." is about that one).
template<typename List, typename Name>
QString nameOr(const List &list, qsizetype index, Name name)
{
    const QString own = index < list.size() ? name(list.at(index)) : QString();
    if (own.isEmpty())
        return QString::number(index + 1);
    const auto same = std::count_if(list.begin(), list.end(), [&](const auto &item) { return name(item) == own; });
    return same > 1 ? QStringLiteral("%1 (%2)").arg(index + 1).arg(own) : own;
}

} // namespace

namespace {

// The words of a top-level item ("listeners[2]" -> "Listener 127.0.0.1:80").
QString topItem(const Config &config, const Step &step)
{
    const qsizetype i = step.index;
    if (step.list == u"listeners")
        return IssueLocation::tr("Listener %1").arg(nameOr(config.listeners, i, [](const ListenerConfig &l) { return l.listen; }));
    if (step.list == u"upstreams")
        return IssueLocation::tr("Upstream group %1").arg(nameOr(config.upstreams, i, [](const UpstreamConfig &u) { return u.name; }));
    if (step.list == u"certificates")
        return IssueLocation::tr("Certificate %1").arg(nameOr(config.certificates, i, [](const CertificateConfig &c) { return c.name; }));
    if (step.list == u"limit_conn_zones")
        return IssueLocation::tr("Connection zone %1").arg(nameOr(config.connectionZones, i, [](const ConnectionZoneConfig &z) { return z.name; }));
    if (step.list == u"log_formats")
        return IssueLocation::tr("Log format %1").arg(nameOr(config.logFormats, i, [](const LogFormatConfig &f) { return f.name; }));
    if (step.list == u"maps") {
        const QString name = config.maps.value(i).name;
        return IssueLocation::tr("Map %1").arg(name.isEmpty() ? QString::number(i + 1) : u'$' + name);
    }
    if (step.list == u"split_clients") {
        const QString name = config.splitClients.value(i).name;
        return IssueLocation::tr("split_clients %1").arg(name.isEmpty() ? QString::number(i + 1) : u'$' + name);
    }
    if (step.list == u"api.tokens")
        return IssueLocation::tr("API token %1").arg(nameOr(config.api.tokens, i, [](const ApiTokenConfig &t) { return t.name; }));
    return IssueLocation::tr("%1, entry %2").arg(step.list).arg(i + 1);
}

// The words of an item inside another ("servers[1]" of an upstream group -> "server 2 (10.0.0.1:80)").
QString innerItem(const Config &config, const Step &parent, const Step &step)
{
    const qsizetype i = step.index;
    if (parent.list == u"upstreams" && step.list == u"servers") {
        const QString address = config.upstreams.value(parent.index).servers.value(i).address;
        return address.isEmpty() ? IssueLocation::tr("server %1").arg(i + 1) : IssueLocation::tr("server %1 (%2)").arg(i + 1).arg(address);
    }
    if (parent.list == u"listeners" && step.list == u"access") {
        const AccessRuleConfig rule = config.listeners.value(parent.index).access.value(i);
        return rule.address.isEmpty() ? IssueLocation::tr("access rule %1").arg(i + 1)
                                      : IssueLocation::tr("access rule %1 (%2 %3)").arg(i + 1).arg(AccessRuleConfig::actionName(rule.action), rule.address);
    }
    if (parent.list == u"listeners" && step.list == u"limit_conn") {
        const QString zone = config.listeners.value(parent.index).limits.connections.value(i).zone;
        return zone.isEmpty() ? IssueLocation::tr("connection limit %1").arg(i + 1)
                              : IssueLocation::tr("connection limit %1 (zone %2)").arg(i + 1).arg(zone);
    }
    if (parent.list == u"maps" && step.list == u"entries") {
        const QString key = config.maps.value(parent.index).entries.value(i).key;
        return key.isEmpty() ? IssueLocation::tr("entry %1").arg(i + 1) : IssueLocation::tr("entry %1 (%2)").arg(i + 1).arg(key);
    }
    if (parent.list == u"split_clients" && step.list == u"buckets") {
        const QString percent = config.splitClients.value(parent.index).buckets.value(i).percent;
        return percent.isEmpty() ? IssueLocation::tr("bucket %1").arg(i + 1) : IssueLocation::tr("bucket %1 (%2)").arg(i + 1).arg(percent);
    }
    return IssueLocation::tr("%1, entry %2").arg(step.list).arg(i + 1);
}

// A path's segments: names with an optional [N]. Anything after the last index is the field.
const QRegularExpression &stepPattern()
{
    static const QRegularExpression pattern(QStringLiteral(R"(\G\.?((?:[A-Za-z_][A-Za-z0-9_]*\.)*[A-Za-z_][A-Za-z0-9_]*)\[(\d+)\])"));
    return pattern;
}

// A path inside a sentence: at least one [N], then fields ("listeners[0].listen").
const QRegularExpression &embeddedPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(\b(?:[A-Za-z_][A-Za-z0-9_]*\.)*[A-Za-z_][A-Za-z0-9_]*\[\d+\](?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])?|\[\d+\])*)"));
    return pattern;
}

} // namespace

QString IssueLocation::place(const Config &config, const QString &path)
{
    QStringList parts;
    Step parent;
    qsizetype position = 0;
    for (QRegularExpressionMatchIterator it = stepPattern().globalMatch(path); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const Step step{match.captured(1), match.captured(2).toLongLong()};
        parts << (parts.isEmpty() ? topItem(config, step) : innerItem(config, parent, step));
        parent = step;
        position = match.capturedEnd();
    }
    if (parts.isEmpty())
        return path;
    QString field = path.mid(position);
    if (field.startsWith(u'.'))
        field.remove(0, 1);
    // A field can still hold an index (an entry of a list of strings, "ssl.protocols[1]").
    static const QRegularExpression index(QStringLiteral(R"(\[(\d+)\])"));
    for (QRegularExpressionMatch match = index.match(field); match.hasMatch(); match = index.match(field))
        field.replace(match.capturedStart(), match.capturedLength(), tr(", entry %1").arg(match.captured(1).toLongLong() + 1));
    if (!field.isEmpty())
        parts << field;
    return parts.join(QStringLiteral(", "));
}

QString IssueLocation::words(const Config &config, const QString &text)
{
    QString result;
    qsizetype last = 0;
    for (QRegularExpressionMatchIterator it = embeddedPattern().globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        result += QStringView(text).mid(last, match.capturedStart() - last);
        result += place(config, match.captured());
        last = match.capturedEnd();
    }
    result += QStringView(text).mid(last);
    return result;
}

QString IssueLocation::text(const Config &config, const ConfigIssue &issue)
{
    const QString message = words(config, issue.message);
    return issue.path.isEmpty() ? message : place(config, issue.path) + QStringLiteral(": ") + message;
}

ConfigIssues IssueLocation::located(const Config &config, const ConfigIssues &issues)
{
    ConfigIssues result;
    result.reserve(issues.size());
    for (const ConfigIssue &issue : issues)
        result << ConfigIssue{issue.path.isEmpty() ? QString() : place(config, issue.path), words(config, issue.message)};
    return result;
}

ConfigIssues IssueLocation::worded(const Config &config, const ConfigIssues &issues)
{
    ConfigIssues result = issues;
    for (ConfigIssue &issue : result)
        issue.message = words(config, issue.message);
    return result;
}
