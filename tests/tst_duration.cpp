// Duration and Size: the nginx spellings of times ("500ms", "1m30s") and sizes ("16k", "10m")
// used all through the config file.

#include "duration.h"

#include <QTest>

#include <limits>

namespace {

constexpr qint64 second = 1000;
constexpr qint64 minute = 60 * second;
constexpr qint64 hour = 60 * minute;
constexpr qint64 day = 24 * hour;

constexpr qint64 kib = 1024;
constexpr qint64 mib = 1024 * kib;
constexpr qint64 gib = 1024 * mib;

} // namespace

class TestDuration : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void parseInvalid_data();
    void parseInvalid();
    void format_data();
    void format();
    void canonical_data();
    void canonical();
    void roundTrip_data();
    void roundTrip();

    void sizeParse_data();
    void sizeParse();
    void sizeParseInvalid_data();
    void sizeParseInvalid();
    void sizeFormat_data();
    void sizeFormat();
    void sizeRoundTrip_data();
    void sizeRoundTrip();
};

void TestDuration::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("milliseconds");

    QTest::newRow("500ms") << QStringLiteral("500ms") << qint64(500);
    QTest::newRow("20s") << QStringLiteral("20s") << qint64(20 * second);
    QTest::newRow("10m") << QStringLiteral("10m") << qint64(10 * minute);
    QTest::newRow("2h") << QStringLiteral("2h") << qint64(2 * hour);
    QTest::newRow("1d") << QStringLiteral("1d") << qint64(day);
    QTest::newRow("1w") << QStringLiteral("1w") << qint64(7 * day);
    QTest::newRow("1M is 30 days") << QStringLiteral("1M") << qint64(30 * day);
    QTest::newRow("1y is 365 days") << QStringLiteral("1y") << qint64(365 * day);
    QTest::newRow("1m30s") << QStringLiteral("1m30s") << qint64(90 * second);
    QTest::newRow("1h30m") << QStringLiteral("1h30m") << qint64(90 * minute);
    QTest::newRow("1s500ms") << QStringLiteral("1s500ms") << qint64(1500);
    QTest::newRow("1m5ms: ms after m") << QStringLiteral("1m5ms") << qint64(minute + 5);
    QTest::newRow("5ms is not 5m") << QStringLiteral("5ms") << qint64(5);
    QTest::newRow("every unit in order") << QStringLiteral("1y1M1w1d1h1m1s1ms")
                                         << qint64(365 * day + 30 * day + 7 * day + day + hour + minute + second + 1);
    QTest::newRow("bare 30 is seconds") << QStringLiteral("30") << qint64(30 * second);
    QTest::newRow("bare 0") << QStringLiteral("0") << qint64(0);
    QTest::newRow("0s") << QStringLiteral("0s") << qint64(0);
    QTest::newRow("0ms") << QStringLiteral("0ms") << qint64(0);
    QTest::newRow("90s is not normalised away") << QStringLiteral("90s") << qint64(90 * second);
    QTest::newRow("leading zeros") << QStringLiteral("007s") << qint64(7 * second);
    QTest::newRow("surrounding spaces") << QStringLiteral("  20s ") << qint64(20 * second);
    QTest::newRow("10000d") << QStringLiteral("10000d") << qint64(10000 * day);
    // The forms nginx 1.22's ngx_parse_time() takes too (each checked with nginx -t).
    QTest::newRow("space between parts") << QStringLiteral("1h 30m") << qint64(90 * minute);
    QTest::newRow("spaces between parts") << QStringLiteral("1h  30m") << qint64(90 * minute);
    QTest::newRow("every part spaced") << QStringLiteral("1d 2h 3m 4s 5ms") << qint64(day + 2 * hour + 3 * minute + 4 * second + 5);
    QTest::newRow("bare seconds after minutes") << QStringLiteral("1m30") << qint64(90 * second);
    QTest::newRow("bare seconds after a space") << QStringLiteral("1m 30") << qint64(90 * second);
    QTest::newRow("bare seconds after ms") << QStringLiteral("500ms 1") << qint64(1500);
}

