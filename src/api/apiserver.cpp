#include "apiserver.h"

#include "apiconnection.h"
#include "apicredentials.h"
#include "apirouter.h"
#include "engine.h"
#include "errorlog.h"
#include "hostport.h"
#include "processinfo.h"

#include <QSslServer>
#include <QTcpServer>
#include <QTimer>

namespace {

constexpr double requestsPerSecond = 50;
constexpr double burst = 100;

QString where(const ApiConfig &api)
{
    return (api.certificate.isEmpty() ? QStringLiteral("http://") : QStringLiteral("https://")) + api.listen;
}

} // namespace

ApiServer::ApiServer(Engine *engine, ConfigApplier applier, QObject *parent)
    : QObject(parent), m_engine(engine), m_applier(std::move(applier))
{
    if (m_engine)
        m_recent.attach(m_engine->errorLog());
}

ApiServer::~ApiServer() = default;

bool ApiServer::isListening() const
{
    return m_server && m_server->isListening();
}

quint16 ApiServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QString ApiServer::apply(const Config &config)
{
    ++m_generation;
    m_loadTime = QDateTime::currentDateTimeUtc();
    const ApiConfig &api = config.api;
    m_auth.setTokens(api.tokens);
    const CertificateConfig *certificate = config.findCertificate(api.certificate);
    const bool sameSocket = m_server && api.listen == m_running.listen && api.certificate == m_running.certificate
                            && (api.certificate.isEmpty() || (certificate && *certificate == m_runningCertificate));
    if (!api.enabled()) {
        if (m_server)
            m_engine->errorLog()->write(ErrorLog::Level::Notice, QStringLiteral("api: stopped listening on %1").arg(where(m_running)));
        m_server.reset();
        m_running = ApiConfig();
        return QString();
    }
    if (sameSocket) {
        m_running = api;
        return QString();
    }
    return listen(api, config);
}

QString ApiServer::listen(const ApiConfig &api, const Config &config)
{
    QString error;
    const std::optional<HostPort> address = HostPort::parse(api.listen, true, &error);
    if (!address)
        return QStringLiteral("api.listen: \"%1\": %2").arg(api.listen, error);
    std::unique_ptr<QTcpServer> server;
    CertificateConfig certificate;
    if (!api.certificate.isEmpty()) {
        const CertificateConfig *found = config.findCertificate(api.certificate);
        if (!found)
            return QStringLiteral("api.certificate: \"%1\" names no certificate").arg(api.certificate);
        certificate = *found;
        const QSslConfiguration tls = ApiCredentials::serverConfiguration(certificate, &error);
        if (tls.isNull())
            return QStringLiteral("api.certificate: ") + error;
        auto ssl = std::make_unique<QSslServer>();
        ssl->setSslConfiguration(tls);
        ssl->setHandshakeTimeout(10 * 1000);
        server = std::move(ssl);
    } else {
        server = std::make_unique<QTcpServer>();
    }
    server->setMaxPendingConnections(maxClients);
    const QHostAddress host = address->host.isEmpty() ? QHostAddress(QHostAddress::Any)
                              : address->host.compare(u"localhost", Qt::CaseInsensitive) == 0 ? QHostAddress(QHostAddress::LocalHost)
                                                                                               : QHostAddress(address->host);
    if (host.isNull())
        return QStringLiteral("api.listen: \"%1\" is not an IP address; write the API's address as digits, e.g. 127.0.0.1:8081").arg(api.listen);
    if (!server->listen(host, address->port)) {
        return QStringLiteral("api.listen: cannot listen on %1: %2; choose another port or stop the program that has it")
            .arg(api.listen, server->errorString());
    }
    connect(server.get(), &QTcpServer::pendingConnectionAvailable, this, &ApiServer::acceptClients);
    m_server = std::move(server);
    m_running = api;
    m_runningCertificate = certificate;
    m_engine->errorLog()->write(ErrorLog::Level::Notice, QStringLiteral("api: listening on %1%2")
                                                             .arg(where(api), m_auth.required() ? QStringLiteral(" (tokens required)") : QString()));
    return QString();
}

