#pragma once

#include "instancecontroller.h"
#include "remoteendpoint.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QSet>
#include <QTimer>

class QNetworkReply;

// A portierd on another machine (or another process here), shown and steered through its
// control API as EngineController shows this computer's engine: it polls GET
// /portier/v1/stats each second (and the running config from GET /portier/v1/config now and
// then), steers servers with nginx Plus's PATCH /api/9/stream/upstreams/NAME/servers/ID and
// applies a config with PUT /portier/v1/config. While the Connections page or the Log dock
// watches, each poll also reads GET /portier/v1/sessions (and /closed) and GET
// /portier/v1/logs?after=SERIAL, turned into the batches the local engine sends
// (remotecontrollerfeeds.cpp); closing goes through DELETE /portier/v1/sessions?id=N. HTTPS trusts exactly the certificate whose
// SHA-256 the user accepted; a different one is refused, never asked about again here.
// A wrong token stops the polling (each failure costs the server's 1-8 s penalty). GUI thread.
class RemoteController : public InstanceController
{
    Q_OBJECT

public:
    enum class Link { Connecting, Connected, Unreachable, AuthenticationFailed, CertificateChanged, Incompatible };
    Q_ENUM(Link)

    explicit RemoteController(RemoteEndpoint endpoint, QObject *parent = nullptr);

    QString name() const override;
    bool isLocal() const override { return false; }
    State state() const override { return m_state; }
    bool isBusy() const override { return m_pending > 0; }
    const std::optional<Config> &runningConfig() const override { return m_running; }
    const StatsSnapshot &lastSnapshot() const override { return m_lastSnapshot; }

    const RemoteEndpoint &endpoint() const { return m_endpoint; }
    Link link() const { return m_link; }
    static QString linkText(Link link); // "connected", "unreachable", "authentication failed", ...
    QString linkDetail() const { return m_linkDetail; } // the latest failure in words, with the address

    // Starts polling (the first request goes at once); stop() ends it.
    void start();
    void stop();
    void setPollInterval(int milliseconds) { m_timer.setInterval(milliseconds); }

public slots:
    void apply(const Config &config, const QString &baseDirectory) override;
    void setServerState(const QString &group, int server, const ServerChange &change) override;
    void watchSessions(bool watch) override;
    void closeSessions(const QList<quint64> &numbers) override;
    void watchLog(bool watch) override;
    void refresh(); // a poll now (after a change, so the table shows it at once)

signals:
    void linkChanged(RemoteController::Link link);

private:
    QNetworkReply *send(const QByteArray &method, const QString &path, const QByteArray &body = {});
    void watchCertificate(QNetworkReply *reply);
    // A reply that failed as a whole (no answer, wrong certificate, wrong token): sets the
    // link and says so; false when the reply carries an HTTP answer to read.
    bool failed(QNetworkReply *reply);
    void readStats(QNetworkReply *reply);
    void readConfig(QNetworkReply *reply);
    void readApplied(QNetworkReply *reply, const Config &config);
    // remotecontrollerfeeds.cpp: the sessions and log lines, polled while watched.
    void pollFeeds();
    void pollFeed(bool *inFlight, const QString &path, void (RemoteController::*read)(QNetworkReply *));
    void readSessions(QNetworkReply *reply);
    void readClosedSessions(QNetworkReply *reply);
    void readLog(QNetworkReply *reply);
    void forgetFeeds(); // the link dropped: the views were cleared, the next poll starts afresh
    void setLink(Link link, const QString &detail);
    void setState(State state);
    static QString errorText(const QByteArray &body, int status);

    RemoteEndpoint m_endpoint;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    Link m_link = Link::Connecting;
    QString m_linkDetail;
    State m_state = State::Stopped;
    int m_pending = 0;
    bool m_statsInFlight = false;
    bool m_configInFlight = false;
    int m_pollsSinceConfig = 0;
    std::optional<Config> m_running;
    StatsSnapshot m_lastSnapshot;

    bool m_watchingSessions = false;
    bool m_sessionsInFlight = false;
    bool m_closedInFlight = false;
    bool m_sessionsResync = true;          // the next batch names every session (the view may be empty)
    QHash<quint64, SessionInfo> m_sessions; // what the batches so far told the view
    QSet<quint64> m_closedSeen;            // closed sessions already sent
    bool m_watchingLog = false;
    bool m_logInFlight = false;
    quint64 m_logAfter = 0; // the serial of the last log line received
};
