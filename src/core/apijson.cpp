#include "apijson.h"

#include "jsontext.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

using JsonText::describe;
using JsonText::join;
using JsonText::checkKeys;
using JsonText::readString;
using JsonText::readBool;

ApiTokenConfig readToken(const QJsonValue &value, const QString &path, ConfigIssues *issues)
{
    ApiTokenConfig token;
    if (!value.isObject()) {
        issues->append({path, QStringLiteral("expected an object like {\"name\": \"grafana\", \"sha256\": \"…\", \"access\": \"read\"}, found %1")
                                  .arg(describe(value))});
        return token;
    }
    const QJsonObject object = value.toObject();
    checkKeys(object, path, {"name", "sha256", "access"}, issues);
    readString(object, "name", path, &token.name, issues);
    readString(object, "sha256", path, &token.sha256, issues);
    QString access = QStringLiteral("read");
    readString(object, "access", path, &access, issues);
    if (access == u"write")
        token.write = true;
    else if (access != u"read")
        issues->append({join(path, "access"), QStringLiteral("\"%1\" is not an access level; use \"read\" (GET only) or \"write\" (may also change servers and the config)")
                                                  .arg(access)});
    return token;
}

} // namespace

namespace ApiJson {

ApiConfig read(const QJsonValue &value, ConfigIssues *issues)
{
    ApiConfig api;
    const QString path = QLatin1StringView(key);
    if (value.isUndefined())
        return api;
    if (!value.isObject()) {
        issues->append({path, QStringLiteral("expected an object like {\"listen\": \"127.0.0.1:8081\"}, found %1").arg(describe(value))});
        return api;
    }
    const QJsonObject object = value.toObject();
    checkKeys(object, path, {"listen", "certificate", "tokens"}, issues);
    readString(object, "listen", path, &api.listen, issues);
    readString(object, "certificate", path, &api.certificate, issues);
    const QJsonValue tokens = object.value(QLatin1StringView("tokens"));
    if (tokens.isArray()) {
        const QJsonArray list = tokens.toArray();
        for (qsizetype i = 0; i < list.size(); ++i)
            api.tokens << readToken(list.at(i), join(path, "tokens") + QStringLiteral("[%1]").arg(i), issues);
    } else if (!tokens.isUndefined()) {
        issues->append({join(path, "tokens"), QStringLiteral("expected a list of tokens, found %1").arg(describe(tokens))});
    }
    return api;
}

QJsonValue toJson(const ApiConfig &api)
{
    if (api == ApiConfig())
        return QJsonValue(QJsonValue::Undefined);
    QJsonObject object;
    if (!api.listen.isEmpty())
        object.insert(QStringLiteral("listen"), api.listen);
    if (!api.certificate.isEmpty())
        object.insert(QStringLiteral("certificate"), api.certificate);
    QJsonArray tokens;
    for (const ApiTokenConfig &token : api.tokens) {
        tokens.append(QJsonObject{{QStringLiteral("name"), token.name},
                                  {QStringLiteral("sha256"), token.sha256},
                                  {QStringLiteral("access"), token.write ? QStringLiteral("write") : QStringLiteral("read")}});
    }
    if (!tokens.isEmpty())
        object.insert(QStringLiteral("tokens"), tokens);
    return object;
}

} // namespace ApiJson
