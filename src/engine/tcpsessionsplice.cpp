// TcpSession's zero-copy relay: splice() through a pipe from the worker's PipePool
// (platform/pipepool.h), as HAProxy's "option splice-auto". The copying relay in
// tcpsessionrelay.cpp stays for TLS sides, rate-limited directions, systems without splice
// and a worker whose pool is exhausted; both keep the same rules: bytes the destination refused
// (here: left in the pipe) stop reading until they drain, every byte is counted as it moves,
// and end of stream is passed on only once nothing is pending.
#include "tcpsession.h"

#include <errorlog.h>

namespace {
// As the copying relay: reads per readiness report and direction.
constexpr int maxSplicesPerEvent = 16;
// A splice this short is an interactive exchange, cheaper copied (HAProxy's splice-auto).
constexpr qint64 interactiveSize = 4 * 1024;
} // namespace

bool TcpSession::canSplice(const Flow &flow)
{
    // Only plain bytes between two plain sockets: TLS needs them in user space, a rate
    // limit meters each read, and nothing else (PROXY header, preread ClientHello) reaches
    // this point before its bytes were sent or kept as ordinary pending data.
    return !flow.from->tls && !flow.to->tls && !flow.rate && m_worker->pipes().isEnabled();
}

bool TcpSession::splices(const Flow &flow)
{
    return flow.streaming && canSplice(flow);
}

TcpSession::SpliceResult TcpSession::spliceRelay(Flow &flow)
{
    PipePool &pool = m_worker->pipes();
    if (!pool.acquire(&flow.pipe))
        return SpliceResult::Copy;
    int error = 0;
    bool drained = false; // edge-triggered: only a splice that would block says so
    for (int reads = 0; !flow.eof && reads < maxSplicesPerEvent; ++reads) {
        const qint64 n = pool.fill(&flow.pipe, flow.from->socket, &error);
        if (n == Net::wouldBlock) {
            drained = true;
            break;
        }
        if (n == Net::failed) {
            pool.release(&flow.pipe); // empty: nothing was read by this call
            if (PipePool::isUnsupported(error)) {
                spliceUnsupported(error);
                return SpliceResult::Copy;
            }
            relayFailed(true, flow.from, error); // logged as recv() failed, as nginx words it either way
            return SpliceResult::Failed;
        }
        if (n == 0) {
            sawEndOfStream(flow);
            break;
        }
        countRead(flow, n);
        m_listener->acceptor->bytesSpliced.fetch_add(quint64(n), std::memory_order_relaxed);
        if (!flushPipe(flow))
            return SpliceResult::Failed;
        if (flow.hasPending() || !flow.pipe.isOpen()) {
            readAgainLater(flow); // (when nothing is pending: the pipe was given up)
            return SpliceResult::Done; // pending: the pipe stays with the flow until it drains
        }
        if (n < PipePool::capacity) {
            // A short splice drained the socket (level-triggered readiness reports more). One
            // of interactive size turns the flow back to copying until a read fills the buffer.
            if (n < interactiveSize)
                flow.streaming = false;
            // Edge-triggered, go on until a splice would block: a short one may also mean
            // the pipe ran out of slots for many small segments, with bytes left behind.
            if (!m_edge || !flow.streaming)
                break;
        }
    }
    pool.release(&flow.pipe);
    if (!drained && !flow.eof)
        readAgainLater(flow);
    return SpliceResult::Done;
}

bool TcpSession::flushPipe(Flow &flow)
{
    PipePool &pool = m_worker->pipes();
    int error = 0;
    const qint64 n = pool.drain(&flow.pipe, flow.to->socket, &error);
    if (n == Net::failed) {
        if (!PipePool::isUnsupported(error))
            return relayFailed(false, flow.to, error);
        // The destination cannot take spliced bytes: hand them to the copying path.
        spliceUnsupported(error);
        char *buffer = m_worker->scratch();
        const qint64 size = pool.takeBack(&flow.pipe, buffer);
        pool.release(&flow.pipe);
        if (size > 0)
            flow.keep(buffer, size);
        return sendPending(flow);
    }
    if (n > 0)
        countWritten(flow, n);
    return true;
}

void TcpSession::spliceUnsupported(int error)
{
    // Once per worker: from here on it copies.
    m_worker->pipes().disable();
    m_worker->log().write(ErrorLog::Level::Notice, m_number,
                          QStringLiteral("splice() failed (%1): relaying by copying from now on").arg(Net::errorString(error)));
}