void TestDuration::parse()
{
    QFETCH(QString, text);
    QFETCH(qint64, milliseconds);

    const std::optional<qint64> parsed = Duration::parse(text);
    QVERIFY2(parsed.has_value(), qPrintable(QStringLiteral("\"%1\" was refused").arg(text)));
    QCOMPARE(*parsed, milliseconds);
}

void TestDuration::parseInvalid_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("empty") << QString();
    QTest::newRow("spaces only") << QStringLiteral("   ");
    QTest::newRow("abc") << QStringLiteral("abc");
    QTest::newRow("bare number overflowing as milliseconds") << QStringLiteral("10000000000000000");
    QTest::newRow("bare number just past the limit") << QStringLiteral("4611686018427387903");
    QTest::newRow("unknown unit 10x") << QStringLiteral("10x");
    QTest::newRow("upper-case S") << QStringLiteral("5S");
    QTest::newRow("upper-case D") << QStringLiteral("1D");
    QTest::newRow("wrong order 5s10m") << QStringLiteral("5s10m");
    QTest::newRow("wrong order 1M1y") << QStringLiteral("1M1y");
    QTest::newRow("wrong order 5ms1s") << QStringLiteral("5ms1s");
    QTest::newRow("unit twice 1s1s") << QStringLiteral("1s1s");
    QTest::newRow("fraction 1.5s") << QStringLiteral("1.5s");
    QTest::newRow("negative -1s") << QStringLiteral("-1s");
    QTest::newRow("negative bare -1") << QStringLiteral("-1");
    QTest::newRow("plus sign +5s") << QStringLiteral("+5s");
    QTest::newRow("unit without number s") << QStringLiteral("s");
    QTest::newRow("unit without number ms") << QStringLiteral("ms");
    QTest::newRow("space between number and unit") << QStringLiteral("1 h");
    QTest::newRow("space inside a part") << QStringLiteral("1h 30 m");
    QTest::newRow("unit twice with a space") << QStringLiteral("1h 1h");
    QTest::newRow("wrong order with a space") << QStringLiteral("30s 1m");
    QTest::newRow("hex") << QStringLiteral("0x10s");
    QTest::newRow("non-ASCII digit") << QString(QChar(0x0663)) + u's';
    QTest::newRow("overflow: number too long") << QStringLiteral("99999999999999999999999s");
    QTest::newRow("overflow: number times unit") << QStringLiteral("9999999999999999d");
    QTest::newRow("overflow: sum of parts") << QStringLiteral("1s4611686018427387903ms");
}

void TestDuration::parseInvalid()
{
    QFETCH(QString, text);

    const std::optional<qint64> parsed = Duration::parse(text);
    QVERIFY2(!parsed.has_value(), qPrintable(QStringLiteral("\"%1\" was accepted as %2 ms").arg(text).arg(parsed.value_or(0))));
}

void TestDuration::format_data()
{
    QTest::addColumn<qint64>("milliseconds");
    QTest::addColumn<QString>("text");

    QTest::newRow("0") << qint64(0) << QStringLiteral("0s");
    QTest::newRow("negative clamps to 0s") << qint64(-5) << QStringLiteral("0s");
    QTest::newRow("1ms") << qint64(1) << QStringLiteral("1ms");
    QTest::newRow("500ms") << qint64(500) << QStringLiteral("500ms");
    QTest::newRow("1s") << qint64(second) << QStringLiteral("1s");
    QTest::newRow("1s500ms") << qint64(1500) << QStringLiteral("1s500ms");
    QTest::newRow("20s") << qint64(20 * second) << QStringLiteral("20s");
    QTest::newRow("90s") << qint64(90 * second) << QStringLiteral("1m30s");
    QTest::newRow("10m") << qint64(10 * minute) << QStringLiteral("10m");
    QTest::newRow("90m") << qint64(90 * minute) << QStringLiteral("1h30m");
    QTest::newRow("2h") << qint64(2 * hour) << QStringLiteral("2h");
    QTest::newRow("1d") << qint64(day) << QStringLiteral("1d");
    QTest::newRow("a week in days") << qint64(7 * day) << QStringLiteral("7d");
    QTest::newRow("every shown unit") << qint64(day + hour + minute + second + 1) << QStringLiteral("1d1h1m1s1ms");
    QTest::newRow("skips empty units") << qint64(day + second) << QStringLiteral("1d1s");
}

