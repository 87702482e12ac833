// TcpSession's copying relay: read into the worker's scratch buffer and write straight to
// the other side, keeping only what the destination refused (and reading that direction no
// more until it is delivered), count every byte, pass a FIN or close_notify on once nothing
// is pending (proxy_half_close), and meter proxy_upload_rate / proxy_download_rate with a
// timer that brings a delayed direction back. A TLS side reads and writes through its
// TlsConnection with the same loop; plain bulk transfers splice instead
// (tcpsessionsplice.cpp), edge-triggered sessions follow tcpsessionedge.cpp's rules.
#include "tcpsession.h"

#include <errorlog.h>

namespace {
// Reads per readiness report and direction, so one fast stream cannot starve the others.
constexpr int maxReadsPerEvent = 16;
} // namespace

bool TcpSession::relay(Flow &flow)
{
    if (flow.hasPending() && !sendPending(flow))
        return false;
    if (flow.hasPending())
        return true;

    if (splices(flow)) {
        switch (spliceRelay(flow)) {
        case SpliceResult::Failed:
            return false;
        case SpliceResult::Done:
            return endOfStreamOnceDelivered(flow);
        case SpliceResult::Copy:
            break; // no pipe to be had: this pass copies
        }
    }

    // The plain path stays a direct socket call; only a TLS side goes through OpenSSL.
    auto receive = [](Handle *handle, char *data, qint64 size, int *error) {
        return handle->tls ? handle->tls->read(data, size) : Net::receive(handle->socket, data, size, error);
    };

    int error = 0;
    char *buffer = m_worker->scratch();
    TlsConnection *sourceTls = flow.from->tls.get();
    bool drained = false; // edge-triggered: nothing more until the source's next edge
    for (int reads = 0; !flow.eof && !flow.isDelayed(); ++reads) {
        // Past the per-event limit, a TLS source still gives what OpenSSL holds (whole records
        // the socket will never report again), but the socket is not read: a fast sender
        // cannot keep this loop going. A record cut short stays for the socket's next report.
        const bool bufferedOnly = reads >= maxReadsPerEvent;
        if (bufferedOnly && !(sourceTls && sourceTls->hasBufferedData()))
            break;
        const qint64 size = flow.rate ? flow.rate->allowance(m_worker->nowMs(), flow.bytesRead, Worker::scratchSize) : Worker::scratchSize;
        if (size == 0) {
            armRateWake();
            break;
        }
        const qint64 n = bufferedOnly ? sourceTls->readBuffered(buffer, size) : receive(flow.from, buffer, size, &error);
        if (n == Net::wouldBlock) {
            drained = !bufferedOnly; // the socket itself was not asked: an edge may be owed
            break;
        }
        if (n == Net::failed)
            return relayFailed(true, flow.from, error);
        if (n == 0) {
            sawEndOfStream(flow);
            break;
        }
        countRead(flow, n);
        if (flow.rate) {
            flow.rate->consumed(n, m_lastActivityMs);
            if (flow.rate->isDelayed())
                armRateWake(); // whichever way this read ends, the timer brings reading back
        }

        qint64 sent = sendTo(flow.to, buffer, n, &error);
        if (sent == Net::failed)
            return relayFailed(false, flow.to, error);
        if (sent == Net::wouldBlock)
            sent = 0;
        if (sent > 0)
            countWritten(flow, sent);
        if (sent < n) {
            // Keep the rest and stop reading this direction until it is delivered. (A TLS
            // destination is retried with these same bytes, as OpenSSL requires.)
            flow.keep(buffer + sent, n - sent);
            break;
        }
        if (flow.isDelayed())
            break;
        if (m_edge && n < size && !sourceTls) {
            shortRead(flow);
            drained = true;
            break;
        }
        if (!m_edge && n < Worker::scratchSize && !sourceTls)
            break; // a short read drained the socket; level-triggered readiness reports more
        if (!sourceTls && canSplice(flow)) {
            flow.streaming = true;
            break; // the next pass splices
        }
    }
    if (!drained)
        readAgainLater(flow);

    return endOfStreamOnceDelivered(flow);
}

