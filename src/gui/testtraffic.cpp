#include "testtraffic.h"

#include "datasize.h"

#include <listenaddress.h>

#include <QHostInfo>
#include <QLocale>
#include <QNetworkDatagram>
#include <QTcpSocket>
#include <QUdpSocket>

namespace {

// The largest datagram IPv4 carries; a UDP plan's payload is cut to it.
constexpr int maxDatagramBytes = 65'507;

QByteArray payloadOf(int size)
{
    QByteArray payload(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        payload[i] = char('a' + i % 26);
    return payload;
}

} // namespace

TestTraffic::TestTraffic(QObject *parent) : QObject(parent)
{
    m_deadline.setSingleShot(true);
    connect(&m_tick, &QTimer::timeout, this, &TestTraffic::openNext);
    connect(&m_deadline, &QTimer::timeout, this, &TestTraffic::stop);
}

TestTraffic::~TestTraffic()
{
    const auto open = m_open.keys();
    m_open.clear();
    for (QAbstractSocket *socket : open) {
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
}

std::optional<TestTraffic::Target> TestTraffic::targetFor(const ListenerConfig &listener, const ListenerStats *stats, QString *error)
{
    auto refuse = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (!stats)
        return refuse(tr("Listener %1 is not running: start the engine (or apply the configuration) to send test traffic through it.")
                          .arg(listener.listen));
    if (!stats->listening) {
        if (!stats->enabled)
            return refuse(tr("Listener %1 is disabled: enable it and apply to send test traffic through it.").arg(stats->listen));
        return refuse(tr("Listener %1 is not listening (%2): there is nothing to send test traffic to.")
                          .arg(stats->listen, stats->error.isEmpty() ? tr("not started") : stats->error));
    }
    if (listener.ssl.enabled)
        return refuse(tr("Listener %1 terminates TLS: test traffic is plain bytes, which its TLS handshake would refuse, so it is "
                         "not supported there. Try: openssl s_client -connect %1")
                          .arg(stats->listen));
    if (listener.proxyProtocol.accept)
        return refuse(tr("Listener %1 expects a PROXY protocol header first (proxy_protocol): test traffic does not send one, "
                         "so it is not supported there.")
                          .arg(stats->listen));
    QString parseError;
    const auto address = ListenAddress::parse(stats->listen, &parseError);
    if (!address)
        return refuse(tr("Listener %1: %2").arg(stats->listen, parseError));

    Target target;
    target.listen = stats->listen;
    target.port = address->firstPort; // a range's first port stands for the whole listener
    target.udp = stats->protocol == QStringLiteral("udp");
    // Only the listener's own address: a wildcard one is reached on loopback.
    const QString host = address->host;
    if (host.isEmpty() || host == QStringLiteral("0.0.0.0") || host == QStringLiteral("*")) {
        target.address = QHostAddress(QHostAddress::LocalHost);
    } else if (host == QStringLiteral("::")) {
        target.address = QHostAddress(QHostAddress::LocalHostIPv6);
    } else if (!target.address.setAddress(host)) {
        const QList<QHostAddress> found = QHostInfo::fromName(host).addresses();
        if (found.isEmpty())
            return refuse(tr("Listener %1: its host name %2 does not resolve to an address.").arg(stats->listen, host));
        target.address = found.constFirst();
    }
    return target;
}

void TestTraffic::start(const Target &target, const Plan &plan)
{
    if (m_running)
        stop();
    m_target = target;
    m_plan = plan;
    m_plan.connectionsPerSecond = qBound(1, plan.connectionsPerSecond, maxConnectionsPerSecond);
    m_plan.durationMs = qBound(1, plan.durationMs, maxDurationMs);
    m_plan.payloadBytes = qBound(1, plan.payloadBytes, target.udp ? maxDatagramBytes : maxPayloadBytes);
    m_plan.maxOpen = qBound(1, plan.maxOpen, 256);
    m_plan.connectionTimeoutMs = qBound(100, plan.connectionTimeoutMs, 30'000);
    m_payload = payloadOf(m_plan.payloadBytes);
    m_progress = Progress();
    m_running = true;
    m_clock.start();
    m_tick.start(qMax(5, 1000 / m_plan.connectionsPerSecond));
    m_deadline.start(m_plan.durationMs + m_plan.connectionTimeoutMs);
    openNext();
    emit progressChanged();
}

void TestTraffic::openNext()
{
    // As many as are due by now, so a late tick catches up instead of stretching the run.
    const int total = qMax(1, m_plan.connections());
    const qint64 due = qMin<qint64>(total, m_clock.elapsed() * m_plan.connectionsPerSecond / 1000 + 1);
    while (m_running && m_progress.started < due && m_open.size() < m_plan.maxOpen) {
        ++m_progress.started;
        if (m_target.udp)
            openUdp();
        else
            openTcp();
    }
    if (m_progress.started >= total)
        m_tick.stop();
    emit progressChanged();
    finishIfDone();
}

void TestTraffic::openTcp()
{
    auto *socket = new QTcpSocket(this);
    m_open.insert(socket, 0);
    connect(socket, &QTcpSocket::connected, this, [this, socket] {
        socket->write(m_payload);
        m_progress.bytesSent += m_payload.size();
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { received(socket, socket->readAll().size()); });
    // The peer closing after it answered (a listener that returns text) is an answer.
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] { close(socket, m_open.value(socket) > 0); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket] { close(socket, m_open.value(socket) > 0); });
    QTimer::singleShot(m_plan.connectionTimeoutMs, socket, [this, socket] { close(socket, false); });
    socket->connectToHost(m_target.address, m_target.port);
}

void TestTraffic::openUdp()
{
    auto *socket = new QUdpSocket(this);
    m_open.insert(socket, 0);
    connect(socket, &QUdpSocket::readyRead, this, [this, socket] {
        qint64 bytes = 0;
        while (socket->hasPendingDatagrams())
            bytes += socket->receiveDatagram().data().size();
        received(socket, bytes);
    });
    QTimer::singleShot(m_plan.connectionTimeoutMs, socket, [this, socket] { close(socket, false); });
    // A socket of its own per "connection": each is a new client, a new session, to the listener.
    const QHostAddress any = m_target.address.protocol() == QAbstractSocket::IPv6Protocol ? QHostAddress(QHostAddress::AnyIPv6)
                                                                                           : QHostAddress(QHostAddress::AnyIPv4);
    if (!socket->bind(any, 0) || socket->writeDatagram(m_payload, m_target.address, m_target.port) != m_payload.size()) {
        close(socket, false);
        return;
    }
    m_progress.bytesSent += m_payload.size();
}

void TestTraffic::received(QAbstractSocket *socket, qint64 bytes)
{
    const auto it = m_open.find(socket);
    if (it == m_open.end())
        return;
    *it += bytes;
    m_progress.bytesReceived += bytes;
    if (*it >= m_payload.size())
        close(socket, true);
    else
        emit progressChanged();
}

void TestTraffic::close(QAbstractSocket *socket, bool completed)
{
    if (!m_open.remove(socket))
        return; // already closed: a disconnect after the error that closed it
    socket->disconnect(this);
    if (completed) {
        ++m_progress.completed;
        socket->disconnectFromHost(); // everything sent was read back: a plain close
    } else {
        ++m_progress.failed;
        socket->abort();
    }
    socket->deleteLater();
    emit progressChanged();
    finishIfDone();
}

void TestTraffic::finishIfDone()
{
    if (m_running && m_open.isEmpty() && m_progress.started >= qMax(1, m_plan.connections()))
        end();
}

void TestTraffic::stop()
{
    if (!m_running)
        return;
    m_tick.stop();
    const auto open = m_open.keys();
    for (QAbstractSocket *socket : open)
        close(socket, false); // closing the last one ends the run when all were started
    end();
}

void TestTraffic::end()
{
    if (!m_running)
        return;
    m_running = false;
    m_tick.stop();
    m_deadline.stop();
    emit progressChanged();
    emit finished();
}

QString TestTraffic::statusText() const
{
    const QString figures = tr("%1 of %2 connections, %3 answered, %4 failed; %5 sent, %6 received")
                                .arg(m_progress.started)
                                .arg(qMax(1, m_plan.connections()))
                                .arg(m_progress.completed)
                                .arg(m_progress.failed)
                                .arg(formatDataSize(m_progress.bytesSent), formatDataSize(m_progress.bytesReceived));
    if (m_running)
    {
        const QString host = m_target.address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + m_target.address.toString() + u']'
                                                                                           : m_target.address.toString();
        return tr("Sending to %1:%2: %3").arg(host).arg(m_target.port).arg(figures);
    }
    if (m_progress.started == 0)
        return QString();
    if (m_progress.started < qMax(1, m_plan.connections()))
        return tr("Stopped: %1").arg(figures);
    return tr("Done: %1").arg(figures);
}
