#pragma once

#include "acceptor.h"
#include "livesession.h"
#include "proxyheaderreader.h"
#include "ratelimit.h"
#include "sessionrecord.h"
#include "tls/tlsconnection.h"
#include "upstreamgroup.h"
#include "worker.h"

#include <cstring>
#include <limits>
#include <memory>
#include <optional>

// One proxied TCP connection: the client's socket, the upstream socket, and the bytes
// between them. Drives both descriptors itself through its worker's Poller (see net.h for
// why not QTcpSocket). Created by a Worker when it accepts, and lives in that worker's thread
// until it retires itself. Mirrors nginx's ngx_stream_proxy_module:
// - TLS termination (the listener's "ssl"): the client's handshake completes, under
//   ssl_handshake_timeout, before the upstream is picked and connected (nginx's ssl phase);
// - SNI routing without termination ("sni_routes" on a plain listener): the ClientHello is
//   peeked into a bounded buffer (nginx's ssl_preread phase), picks the group, and is then
//   relayed unchanged;
// - connect: pick a server, non-blocking connect under proxy_connect_timeout (and the TLS
//   handshake with it for "proxy_ssl"), and on failure release it as failed and try the next
//   one (proxy_next_upstream, _tries, _timeout);
// - relay: read into the worker's scratch buffer and write straight to the other side; only
//   what the other side would not take is kept, and reading that direction stops until it
//   drains, so a session never holds more than one read's worth per direction. A TLS side
//   reads and writes through its TlsConnection with the same loop;
// - proxy_timeout: idle time between two successive reads or writes on either side;
// - half-close (proxy_half_close): a side's FIN (or close_notify) is passed on as
//   shutdown(SHUT_WR) (or close_notify and FIN) once its data is delivered, and the session
//   ends when both directions are done.
class TcpSession final : public WorkerTask, public LiveSession
{
public:
    TcpSession(Worker *worker, std::shared_ptr<const Listener> listener, Net::Socket client, const Net::Endpoint &clientAddress,
               quint64 number);
    ~TcpSession() override;
    Q_DISABLE_COPY_MOVE(TcpSession)

    void start();
    void expire() override; // called by the worker when this session's deadline entry is due
    void abort();  // engine shutdown: close at once, quietly
    // The connections view and the API (tcpsessionview.cpp).
    void describe(SessionFacts *facts) const override;
    void closeByOperator(const QString &who) override;
    // The limit_conn zones Worker::admit counted this session in; let go when it closes.
    void holdLimits(LimitConnHold hold) { m_limits = std::move(hold); }

    // nginx's preread_buffer_size and preread_timeout, for reading a ClientHello's SNI.
    static constexpr qint64 prereadBufferSize = 16 * 1024;
    static constexpr qint64 prereadTimeoutMs = 30 * 1000;

    int workerIndex = -1; // its place in its worker's list of sessions; -1 once retired

private:
    enum class State : quint8 { ReadingProxyHeader, Handshaking, Prereading, Connecting, UpstreamHandshaking, Relaying, Returning, Closed };
    enum class Side : quint8 { Client, Upstream };

    struct Handle final : PollHandler
    {
        TcpSession *session = nullptr;
        std::unique_ptr<TlsConnection> tls; // this side speaks TLS; null = plain TCP
        Net::Socket socket = Net::invalidSocket;
        quint32 interest = 0;
        // Edge-triggered sessions (tcpsessionedge.cpp): what the socket reported since it was
        // registered (Readable is dropped when a read drains it; PeerClosed stays), and
        // whether it is registered at all.
        quint32 ready = 0;
        Side side = Side::Client;
        bool registered = false;
        void handleEvents(quint32 events) override
        {
            ready |= events;
            session->onEvents(side, events);
        }
    };

    // One direction of the relay. `pending` holds only what the destination refused; so does
    // `pipe` when the direction is spliced (tcpsessionsplice.cpp). At most one of them holds
    // bytes at a time, since reading stops while either does.
    struct Flow
    {
        Handle *from = nullptr;
        Handle *to = nullptr;
        std::unique_ptr<char[]> pending;
        quint32 pendingBegin = 0; // at most a read's worth, a ClientHello or a "return" text
        quint32 pendingEnd = 0;
        bool eof = false;          // the source sent FIN (or close_notify)
        bool shutdownSent = false; // and it was passed on
        // A read filled the whole buffer: a bulk transfer, which splices from the next pass on;
        // a splice of under 4 KiB turns it back to copying (HAProxy's splice-auto: small,
        // interactive exchanges are cheaper copied than passed through a pipe).
        bool streaming = false;
        quint64 bytesRead = 0;
        quint64 bytesWritten = 0;
        // proxy_upload_rate / proxy_download_rate, in the session's RateLimits; null when
        // this direction is not limited (most sessions: no memory for it).
        RateLimit *rate = nullptr;
        PipePool::Pipe pipe; // held only while it has bytes in it

        bool hasPending() const { return pendingEnd > pendingBegin || pipe.bytes > 0; }
        bool isDelayed() const { return rate && rate->isDelayed(); } // reading waits for the rate
        // Keeps bytes the destination has not taken yet, in a buffer of their own size.
        void keep(const char *data, qint64 size)
        {
            Q_ASSERT(size > 0 && size <= std::numeric_limits<quint32>::max());
            pending.reset(new char[size_t(size)]);
            std::memcpy(pending.get(), data, size_t(size));
            pendingBegin = 0;
            pendingEnd = quint32(size);
        }
    };

