#include "remotecontroller.h"

#include "issuelocation.h"

#include <configjson.h>
#include <statsjson.h>

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>

namespace {
constexpr int pollIntervalMs = 1000;
constexpr int requestTimeoutMs = 10000; // a wrong token's answer waits up to 8 s on the server
constexpr int configEveryPolls = 5;     // a SIGHUP or another client's PUT shows within 5 s
const char *const certificateMismatchProperty = "portierCertificateMismatch";
} // namespace

RemoteController::RemoteController(RemoteEndpoint endpoint, QObject *parent) : InstanceController(parent), m_endpoint(std::move(endpoint))
{
    m_timer.setInterval(pollIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &RemoteController::refresh);
}

QString RemoteController::name() const
{
    return tr("portierd at %1").arg(m_endpoint.hostPort());
}

QString RemoteController::linkText(Link link)
{
    switch (link) {
    case Link::Connecting:
        return tr("connecting…");
    case Link::Connected:
        return tr("connected");
    case Link::Unreachable:
        return tr("unreachable");
    case Link::AuthenticationFailed:
        return tr("authentication failed");
    case Link::CertificateChanged:
        return tr("certificate changed");
    case Link::Incompatible:
        return tr("incompatible");
    }
    return QString();
}

void RemoteController::start()
{
    m_timer.start();
    refresh();
}

void RemoteController::stop()
{
    m_timer.stop();
}

void RemoteController::refresh()
{
    if (!m_statsInFlight) {
        m_statsInFlight = true;
        QNetworkReply *reply = send("GET", QStringLiteral("/portier/v1/stats"));
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            m_statsInFlight = false;
            readStats(reply);
        });
    }
    if (!m_configInFlight && (!m_running || ++m_pollsSinceConfig >= configEveryPolls)) {
        m_configInFlight = true;
        m_pollsSinceConfig = 0;
        QNetworkReply *reply = send("GET", QStringLiteral("/portier/v1/config"));
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            m_configInFlight = false;
            readConfig(reply);
        });
    }
    pollFeeds();
}

QNetworkReply *RemoteController::send(const QByteArray &method, const QString &path, const QByteArray &body)
{
    QNetworkRequest request(QUrl(m_endpoint.url(path)));
    request.setTransferTimeout(requestTimeoutMs);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false); // the API speaks HTTP/1.1
    if (!m_endpoint.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_endpoint.token);
    if (!body.isEmpty() || method != "GET")
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    reply->setParent(this);
    if (m_endpoint.tls)
        watchCertificate(reply);
    return reply;
}

// Trust on first use: the certificate is trusted when its SHA-256 is the one the user
// accepted, whoever signed it (the API's certificate is usually self-signed), and refused
// otherwise, even when a public authority signed it.
void RemoteController::watchCertificate(QNetworkReply *reply)
{
    auto matches = [this](const QSslCertificate &presented, QNetworkReply *r) {
        const QByteArray digest = presented.digest(QCryptographicHash::Sha256);
        if (!m_endpoint.certificateSha256.isEmpty() && digest == m_endpoint.certificateSha256)
            return true;
        r->setProperty(certificateMismatchProperty, digest);
        r->abort();
        return false;
    };
    connect(reply, &QNetworkReply::sslErrors, this, [reply, matches](const QList<QSslError> &errors) {
        QSslCertificate presented = reply->sslConfiguration().peerCertificate();
        if (presented.isNull() && !errors.isEmpty())
            presented = errors.constFirst().certificate();
        if (matches(presented, reply))
            reply->ignoreSslErrors(errors);
    });
    connect(reply, &QNetworkReply::encrypted, this, [reply, matches] { matches(reply->sslConfiguration().peerCertificate(), reply); });
}

bool RemoteController::failed(QNetworkReply *reply)
{
    const QByteArray mismatch = reply->property(certificateMismatchProperty).toByteArray();
    if (!mismatch.isNull()) {
        m_timer.stop();
        setLink(Link::CertificateChanged,
                tr("%1 presented a different certificate (SHA-256 %2) from the one accepted (SHA-256 %3); nothing was sent to it. "
                   "If its certificate was replaced on purpose, check the new fingerprint on that machine and connect again.")
                    .arg(m_endpoint.hostPort(), RemoteEndpoint::fingerprintText(mismatch),
                         RemoteEndpoint::fingerprintText(m_endpoint.certificateSha256)));
        return true;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        setLink(Link::Unreachable, tr("%1: %2").arg(m_endpoint.url(QString()), reply->errorString()));
        return true;
    }
    if (status == 401) {
        m_timer.stop(); // asking again with the same token only earns longer waits
        setLink(Link::AuthenticationFailed,
                tr("%1 refused the token (401): authentication failed. Connect again with a token its config lists under "
                   "\"api\".\"tokens\" (portierd --new-api-token NAME makes one).")
                    .arg(m_endpoint.hostPort()));
        return true;
    }
    return false;
}

