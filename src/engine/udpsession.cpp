#include "udpsession.h"

#include "proxyheader.h"

#include <errorlog.h>

namespace {
// Datagrams taken per readiness report, so one busy listener cannot starve the worker.
constexpr int datagramsPerEvent = 64;
// A UDP listener may hold at most this share of its worker's worker_connections, so a flood
// of datagrams from many (easily spoofed) source addresses leaves room for TCP listeners.
constexpr int udpShareDivisor = 2;
} // namespace

UdpSession::UdpSession(Worker *worker, UdpRelay *relay, std::shared_ptr<const Listener> listener, const Net::Endpoint &client,
                       const QHostAddress &localAddress, quint64 number)
    : m_worker(worker), m_relay(relay), m_listener(std::move(listener)), m_group(m_listener->group.get()), m_client(client), m_localAddress(localAddress),
      m_number(number)
{
    m_rateWake.session = this;
}

UdpSession::~UdpSession()
{
    Q_ASSERT(m_closed);
}

bool UdpSession::start()
{
    Acceptor &acceptor = *m_listener->acceptor;
    acceptor.accepted.fetch_add(1, std::memory_order_relaxed);
    acceptor.active.fetch_add(1, std::memory_order_relaxed);
    m_startMs = m_lastActivityMs = m_worker->nowMs();
    m_worker->sessions().add(this, m_number, m_startMs);
    m_uploadRate.start(m_listener->config.limits.uploadRate, m_lastActivityMs);
    m_downloadRate.start(m_listener->config.limits.downloadRate, m_lastActivityMs);
    if (m_listener->variableRoute && !routeByVariable())
        return false;
    UpstreamGroup &group = *m_group;
    int tries = group.initialTries();
    for (;;) {
        PickContext pickContext{&m_client, nullptr, m_worker->nowMs()};
        std::optional<Net::Endpoint> server; // made only for a hash key that reads it
        if (group.keyNeedsServerAddress())
            pickContext.server = &server.emplace(Net::Endpoint{m_localAddress.isNull() ? acceptor.endpoint().address : m_localAddress, acceptor.endpoint().port});
        m_server = group.pick(pickContext, &m_pick);
        m_pickMs = pickContext.nowMs;
        m_measuring = m_server && group.measuresTime();
        m_record.beginTry(m_server ? m_server->endpointText : group.name().toUtf8(), m_pickMs, m_bytesToUpstream,
                          m_bytesFromUpstream);
        if (!m_server) {
            m_record.status = SessionRecord::BadGateway;
            acceptor.noLiveUpstreams.fetch_add(1, std::memory_order_relaxed);
            finish(QStringLiteral("no live upstreams while connecting to upstream"), int(ErrorLog::Level::Error), false);
            return false;
        }
        int error = 0;
        m_socket = Net::connectUdp(m_server->endpoint, &error);
        if (m_socket != Net::invalidSocket)
            break;
        if (Net::isLocalResourceError(error)) {
            // Out of descriptors or buffers: this machine's fault, not the server's (nginx).
            m_worker->log().write(ErrorLog::Level::Alert, m_number,
                                  QStringLiteral("socket() failed (%1) while connecting to upstream").arg(Net::errorString(error)) + context());
            m_record.status = SessionRecord::InternalServerError;
            close(false);
            return false;
        }
        // Otherwise a UDP "connect" fails only for the route to that server: try the next one.
        endMeasurement();
        const QString what = QStringLiteral("connect() failed (%1) while connecting to upstream").arg(Net::errorString(error));
        m_worker->log().write(ErrorLog::Level::Error, m_number, what + context());
        m_server->connectFailures.fetch_add(1, std::memory_order_relaxed);
        group.recordError(m_server, what, m_worker->nowMs());
        group.release(m_server, true, m_worker->nowMs(), &tries);
        m_server = nullptr;
        if (tries == 0 || !m_listener->config.proxyNextUpstream) {
            m_record.status = SessionRecord::BadGateway;
            close(false);
            return false;
        }
    }
    group.connected(m_server, 0);
    m_record.connected(m_worker->nowMs());
    if (group.config().leastTimeMode == UpstreamConfig::LeastTimeMode::Connect)
        endMeasurement(); // a UDP "connect" is immediate: its sample is 0
    m_worker->poller().watch(m_socket, PollHandler::Readable, this);
    m_worker->arm(this, m_lastActivityMs + m_listener->config.proxyTimeoutMs);
    ErrorLog &log = m_worker->log();
    if (log.isEnabled(ErrorLog::Level::Info))
        log.write(ErrorLog::Level::Info, m_number, QStringLiteral("udp client %1 connected to %2, proxy to %3")
                                                      .arg(m_client.toString(), acceptor.listenText(), m_server->config.address));
    return true;
}

