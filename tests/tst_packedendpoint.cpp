// Net::PackedEndpoint (src/engine/platform/net.h), the 20-byte form in which a session keeps
// its client's address: IPv4, IPv6, IPv4-mapped IPv6 and the null address come back exactly
// as they went in, port included, so access rules, hash keys, the PROXY header and the logs
// see the client they saw before.

#include <platform/net.h>

#include <QTest>

class TestPackedEndpoint : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<int>("port");
        QTest::newRow("IPv4") << QStringLiteral("192.0.2.33") << 49152;
        QTest::newRow("IPv4 loopback, port 0") << QStringLiteral("127.0.0.1") << 0;
        QTest::newRow("IPv4 high bytes") << QStringLiteral("255.254.253.252") << 65535;
        QTest::newRow("IPv6") << QStringLiteral("2001:db8::8a2e:370:7334") << 443;
        QTest::newRow("IPv6 loopback") << QStringLiteral("::1") << 53;
        QTest::newRow("IPv4-mapped IPv6") << QStringLiteral("::ffff:198.51.100.7") << 8080;
    }

    void roundTrip()
    {
        QFETCH(QString, address);
        QFETCH(int, port);
        const Net::Endpoint endpoint{QHostAddress(address), quint16(port)};
        QVERIFY(!endpoint.address.isNull());
        const Net::Endpoint back = Net::PackedEndpoint(endpoint).unpack();
        QCOMPARE(back.address.protocol(), endpoint.address.protocol());
        QCOMPARE(back.address, endpoint.address);
        QCOMPARE(back.port, endpoint.port);
        QCOMPARE(back.toString(), endpoint.toString());
    }

    void nullStaysNull()
    {
        const Net::Endpoint back = Net::PackedEndpoint(Net::Endpoint{QHostAddress(), 7}).unpack();
        QVERIFY(back.address.isNull());
        QCOMPARE(back.port, quint16(7));
        QVERIFY(Net::PackedEndpoint().unpack().address.isNull());
    }

    void holdsNoPointer()
    {
        // The point of it: kept inline, no heap behind it.
        QVERIFY(sizeof(Net::PackedEndpoint) <= 20);
        QVERIFY(std::is_trivially_copyable_v<Net::PackedEndpoint>);
    }
};

QTEST_APPLESS_MAIN(TestPackedEndpoint)
#include "tst_packedendpoint.moc"