void RemoteController::readStats(QNetworkReply *reply)
{
    reply->deleteLater();
    if (failed(reply))
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    QString error;
    std::optional<StatsSnapshot> snapshot;
    if (status == 200)
        snapshot = StatsJson::fromJson(QJsonDocument::fromJson(body).object(), &error);
    else
        error = tr("GET /portier/v1/stats answered %1: %2 (a portierd older than this Portier has no such path)").arg(status).arg(errorText(body, status));
    if (!snapshot) {
        setLink(Link::Incompatible, tr("%1: %2").arg(m_endpoint.hostPort(), error));
        return;
    }
    m_lastSnapshot = *snapshot;
    setLink(Link::Connected, QString());
    if (m_running)
        setState(State::Running);
    emit statsUpdated(m_lastSnapshot);
}

void RemoteController::readConfig(QNetworkReply *reply)
{
    reply->deleteLater();
    if (failed(reply))
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status != 200) {
        setLink(Link::Incompatible, tr("%1: GET /portier/v1/config answered %2: %3").arg(m_endpoint.hostPort()).arg(status).arg(errorText(body, status)));
        return;
    }
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(body);
    if (!loaded.issues.isEmpty()) {
        setLink(Link::Incompatible, tr("%1 runs a configuration this Portier cannot read: %2").arg(m_endpoint.hostPort(), IssueLocation::text(Config(), loaded.issues.constFirst())));
        return;
    }
    if (!m_running || *m_running != loaded.config)
        m_running = loaded.config;
    if (m_link == Link::Connected)
        setState(State::Running);
}

void RemoteController::apply(const Config &config, const QString &baseDirectory)
{
    Q_UNUSED(baseDirectory); // the remote resolves paths against its own config file
    ++m_pending;
    QNetworkReply *reply = send("PUT", QStringLiteral("/portier/v1/config"), ConfigJson::toBytes(config));
    connect(reply, &QNetworkReply::finished, this, [this, reply, config] {
        --m_pending;
        readApplied(reply, config);
    });
}

void RemoteController::readApplied(QNetworkReply *reply, const Config &config)
{
    reply->deleteLater();
    if (failed(reply)) {
        emit applyFinished(false, {{QString(), m_linkDetail}});
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    const QJsonObject answer = QJsonDocument::fromJson(body).object();
    ConfigIssues issues;
    for (const QJsonValue &value : answer.value(QStringLiteral("issues")).toArray())
        issues.append({value[QStringLiteral("path")].toString(), value[QStringLiteral("message")].toString()});
    const bool applied = status == 200 && answer.value(QStringLiteral("applied")).toBool();
    if (!applied && issues.isEmpty())
        issues.append({QString(), tr("%1 answered %2: %3").arg(m_endpoint.hostPort()).arg(status).arg(errorText(body, status))});
    if (applied) {
        m_running = config; // what the remote now runs, as this window wrote it
        m_pollsSinceConfig = 0;
    }
    emit applyFinished(applied, issues);
    if (applied)
        refresh();
}

void RemoteController::setServerState(const QString &group, int server, const ServerChange &change)
{
    if (m_state != State::Running) {
        emit serverSteered(group, server, tr("%1 is not connected").arg(name()));
        return;
    }
    QJsonObject body;
    if (change.weight)
        body.insert(QStringLiteral("weight"), *change.weight);
    if (change.down)
        body.insert(QStringLiteral("down"), *change.down);
    if (change.drain)
        body.insert(QStringLiteral("drain"), *change.drain);
    const QString path = QStringLiteral("/api/9/stream/upstreams/%1/servers/%2")
                             .arg(QString::fromLatin1(QUrl::toPercentEncoding(group)))
                             .arg(server);
    QNetworkReply *reply = send("PATCH", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, group, server] {
        reply->deleteLater();
        QString error;
        if (failed(reply)) {
            error = m_linkDetail;
        } else {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status != 200)
                error = errorText(reply->readAll(), status);
        }
        emit serverSteered(group, server, error);
        refresh();
    });
}

QString RemoteController::errorText(const QByteArray &body, int status)
{
    const QString text = QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject().value(QStringLiteral("text")).toString();
    return text.isEmpty() ? tr("HTTP status %1").arg(status) : text;
}

void RemoteController::setLink(Link link, const QString &detail)
{
    m_linkDetail = detail;
    if (link != Link::Connected) {
        setState(State::Stopped);
        forgetFeeds();
    }
    if (link == m_link)
        return;
    m_link = link;
    emit linkChanged(link);
}

void RemoteController::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}