void TestDuration::format()
{
    QFETCH(qint64, milliseconds);
    QFETCH(QString, text);

    QCOMPARE(Duration::format(milliseconds), text);
}

void TestDuration::canonical_data()
{
    QTest::addColumn<QString>("written");
    QTest::addColumn<QString>("canonical");

    QTest::newRow("90s") << QStringLiteral("90s") << QStringLiteral("1m30s");
    QTest::newRow("60m") << QStringLiteral("60m") << QStringLiteral("1h");
    QTest::newRow("1000ms") << QStringLiteral("1000ms") << QStringLiteral("1s");
    QTest::newRow("24h") << QStringLiteral("24h") << QStringLiteral("1d");
    QTest::newRow("bare 30") << QStringLiteral("30") << QStringLiteral("30s");
    QTest::newRow("bare 0") << QStringLiteral("0") << QStringLiteral("0s");
    QTest::newRow("1w") << QStringLiteral("1w") << QStringLiteral("7d");
}

void TestDuration::canonical()
{
    QFETCH(QString, written);
    QFETCH(QString, canonical);

    const std::optional<qint64> parsed = Duration::parse(written);
    QVERIFY(parsed.has_value());
    QCOMPARE(Duration::format(*parsed), canonical);
}

void TestDuration::roundTrip_data()
{
    QTest::addColumn<qint64>("milliseconds");

    const qint64 values[] = {0,          1,         999,         second,          second + 1,       59 * second + 999,
                             minute,     90 * second, hour - 1,  hour,            day - 1,          day,
                             7 * day,    30 * day,  365 * day,   400 * day + 1,   1000000000000000LL,
                             std::numeric_limits<qint64>::max() / 2};
    for (const qint64 value : values)
        QTest::addRow("%lld ms", static_cast<long long>(value)) << value;
}

void TestDuration::roundTrip()
{
    QFETCH(qint64, milliseconds);

    const QString text = Duration::format(milliseconds);
    const std::optional<qint64> parsed = Duration::parse(text);
    QVERIFY2(parsed.has_value(), qPrintable(QStringLiteral("format() wrote \"%1\", which parse() refuses").arg(text)));
    QCOMPARE(*parsed, milliseconds);
}

void TestDuration::sizeParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("bytes");

    QTest::newRow("512") << QStringLiteral("512") << qint64(512);
    QTest::newRow("0") << QStringLiteral("0") << qint64(0);
    QTest::newRow("16k") << QStringLiteral("16k") << qint64(16 * kib);
    QTest::newRow("16K") << QStringLiteral("16K") << qint64(16 * kib);
    QTest::newRow("10m") << QStringLiteral("10m") << qint64(10 * mib);
    QTest::newRow("10M") << QStringLiteral("10M") << qint64(10 * mib);
    QTest::newRow("1g") << QStringLiteral("1g") << qint64(gib);
    QTest::newRow("4G") << QStringLiteral("4G") << qint64(4 * gib);
    QTest::newRow("0k") << QStringLiteral("0k") << qint64(0);
    QTest::newRow("surrounding spaces") << QStringLiteral(" 16k ") << qint64(16 * kib);
}

