// The PROXY protocol parser and writer (src/core/proxyprotocol) against nginx 1.22's
// ngx_proxy_protocol.c: what it accepts, with which addresses, what it refuses and with
// which log words, and that a header that is only incomplete asks for more bytes.

#include <proxyprotocol.h>

#include <QTest>

#include <cstring>

using ProxyProtocol::Result;
using Status = Result::Status;

namespace {

QByteArray v2(quint8 versionCommand, quint8 familyTransport, const QByteArray &body)
{
    QByteArray header("\r\n\r\n\0\r\nQUIT\n", 12);
    header += char(versionCommand);
    header += char(familyTransport);
    header += char(body.size() >> 8);
    header += char(body.size() & 0xff);
    return header + body;
}

QByteArray ip4(int a, int b, int c, int d)
{
    const char bytes[4] = {char(a), char(b), char(c), char(d)};
    return QByteArray(bytes, 4);
}

QByteArray inetBody(const QByteArray &src, const QByteArray &dst, quint16 sport, quint16 dport)
{
    QByteArray body = src + dst;
    body += char(sport >> 8);
    body += char(sport & 0xff);
    body += char(dport >> 8);
    body += char(dport & 0xff);
    return body;
}

} // namespace

class TestProxyProtocol : public QObject
{
    Q_OBJECT

private slots:
    void acceptsV1_data();
    void acceptsV1();
    void refusesV1_data();
    void refusesV1();
    void asksForMoreUntilWhole_data();
    void asksForMoreUntilWhole();
    void acceptsV2_data();
    void acceptsV2();
    void refusesV2_data();
    void refusesV2();
    void formatsAddressesAsNginx_data();
    void formatsAddressesAsNginx();
    void writesNginxV1();
};

void TestProxyProtocol::acceptsV1_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<qsizetype>("consumed");
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<int>("sourcePort");
    QTest::addColumn<QByteArray>("destination");
    QTest::addColumn<int>("destinationPort");

    const QByteArray tcp4("PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n");
    QTest::newRow("tcp4") << tcp4 << tcp4.size() << QByteArray("192.0.2.1") << 56324 << QByteArray("198.51.100.2") << 443;
    QTest::newRow("tcp4, client data after") << tcp4 + "GET / HTTP/1.0\r\n" << tcp4.size() << QByteArray("192.0.2.1") << 56324
                                              << QByteArray("198.51.100.2") << 443;
    const QByteArray tcp6("PROXY TCP6 2001:db8::1 ::1 1 65535\r\n");
    QTest::newRow("tcp6") << tcp6 << tcp6.size() << QByteArray("2001:db8::1") << 1 << QByteArray("::1") << 65535;
    // nginx checks only the characters of an address, not the family it names.
    const QByteArray mixed("PROXY TCP4 ::ffff:1.2.3.4 ABCDEF 0 0\r\n");
    QTest::newRow("tcp4 naming v6 text") << mixed << mixed.size() << QByteArray("::ffff:1.2.3.4") << 0 << QByteArray("ABCDEF") << 0;
    QTest::newRow("unknown") << QByteArray("PROXY UNKNOWN\r\nrest") << qsizetype(15) << QByteArray() << -1 << QByteArray() << -1;
    QTest::newRow("unknown with addresses") << QByteArray("PROXY UNKNOWN ff:: ff:: 1 2\r\n") << qsizetype(29) << QByteArray() << -1
                                            << QByteArray() << -1;
    // The longest v1 header fits nginx's 107 bytes exactly.
    const QByteArray longest("PROXY TCP6 ffff:ffff:ffff:ffff:ffff:fff:1.1.1.1 ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255 65535 65535\r\n");
    QCOMPARE(longest.size(), ProxyProtocol::maxHeaderSize);
    QTest::newRow("longest") << longest << longest.size() << QByteArray("ffff:ffff:ffff:ffff:ffff:fff:1.1.1.1") << 65535
                             << QByteArray("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255") << 65535;
}

void TestProxyProtocol::acceptsV1()
{
    QFETCH(QByteArray, input);
    QFETCH(qsizetype, consumed);
    QFETCH(QByteArray, source);
    QFETCH(int, sourcePort);
    QFETCH(QByteArray, destination);
    QFETCH(int, destinationPort);

    const Result result = ProxyProtocol::parse(input);
    QCOMPARE(result.status, Status::Done);
    QCOMPARE(result.version, 1);
    QCOMPARE(result.consumed, consumed);
    if (sourcePort < 0) {
        QVERIFY(!result.addresses);
        return;
    }
    QVERIFY(result.addresses);
    QCOMPARE(result.addresses->sourceAddress, source);
    QCOMPARE(int(result.addresses->sourcePort), sourcePort);
    QCOMPARE(result.addresses->destinationAddress, destination);
    QCOMPARE(int(result.addresses->destinationPort), destinationPort);
}