bool TcpSession::endOfStreamOnceDelivered(Flow &flow)
{
    // The source's FIN goes on (proxy_half_close) only once every byte before it did.
    if (flow.eof && !flow.hasPending() && !flow.shutdownSent && m_listener->config.proxyHalfClose)
        return passEndOfStream(flow);
    return true;
}

qint64 TcpSession::sendTo(Handle *handle, const char *data, qint64 size, int *error)
{
    return handle->tls ? handle->tls->write(data, size) : Net::send(handle->socket, data, size, error);
}

bool TcpSession::sendPending(Flow &flow)
{
    if (flow.pipe.bytes > 0) {
        if (!flushPipe(flow))
            return false;
        if (flow.pipe.bytes == 0)
            m_worker->pipes().release(&flow.pipe); // idle sessions hold no pipe
        return true;
    }
    int error = 0;
    const char *data = flow.pending.get() + flow.pendingBegin;
    const qint64 size = flow.pendingEnd - flow.pendingBegin;
    const qint64 n = sendTo(flow.to, data, size, &error);
    if (n == Net::failed)
        return relayFailed(false, flow.to, error);
    if (n > 0) {
        flow.pendingBegin += quint32(n);
        countWritten(flow, n);
    }
    if (!flow.hasPending()) {
        flow.pending.reset(); // idle sessions hold no buffer
        flow.pendingBegin = flow.pendingEnd = 0;
    }
    return true;
}

void TcpSession::sawEndOfStream(Flow &flow)
{
    flow.eof = true;
    if (!m_closedFirst)
        m_closedFirst = flow.from->side;
}

void TcpSession::countRead(Flow &flow, qint64 n)
{
    flow.bytesRead += quint64(n);
    m_lastActivityMs = m_worker->nowMs();
    if (&flow == &m_toUpstream) {
        m_listener->acceptor->bytesFromClients.fetch_add(quint64(n), std::memory_order_relaxed);
        return;
    }
    m_server->bytesReceived.fetch_add(quint64(n), std::memory_order_relaxed);
    if (!m_firstByteSeen) {
        m_firstByteSeen = true;
        m_record.firstByte(m_lastActivityMs);
        m_group->measured(m_server, UpstreamGroup::Timing::FirstByte, m_lastActivityMs - m_connectStartMs);
        if (m_measuring && m_group->config().leastTimeMode == UpstreamConfig::LeastTimeMode::FirstByte)
            endMeasurement();
    }
}

void TcpSession::countWritten(Flow &flow, qint64 n)
{
    flow.bytesWritten += quint64(n);
    m_lastActivityMs = m_worker->nowMs();
    if (&flow == &m_toUpstream)
        m_server->bytesSent.fetch_add(quint64(n), std::memory_order_relaxed);
    else
        m_listener->acceptor->bytesToClients.fetch_add(quint64(n), std::memory_order_relaxed);
}

bool TcpSession::relayFailed(bool reading, const Handle *handle, int error)
{
    // nginx logs a client's errors at info (clients vanish all the time) and an upstream's at
    // error.
    const bool upstream = handle->side == Side::Upstream;
    const QString call = handle->tls ? (reading ? QStringLiteral("SSL_read") : QStringLiteral("SSL_write"))
                                     : (reading ? QStringLiteral("recv") : QStringLiteral("send"));
    const QString why = handle->tls ? handle->tls->errorText() : Net::errorString(error);
    m_failed = true;
    finish(QStringLiteral("%1() failed (%2) while proxying connection").arg(call, why),
           int(upstream ? ErrorLog::Level::Error : ErrorLog::Level::Info));
    return false;
}