void TestDuration::sizeParse()
{
    QFETCH(QString, text);
    QFETCH(qint64, bytes);

    const std::optional<qint64> parsed = Size::parse(text);
    QVERIFY2(parsed.has_value(), qPrintable(QStringLiteral("\"%1\" was refused").arg(text)));
    QCOMPARE(*parsed, bytes);
}

void TestDuration::sizeParseInvalid_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("empty") << QString();
    QTest::newRow("unknown unit 10q") << QStringLiteral("10q");
    QTest::newRow("unit alone k") << QStringLiteral("k");
    QTest::newRow("unit alone m") << QStringLiteral("m");
    QTest::newRow("two letters 16kb") << QStringLiteral("16kb");
    QTest::newRow("unit first k16") << QStringLiteral("k16");
    QTest::newRow("space before unit") << QStringLiteral("16 k");
    QTest::newRow("fraction 1.5k") << QStringLiteral("1.5k");
    QTest::newRow("negative -1") << QStringLiteral("-1");
    QTest::newRow("negative -1k") << QStringLiteral("-1k");
    QTest::newRow("time unit 10s") << QStringLiteral("10s");
    QTest::newRow("non-ASCII digit") << QString(QChar(0xFF13)) + u'k';
    QTest::newRow("overflow: number too long") << QStringLiteral("99999999999999999999");
    QTest::newRow("overflow: number times unit") << QStringLiteral("9999999999g");
}

void TestDuration::sizeParseInvalid()
{
    QFETCH(QString, text);

    const std::optional<qint64> parsed = Size::parse(text);
    QVERIFY2(!parsed.has_value(), qPrintable(QStringLiteral("\"%1\" was accepted as %2 bytes").arg(text).arg(parsed.value_or(0))));
}

void TestDuration::sizeFormat_data()
{
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QString>("text");

    QTest::newRow("0") << qint64(0) << QStringLiteral("0");
    QTest::newRow("512") << qint64(512) << QStringLiteral("512");
    QTest::newRow("1025") << qint64(1025) << QStringLiteral("1025");
    QTest::newRow("1k") << qint64(kib) << QStringLiteral("1k");
    QTest::newRow("1536 stays bytes") << qint64(1536) << QStringLiteral("1536");
    QTest::newRow("16k") << qint64(16 * kib) << QStringLiteral("16k");
    QTest::newRow("1536k") << qint64(1536 * kib) << QStringLiteral("1536k");
    QTest::newRow("1m") << qint64(mib) << QStringLiteral("1m");
    QTest::newRow("10m") << qint64(10 * mib) << QStringLiteral("10m");
    QTest::newRow("1g") << qint64(gib) << QStringLiteral("1g");
    QTest::newRow("3g") << qint64(3 * gib) << QStringLiteral("3g");
}

void TestDuration::sizeFormat()
{
    QFETCH(qint64, bytes);
    QFETCH(QString, text);

    QCOMPARE(Size::format(bytes), text);
}

void TestDuration::sizeRoundTrip_data()
{
    QTest::addColumn<qint64>("bytes");

    const qint64 values[] = {0, 1, 512, 1023, kib, kib + 1, 16 * kib, mib - 1, mib, 10 * mib, gib - 1, gib, 1000 * gib,
                             std::numeric_limits<qint64>::max() / 2};
    for (const qint64 value : values)
        QTest::addRow("%lld bytes", static_cast<long long>(value)) << value;
}

void TestDuration::sizeRoundTrip()
{
    QFETCH(qint64, bytes);

    const QString text = Size::format(bytes);
    const std::optional<qint64> parsed = Size::parse(text);
    QVERIFY2(parsed.has_value(), qPrintable(QStringLiteral("format() wrote \"%1\", which parse() refuses").arg(text)));
    QCOMPARE(*parsed, bytes);
}

QTEST_GUILESS_MAIN(TestDuration)

#include "tst_duration.moc"
