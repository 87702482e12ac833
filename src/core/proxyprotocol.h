#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// The PROXY protocol (v1 text, v2 binary) as nginx 1.22 reads and writes it
// (src/core/ngx_proxy_protocol.c). Pure functions over bytes, any thread: the engine peeks
// at a client's first bytes and asks parse() whether they hold a whole header yet.
//
// Where nginx 1.22 decides by its one peek of at most 107 bytes, parse() answers NeedMore
// for a header that is only incomplete so far, so a header split over two TCP segments is
// read (nginx would call it broken); every other verdict is nginx's: the same headers are
// accepted with the same addresses, and the same ones refused.
namespace ProxyProtocol {

// NGX_PROXY_PROTOCOL_MAX_HEADER: the most nginx reads of a header, v1 or v2 (a v2 header
// with TLVs beyond it is "too large" for nginx 1.22, and so here).
inline constexpr qsizetype maxHeaderSize = 107;
inline constexpr qsizetype v2FixedSize = 16; // signature, version/command, family, length

// The addresses a header carries, as nginx keeps them in ngx_proxy_protocol_t: v1's text
// exactly as written (nginx only checks its characters), v2's formatted as ngx_sock_ntop.
struct Addresses
{
    QByteArray sourceAddress; // $proxy_protocol_addr
    quint16 sourcePort = 0;   // $proxy_protocol_port
    QByteArray destinationAddress;
    quint16 destinationPort = 0;

    friend bool operator==(const Addresses &, const Addresses &) = default;
};

struct Result
{
    enum class Status {
        NeedMore,  // a header so far: read more (at most maxHeaderSize in all)
        Done,      // a whole header of `consumed` bytes
        Malformed, // not a header nginx accepts: close the connection
    };

    Status status = Status::NeedMore;
    qsizetype consumed = 0; // Done: the header's length; the client's own data follows it
    // Done: what the header carries; none for v1 UNKNOWN and v2 LOCAL or an unsupported
    // family or transport, which nginx accepts without addresses.
    std::optional<Addresses> addresses;
    int version = 0; // 1 or 2 once known
    // Malformed: nginx's words for the error log ("broken header: \"...\"",
    // "unknown PROXY protocol version: 3", "header is too large"), or ours where nginx
    // closes without a word.
    QString error;
};

// Reads the first bytes a client sent. Bytes past maxHeaderSize are not looked at.
Result parse(const char *data, qsizetype size);
inline Result parse(const QByteArray &data) { return parse(data.constData(), data.size()); }

// An address as ngx_sock_ntop prints it without a port: IPv4 dotted, IPv6 as
// ngx_inet6_ntop (a run of two or more zero groups shortened, "::ffff:a.b.c.d" and the
// other forms nginx writes with a dotted tail). size is 4 or 16.
QByteArray formatAddress(const quint8 *bytes, int size);

// One end of a connection for writeV1: family 4 or 6 (0: neither, "PROXY UNKNOWN").
struct Endpoint
{
    int family = 0;
    quint8 bytes[16] = {};
    quint16 port = 0;
};

// ngx_proxy_protocol_write: "PROXY TCP4 SRC DST SPORT DPORT\r\n", the family named by the
// source's; what nginx sends to an upstream with "proxy_protocol on".
QByteArray writeV1(const Endpoint &source, const Endpoint &destination);

} // namespace ProxyProtocol