bool TcpSession::passEndOfStream(Flow &flow)
{
    if (TlsConnection *tls = flow.to->tls.get()) {
        // TLS's end of stream is close_notify; the FIN after it says the same to TCP.
        const TlsConnection::Status status = tls->shutdown();
        if (status == TlsConnection::Status::WouldBlock)
            return true; // wantsToWrite() keeps the poller asking
        if (status == TlsConnection::Status::Failed) {
            ErrorLog &log = m_worker->log();
            if (log.isEnabled(ErrorLog::Level::Info))
                log.write(ErrorLog::Level::Info, m_number, QStringLiteral("SSL_shutdown() failed (%1) while proxying connection").arg(tls->errorText()) + context());
        }
    }
    flow.shutdownSent = true;
    // When the other direction is done too, the session closes at once and close() sends the
    // same FIN: nothing is left unread on this socket (its own direction ended in a FIN), so
    // it goes out as a FIN, not a reset. A TLS side has had its close_notify above.
    if (flow.to->tls || !isFinished())
        Net::shutdownWrite(flow.to->socket);
    return true;
}

bool TcpSession::wantsToWrite(const Flow &flow) const
{
    // Pending bytes, or (TLS only) a close_notify that could not be sent at once.
    return flow.hasPending() || (flow.eof && !flow.shutdownSent && flow.to->tls && m_listener->config.proxyHalfClose);
}

bool TcpSession::isFinished() const
{
    auto done = [](const Flow &flow) { return flow.eof && !flow.hasPending(); };
    if (m_listener->config.proxyHalfClose)
        return done(m_toUpstream) && done(m_toClient) && !wantsToWrite(m_toUpstream) && !wantsToWrite(m_toClient);
    return done(m_toUpstream) || done(m_toClient); // nginx's default: either side's FIN ends it
}

void TcpSession::updateInterest()
{
    // A TLS side may need the opposite readiness to go on (see TlsConnection).
    auto wanted = [this](const Flow &readFrom, const Flow &writeTo, const Handle &handle) {
        quint32 interest = 0;
        if (!readFrom.eof && !readFrom.hasPending() && !readFrom.isDelayed())
            interest |= handle.tls ? handle.tls->readWaitsFor() : quint32(PollHandler::Readable);
        if (wantsToWrite(writeTo))
            interest |= handle.tls ? handle.tls->writeWaitsFor() : quint32(PollHandler::Writable);
        return interest;
    };
    watch(m_client, wanted(m_toUpstream, m_toClient, m_client));
    watch(m_upstream, wanted(m_toClient, m_toUpstream, m_upstream));
}

void TcpSession::startRateLimits()
{
    const ListenerLimitsConfig &limits = m_listener->config.limits;
    if (m_rates || (limits.uploadRate <= 0 && limits.downloadRate <= 0))
        return;
    m_rates = std::make_unique<RateLimits>();
    m_rates->session = this;
    // nginx starts the rate's clock here (u->start_sec, when proxying begins).
    m_rates->upload.start(limits.uploadRate, m_worker->nowMs());
    m_rates->download.start(limits.downloadRate, m_worker->nowMs());
    if (m_rates->upload.isLimited())
        m_toUpstream.rate = &m_rates->upload;
    if (m_rates->download.isLimited())
        m_toClient.rate = &m_rates->download;
}

void TcpSession::armRateWake()
{
    qint64 due = -1;
    for (const Flow *flow : {&m_toUpstream, &m_toClient}) {
        if (flow->isDelayed() && (due < 0 || flow->rate->delayedUntilMs() < due))
            due = flow->rate->delayedUntilMs();
    }
    if (due < 0)
        m_worker->disarm(m_rates.get());
    else
        m_worker->arm(m_rates.get(), due);
}

void TcpSession::rateWake()
{
    if (m_state != State::Relaying)
        return;
    const qint64 now = m_worker->nowMs();
    bool resumed[2] = {false, false};
    Flow *flows[2] = {&m_toUpstream, &m_toClient};
    for (int i = 0; i < 2; ++i) {
        if (flows[i]->isDelayed() && flows[i]->rate->delayedUntilMs() <= now) {
            flows[i]->rate->resume();
            resumed[i] = true;
        }
    }
    armRateWake(); // a direction still waiting keeps its timer
    // Read on as if the source had reported readiness (level-triggered, so nothing is lost
    // if it has nothing yet: the poller watches it again).
    for (int i = 0; i < 2 && m_state == State::Relaying; ++i) {
        if (resumed[i])
            onEvents(flows[i]->from->side, PollHandler::Readable);
    }
}
