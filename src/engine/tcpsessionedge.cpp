// TcpSession's edge-triggered readiness (Linux): each socket is registered once, for
// reading, writing and the peer's FIN, as nginx does, instead of once per change of what the
// session waits for and once more to unregister before close(). What the session waits for
// (Handle::interest) is then kept here only, and the relay's rules make up for the edges:
// - a direction reads until a read comes back short or would block; one that stops earlier
//   (the per-event limit, the switch to splicing) asks the poller to report it again
//   (Poller::rearm, one EPOLL_CTL_MOD) rather than waiting for an edge that will not come;
// - a direction that stopped for pending bytes reads again as soon as they are delivered
//   (relay() goes on to the source after sendPending), and a rate-limited one when its timer
//   fires, as with level-triggered readiness;
// - a short read after the socket reported the peer's FIN (EPOLLRDHUP) is the end of the
//   stream: TCP takes no data after a FIN, so the recv() that would return 0 is not made;
// - a TLS client side (the listener's "ssl") is registered before its handshake, and reads
//   until OpenSSL says it would block: a record is decrypted whole, so a short read says
//   nothing about the socket, while "would block" means OpenSSL's own read met EAGAIN (and
//   "wants to write", a send that met it: the writable edge follows). Edges that come while
//   the upstream connects are not acted on, so connected() reads once.
// TLS to the upstream, a PROXY header to read, an SNI preread and "return" keep
// level-triggered registrations: those readers read on their own terms.
#include "tcpsession.h"

bool TcpSession::choosesEdgeTriggered() const
{
    const Listener &listener = *m_listener;
    return m_worker->poller().supportsEdgeTriggered() && !listener.upstreamTls
           && !listener.config.proxyProtocol.accept && listener.sniRoutes.isEmpty() && !listener.returnText;
}

bool TcpSession::watchEdgeTriggered(Handle &handle, quint32 interest)
{
    if (!m_edge)
        return false;
    handle.interest = interest;
    if (interest && !handle.registered) {
        // The registration reports what is ready already: bytes that came before it are not missed.
        handle.registered = true;
        m_worker->poller().watchEdgeTriggered(handle.socket, &handle);
    }
    return true;
}

void TcpSession::shortRead(Flow &flow)
{
    // A short read emptied the socket's queue. If the FIN had arrived before it, nothing can
    // follow it: the end of the stream, without the recv() that would return 0.
    if (flow.from->ready & PollHandler::PeerClosed) {
        sawEndOfStream(flow);
        return;
    }
    flow.from->ready &= ~quint32(PollHandler::Readable);
}

void TcpSession::readAgainLater(const Flow &flow)
{
    // Pending bytes and a rate limit's timer bring reading back by themselves.
    if (m_edge && m_state == State::Relaying && !flow.eof && !flow.hasPending() && !flow.isDelayed())
        m_worker->poller().rearm(flow.from->socket);
}