void TestProxyProtocol::refusesV1_data()
{
    QTest::addColumn<QByteArray>("input");

    QTest::newRow("garbage") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::newRow("lower case") << QByteArray("proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n");
    QTest::newRow("bad family") << QByteArray("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n");
    QTest::newRow("udp family") << QByteArray("PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n");
    QTest::newRow("no space after family") << QByteArray("PROXY TCP4:1.2.3.4 5.6.7.8 1 2\r\n");
    QTest::newRow("bad address character") << QByteArray("PROXY TCP4 1.2.3.z 5.6.7.8 1 2\r\n");
    QTest::newRow("port too large") << QByteArray("PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n");
    QTest::newRow("port not a number") << QByteArray("PROXY TCP4 1.2.3.4 5.6.7.8 8x 2\r\n");
    QTest::newRow("empty port") << QByteArray("PROXY TCP4 1.2.3.4 5.6.7.8  2\r\n");
    QTest::newRow("negative port") << QByteArray("PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n");
    QTest::newRow("CR without LF") << QByteArray("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX");
    QTest::newRow("LF without CR") << QByteArray("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n" + QByteArray(100, 'x'));
    QTest::newRow("one byte past 107") << QByteArray("PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:1.1.1.1 ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255 65535 65535\r\n");
    QTest::newRow("too long") << QByteArray("PROXY TCP4 " + QByteArray(120, '1') + " 5.6.7.8 1 2\r\n");
    QTest::newRow("unknown without CRLF in 107 bytes") << QByteArray("PROXY UNKNOWN " + QByteArray(120, 'x'));
    QTest::newRow("binary") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
    QTest::newRow("v2 signature cut short") << QByteArray("\r\n\r\n\0\r\nQ", 8) + QByteArray(20, 'x');
}

void TestProxyProtocol::refusesV1()
{
    QFETCH(QByteArray, input);
    const Result result = ProxyProtocol::parse(input);
    QCOMPARE(result.status, Status::Malformed);
    QVERIFY2(result.error.startsWith(u"broken header: \""), qPrintable(result.error));
    // nginx prints what it peeked: at most 107 bytes.
    QVERIFY(result.error.size() <= QStringLiteral("broken header: \"\"").size() + ProxyProtocol::maxHeaderSize);
}

void TestProxyProtocol::asksForMoreUntilWhole_data()
{
    QTest::addColumn<QByteArray>("header");

    QTest::newRow("v1 tcp4") << QByteArray("PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n");
    QTest::newRow("v1 unknown") << QByteArray("PROXY UNKNOWN 1 2\r\n");
    QTest::newRow("v2 inet") << v2(0x21, 0x11, inetBody(ip4(127, 0, 0, 1), ip4(10, 0, 0, 2), 1000, 80));
    QTest::newRow("v2 local") << v2(0x20, 0x00, QByteArray());
}

// Every strict prefix of a header is "need more"; the whole one is done. A truncated header
// is therefore never mistaken for a whole one, and a split one is read (nginx 1.22 reads one
// peek and would call a split header broken).
void TestProxyProtocol::asksForMoreUntilWhole()
{
    QFETCH(QByteArray, header);
    for (qsizetype size = 0; size < header.size(); ++size) {
        const Result result = ProxyProtocol::parse(header.left(size));
        QVERIFY2(result.status == Status::NeedMore, qPrintable(QStringLiteral("%1 bytes: %2").arg(size).arg(result.error)));
    }
    const Result whole = ProxyProtocol::parse(header);
    QCOMPARE(whole.status, Status::Done);
    QCOMPARE(whole.consumed, header.size());
}