void ApiServer::acceptClients()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (findChildren<ApiConnection *>(Qt::FindDirectChildrenOnly).size() >= maxClients) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto *connection = new ApiConnection(socket, this);
        connect(connection, &ApiConnection::request, this, &ApiServer::answer);
        connect(connection, &ApiConnection::closed, this, [](ApiConnection *c) { c->deleteLater(); });
    }
}

bool ApiServer::withinRate(const QString &client)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_buckets.size() > 10000)
        m_buckets.clear();
    Bucket &bucket = m_buckets[client];
    if (bucket.lastMs == 0)
        bucket.tokens = burst;
    bucket.tokens = qMin(burst, bucket.tokens + double(now - bucket.lastMs) / 1000.0 * requestsPerSecond);
    bucket.lastMs = now;
    if (bucket.tokens < 1)
        return false;
    bucket.tokens -= 1;
    return true;
}

void ApiServer::answer(ApiConnection *connection, const HttpRequest &request)
{
    const QString client = connection->clientAddress();
    if (!withinRate(client)) {
        HttpResponse response = NginxPlusApi::error(429, QStringLiteral("more than %1 requests a second from %2").arg(requestsPerSecond).arg(client),
                                                    "TooManyRequests");
        response.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("1")));
        connection->respond(response, request.keepAlive);
        return;
    }
    QString tokenName;
    const ApiAuth::Access access = m_auth.check(request, &tokenName);
    if (access == ApiAuth::Access::None) {
        const bool sent = !request.header("authorization").isEmpty();
        // The log names the client and what it asked for, never what it sent as a token.
        m_engine->errorLog()->write(ErrorLog::Level::Warn, QStringLiteral("api: %1 token from %2 for %3 %4")
                                                               .arg(sent ? QStringLiteral("unknown") : QStringLiteral("no"), client,
                                                                    QString::fromLatin1(request.method), QString::fromUtf8(request.path.left(200))));
        HttpResponse response = NginxPlusApi::error(401, sent ? QStringLiteral("the token is not one this API knows")
                                                              : QStringLiteral("send \"Authorization: Bearer <token>\""),
                                                    "Unauthorized");
        response.headers.append(qMakePair(QByteArray("WWW-Authenticate"), QByteArray("Bearer realm=\"portier\"")));
        const bool keepAlive = request.keepAlive;
        QTimer::singleShot(m_auth.failureDelayMs(client), connection, [connection, response, keepAlive] { connection->respond(response, keepAlive); });
        return;
    }
    if (m_auth.required())
        m_auth.forgetFailures(client);
    const HttpResponse response = ApiRouter::handle(request, access, *this);
    if (request.method != "GET") {
        m_engine->errorLog()->write(ErrorLog::Level::Notice, QStringLiteral("api: %1 %2 from %3%4: %5")
                                                                 .arg(QString::fromLatin1(request.method), QString::fromUtf8(request.path.left(200)), client,
                                                                      tokenName.isEmpty() ? QString() : QStringLiteral(" (token \"%1\")").arg(tokenName))
                                                                 .arg(response.status));
    }
    connection->respond(response, request.keepAlive);
}

StatsSnapshot ApiServer::stats() const
{
    return m_engine->snapshot();
}

const Config &ApiServer::config() const
{
    return m_engine->config();
}

NginxPlusApi::Facts ApiServer::facts() const
{
    NginxPlusApi::Facts facts;
    facts.version = QStringLiteral(PORTIER_VERSION);
    facts.generation = m_generation;
    facts.loadTime = m_loadTime;
    facts.pid = ProcessInfo::processId();
    return facts;
}

int ApiServer::workers() const
{
    return m_engine->workerCount();
}

QList<WorkerStats> ApiServer::workerStats() const
{
    return m_engine->workerStats();
}

ConfigIssues ApiServer::applyConfig(const Config &config)
{
    if (!m_applier)
        return {{QString(), QStringLiteral("this program does not take configs through the API")}};
    return m_applier(config);
}

QString ApiServer::setServer(const QString &group, int server, const ServerChange &change)
{
    return m_engine->setServerState(group, server, change);
}

QList<SessionInfo> ApiServer::sessions(const SessionFilter &filter)
{
    return m_engine->sessions(filter);
}

QList<ClosedSession> ApiServer::closedSessions()
{
    return m_engine->closedSessions();
}

int ApiServer::closeSessions(const SessionFilter &filter, const QString &who)
{
    return m_engine->closeSessions(filter, who);
}
