#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

// What a session knows about itself that nginx's stream variables read. Filled by the engine
// when it needs a value (a limit_conn key, later an access log line or a map); a variable
// whose fact is not known yet evaluates to the empty string, as an nginx variable that is
// "not found". The access log and map/split_clients add their facts here (bytes, status,
// upstream, times) and their variables to the table in streamvariables.cpp.
// Core has no network types: the engine fills addresses in as nginx prints them
// (ngx_sock_ntop: "127.0.0.1", "::1") and as bytes (4 for IPv4, 16 for IPv6).
struct StreamFacts
{
    QByteArray clientAddress;       // $remote_addr
    QByteArray clientAddressBinary; // $binary_remote_addr
    quint16 clientPort = 0;
    QByteArray serverAddress;       // $server_addr
    quint16 serverPort = 0;
    bool udp = false;
    quint64 connection = 0; // nginx's connection serial number ($connection)

    // What the access log reads, known when the session ends (sessionfacts.h fills most).
    // One server tried: nginx's ngx_stream_upstream_state_t. Times are milliseconds, -1 = not reached.
    struct UpstreamAttempt
    {
        QByteArray address; // "127.0.0.1:8080", or the group's name when no server was live
        qint64 connectMs = -1;
        qint64 firstByteMs = -1;
        qint64 sessionMs = -1;
        quint64 bytesSent = 0;     // to the server
        quint64 bytesReceived = 0; // from the server
    };
    int status = 0;                         // $status: 200, 400, 403, 500, 502 or 503
    quint64 bytesSent = 0;                  // $bytes_sent: to the client
    quint64 bytesReceived = 0;              // $bytes_received: from the client
    qint64 sessionMs = 0;                   // $session_time
    qint64 nowMs = 0;                       // wall clock, ms since the epoch: $msec, $time_local, $time_iso8601
    std::vector<UpstreamAttempt> upstreams; // $upstream_*; none = not found ("-")
    bool hasProxyProtocol = false;          // $proxy_protocol_addr/_port are found only with a header
    QByteArray proxyProtocolAddress;
    quint16 proxyProtocolPort = 0;
    bool tls = false;                       // $ssl_* are found only on a TLS listener's session
    QByteArray sslProtocol;
    QByteArray sslCipher;
    QByteArray sslServerName;
    bool sslSessionReused = false;
    std::optional<QByteArray> prereadServerName; // $ssl_preread_server_name; set when the ClientHello was read
    enum class LimitConnStatus { Unset, Passed, Rejected, RejectedDryRun };
    LimitConnStatus limitConnStatus = LimitConnStatus::Unset;
    // The config's own variables (map, split_clients) computed so far in this session, as
    // nginx caches a variable's value per session, and the captures of the last map regex
    // that matched ($1..$9). Filled while evaluating; see StreamUserVariables.
    mutable QHash<int, QByteArray> userValues;
    mutable QList<QByteArray> captures;
};

// Variables a config defines (map, split_clients: src/core/streamrouting.h), for
// StreamTemplate::compile to find beside the built-in ones. Immutable once built, so any
// thread may evaluate; it must outlive the templates compiled against it.
class StreamUserVariables
{
public:
    virtual ~StreamUserVariables() = default;
    virtual int find(QStringView name) const = 0; // index, or -1
    virtual void evaluate(int index, const StreamFacts &facts, QByteArray *out) const = 0;
    virtual bool needsServerAddress(int index) const = 0;
};

// An nginx "complex value" of the stream module (ngx_stream_compile_complex_value): text with
// $name and ${name} variables, compiled once when a config is applied and evaluated per
// session without parsing again. Immutable once compiled, so any thread may evaluate it.
class StreamTemplate
{
public:
    StreamTemplate() = default;

    // nginx's rules: a name is letters, digits and '_'; ${name} may be followed by any text;
    // an unknown name is an error ("unknown "name" variable"), as nginx -t says.
    // `user` adds a config's own variables (maps, split_clients) to the built-in ones.
    static std::optional<StreamTemplate> compile(const QString &text, QString *error = nullptr,
                                                 const StreamUserVariables *user = nullptr);

    // The value for one session: text and variable values one after another (bytes, since
    // $binary_remote_addr is binary).
    QByteArray evaluate(const StreamFacts &facts) const;

    const QString &text() const { return m_text; }
    bool isEmpty() const { return m_parts.empty(); }
    // Whether evaluating it reads the local address ($server_addr), which costs a system
    // call on a wildcard listener: the engine asks for it only then.
    bool needsServerAddress() const { return m_needsServerAddress; }

    // The variables compile() knows, for messages and the GUI.
    static QStringList variableNames();
    // The config's own variables it reads (indices of its StreamUserVariables).
    std::vector<int> userVariables() const;

    // One variable by its index in the table, for the access log's own escaping: false when
    // nginx's variable would be "not found" (the log writes "-" for it; a found empty value
    // writes nothing). -1 for an unknown name.
    static int variableIndex(QStringView name);
    static bool variableValue(int index, const StreamFacts &facts, QByteArray *out);

private:
    struct Part
    {
        QByteArray text;   // literal text, when variable < 0
        int variable = -1; // index into the variable table
        int userVariable = -1; // index into m_user
    };
    const StreamUserVariables *m_user = nullptr;
    QString m_text;
    std::vector<Part> m_parts;
    bool m_needsServerAddress = false;
};
