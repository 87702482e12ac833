#include "proxyprotocolconfig.h"

#include "accessrules.h"
#include "duration.h"
#include "jsontext.h"

#include <QJsonArray>

namespace {
using JsonText::describe;

void readBool(const QJsonObject &object, const char *key, const QString &path, bool *out, ConfigIssues *issues)
{
    const QJsonValue value = object.value(QLatin1StringView(key));
    if (value.isUndefined())
        return;
    if (value.isBool())
        *out = value.toBool();
    else if (value.isString() && (value.toString() == u"on" || value.toString() == u"off"))
        *out = value.toString() == u"on";
    else
        issues->append({path + u'.' + QLatin1StringView(key), QStringLiteral("expected true or false, found %1").arg(describe(value))});
}
} // namespace

ProxyProtocolConfig ProxyProtocolConfig::fromJson(const QJsonValue &value, const QString &path, ConfigIssues *issues)
{
    ProxyProtocolConfig config;
    if (!value.isObject()) {
        issues->append({path, QStringLiteral("expected an object such as {\"accept\": true, \"timeout\": \"30s\", \"set_real_ip_from\": "
                                             "[\"10.0.0.0/8\"], \"send\": true}, found %1").arg(describe(value))});
        return config;
    }
    const QJsonObject object = value.toObject();
    const QStringList known{QStringLiteral("accept"), QStringLiteral("timeout"), QStringLiteral("set_real_ip_from"), QStringLiteral("send")};
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key()))
            issues->append({path + u'.' + it.key(), QStringLiteral("unknown key; known keys here are: %1").arg(known.join(QStringLiteral(", ")))});
    }
    readBool(object, "accept", path, &config.accept, issues);
    readBool(object, "send", path, &config.send, issues);
    const QJsonValue timeout = object.value(QLatin1StringView("timeout"));
    if (!timeout.isUndefined()) {
        const std::optional<qint64> parsed = timeout.isString() ? Duration::parse(timeout.toString())
                                             : timeout.isDouble() && timeout.toDouble() >= 0 && timeout.toDouble() <= 1e12
                                                 ? std::optional<qint64>(qint64(timeout.toDouble() * 1000.0 + 0.5))
                                                 : std::nullopt;
        if (parsed)
            config.timeoutMs = *parsed;
        else
            issues->append({path + u".timeout", QStringLiteral("%1 is not a duration; write it as nginx does, e.g. 30s, 1m, 500ms").arg(describe(timeout))});
    }
    const QJsonValue sources = object.value(QLatin1StringView("set_real_ip_from"));
    if (sources.isArray()) {
        const QJsonArray array = sources.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (array.at(i).isString())
                config.trustedSources << array.at(i).toString();
            else
                issues->append({QStringLiteral("%1.set_real_ip_from[%2]").arg(path).arg(i),
                                QStringLiteral("expected an address or CIDR such as \"10.0.0.0/8\", found %1").arg(describe(array.at(i)))});
        }
    } else if (!sources.isUndefined()) {
        issues->append({path + u".set_real_ip_from", QStringLiteral("expected a list of addresses or CIDRs, e.g. [\"127.0.0.1\", \"10.0.0.0/8\"], found %1")
                                                        .arg(describe(sources))});
    }
    return config;
}

QJsonObject ProxyProtocolConfig::toJson() const
{
    QJsonObject object;
    if (accept)
        object.insert(QStringLiteral("accept"), true);
    if (timeoutMs != defaultTimeoutMs)
        object.insert(QStringLiteral("timeout"), Duration::format(timeoutMs));
    if (!trustedSources.isEmpty())
        object.insert(QStringLiteral("set_real_ip_from"), QJsonArray::fromStringList(trustedSources));
    if (send)
        object.insert(QStringLiteral("send"), true);
    return object;
}

void ProxyProtocolConfig::validate(bool udp, const QString &path, ConfigIssues *issues) const
{
    if (udp && accept)
        issues->append({path + u".accept", QStringLiteral("a UDP listener cannot read PROXY headers (nginx: \"proxy_protocol\" parameter "
                                                          "is incompatible with \"udp\"); turn accept off or make the listener tcp")});
    // "send" on UDP is fine: nginx 1.22 puts the header in front of a session's first datagram.
    if (timeoutMs <= 0)
        issues->append({path + u".timeout", QStringLiteral("must be more than 0, e.g. 30s (nginx's default)")});
    for (qsizetype i = 0; i < trustedSources.size(); ++i) {
        const QString &source = trustedSources.at(i);
        const QString where = QStringLiteral("%1.set_real_ip_from[%2]").arg(path).arg(i);
        QString error;
        if (source == u"all") // nginx looks "all" up as a host name and fails
            issues->append({where, QStringLiteral("\"all\" is not an address nginx takes here; write 0.0.0.0/0 and ::/0 to trust a PROXY header "
                                                  "from anyone")});
        else if (source != u"unix:" && !AccessRules::parseAddress(source, &error))
            issues->append({where, error + QStringLiteral(" (host names are not resolved)")});
    }
}
