#include "healthchecker.h"

#include "upstreamgroup.h"

#include <errorlog.h>
#include <statssnapshot.h>

#include <QTcpSocket>
#include <QUdpSocket>

struct HealthChecker::Probe
{
    UpstreamServer *server = nullptr;
    QAbstractSocket *socket = nullptr;
    QTimer *timeout = nullptr;
    QByteArray reply;
    int failsInRow = 0;
    int passesInRow = 0;
    bool running = false;
};

HealthChecker::HealthChecker(std::shared_ptr<UpstreamGroup> group, std::shared_ptr<ErrorLog> log, bool udp, QObject *parent)
    : QObject(parent), m_group(std::move(group)), m_log(std::move(log)), m_timer(this), m_udp(udp)
{
    const HealthCheckConfig &config = m_group->config().healthCheck;
    m_send = config.send.startsWith(QStringLiteral("hex:")) ? QByteArray::fromHex(config.send.mid(4).toLatin1()) : config.send.toUtf8();
    m_expect = config.expect;
    if (m_expect.startsWith(u'~'))
        m_expectPattern.setPattern(m_expect.mid(1));
    for (auto *list : {&m_group->primaries(), &m_group->backups()}) {
        for (const auto &server : *list) {
            auto probe = std::make_unique<Probe>();
            probe->server = server.get();
            m_probes.push_back(std::move(probe));
        }
    }
    m_timer.setInterval(int(qMin<qint64>(config.intervalMs, std::numeric_limits<int>::max())));
    connect(&m_timer, &QTimer::timeout, this, &HealthChecker::runChecks);
    m_timer.start();
    QTimer::singleShot(0, this, &HealthChecker::runChecks); // the first round at once
}

HealthChecker::~HealthChecker()
{
    for (const auto &probe : m_probes) {
        delete probe->socket;
        delete probe->timeout;
    }
}

void HealthChecker::runChecks()
{
    for (const auto &probe : m_probes) {
        if (!probe->running && !probe->server->config.down)
            check(probe.get());
    }
}

void HealthChecker::check(Probe *probe)
{
    probe->running = true;
    probe->reply.clear();
    delete probe->socket;
    if (m_udp)
        probe->socket = new QUdpSocket(this);
    else
        probe->socket = new QTcpSocket(this);
    if (!probe->timeout) {
        probe->timeout = new QTimer(this);
        probe->timeout->setSingleShot(true);
        connect(probe->timeout, &QTimer::timeout, this, [this, probe] {
            const qint64 ms = m_group->config().healthCheck.timeoutMs;
            finish(probe, false, m_udp ? QStringLiteral("no reply within %1 ms").arg(ms) : QStringLiteral("timed out after %1 ms").arg(ms));
        });
    }
    QAbstractSocket *socket = probe->socket;
    connect(socket, &QAbstractSocket::connected, this, [this, probe, socket] {
        if (m_udp) {
            socket->write(m_send.isEmpty() ? QByteArray() : m_send); // a datagram, even an empty one
            return;
        }
        if (!m_send.isEmpty())
            socket->write(m_send);
        if (m_expect.isEmpty())
            finish(probe, true, QStringLiteral("connected"));
    });
    connect(socket, &QAbstractSocket::readyRead, this, [this, probe, socket] {
        probe->reply += socket->readAll();
        if (m_udp ? m_expect.isEmpty() || matches(probe->reply) : !m_expect.isEmpty() && matches(probe->reply))
            finish(probe, true, m_expect.isEmpty() ? QStringLiteral("replied") : QStringLiteral("reply matched"));
    });
    connect(socket, &QAbstractSocket::errorOccurred, this, [this, probe, socket](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError && !m_expect.isEmpty())
            finish(probe, false, QStringLiteral("closed without the expected reply \"%1\"").arg(m_expect));
        else if (error == QAbstractSocket::ConnectionRefusedError && m_udp)
            finish(probe, false, QStringLiteral("port unreachable (nothing listens on that UDP port)"));
        else if (error != QAbstractSocket::RemoteHostClosedError)
            finish(probe, false, socket->errorString());
    });
    probe->timeout->start(int(qMin<qint64>(m_group->config().healthCheck.timeoutMs, std::numeric_limits<int>::max())));
    socket->connectToHost(probe->server->endpoint.address, probe->server->endpoint.port);
}

bool HealthChecker::matches(const QByteArray &reply) const
{
    const QString text = QString::fromUtf8(reply);
    return m_expect.startsWith(u'~') ? m_expectPattern.match(text).hasMatch() : text.contains(m_expect);
}

void HealthChecker::finish(Probe *probe, bool passed, const QString &result)
{
    if (!probe->running)
        return;
    probe->running = false;
    probe->timeout->stop();
    probe->socket->disconnect(this);
    probe->socket->abort();
    probe->socket->deleteLater();
    probe->socket = nullptr;

    const HealthCheckConfig &config = m_group->config().healthCheck;
    if (passed) {
        probe->passesInRow++;
        probe->failsInRow = 0;
    } else {
        probe->failsInRow++;
        probe->passesInRow = 0;
    }
    const QString address = probe->server->config.address;
    const bool markHealthy = passed && probe->passesInRow >= config.passes;
    const bool markUnhealthy = !passed && probe->failsInRow >= config.fails;
    if (!markHealthy && !markUnhealthy) {
        m_group->setHealth(probe->server, passed, !probe->server->unhealthy, result); // keeps the state, records the result
        return;
    }
    if (!m_group->setHealth(probe->server, passed, markHealthy, result))
        return;
    if (markUnhealthy)
        m_log->write(ErrorLog::Level::Warn, QStringLiteral("upstream server %1 in \"%2\" is unhealthy after %3 failed check(s): %4")
                                                .arg(address, m_group->name()).arg(config.fails).arg(result));
    else
        m_log->write(ErrorLog::Level::Notice, QStringLiteral("upstream server %1 in \"%2\" is healthy again after %3 good check(s)")
                                                  .arg(address, m_group->name()).arg(config.passes));
    emit healthChanged(m_group->name(), address, markHealthy, result);
}
