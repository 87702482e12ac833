#include "proxyprotocol.h"

#include <cstring>

namespace ProxyProtocol {

namespace {

using Status = Result::Status;

// "\r\n\r\n\0\r\nQUIT\n", the v2 signature.
constexpr char v2Signature[12] = {'\r', '\n', '\r', '\n', '\0', '\r', '\n', 'Q', 'U', 'I', 'T', '\n'};
constexpr int v2FamilyInet = 1;
constexpr int v2FamilyInet6 = 2;
constexpr int v2CommandProxy = 1;
constexpr int v2TransportStream = 1;
constexpr qsizetype v2InetSize = 12;   // two IPv4 addresses, two ports
constexpr qsizetype v2Inet6Size = 36;  // two IPv6 addresses, two ports

Result needMore(int version)
{
    Result result;
    result.status = Status::NeedMore;
    result.version = version;
    return result;
}

Result malformed(int version, const QString &error)
{
    Result result;
    result.status = Status::Malformed;
    result.version = version;
    result.error = error;
    return result;
}

// ngx_proxy_protocol_read's "broken header" line prints everything it peeked.
Result broken(const char *data, qsizetype size)
{
    return malformed(1, QStringLiteral("broken header: \"%1\"").arg(QString::fromLatin1(data, size)));
}

// Whether the bytes there are (so far) the literal: all of it, or the start of it at the end of the data.
enum class Match { Yes, Partly, No };
Match matches(const char *p, const char *last, const char *literal)
{
    const qsizetype length = qsizetype(std::strlen(literal));
    const qsizetype available = last - p;
    const qsizetype compared = qMin(length, available);
    if (std::memcmp(p, literal, size_t(compared)) != 0)
        return Match::No;
    return compared == length ? Match::Yes : Match::Partly;
}

quint16 readUint16(const char *p)
{
    return quint16(quint8(p[0]) << 8 | quint8(p[1]));
}

// v1 fields. Each returns the position after its separator; nullptr with *outOfData set when
// the data ends first (more may come), or without it when nginx refuses what is there.
const char *readAddress(const char *p, const char *last, QByteArray *address, bool *outOfData)
{
    const char *start = p;
    for (;;) {
        if (p == last) {
            *outOfData = true;
            return nullptr;
        }
        const char ch = *p++;
        if (ch == ' ')
            break;
        const bool allowed = ch == ':' || ch == '.' || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F') || (ch >= '0' && ch <= '9');
        if (!allowed)
            return nullptr;
    }
    *address = QByteArray(start, p - start - 1);
    return p;
}

const char *readPort(const char *p, const char *last, quint16 *port, char separator, bool *outOfData)
{
    const char *start = p;
    for (;;) {
        if (p == last) {
            *outOfData = true;
            return nullptr;
        }
        if (*p++ == separator)
            break;
    }
    // ngx_atoi: digits only, at least one; then 0..65535.
    const qsizetype length = p - start - 1;
    if (length == 0)
        return nullptr;
    qint64 value = 0;
    for (qsizetype i = 0; i < length; ++i) {
        if (start[i] < '0' || start[i] > '9')
            return nullptr;
        value = value * 10 + (start[i] - '0');
        if (value > 65535)
            return nullptr;
    }
    *port = quint16(value);
    return p;
}

Result parseV1(const char *data, qsizetype size)
{
    const char *last = data + size;
    const bool full = size >= maxHeaderSize; // nothing more would be looked at
    auto incomplete = [&] { return full ? broken(data, size) : needMore(1); };

    switch (matches(data, last, "PROXY ")) {
    case Match::No:
        return broken(data, size);
    case Match::Partly:
        return needMore(1);
    case Match::Yes:
        break;
    }
    if (size < 8) // nginx wants something after "PROXY "
        return needMore(1);
    const char *p = data + 6;

    const Match unknown = matches(p, last, "UNKNOWN");
    if (unknown == Match::Yes) {
        // Anything up to the first CRLF, without addresses.
        for (p += 7; p < last - 1; ++p) {
            if (p[0] == '\r' && p[1] == '\n') {
                Result result;
                result.status = Status::Done;
                result.version = 1;
                result.consumed = p + 2 - data;
                return result;
            }
        }
        return incomplete();
    }

    if (unknown == Match::Partly)
        return incomplete();
    const bool tcpSoFar = matches(p, last, "TCP4 ") != Match::No || matches(p, last, "TCP6 ") != Match::No;
    if (!tcpSoFar)
        return broken(data, size);
    if (last - p < 5)
        return incomplete();
    p += 5;

    Addresses addresses;
    bool outOfData = false;
    p = readAddress(p, last, &addresses.sourceAddress, &outOfData);
    if (p)
        p = readAddress(p, last, &addresses.destinationAddress, &outOfData);
    if (p)
        p = readPort(p, last, &addresses.sourcePort, ' ', &outOfData);
    if (p)
        p = readPort(p, last, &addresses.destinationPort, '\r', &outOfData);
    if (p && p == last)
        outOfData = true;
    if (!p || p == last)
        return outOfData ? incomplete() : broken(data, size);
    if (*p++ != '\n')
        return broken(data, size);

    Result result;
    result.status = Status::Done;
    result.version = 1;
    result.consumed = p - data;
    result.addresses = addresses;
    return result;
}

Result parseV2(const char *data, qsizetype size)
{
    const int version = quint8(data[12]) >> 4;
    if (version != 2)
        return malformed(2, QStringLiteral("unknown PROXY protocol version: %1").arg(version));
    const qsizetype length = readUint16(data + 14);
    // nginx 1.22 peeks at most 107 bytes, so a longer header never fits.
    if (v2FixedSize + length > maxHeaderSize)
        return malformed(2, QStringLiteral("header is too large"));
    if (size < v2FixedSize + length)
        return needMore(2);

    Result result;
    result.status = Status::Done;
    result.version = 2;
    result.consumed = v2FixedSize + length;

    const int command = quint8(data[12]) & 0x0f;
    const int transport = quint8(data[13]) & 0x0f;
    const int family = quint8(data[13]) >> 4;
    // LOCAL (health checks from the proxy itself), datagrams, UNIX or unknown families:
    // nginx accepts the header and keeps the connection's own addresses.
    if (command != v2CommandProxy || transport != v2TransportStream || (family != v2FamilyInet && family != v2FamilyInet6))
        return result;

    const char *block = data + v2FixedSize;
    const int addressSize = family == v2FamilyInet ? 4 : 16;
    const qsizetype needed = family == v2FamilyInet ? v2InetSize : v2Inet6Size;
    if (length < needed) {
        // nginx closes here without logging; say what was wrong.
        return malformed(2, QStringLiteral("broken header: PROXY protocol v2 address block of %1 bytes, %2 needed for %3")
                                .arg(length)
                                .arg(needed)
                                .arg(family == v2FamilyInet ? QStringLiteral("IPv4") : QStringLiteral("IPv6")));
    }
    Addresses addresses;
    addresses.sourceAddress = formatAddress(reinterpret_cast<const quint8 *>(block), addressSize);
    addresses.destinationAddress = formatAddress(reinterpret_cast<const quint8 *>(block + addressSize), addressSize);
    addresses.sourcePort = readUint16(block + 2 * addressSize);
    addresses.destinationPort = readUint16(block + 2 * addressSize + 2);
    result.addresses = addresses; // TLVs after the addresses are skipped, as nginx 1.22 does
    return result;
}

} // namespace

Result parse(const char *data, qsizetype size)
{
    size = qMin(size, maxHeaderSize);
    if (size == 0)
        return needMore(0);
    // Until 16 bytes are here, a v2 signature so far could still be either (nginx reads v2
    // only with 16 bytes, otherwise v1's rules refuse it).
    const bool v2SoFar = std::memcmp(data, v2Signature, size_t(qMin<qsizetype>(size, sizeof v2Signature))) == 0;
    if (v2SoFar && size < v2FixedSize)
        return needMore(2);
    if (v2SoFar)
        return parseV2(data, size);
    return parseV1(data, size);
}

QByteArray formatAddress(const quint8 *p, int size)
{
    if (size == 4)
        return QByteArray::number(p[0]) + '.' + QByteArray::number(p[1]) + '.' + QByteArray::number(p[2]) + '.' + QByteArray::number(p[3]);

    // ngx_inet6_ntop, step by step: the longest run of at least two zero groups becomes "::".
    int zero = -1;
    int last = -1;
    int max = 1;
    int n = 0;
    for (int i = 0; i < 16; i += 2) {
        if (p[i] || p[i + 1]) {
            if (max < n) {
                zero = last;
                max = n;
            }
            n = 0;
            continue;
        }
        if (n++ == 0)
            last = i;
    }
    if (max < n) {
        zero = last;
        max = n;
    }
    QByteArray text;
    int end = 16;
    if (zero == 0) {
        if ((max == 5 && p[10] == 0xff && p[11] == 0xff) || max == 6 || (max == 7 && p[14] != 0 && p[15] != 1))
            end = 12;
        text += ':';
    }
    for (int i = 0; i < end; i += 2) {
        if (i == zero) {
            text += ':';
            i += (max - 1) * 2;
            continue;
        }
        text += QByteArray::number(p[i] * 256 + p[i + 1], 16);
        if (i < 14)
            text += ':';
    }
    if (end == 12)
        text += QByteArray::number(p[12]) + '.' + QByteArray::number(p[13]) + '.' + QByteArray::number(p[14]) + '.' + QByteArray::number(p[15]);
    return text;
}

QByteArray writeV1(const Endpoint &source, const Endpoint &destination)
{
    if (source.family != 4 && source.family != 6)
        return QByteArrayLiteral("PROXY UNKNOWN\r\n");
    QByteArray header = source.family == 4 ? QByteArrayLiteral("PROXY TCP4 ") : QByteArrayLiteral("PROXY TCP6 ");
    header += formatAddress(source.bytes, source.family == 4 ? 4 : 16);
    header += ' ';
    header += formatAddress(destination.bytes, destination.family == 4 ? 4 : 16);
    header += ' ' + QByteArray::number(source.port) + ' ' + QByteArray::number(destination.port) + "\r\n";
    return header;
}

} // namespace ProxyProtocol
