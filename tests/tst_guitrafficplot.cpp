// The traffic history and plot: rates from snapshot counters over their real elapsed time,
// the coarser averagers fill at their own resolution, counter resets and gaps do not make
// negative spikes, and the y-axis top is a tidy number.
#include <traffichistory.h>
#include <trafficplot.h>

#include <QTest>

namespace {

StatsSnapshot at(qint64 ms, quint64 fromClients, quint64 toClients, quint64 active = 0)
{
    StatsSnapshot s;
    s.time = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + ms);
    ListenerStats listener;
    listener.listen = QStringLiteral("127.0.0.1:30003");
    listener.bytesFromClients = fromClients;
    listener.bytesToClients = toClients;
    listener.activeConnections = active;
    s.listeners << listener;
    return s;
}

} // namespace

class TrafficPlotTest : public QObject
{
    Q_OBJECT

private slots:
    void ratesUseRealElapsedTime();
    void coarserAveragersFillAtTheirResolution();
    void ringBufferKeepsTheNewest();
    void resetsAndGapsAreNotPlotted();
    void niceScale_data();
    void niceScale();
    void paintsWithoutData();
};

void TrafficPlotTest::ratesUseRealElapsedTime()
{
    TrafficHistory history;
    history.add(at(0, 0, 0));
    QVERIFY(history.samples(TrafficHistory::FiveMinutes).isEmpty()); // a base only
    history.add(at(1250, 2500, 5000, 3)); // 1.25 s, not 1 s
    const auto samples = history.samples(TrafficHistory::FiveMinutes);
    QCOMPARE(samples.size(), 1);
    QCOMPARE(samples[0].durationMs, 1250);
    QCOMPARE(samples[0].fromClients, 2000.0);
    QCOMPARE(samples[0].toClients, 4000.0);
    QCOMPARE(samples[0].connections, 3.0);
    QCOMPARE(history.currentFromClients(), 2000.0);
}

void TrafficPlotTest::coarserAveragersFillAtTheirResolution()
{
    TrafficHistory history;
    quint64 bytes = 0;
    history.add(at(0, 0, 0));
    for (int second = 1; second <= 13; ++second) {
        bytes += quint64(second) * 100;
        history.add(at(second * 1000, bytes, 0));
    }
    QCOMPARE(history.samples(TrafficHistory::FiveMinutes).size(), 13);
    const auto coarse = history.samples(TrafficHistory::ThirtyMinutes);
    QCOMPARE(coarse.size(), 2); // 6 s each; the 13th second waits for the next sample
    QCOMPARE(coarse[0].durationMs, 6000);
    QCOMPARE(coarse[0].fromClients, (100.0 + 200 + 300 + 400 + 500 + 600) / 6);
    QCOMPARE(coarse[1].fromClients, (700.0 + 800 + 900 + 1000 + 1100 + 1200) / 6);
    QVERIFY(history.samples(TrafficHistory::ThreeHours).isEmpty());
}

void TrafficPlotTest::ringBufferKeepsTheNewest()
{
    TrafficHistory history;
    history.add(at(0, 0, 0));
    quint64 bytes = 0;
    const int seconds = 400; // more than the 300 samples the 5-minute buffer holds
    for (int second = 1; second <= seconds; ++second) {
        bytes += quint64(second);
        history.add(at(second * 1000, bytes, 0));
    }
    const auto samples = history.samples(TrafficHistory::FiveMinutes);
    QCOMPARE(samples.size(), 300);
    QCOMPARE(samples.first().fromClients, 101.0); // oldest kept
    QCOMPARE(samples.last().fromClients, 400.0);  // newest last
}

void TrafficPlotTest::resetsAndGapsAreNotPlotted()
{
    TrafficHistory history;
    history.add(at(0, 1000, 1000));
    history.add(at(1000, 2000, 2000));
    history.add(at(2000, 10, 10)); // engine restarted: counters from zero
    history.add(at(3000, 1010, 10));
    history.add(at(3000 + 10 * 60 * 1000, 5000, 10)); // laptop slept ten minutes
    history.add(at(4000 + 10 * 60 * 1000, 6000, 10));
    const auto samples = history.samples(TrafficHistory::FiveMinutes);
    QCOMPARE(samples.size(), 3);
    for (const auto &sample : samples) {
        QVERIFY(sample.fromClients >= 0);
        QCOMPARE(sample.fromClients, 1000.0);
    }
}

void TrafficPlotTest::niceScale_data()
{
    QTest::addColumn<double>("max");
    QTest::addColumn<double>("top");
    QTest::addColumn<QString>("unit");
    QTest::newRow("idle") << 0.0 << 4.0 << QStringLiteral("B/s");
    QTest::newRow("3 B/s") << 3.0 << 4.0 << QStringLiteral("B/s");
    QTest::newRow("7 B/s") << 7.0 << 8.0 << QStringLiteral("B/s");
    QTest::newRow("13 B/s") << 13.0 << 16.0 << QStringLiteral("B/s");
    QTest::newRow("130 B/s") << 130.0 << 160.0 << QStringLiteral("B/s");
    QTest::newRow("1.1 KiB/s") << 1.1 * 1024 << 1.2 << QStringLiteral("KiB/s");
    QTest::newRow("2.5 KiB/s") << 2.5 * 1024 << 2.8 << QStringLiteral("KiB/s");
    QTest::newRow("50 MiB/s") << 50.0 * 1024 * 1024 << 52.0 << QStringLiteral("MiB/s");
    QTest::newRow("700 MiB/s") << 700.0 * 1024 * 1024 << 720.0 << QStringLiteral("MiB/s");
}

void TrafficPlotTest::niceScale()
{
    QFETCH(double, max);
    QFETCH(double, top);
    QFETCH(QString, unit);
    const TrafficPlot::Scale scale = TrafficPlot::niceScale(max);
    QCOMPARE(scale.top, top);
    QCOMPARE(scale.unit, unit);
    QVERIFY(scale.top * scale.unitBytes >= max);
    // Quarter labels have at most one decimal.
    const double quarter = scale.top / 4 * 10;
    QCOMPARE(quarter, std::round(quarter));
}

void TrafficPlotTest::paintsWithoutData()
{
    TrafficHistory history;
    TrafficPlot plot;
    plot.setHistory(&history);
    plot.resize(400, 200);
    QVERIFY(!plot.grab().isNull());
    history.add(at(0, 0, 0));
    history.add(at(1000, 4096, 1024));
    plot.setPeriod(TrafficHistory::ThirtyMinutes);
    QVERIFY(!plot.grab().isNull());
}

QTEST_MAIN(TrafficPlotTest)
#include "tst_guitrafficplot.moc"