    void onEvents(Side side, quint32 events);
    void begin();
    void continueProxyHeader();
    bool sendProxyHeader();
    void continueHandshake();
    void handshakeFailed(const QString &what);
    void continuePreread();
    void prereadDone(const QString &serverName);
    void chooseGroup(const QString &serverName);
    void beginUpstream();
    bool routeByVariable();   // proxy_pass $x: sets m_group, or ends the session
    void beginReturn();       // "return": ngx_stream_return_module
    void continueReturn();
    StreamFacts facts() const;
    void connectNext();
    void onConnectReady(quint32 events);
    void startUpstreamHandshake();
    void continueUpstreamHandshake();
    void connected();
    void upstreamFailed(const QString &what);
    void localFailure(const QString &call, int error);
    bool relay(Flow &flow);
    bool sendPending(Flow &flow);
    // A plain socket directly, a TLS side through OpenSSL: bytes taken, or Net::wouldBlock/failed.
    static qint64 sendTo(Handle *handle, const char *data, qint64 size, int *error);
    bool endOfStreamOnceDelivered(Flow &flow); // passEndOfStream when the FIN is due; false if it failed
    void countRead(Flow &flow, qint64 n);
    void sawEndOfStream(Flow &flow); // the source's FIN: remembered, and who closed first
    void countWritten(Flow &flow, qint64 n);
    bool relayFailed(bool reading, const Handle *handle, int error); // ends the session; false
    // splice() (tcpsessionsplice.cpp): neither side TLS, no rate limit, the worker's pool on.
    enum class SpliceResult { Done, Copy, Failed };
    bool canSplice(const Flow &flow);
    bool splices(const Flow &flow); // canSplice, and the flow is streaming
    SpliceResult spliceRelay(Flow &flow);
    bool flushPipe(Flow &flow);
    void spliceUnsupported(int error);
    bool passEndOfStream(Flow &flow);
    bool wantsToWrite(const Flow &flow) const;
    bool isFinished() const;
    void updateInterest();
    void watch(Handle &handle, quint32 interest);
    // Edge-triggered readiness (tcpsessionedge.cpp): plain sockets on Linux, registered once.
    bool choosesEdgeTriggered() const;
    bool watchEdgeTriggered(Handle &handle, quint32 interest); // false: level-triggered session
    void shortRead(Flow &flow); // a read got less than it asked: drained, or the end of stream
    void readAgainLater(const Flow &flow); // stopped before the source was drained
    void closeSocket(Handle &handle);
    void setDeadline(qint64 deadlineMs);
    void finish(const QString &reason, int level);
    void close();
    void endMeasurement();
    void startRateLimits();
    void armRateWake();
    void rateWake();
    void writeAccessLog(); // sessionlog.cpp: the listener's access_log line, as the session closes

    // The rate limits of both directions and the timer of a rate-delayed read (a second
    // deadline beside the session's own): only sessions of a listener with a rate hold one.
    struct RateLimits final : WorkerTask
    {
        TcpSession *session = nullptr;
        RateLimit upload;
        RateLimit download;
        void expire() override { session->rateWake(); }
    };

    // What only the way to a connected upstream needs: the balancer's state across tries
    // (proxy_next_upstream_tries) and the connect's deadline. Let go once relaying starts.
    struct Connecting
    {
        PickState pick;
        int tries = 0;
        qint64 deadlineMs = 0;
    };

    // ssl_preread: the ClientHello while it is read, then the name it gave, for
    // $ssl_preread_server_name and the connections view. Only sessions of a listener with
    // SNI routes hold one.
    struct Preread
    {
        QByteArray hello;
        std::optional<QByteArray> serverName;
    };

    Net::Endpoint clientAddress() const { return m_clientAddress.unpack(); }
    QString context() const;       // ", client: ..., server: ..., upstream: ..., bytes from/to ..."
    QString clientContext() const; // ", client: ..., server: ..." (before an upstream is chosen)

    Worker *m_worker;
    std::shared_ptr<const Listener> m_listener;
    UpstreamGroup *m_group; // proxy_pass, or the sni_routes match; owned by m_listener
    quint64 m_number;
    Handle m_client;
    Handle m_upstream;
    Flow m_toUpstream;   // client -> upstream
    Flow m_toClient;     // upstream -> client
    UpstreamServer *m_server = nullptr;
    std::unique_ptr<Connecting> m_connecting; // Connecting and UpstreamHandshaking only
    std::unique_ptr<RateLimits> m_rates;
    std::unique_ptr<Preread> m_preread;
    std::unique_ptr<ProxyHeaderReader> m_proxyHeader;              // ReadingProxyHeader only
    std::unique_ptr<const ProxyProtocol::Addresses> m_proxyProtocol; // $proxy_protocol_addr/_port and the rest (held apart: 72 bytes most sessions never use)
    qint64 m_startMs = 0;
    qint64 m_lastActivityMs = 0;
    qint64 m_connectStartMs = 0;
    LimitConnHold m_limits;
    SessionRecord m_record; // status and servers tried, for the access log
    QString m_endDetail;    // the closing log line's reason
    Net::PackedEndpoint m_clientAddress;
    State m_state = State::Connecting;
    std::optional<Side> m_closedFirst; // which side sent FIN first, for the closing log line
    std::optional<SessionEnd> m_end;   // why it ended, for the recently closed list (unset: by m_failed)
    bool m_measuring = false;     // a least_time measurement is open for m_server
    bool m_firstByteSeen = false;
    bool m_failed = false;        // ended by an error or a timeout: no close_notify on the way out
    bool m_edge = false;          // both sockets registered once, edge-triggered (tcpsessionedge.cpp)
};
