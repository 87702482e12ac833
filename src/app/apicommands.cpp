#include "apicommands.h"

#include <apiclient.h>
#include <configjson.h>
#include <hostport.h>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QUrl>
#include <cstdio>

namespace ApiCommands {

namespace {

void print(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

int fail(const QString &text)
{
    print(stderr, QStringLiteral("portierd: ") + text);
    return 1;
}

// Where the config's API listens, how to trust it, and the token to use.
std::optional<ApiClient::Endpoint> endpointFor(const QString &configPath, const QString &tokenFile, QString *error)
{
    ConfigJson::LoadResult loaded = ConfigJson::load(configPath);
    if (!loaded.issues.isEmpty()) {
        *error = configPath + QStringLiteral(": ") + loaded.issues.constFirst().toString();
        return std::nullopt;
    }
    ConfigJson::resolvePaths(&loaded.config, QFileInfo(configPath).absolutePath());
    const ApiConfig &api = loaded.config.api;
    if (!api.enabled()) {
        *error = QStringLiteral("%1 has no \"api\" section, so the running portierd cannot be asked; add \"api\": {\"listen\": "
                                "\"127.0.0.1:8081\"} and reload it (kill -HUP)").arg(configPath);
        return std::nullopt;
    }
    const std::optional<HostPort> address = HostPort::parse(api.listen, true, error);
    if (!address)
        return std::nullopt;
    ApiClient::Endpoint endpoint;
    endpoint.host = address->host.isEmpty() || address->host == u"0.0.0.0" ? QStringLiteral("127.0.0.1")
                    : address->host == u"::" ? QStringLiteral("::1") : address->host;
    endpoint.port = address->port;
    if (!api.certificate.isEmpty()) {
        const CertificateConfig *certificate = loaded.config.findCertificate(api.certificate);
        const QList<QSslCertificate> chain = certificate ? QSslCertificate::fromPath(certificate->certificateFile) : QList<QSslCertificate>();
        if (chain.isEmpty()) {
            *error = QStringLiteral("api.certificate \"%1\": no PEM certificate to trust").arg(api.certificate);
            return std::nullopt;
        }
        endpoint.tls = true;
        endpoint.trusted = chain.constFirst();
    }
    if (!tokenFile.isEmpty()) {
        QFile file(tokenFile);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("--token-file %1: %2").arg(tokenFile, file.errorString());
            return std::nullopt;
        }
        endpoint.token = file.readLine().trimmed();
    } else {
        endpoint.token = qgetenv("PORTIER_API_TOKEN").trimmed();
    }
    return endpoint;
}

std::optional<QJsonValue> get(const ApiClient &client, const QByteArray &path, QString *error)
{
    const ApiClient::Reply reply = client.request("GET", path);
    if (reply.status == 0) {
        *error = reply.error + QStringLiteral("; is portierd running with this config?");
        return std::nullopt;
    }
    const QJsonDocument document = QJsonDocument::fromJson(reply.body);
    if (reply.status != 200) {
        const QString text = document.object().value(QStringLiteral("error")).toObject().value(QStringLiteral("text")).toString();
        *error = QStringLiteral("the API answered %1 to GET %2: %3%4")
                     .arg(reply.status).arg(QString::fromLatin1(path), text,
                                            reply.status == 401 ? QStringLiteral(" (set PORTIER_API_TOKEN or use --token-file)") : QString());
        return std::nullopt;
    }
    return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
}

QString bytes(double value)
{
    return QLocale::c().formattedDataSize(qint64(value), 1, QLocale::DataSizeTraditionalFormat);
}

void printStatus(const QJsonObject &nginx, const QJsonArray &listeners, const QJsonObject &upstreams)
{
    print(stdout, QStringLiteral("portierd %1, pid %2, configuration applied %3 times, last at %4")
                      .arg(nginx.value(QStringLiteral("version")).toString())
                      .arg(nginx.value(QStringLiteral("pid")).toInteger())
                      .arg(nginx.value(QStringLiteral("generation")).toInteger())
                      .arg(nginx.value(QStringLiteral("load_timestamp")).toString()));
    print(stdout, QStringLiteral("listeners:"));
    for (const QJsonValue &value : listeners) {
        const QJsonObject l = value.toObject();
        const QString state = !l.value(QStringLiteral("enabled")).toBool() ? QStringLiteral("disabled")
                              : l.value(QStringLiteral("listening")).toBool() ? QStringLiteral("listening")
                                                                               : QStringLiteral("FAILED: ") + l.value(QStringLiteral("error")).toString();
        print(stdout, QStringLiteral("  %1 %2  %3  active %4  accepted %5  in %6  out %7")
                          .arg(l.value(QStringLiteral("listen")).toString(), l.value(QStringLiteral("protocol")).toString(), state)
                          .arg(l.value(QStringLiteral("active")).toInteger()).arg(l.value(QStringLiteral("accepted")).toInteger())
                          .arg(bytes(l.value(QStringLiteral("received")).toDouble()), bytes(l.value(QStringLiteral("sent")).toDouble())));
    }
    for (auto it = upstreams.begin(); it != upstreams.end(); ++it) {
        print(stdout, QStringLiteral("upstream %1:").arg(it.key()));
        for (const QJsonValue &value : it.value().toObject().value(QStringLiteral("peers")).toArray()) {
            const QJsonObject p = value.toObject();
            print(stdout, QStringLiteral("  #%1 %2  %3%4  weight %5  active %6  connections %7  sent %8  received %9  fails %10")
                              .arg(p.value(QStringLiteral("id")).toInt()).arg(p.value(QStringLiteral("server")).toString(),
                                                                              p.value(QStringLiteral("state")).toString(),
                                                                              p.value(QStringLiteral("backup")).toBool() ? QStringLiteral(" (backup)") : QString())
                              .arg(p.value(QStringLiteral("weight")).toInt()).arg(p.value(QStringLiteral("active")).toInteger())
                              .arg(p.value(QStringLiteral("connections")).toInteger())
                              .arg(bytes(p.value(QStringLiteral("sent")).toDouble()), bytes(p.value(QStringLiteral("received")).toDouble()))
                              .arg(p.value(QStringLiteral("fails")).toInteger()));
        }
    }
}

} // namespace

int newToken(const QString &name, bool write)
{
    if (name.trimmed().isEmpty())
        return fail(QStringLiteral("--new-api-token needs a name for the token, e.g. --new-api-token grafana"));
    const QByteArray token = ApiToken::generate();
    const QJsonObject entry{{QStringLiteral("name"), name},
                            {QStringLiteral("sha256"), ApiToken::digest(token)},
                            {QStringLiteral("access"), write ? QStringLiteral("write") : QStringLiteral("read")}};
    print(stdout, QString::fromLatin1(token));
    print(stderr, QStringLiteral("portierd: the line above is the token; it is shown only now. Give it to the client, and add this "
                                 "to \"api\": {\"tokens\": [...]} in the config, then reload:"));
    print(stderr, QString::fromUtf8(QJsonDocument(entry).toJson(QJsonDocument::Compact)));
    return 0;
}

int status(const QString &configPath, const QString &tokenFile, bool json)
{
    QString error;
    const std::optional<ApiClient::Endpoint> endpoint = endpointFor(configPath, tokenFile, &error);
    if (!endpoint)
        return fail(error);
    const ApiClient client(*endpoint);
    const auto nginx = get(client, "/api/9/nginx", &error);
    const auto listeners = nginx ? get(client, "/portier/v1/listeners", &error) : std::nullopt;
    const auto upstreams = listeners ? get(client, "/api/9/stream/upstreams", &error) : std::nullopt;
    if (!upstreams)
        return fail(error);
    if (json) {
        const QJsonObject all{{QStringLiteral("nginx"), *nginx}, {QStringLiteral("listeners"), *listeners}, {QStringLiteral("upstreams"), *upstreams}};
        print(stdout, QString::fromUtf8(QJsonDocument(all).toJson(QJsonDocument::Indented)).trimmed());
        return 0;
    }
    printStatus(nginx->toObject(), listeners->toArray(), upstreams->toObject());
    return 0;
}

int steer(const QString &configPath, const QString &tokenFile, const QString &action, const QString &target)
{
    const qsizetype slash = target.indexOf(u'/');
    if (slash <= 0 || slash == target.size() - 1)
        return fail(QStringLiteral("--%1: \"%2\" is not GROUP/SERVER; e.g. --%1 backend/127.0.0.1:7773 or --%1 backend/0").arg(action, target));
    const QString group = target.left(slash);
    const QString server = target.mid(slash + 1);
    QString error;
    const std::optional<ApiClient::Endpoint> endpoint = endpointFor(configPath, tokenFile, &error);
    if (!endpoint)
        return fail(error);
    const ApiClient client(*endpoint);
    const QByteArray groupPath = "/api/9/stream/upstreams/" + QUrl::toPercentEncoding(group);
    const std::optional<QJsonValue> upstream = get(client, groupPath, &error);
    if (!upstream)
        return fail(error);
    int id = -1;
    for (const QJsonValue &peer : upstream->toObject().value(QStringLiteral("peers")).toArray()) {
        const QJsonObject p = peer.toObject();
        if (p.value(QStringLiteral("server")).toString() == server || QString::number(p.value(QStringLiteral("id")).toInt()) == server)
            id = id < 0 ? p.value(QStringLiteral("id")).toInt() : -2; // -2: the address is there twice
    }
    if (id == -2)
        return fail(QStringLiteral("--%1: \"%2\" is in \"%3\" more than once; name it by its position (%3/0, %3/1, ...)").arg(action, server, group));
    if (id < 0)
        return fail(QStringLiteral("--%1: upstream \"%2\" has no server \"%3\"; portierd --status lists them").arg(action, group, server));
    const QByteArray body = action == u"drain" ? QByteArray(R"({"drain": true})")
                            : action == u"disable" ? QByteArray(R"({"down": true})")
                                                   : QByteArray(R"({"down": false, "drain": false})");
    const ApiClient::Reply reply = client.request("PATCH", groupPath + "/servers/" + QByteArray::number(id), body);
    if (reply.status != 200) {
        const QString text = QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("error")).toObject().value(QStringLiteral("text")).toString();
        return fail(QStringLiteral("--%1 %2: %3").arg(action, target, reply.status == 0 ? reply.error : QStringLiteral("the API answered %1: %2").arg(reply.status).arg(text)));
    }
    const QJsonObject now = QJsonDocument::fromJson(reply.body).object();
    print(stdout, QStringLiteral("%1/%2 (%3): %4").arg(group).arg(id).arg(now.value(QStringLiteral("server")).toString(),
                                                                        now.value(QStringLiteral("drain")).toBool() ? QStringLiteral("draining")
                                                                        : now.value(QStringLiteral("down")).toBool() ? QStringLiteral("down")
                                                                                                                      : QStringLiteral("up")));
    return 0;
}

} // namespace ApiCommands
