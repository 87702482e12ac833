#pragma once

#include <QHostAddress>
#include <QString>

// The engine's platform corner for sockets: the few calls a proxy needs, non-blocking,
// with a POSIX branch and a Windows (Winsock) branch in net*.cpp and nowhere else.
// Qt's QTcpSocket is not used on the data path: it turns a peer's FIN into a full close,
// has no way to shut only its write side (so it cannot relay a half-close), and copies
// every byte through its own buffer.
namespace Net {

#if defined(Q_OS_WIN)
using Socket = quintptr; // SOCKET
#else
using Socket = int;
#endif
inline constexpr Socket invalidSocket = Socket(-1);

struct Endpoint
{
    QHostAddress address;
    quint16 port = 0;

    QString toString() const; // "127.0.0.1:7773", "[::1]:53"
};

// An Endpoint in 20 bytes held inline, for what a long-lived object keeps (a session's
// client): a QHostAddress is a pointer to 56 bytes on the heap. Drops an IPv6 scope id,
// which nginx's $remote_addr does not show either.
class PackedEndpoint
{
public:
    PackedEndpoint() = default;
    explicit PackedEndpoint(const Endpoint &endpoint);
    Endpoint unpack() const;

private:
    quint8 m_bytes[16] = {}; // IPv4: the first four, in network order
    quint16 m_port = 0;
    quint8 m_family = 0;     // 0 none, 4, 6
};

// Results of receive() and send(): a byte count >= 0, or one of these.
inline constexpr qint64 wouldBlock = -1;
inline constexpr qint64 failed = -2;

bool startup(); // Winsock initialisation; a no-op elsewhere

// What nginx's listen parameters set on a listening socket (ListenSocketConfig in core).
struct ListenOptions
{
    int backlog = 511;      // NGX_LISTEN_BACKLOG
    int keepAlive = -1;     // SO_KEEPALIVE: -1 left as the system has it, 0 off, 1 on
    int keepIdleS = 0;      // TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT: 0 = the system's;
    int keepIntervalS = 0;  // accepted sockets inherit all four from the listening socket
    int keepCount = 0;
    int rcvbuf = -1;        // SO_RCVBUF, SO_SNDBUF in bytes: -1 left as the system has them;
    int sndbuf = -1;        // TCP and UDP alike, accepted TCP sockets inherit them
    int fastOpen = -1;      // TCP_FASTOPEN's queue length, -1 not set (Linux; refused on Windows)
    bool ipv6Only = true;   // IPV6_V6ONLY on an IPv6 address
    bool reusePort = false; // SO_REUSEPORT (POSIX only; the validator refuses it on Windows)
};

// A listening TCP socket, non-blocking, SO_REUSEADDR (on Windows SO_EXCLUSIVEADDRUSE), and
// on Linux TCP_NODELAY for the connections it accepts.
// On failure *failedCall (when given) names the call, e.g. "bind()", "setsockopt(TCP_KEEPIDLE)".
Socket listenTcp(const Endpoint &endpoint, const ListenOptions &options, int *error, QString *failedCall = nullptr);
// A re-apply on a socket that stays: keepalive, TCP Fast Open and the backlog (listen()
// again), as an nginx reload does to an inherited socket. ipv6only and reuseport only apply
// before bind(); the buffer sizes are setBufferSizes'.
bool reconfigureListening(Socket socket, const ListenOptions &options, int *error, QString *failedCall);
// SO_RCVBUF and SO_SNDBUF, those asked for (>= 0): listenTcp and bindUdp set them after
// bind(), and a re-apply that keeps a socket of either protocol sets them again.
bool setBufferSizes(Socket socket, const ListenOptions &options, int *error, QString *failedCall);
inline Socket listenTcp(const Endpoint &endpoint, int backlog, int *error)
{
    ListenOptions options;
    options.backlog = backlog;
    return listenTcp(endpoint, options, error);
}
// Accepts one connection, non-blocking, close-on-exec and with TCP_NODELAY (nginx's
// tcp_nodelay default; on Linux inherited from the listening socket, which listenTcp set);
// invalidSocket with *error = 0 when none is waiting.
Socket accept(Socket listener, Endpoint *peer, int *error);

enum class ConnectStatus { Connected, InProgress, Failed };
ConnectStatus connectTcp(const Endpoint &endpoint, Socket *socket, int *error);
int pendingError(Socket socket); // SO_ERROR after a non-blocking connect

qint64 receive(Socket socket, char *data, qint64 size, int *error);
// receive() with MSG_PEEK: the bytes stay in the socket (a PROXY header is taken only once whole).
qint64 peek(Socket socket, char *data, qint64 size, int *error);
qint64 send(Socket socket, const char *data, qint64 size, int *error);
bool shutdownWrite(Socket socket);
void close(Socket socket);
void setNoDelay(Socket socket);
Endpoint localEndpoint(Socket socket);

// UDP. A listening socket on a wildcard address asks for each datagram's destination
// (IP_PKTINFO), so a reply leaves from the address the client sent to.
// Of options, UDP takes ipv6Only, reusePort, rcvbuf and sndbuf.
Socket bindUdp(const Endpoint &endpoint, const ListenOptions &options, int *error, QString *failedCall = nullptr);
inline Socket bindUdp(const Endpoint &endpoint, int *error) { return bindUdp(endpoint, ListenOptions(), error); }
Socket connectUdp(const Endpoint &endpoint, int *error); // a connected socket toward one server
// One datagram: its size (or wouldBlock / failed). *fullSize is its real size when the
// buffer was too small (Linux reports it; elsewhere it equals the returned size).
// from and to may be null; to is the local address it was sent to (wildcard listeners).
qint64 receiveDatagram(Socket socket, char *data, qint64 size, Endpoint *from, QHostAddress *to, qint64 *fullSize, int *error);
// to may be null for a connected socket; from (may be null) picks the source address.
qint64 sendDatagram(Socket socket, const char *data, qint64 size, const Endpoint *to, const QHostAddress *from, int *error);

// The platform's sockaddr for an endpoint, written to `storage` (a sockaddr_storage): its
// length. And back. For code that keeps many addresses in arrays (DatagramBatch).
int sockaddrOf(const Endpoint &endpoint, void *storage);
Endpoint endpointOf(const void *storage);

// "111: Connection refused", the way nginx prints an errno.
QString errorString(int error);
int timedOutError();             // ETIMEDOUT / WSAETIMEDOUT, for nginx's "upstream timed out (110: ...)"
bool isTooManyFiles(int error);  // EMFILE/ENFILE: the process or system is out of descriptors
// Out of descriptors, buffers or local ports (EMFILE, ENFILE, ENOBUFS, EADDRNOTAVAIL): a
// failure of this machine, which must not count against an upstream server.
bool isLocalResourceError(int error);
bool isAddressInUse(int error);
// bind() refused for want of a right (EACCES; on Windows WSAEACCES: a port reserved by the
// system or held for exclusive use).
bool isPermissionDenied(int error);
// The address is not one of this machine's (EADDRNOTAVAIL / WSAEADDRNOTAVAIL at bind()).
bool isAddressNotAvailable(int error);
// The lowest port an unprivileged process may bind: below it binding needs root or
// CAP_NET_BIND_SERVICE (Linux: net.ipv4.ip_unprivileged_port_start, 1024 unless changed).
// 0 where any user may bind any port (Windows).
int unprivilegedPortStart();

} // namespace Net