void TestProxyProtocol::acceptsV2_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<qsizetype>("consumed");
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<int>("sourcePort");
    QTest::addColumn<QByteArray>("destination");

    const QByteArray inet = v2(0x21, 0x11, inetBody(QByteArray("\xc0\x00\x02\x01", 4), QByteArray("\x7f\x00\x00\x01", 4), 56324, 443));
    QTest::newRow("inet") << inet << inet.size() << QByteArray("192.0.2.1") << 56324 << QByteArray("127.0.0.1");
    QTest::newRow("inet, client data after") << inet + "hello" << inet.size() << QByteArray("192.0.2.1") << 56324 << QByteArray("127.0.0.1");
    QByteArray src6(16, '\0');
    src6[0] = char(0x20);
    src6[1] = char(0x01);
    src6[2] = char(0x0d);
    src6[3] = char(0xb8);
    src6[15] = 1;
    QByteArray dst6(16, '\0');
    dst6[15] = 1;
    const QByteArray inet6 = v2(0x21, 0x21, inetBody(src6, dst6, 1, 2));
    QTest::newRow("inet6") << inet6 << inet6.size() << QByteArray("2001:db8::1") << 1 << QByteArray("::1");
    // TLVs after the addresses are skipped, as nginx 1.22 does (it has no $proxy_protocol_tlv_*).
    const QByteArray tlvs = v2(0x21, 0x11, inetBody(ip4(10, 0, 0, 1), ip4(10, 0, 0, 2), 7, 8) + QByteArray("\x04\x00\x03" "abc", 6));
    QTest::newRow("inet with a TLV") << tlvs << tlvs.size() << QByteArray("10.0.0.1") << 7 << QByteArray("10.0.0.2");
    // Accepted without addresses: the connection keeps its own.
    QTest::newRow("local command") << v2(0x20, 0x11, inetBody(ip4(10, 0, 0, 1), ip4(10, 0, 0, 2), 7, 8)) << qsizetype(28) << QByteArray() << -1 << QByteArray();
    QTest::newRow("local, empty") << v2(0x20, 0x00, QByteArray()) << qsizetype(16) << QByteArray() << -1 << QByteArray();
    QTest::newRow("datagram transport") << v2(0x21, 0x12, inetBody(ip4(10, 0, 0, 1), ip4(10, 0, 0, 2), 7, 8)) << qsizetype(28) << QByteArray() << -1 << QByteArray();
    QTest::newRow("unix family") << v2(0x21, 0x31, QByteArray(80, 'u')) << qsizetype(96) << QByteArray() << -1 << QByteArray();
    QTest::newRow("unspecified family") << v2(0x21, 0x01, QByteArray()) << qsizetype(16) << QByteArray() << -1 << QByteArray();
    QTest::newRow("unknown command") << v2(0x2f, 0x11, QByteArray(12, 'x')) << qsizetype(28) << QByteArray() << -1 << QByteArray();
}

void TestProxyProtocol::acceptsV2()
{
    QFETCH(QByteArray, input);
    QFETCH(qsizetype, consumed);
    QFETCH(QByteArray, source);
    QFETCH(int, sourcePort);
    QFETCH(QByteArray, destination);

    const Result result = ProxyProtocol::parse(input);
    QCOMPARE(result.status, Status::Done);
    QCOMPARE(result.version, 2);
    QCOMPARE(result.consumed, consumed);
    if (sourcePort < 0) {
        QVERIFY(!result.addresses);
        return;
    }
    QVERIFY(result.addresses);
    QCOMPARE(result.addresses->sourceAddress, source);
    QCOMPARE(int(result.addresses->sourcePort), sourcePort);
    QCOMPARE(result.addresses->destinationAddress, destination);
}

void TestProxyProtocol::refusesV2_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("error");

    QTest::newRow("version 1 in a v2 header") << v2(0x11, 0x11, QByteArray(12, 'x')) << QStringLiteral("unknown PROXY protocol version: 1");
    QTest::newRow("version 3") << v2(0x31, 0x11, QByteArray(12, 'x')) << QStringLiteral("unknown PROXY protocol version: 3");
    // nginx 1.22 peeks 107 bytes, so a header longer than that (TLVs) never fits.
    QTest::newRow("longer than 107 bytes") << v2(0x21, 0x11, QByteArray(92, 'x')) << QStringLiteral("header is too large");
    QTest::newRow("length 65535") << v2(0x21, 0x11, QByteArray(200, 'x')).replace(14, 2, "\xff\xff") << QStringLiteral("header is too large");
    QTest::newRow("inet block too short") << v2(0x21, 0x11, QByteArray(11, 'x'))
                                          << QStringLiteral("broken header: PROXY protocol v2 address block of 11 bytes, 12 needed for IPv4");
    QTest::newRow("inet6 block too short") << v2(0x21, 0x21, QByteArray(12, 'x'))
                                           << QStringLiteral("broken header: PROXY protocol v2 address block of 12 bytes, 36 needed for IPv6");
    QByteArray wrongSignature = v2(0x21, 0x11, QByteArray(12, 'x'));
    wrongSignature[7] = 'q'; // "quit": then it is v1 text, and broken
    QTest::newRow("wrong signature") << wrongSignature << QStringLiteral("broken header: \"%1\"").arg(QString::fromLatin1(wrongSignature));
}