void UdpSession::fromClient(DatagramBatch &batch, int slot)
{
    if (m_closed)
        return;
    const char *data = batch.data(slot);
    qint64 size = batch.size(slot);
    // nginx hands a session's first datagram to the proxy with the session (it is counted,
    // not metered); the rate meters the ones its read takes after that.
    const bool first = m_requests == 0;
    if (!first && !uploadRateAdmits(size)) {
        m_listener->acceptor->datagramsDropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    ++m_requests;
    m_bytesFromClient += quint64(size);
    m_lastActivityMs = m_worker->nowMs();
    if (!first)
        m_uploadRate.consumed(size, m_lastActivityMs);
    const bool withHeader = m_requests == 1 && m_listener->config.proxyProtocol.send;
    if (!withHeader && m_listener->config.proxyResponses != 0) {
        // Sent with the relay's batch (one sendmmsg() for a client's datagrams in a row).
        batch.queue(slot, m_socket, nullptr, QHostAddress(), this);
        return;
    }
    // At once: proxy_responses 0 ends the session with this send (the client's next datagram
    // starts another); the first datagram may carry a PROXY header.
    int error = 0;
    QByteArray header;
    if (withHeader) {
        // proxy_protocol on: nginx 1.22 puts its v1 header in front of a session's first datagram.
        const Net::Endpoint &listening = m_listener->acceptor->endpoint();
        header = ProxyHeader::v1For(m_client, Net::Endpoint{m_localAddress.isNull() ? listening.address : m_localAddress, listening.port})
                 + QByteArray::fromRawData(data, size);
        data = header.constData();
        size = header.size();
    }
    sentToUpstream(Net::sendDatagram(m_socket, data, size, nullptr, nullptr, &error), error);
}

void UdpSession::datagramSent(const DatagramBatch &, int, qint64 result, int error)
{
    if (m_closed) { // an earlier one of the batch failed and ended the session
        m_listener->acceptor->datagramsDropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    sentToUpstream(result, error);
}

void UdpSession::sentToUpstream(qint64 sent, int error)
{
    if (sent == Net::failed) {
        // ICMP port unreachable from an earlier datagram shows up here on Linux.
        finish(QStringLiteral("send() failed (%1) while proxying connection").arg(Net::errorString(error)), int(ErrorLog::Level::Error), true);
        return;
    }
    if (sent == Net::wouldBlock) {
        m_listener->acceptor->datagramsDropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    m_bytesToUpstream += quint64(sent);
    m_server->bytesSent.fetch_add(quint64(sent), std::memory_order_relaxed);
    if (responsesComplete()) // proxy_responses 0: nothing is expected back
        finish(QString(), int(ErrorLog::Level::Info), false);
}

bool UdpSession::responsesComplete() const
{
    const int expected = m_listener->config.proxyResponses;
    return expected >= 0 && m_responses >= qint64(expected) * m_requests;
}

void UdpSession::handleEvents(quint32)
{
    if (m_closed)
        return;
    DatagramBatch &batch = m_worker->datagrams();
    for (int taken = 0; taken < datagramsPerEvent && !m_closed;) {
        if (m_downloadRate.isLimited() && m_downloadRate.allowance(m_worker->nowMs(), m_bytesFromUpstream, Worker::scratchSize) == 0) {
            pauseReading(); // the datagrams wait in the socket's buffer, as in nginx
            return;
        }
        // Under proxy_download_rate one at a time: what the rate does not admit stays in the
        // socket, as in nginx, rather than being read in a batch and lost.
        const int wanted = m_downloadRate.isLimited() ? 1 : datagramsPerEvent - taken;
        int error = 0;
        const DatagramBatch::Received received = batch.receive(m_socket, wanted, false, &error);
        if (received.count == Net::wouldBlock)
            return;
        if (received.count == Net::failed) {
            // ICMP port unreachable from an earlier datagram shows up here (ECONNREFUSED).
            finish(QStringLiteral("recv() failed (%1) while proxying connection").arg(Net::errorString(error)), int(ErrorLog::Level::Error), true);
            return;
        }
        for (int i = 0; i < received.count; ++i) {
            if (!takeReply(batch, received.first + i))
                return; // the rest of the batch is dropped with the closed socket's, as before
        }
        taken += int(received.count);
        if (received.drained)
            return; // level-triggered: the poller says when more comes, no EAGAIN call needed
    }
}

bool UdpSession::takeReply(DatagramBatch &batch, int slot)
{
    const qint64 n = batch.size(slot);
    if (batch.fullSize(slot) > n) {
        m_worker->log().write(ErrorLog::Level::Error, m_number,
                              QStringLiteral("upstream sent a datagram of %1 bytes, larger than %2; dropped it").arg(batch.fullSize(slot)).arg(n) + context());
        m_listener->acceptor->datagramsDropped.fetch_add(1, std::memory_order_relaxed);
        return true;
    }
    if (m_responses++ == 0) {
        m_record.firstByte(m_worker->nowMs());
        m_group->measured(m_server, UpstreamGroup::Timing::FirstByte, m_worker->nowMs() - m_pickMs);
        if (m_group->config().leastTimeMode == UpstreamConfig::LeastTimeMode::FirstByte)
            endMeasurement();
    }
    m_bytesFromUpstream += quint64(n);
    m_server->bytesReceived.fetch_add(quint64(n), std::memory_order_relaxed);
    m_lastActivityMs = m_worker->nowMs();
    m_relay->queueToClient(slot, m_client, m_localAddress);
    m_bytesToClient += quint64(n);
    if (responsesComplete()) {
        finish(QString(), int(ErrorLog::Level::Info), false);
        return false;
    }
    m_downloadRate.consumed(n, m_lastActivityMs);
    if (m_downloadRate.isDelayed()) {
        pauseReading();
        return false;
    }
    return true;
}

void UdpSession::expire()
{
    const qint64 due = m_lastActivityMs + m_listener->config.proxyTimeoutMs;
    if (m_worker->nowMs() < due) {
        m_worker->arm(this, due);
        return;
    }
    // nginx: a UDP session without the expected responses ends at proxy_timeout; when some
    // were expected and none came, the server counts as failed.
    const bool noAnswer = m_listener->config.proxyResponses > 0 && m_responses == 0;
    if (!responsesComplete() && m_listener->config.proxyResponses >= 0)
        m_record.status = SessionRecord::BadGateway; // nginx: "upstream timed out" without the responses it expected
    m_end = SessionEnd::Timeout;
    finish(QStringLiteral("udp session idle for proxy_timeout"), int(ErrorLog::Level::Info), noAnswer);
}

void UdpSession::abort()
{
    m_end = SessionEnd::Stopped;
    close(false);
}

void UdpSession::finish(const QString &reason, int level, bool failed)
{
    m_endDetail = reason;
    ErrorLog &log = m_worker->log();
    if (!reason.isEmpty() && log.isEnabled(ErrorLog::Level(level)))
        log.write(ErrorLog::Level(level), m_number, reason + context());
    if (failed && m_server && !reason.isEmpty())
        m_group->recordError(m_server, reason, m_worker->nowMs());
    close(failed);
}

void UdpSession::close(bool failed)
{
    if (m_closed)
        return;
    m_closed = true;
    m_worker->sessions().remove(this, m_end.value_or(failed ? SessionEnd::Error : SessionEnd::Completed), m_endDetail, m_worker->nowMs());
    if (failed && m_record.status == SessionRecord::Ok)
        m_record.status = SessionRecord::BadGateway;
    if (m_listener->accessLog)
        writeAccessLog();
    m_worker->disarm(this);
    m_limits.releaseAll();
    m_worker->disarm(&m_rateWake);
    if (m_socket != Net::invalidSocket) {
        m_worker->datagrams().flush(); // nothing queued may name the socket once it is closed (a no-op within a flush)
        m_worker->poller().unwatch(m_socket);
        Net::close(m_socket);
        m_socket = Net::invalidSocket;
    }
    if (m_server) {
        if (m_responses > 0)
            m_group->measured(m_server, UpstreamGroup::Timing::LastByte, m_worker->nowMs() - m_pickMs);
        endMeasurement();
        if (failed)
            m_server->connectFailures.fetch_add(1, std::memory_order_relaxed);
        if (m_group->release(m_server, failed, m_worker->nowMs(), nullptr))
            m_worker->log().write(ErrorLog::Level::Warn, m_number, QStringLiteral("upstream server temporarily disabled while proxying connection") + context());
        m_server = nullptr;
    }
    m_listener->acceptor->active.fetch_sub(1, std::memory_order_relaxed);
    m_relay->sessionClosed(this);
    m_worker->retire(static_cast<WorkerTask *>(this));
}

void UdpSession::endMeasurement()
{
    if (!m_measuring)
        return;
    m_measuring = false;
    m_group->finishMeasurement(m_server, m_pickMs);
}

QString UdpSession::context() const
{
    const QString upstream = m_server ? m_server->config.address : m_group ? m_group->name() : QString();
    return QStringLiteral(", udp client: %1, server: %2, upstream: \"%3\", bytes from/to client:%4/%5, bytes from/to upstream:%6/%7")
        .arg(m_client.address.toString(), m_listener->acceptor->listenText(), upstream)
        .arg(m_bytesFromClient)
        .arg(m_bytesToClient)
        .arg(m_bytesFromUpstream)
        .arg(m_bytesToUpstream);
}

UdpRelay::UdpRelay(Worker *worker, std::shared_ptr<const Listener> listener) : m_worker(worker), m_listener(std::move(listener)) {}

void UdpRelay::setListener(std::shared_ptr<const Listener> listener)
{
    // A re-apply: every client's next datagram starts a new session judged by the new
    // settings, access rules and group, as after an nginx reload.
    if (listener == m_listener)
        return;
    m_listener = std::move(listener);
    m_byClient.clear();
}

bool UdpRelay::hasRoomForSession(const Net::Endpoint &client)
{
    const int listenerCap = m_worker->connectionLimit() / udpShareDivisor;
    const bool room = m_worker->hasRoomForSession() && (m_sessions.size() + 1) * Worker::connectionsPerSession <= listenerCap;
    if (room) {
        m_refusing = false;
        return true;
    }
    if (!m_refusing) {
        m_refusing = true;
        m_worker->log().write(ErrorLog::Level::Alert,
                              QStringLiteral("%1 udp sessions on %2 are the most a listener may hold with worker_connections %3; "
                                             "datagrams from new clients such as %4 are dropped until one ends")
                                  .arg(m_sessions.size()).arg(m_listener->acceptor->listenText()).arg(m_worker->connectionLimit())
                                  .arg(client.toString()));
    }
    return false;
}

UdpRelay::~UdpRelay()
{
    m_worker->datagrams().flush(); // no queued reply may name this relay afterwards
    closeAll();
}

QByteArray UdpRelay::keyOf(const Net::Endpoint &client)
{
    QByteArray key;
    if (client.address.protocol() == QAbstractSocket::IPv6Protocol) {
        const Q_IPV6ADDR bytes = client.address.toIPv6Address();
        key = QByteArray(reinterpret_cast<const char *>(bytes.c), 16);
    } else {
        const quint32 ip = client.address.toIPv4Address();
        key = QByteArray(reinterpret_cast<const char *>(&ip), 4);
    }
    key.append(char(client.port >> 8)).append(char(client.port & 0xff));
    return key;
}

void UdpRelay::handleEvents(quint32)
{
    DatagramBatch &batch = m_worker->datagrams();
    for (int taken = 0; taken < datagramsPerEvent;) {
        int error = 0;
        const DatagramBatch::Received received = batch.receive(m_listener->acceptor->socket(), datagramsPerEvent - taken, true, &error);
        if (received.count == Net::wouldBlock)
            return;
        if (received.count == Net::failed) {
            m_worker->log().write(ErrorLog::Level::Error, QStringLiteral("recvmsg() failed (%1) on %2")
                                                              .arg(Net::errorString(error), m_listener->acceptor->listenText()));
            return;
        }
        for (int i = 0; i < received.count; ++i)
            takeDatagram(batch, received.first + i);
        // The round's datagrams to servers leave now, one sendmmsg() per session in a row, so a
        // failed send ends its session before the next round, as one send at a time did.
        batch.flush();
        taken += int(received.count);
        if (received.drained)
            return; // level-triggered: the poller says when more comes, no EAGAIN call needed
    }
}

void UdpRelay::takeDatagram(DatagramBatch &batch, int slot)
{
    Acceptor &acceptor = *m_listener->acceptor;
    const qint64 n = batch.size(slot);
    const Net::Endpoint client = batch.source(slot);
    if (batch.fullSize(slot) > n) {
        m_worker->log().write(ErrorLog::Level::Error, QStringLiteral("a datagram of %1 bytes from %2 on %3 is larger than %4; dropped it")
                                                          .arg(batch.fullSize(slot)).arg(client.toString(), acceptor.listenText()).arg(n));
        acceptor.datagramsDropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    acceptor.datagramsFromClients.fetch_add(1, std::memory_order_relaxed);
    acceptor.bytesFromClients.fetch_add(quint64(n), std::memory_order_relaxed);

    const QByteArray key = keyOf(client);
    UdpSession *session = m_byClient.value(key);
    if (!session) {
        const QHostAddress local = batch.destination(slot);
        const quint64 number = m_worker->nextConnectionNumber();
        LimitConnHold hold;
        if (!m_worker->admit(*m_listener, client, number, true, Net::Endpoint{local.isNull() ? acceptor.endpoint().address : local,
                                                                              acceptor.endpoint().port}, &hold, false, nullptr, quint64(n)))
            return; // no session: the next datagram from this client is judged again, as in nginx
        if (m_listener->returnText) {
            returnText(client, local, number); // no session: each datagram gets the text, as in nginx
            return;
        }
        if (!hasRoomForSession(client)) {
            acceptor.datagramsDropped.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        session = new UdpSession(m_worker, this, m_listener, client, local, number);
        session->holdLimits(std::move(hold));
        m_sessions.insert(session);
        m_worker->sessionOpened();
        m_byClient.insert(key, session);
        if (!session->start())
            return; // closed itself, logged why
    }
    session->fromClient(batch, slot);
    // proxy_requests: after that many datagrams the next one from this client starts a
    // new session; this one lives on for its replies.
    const int limit = m_listener->config.proxyRequests;
    if (limit > 0 && session->requests() >= limit && m_byClient.value(key) == session)
        m_byClient.remove(key);
}

void UdpRelay::sendToClient(const Net::Endpoint &client, const QHostAddress &localAddress, const char *data, qint64 size)
{
    int error = 0;
    countSent(client, Net::sendDatagram(m_listener->acceptor->socket(), data, size, &client, &localAddress, &error), error);
}

void UdpRelay::queueToClient(int slot, const Net::Endpoint &client, const QHostAddress &localAddress)
{
    m_worker->datagrams().queue(slot, m_listener->acceptor->socket(), &client, localAddress, this);
}

void UdpRelay::datagramSent(const DatagramBatch &batch, int slot, qint64 result, int error)
{
    if (result >= 0)
        countSent(Net::Endpoint(), result, error); // the address is only for a failure's log line
    else
        countSent(batch.queuedDestination(slot), result, error);
}

void UdpRelay::countSent(const Net::Endpoint &client, qint64 sent, int error)
{
    Acceptor &acceptor = *m_listener->acceptor;
    if (sent < 0) {
        acceptor.datagramsDropped.fetch_add(1, std::memory_order_relaxed);
        if (sent == Net::failed)
            m_worker->log().write(ErrorLog::Level::Info, QStringLiteral("sendmsg() failed (%1) to udp client %2 on %3")
                                                             .arg(Net::errorString(error), client.toString(), acceptor.listenText()));
        return;
    }
    acceptor.datagramsToClients.fetch_add(1, std::memory_order_relaxed);
    acceptor.bytesToClients.fetch_add(quint64(sent), std::memory_order_relaxed);
}

void UdpRelay::sessionClosed(UdpSession *session)
{
    if (m_sessions.remove(session))
        m_worker->sessionClosed();
    const QByteArray key = keyOf(session->client());
    if (m_byClient.value(key) == session)
        m_byClient.remove(key);
}

void UdpRelay::closeAll()
{
    const QList<UdpSession *> sessions(m_sessions.begin(), m_sessions.end());
    for (UdpSession *session : sessions)
        session->abort();
    m_byClient.clear();
}

bool UdpSession::uploadRateAdmits(qint64 size)
{
    if (!m_uploadRate.isLimited())
        return true;
    // nginx reads a client's datagram only while its read is not delayed; one that arrives
    // during the wait is not read, and is lost. The wait ends at its time (nginx's timer).
    const qint64 now = m_worker->nowMs();
    if (m_uploadRate.isDelayed() && now >= m_uploadRate.delayedUntilMs())
        m_uploadRate.resume();
    if (m_uploadRate.isDelayed())
        return false;
    return m_uploadRate.allowance(now, m_bytesFromClient, size) > 0; // UDP: no cap on the size, as nginx
}

void UdpSession::pauseReading()
{
    m_worker->poller().unwatch(m_socket);
    m_worker->arm(&m_rateWake, m_downloadRate.delayedUntilMs());
}

void UdpSession::resumeReading()
{
    if (m_closed)
        return;
    m_downloadRate.resume();
    m_worker->poller().watch(m_socket, PollHandler::Readable, this);
    handleEvents(PollHandler::Readable);
}
