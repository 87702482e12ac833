#include "peerchange.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace PeerChange {

namespace {

// What the config says for one of nginx Plus's fixed fields, as the API writes it.
QJsonValue currentValue(const QString &key, const ServerConfig &server)
{
    if (key == u"server")
        return server.address;
    if (key == u"max_conns")
        return server.maxConns;
    if (key == u"max_fails")
        return server.maxFails;
    if (key == u"fail_timeout")
        return QStringLiteral("%1s").arg(server.failTimeoutMs / 1000);
    if (key == u"slow_start")
        return QStringLiteral("0s");
    if (key == u"backup")
        return server.backup;
    return QJsonValue(QJsonValue::Undefined);
}

} // namespace

Parsed parse(const QByteArray &body, const ServerConfig &current)
{
    Parsed parsed;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        parsed.error = QStringLiteral("the body is not a JSON object such as {\"drain\": true}");
        parsed.errorCode = "UpstreamConfFormatError";
        return parsed;
    }
    const QJsonObject object = document.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue value = it.value();
        if (key == u"weight") {
            const double weight = value.toDouble(-1);
            if (!value.isDouble() || weight < 1 || weight > 1000000 || weight != double(int(weight))) {
                parsed.error = QStringLiteral("weight must be a whole number from 1");
                parsed.errorCode = "UpstreamBadWeight";
                return parsed;
            }
            parsed.change.weight = int(weight);
        } else if (key == u"down" || key == u"drain") {
            if (!value.isBool()) {
                parsed.error = QStringLiteral("\"%1\" must be true or false").arg(key);
                parsed.errorCode = "UpstreamConfFormatError";
                return parsed;
            }
            (key == u"down" ? parsed.change.down : parsed.change.drain) = value.toBool();
        } else if (key == u"id") {
            continue; // nginx Plus's clients send the id back; it names the server in the path
        } else if (const QJsonValue now = currentValue(key, current); !now.isUndefined() && (now == value || (now.isDouble() && value.isDouble() && now.toDouble() == value.toDouble()))) {
            continue; // sent back unchanged
        } else {
            parsed.error = QStringLiteral("\"%1\" cannot be changed at run time in Portier; change it in the config "
                                          "(PUT /portier/v1/config); weight, down and drain can be changed here")
                               .arg(key);
            parsed.errorCode = "UpstreamConfFormatError";
            return parsed;
        }
    }
    return parsed;
}

} // namespace PeerChange