void TestProxyProtocol::refusesV2()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, error);
    const Result result = ProxyProtocol::parse(input);
    QCOMPARE(result.status, Status::Malformed);
    QCOMPARE(result.error, error);
}

void TestProxyProtocol::formatsAddressesAsNginx_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("text");

    auto v6 = [](std::initializer_list<int> groups) {
        QByteArray bytes;
        for (int group : groups) {
            bytes += char(group >> 8);
            bytes += char(group & 0xff);
        }
        return bytes;
    };
    QTest::newRow("ipv4") << QByteArray("\xc0\xa8\x00\x01", 4) << QByteArray("192.168.0.1");
    QTest::newRow("loopback") << v6({0, 0, 0, 0, 0, 0, 0, 1}) << QByteArray("::1");
    QTest::newRow("any") << v6({0, 0, 0, 0, 0, 0, 0, 0}) << QByteArray("::");
    QTest::newRow("one zero group stays") << v6({0x2001, 0xdb8, 0, 1, 1, 1, 1, 1}) << QByteArray("2001:db8:0:1:1:1:1:1");
    QTest::newRow("longest run") << v6({0x2001, 0, 0, 1, 0, 0, 0, 1}) << QByteArray("2001:0:0:1::1");
    QTest::newRow("first of equal runs") << v6({0x2001, 0, 0, 1, 1, 0, 0, 1}) << QByteArray("2001::1:1:0:0:1");
    QTest::newRow("trailing run") << v6({0xfe80, 0, 0, 0, 0, 0, 0, 0}) << QByteArray("fe80::");
    QTest::newRow("v4-mapped") << v6({0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304}) << QByteArray("::ffff:1.2.3.4");
    QTest::newRow("v4-compatible") << v6({0, 0, 0, 0, 0, 0, 0x0102, 0x0304}) << QByteArray("::1.2.3.4");
    QTest::newRow("upper hex lowered") << v6({0xABCD, 1, 2, 3, 4, 5, 6, 7}) << QByteArray("abcd:1:2:3:4:5:6:7");
}

// ngx_inet6_ntop, including its choice of dotted tails: the text nginx puts in headers.
void TestProxyProtocol::formatsAddressesAsNginx()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, text);
    QCOMPARE(ProxyProtocol::formatAddress(reinterpret_cast<const quint8 *>(bytes.constData()), int(bytes.size())), text);
}

void TestProxyProtocol::writesNginxV1()
{
    ProxyProtocol::Endpoint client;
    client.family = 4;
    const quint8 clientBytes[4] = {127, 0, 0, 2};
    std::memcpy(client.bytes, clientBytes, 4);
    client.port = 40000;
    ProxyProtocol::Endpoint local;
    local.family = 4;
    const quint8 localBytes[4] = {127, 0, 0, 1};
    std::memcpy(local.bytes, localBytes, 4);
    local.port = 8080;
    QCOMPARE(ProxyProtocol::writeV1(client, local), QByteArray("PROXY TCP4 127.0.0.2 127.0.0.1 40000 8080\r\n"));

    ProxyProtocol::Endpoint client6;
    client6.family = 6;
    client6.bytes[15] = 1;
    client6.port = 1;
    QCOMPARE(ProxyProtocol::writeV1(client6, local), QByteArray("PROXY TCP6 ::1 127.0.0.1 1 8080\r\n"));
    QCOMPARE(ProxyProtocol::writeV1(ProxyProtocol::Endpoint(), local), QByteArray("PROXY UNKNOWN\r\n"));

    // What it writes, it reads back.
    const Result back = ProxyProtocol::parse(ProxyProtocol::writeV1(client, local));
    QCOMPARE(back.status, Status::Done);
    QCOMPARE(back.addresses->sourceAddress, QByteArray("127.0.0.2"));
    QCOMPARE(back.addresses->destinationPort, quint16(8080));
}

QTEST_APPLESS_MAIN(TestProxyProtocol)
#include "tst_proxyprotocol.moc"
