#pragma once

#include "acceptor.h"
#include "livesession.h"
#include "platform/datagrambatch.h"
#include "platform/poller.h"
#include "ratelimit.h"
#include "sessionrecord.h"
#include "upstreamgroup.h"
#include "worker.h"

class UdpRelay;

// One UDP "session" as nginx's `listen ... udp` has them: the datagrams of one client
// address and port, sent to one server through a connected UDP socket of its own, and the
// server's replies sent back from the address the client sent to. Its first datagram picks
// the server, so `hash $remote_addr` keeps a client on one server. Ends after
// proxy_responses replies per request, after proxy_timeout without traffic, or when the
// server refuses (ICMP port unreachable), which counts as a failure for max_fails.
// Lives in its relay's worker thread.
class UdpSession final : public WorkerTask, public PollHandler, public LiveSession, public DatagramSink
{
public:
    UdpSession(Worker *worker, UdpRelay *relay, std::shared_ptr<const Listener> listener, const Net::Endpoint &client,
               const QHostAddress &localAddress, quint64 number);
    ~UdpSession() override;

    bool start();                                   // false: no server; the session is closed
    void fromClient(DatagramBatch &batch, int slot); // a datagram to pass on (queued in the batch, or sent)
    int requests() const { return m_requests; }
    const Net::Endpoint &client() const { return m_client; }
    void abort();
    // The connections view and the API (udpsessionview.cpp).
    void describe(SessionFacts *facts) const override;
    void closeByOperator(const QString &who) override;
    // The limit_conn zones Worker::admit counted this session in; let go when it closes.
    void holdLimits(LimitConnHold hold) { m_limits = std::move(hold); }

    void handleEvents(quint32 events) override;     // the server's replies
    void datagramSent(const DatagramBatch &batch, int slot, qint64 result, int error) override; // a queued one to the server
    void expire() override;

private:
    bool takeReply(DatagramBatch &batch, int slot); // false: stop reading (closed, or rate-delayed)
    void sentToUpstream(qint64 sent, int error);
    bool routeByVariable(); // proxy_pass $x: sets m_group, or ends the session
    void finish(const QString &reason, int level, bool failed);
    void close(bool failed);
    void endMeasurement();
    QString context() const;
    bool responsesComplete() const;
    bool uploadRateAdmits(qint64 size); // proxy_upload_rate: false drops the datagram, as nginx
    void pauseReading();                // proxy_download_rate: stop reading the server for a while
    void resumeReading();
    void writeAccessLog(); // sessionlog.cpp: the listener's access_log line, as the session closes

    // The timer of a rate-delayed read from the server, beside the session's own deadline.
    struct RateWake final : WorkerTask
    {
        UdpSession *session = nullptr;
        void expire() override { session->resumeReading(); }
    };

    Worker *m_worker;
    UdpRelay *m_relay;
    std::shared_ptr<const Listener> m_listener;
    UpstreamGroup *m_group; // proxy_pass, or what proxy_pass $x named; owned by m_listener
    Net::Endpoint m_client;
    QHostAddress m_localAddress; // where the client sent to: the replies' source
    quint64 m_number;
    Net::Socket m_socket = Net::invalidSocket;
    UpstreamServer *m_server = nullptr;
    PickState m_pick;
    int m_requests = 0;
    int m_responses = 0;
    quint64 m_bytesFromClient = 0;
    quint64 m_bytesToClient = 0;
    quint64 m_bytesFromUpstream = 0;
    quint64 m_bytesToUpstream = 0;
    qint64 m_lastActivityMs = 0;
    qint64 m_pickMs = 0;
    bool m_measuring = false; // a least_time measurement is open for m_server
    bool m_closed = false;
    LimitConnHold m_limits;
    RateLimit m_uploadRate;
    RateLimit m_downloadRate;
    RateWake m_rateWake;
    SessionRecord m_record; // status and servers tried, for the access log
    qint64 m_startMs = 0;
    std::optional<SessionEnd> m_end; // why it ended, for the recently closed list (unset: by `failed`)
    QString m_endDetail;             // the closing log line's reason
};

// A UDP listener's datagrams in one worker: reads the listening socket, finds or starts the
// session of each client address, and sends replies back. UDP listeners are each served by
// one worker, so all of a client's datagrams meet the same session (with several sockets,
// the kernel would be free to hand them to different threads).
class UdpRelay final : public PollHandler, public DatagramSink
{
public:
    UdpRelay(Worker *worker, std::shared_ptr<const Listener> listener);
    ~UdpRelay();

    const std::shared_ptr<const Listener> &listener() const { return m_listener; }
    // A re-apply: as after an nginx reload, a client's next datagram starts a new session
    // under the new settings and group (so none stays on a server just removed); the
    // current sessions live on for their replies.
    void setListener(std::shared_ptr<const Listener> listener);

    void handleEvents(quint32 events) override;
    void sendToClient(const Net::Endpoint &client, const QHostAddress &localAddress, const char *data, qint64 size);
    // A reply in the worker's DatagramBatch: it leaves with the others when the batch of events
    // ends, in one sendmmsg() (datagramSent counts it).
    void queueToClient(int slot, const Net::Endpoint &client, const QHostAddress &localAddress);
    void datagramSent(const DatagramBatch &batch, int slot, qint64 result, int error) override;
    void sessionClosed(UdpSession *session);
    void closeAll();

private:
    static QByteArray keyOf(const Net::Endpoint &client);
    void takeDatagram(DatagramBatch &batch, int slot); // one client datagram: its session, or a new one
    void countSent(const Net::Endpoint &client, qint64 result, int error);
    bool hasRoomForSession(const Net::Endpoint &client);
    // "return" (ngx_stream_return_module): the text as one datagram, and no session.
    void returnText(const Net::Endpoint &client, const QHostAddress &local, quint64 number);

    Worker *m_worker;
    std::shared_ptr<const Listener> m_listener;
    QHash<QByteArray, UdpSession *> m_byClient; // the session new datagrams from a client go to
    QSet<UdpSession *> m_sessions;              // every live session, detached ones included
    bool m_refusing = false;                    // at the session cap; logged once per episode
};
