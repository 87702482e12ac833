#pragma once

#include "apiauth.h"
#include "apibackend.h"
#include "config.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <functional>
#include <memory>

class ApiConnection;
class Engine;
class QTcpServer;
struct HttpRequest;

// The control API over HTTP(S), served from the engine's own thread (portierd's main
// thread; the GUI's engine thread), never from a worker: a request costs the data path
// nothing but the snapshot the engine already makes once a second. Bounded: 64 clients at
// once, 50 requests a second per client address (bursts to 100), requests of 16 KiB of
// headers and 1 MiB of body; a failed token waits 1-8 s before its 401.
class ApiServer : public QObject, private ApiBackend
{
    Q_OBJECT

public:
    // How the program applies a config that arrives through the API (portierd writes its
    // file first, so a restart or SIGHUP keeps it). Empty result: applied.
    using ConfigApplier = std::function<ConfigIssues(const Config &)>;

    ApiServer(Engine *engine, ConfigApplier applier, QObject *parent = nullptr);
    ~ApiServer() override;

    // Starts, moves or stops the API as config.api says; call after each engine apply. A
    // new address that cannot be bound leaves the running API as it was, and the error
    // says why (in words, with the address).
    QString apply(const Config &config);

    bool isListening() const;
    quint16 port() const;

    static constexpr int maxClients = 64;

private:
    StatsSnapshot stats() const override;
    const Config &config() const override;
    NginxPlusApi::Facts facts() const override;
    int workers() const override;
    QList<WorkerStats> workerStats() const override;
    ConfigIssues applyConfig(const Config &config) override;
    QString setServer(const QString &group, int server, const ServerChange &change) override;
    const RecentLines *recentLines() const override { return &m_recent; }
    QList<SessionInfo> sessions(const SessionFilter &filter) override;
    QList<ClosedSession> closedSessions() override;
    int closeSessions(const SessionFilter &filter, const QString &who) override;

    QString listen(const ApiConfig &api, const Config &config);
    void acceptClients();
    void answer(ApiConnection *connection, const HttpRequest &request);
    bool withinRate(const QString &client);

    struct Bucket
    {
        double tokens = 0;
        qint64 lastMs = 0;
    };

    Engine *m_engine;
    ConfigApplier m_applier;
    ApiAuth m_auth;
    std::unique_ptr<QTcpServer> m_server;
    ApiConfig m_running; // what m_server was started with
    CertificateConfig m_runningCertificate;
    QHash<QString, Bucket> m_buckets;
    quint64 m_generation = 0;
    RecentLines m_recent;
    QDateTime m_loadTime;
};
