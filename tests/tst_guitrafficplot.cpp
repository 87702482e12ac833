// The traffic history and plot: rates from snapshot counters over their real elapsed time,
// buckets aligned to the clock and averaged per range (exact values), one series per
// listener and server beside the total, bounded memory, counter resets and gaps without
// negative spikes; the plot's colours come from series names, its hover reads the fed
// values, and pausing freezes what it draws while the history keeps growing.
#include <traffichistory.h>
#include <trafficplot.h>
#include <trafficplotbar.h>

#include <QComboBox>
#include <QImage>
#include <QSet>
#include <QMenu>
#include <QMouseEvent>
#include <QTest>
#include <QToolButton>

namespace {

// A multiple of 5 minutes, so every range's buckets start at it.
constexpr qint64 t0 = 1'700'000'100'000;
static_assert(t0 % 300'000 == 0);

const QString listenerA = TrafficHistory::listenerSeries(QStringLiteral("127.0.0.1:30003"), QStringLiteral("tcp"));
const QString listenerB = TrafficHistory::listenerSeries(QStringLiteral("127.0.0.1:30004"), QStringLiteral("udp"));
const QString serverA = TrafficHistory::serverSeries(QStringLiteral("backend"), QStringLiteral("127.0.0.1:7773"));

StatsSnapshot at(qint64 ms, quint64 fromClients, quint64 toClients, quint64 active = 0)
{
    StatsSnapshot s;
    s.time = QDateTime::fromMSecsSinceEpoch(t0 + ms);
    ListenerStats listener;
    listener.listen = QStringLiteral("127.0.0.1:30003");
    listener.protocol = QStringLiteral("tcp");
    listener.bytesFromClients = fromClients;
    listener.bytesToClients = toClients;
    listener.activeConnections = active;
    s.listeners << listener;
    return s;
}

// Second n (1-based) moves n * 100 bytes from clients and has n % 5 connections.
TrafficHistory fedSeconds(int seconds)
{
    TrafficHistory history;
    history.add(at(0, 0, 0));
    quint64 bytes = 0;
    for (int n = 1; n <= seconds; ++n) {
        bytes += quint64(n) * 100;
        history.add(at(n * 1000, bytes, 0, quint64(n % 5)));
    }
    return history;
}

// Mean of n * 100 over seconds first..last, and of n % 5.
double meanRate(int first, int last)
{
    return (first + last) / 2.0 * 100.0;
}
double meanConnections(int first, int last)
{
    double sum = 0;
    for (int n = first; n <= last; ++n)
        sum += n % 5;
    return sum / (last - first + 1);
}

void hover(QWidget *widget, int x, int y)
{
    const QPointF pos(x, y);
    QMouseEvent move(QEvent::MouseMove, pos, widget->mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(widget, &move);
}

} // namespace

class TrafficPlotTest : public QObject
{
    Q_OBJECT

private slots:
    void ratesUseRealElapsedTime();
    void bucketsAverageEachRange_data();
    void bucketsAverageEachRange();
    void ringsKeepTheNewestOnly();
    void resetsAndGapsAreNotPlotted();
    void seriesPerListenerAndServer();
    void seriesAreBounded();
    void seriesColoursComeFromNames();
    void linesStartAtTheFirstSample();
    void hoverReadsTheFedValue();
    void pauseFreezesTheDrawingWhileHistoryGrows();
    void seriesMenuChoosesWhatIsShown();
    void niceScale_data();
    void niceScale();
    void niceConnectionsTop_data();
    void niceConnectionsTop();
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
    QCOMPARE(samples[0].startMs, t0); // the interval's middle, 0.625 s, is in the first second
    QCOMPARE(samples[0].coveredMs, 1250);
    QCOMPARE(samples[0].fromClients, 2000.0);
    QCOMPARE(samples[0].toClients, 4000.0);
    QCOMPARE(samples[0].connections, 3.0);
    QCOMPARE(history.currentFromClients(), 2000.0);
}

void TrafficPlotTest::bucketsAverageEachRange_data()
{
    QTest::addColumn<int>("range");
    QTest::addColumn<qint64>("resolution");
    QTest::addColumn<qint64>("span");
    QTest::addColumn<int>("buckets"); // after 130 s
    QTest::newRow("1 min") << int(TrafficHistory::OneMinute) << qint64(1000) << qint64(60'000) << 130;
    QTest::newRow("5 min") << int(TrafficHistory::FiveMinutes) << qint64(1000) << qint64(300'000) << 130;
    QTest::newRow("1 h") << int(TrafficHistory::OneHour) << qint64(10'000) << qint64(3'600'000) << 13;
    QTest::newRow("6 h") << int(TrafficHistory::SixHours) << qint64(60'000) << qint64(21'600'000) << 3;
    QTest::newRow("24 h") << int(TrafficHistory::OneDay) << qint64(300'000) << qint64(86'400'000) << 1;
}

void TrafficPlotTest::bucketsAverageEachRange()
{
    QFETCH(int, range);
    QFETCH(qint64, resolution);
    QFETCH(qint64, span);
    QFETCH(int, buckets);
    const auto r = TrafficHistory::Range(range);
    QCOMPARE(TrafficHistory::resolutionMs(r), resolution);
    QCOMPARE(TrafficHistory::spanMs(r), span);

    const TrafficHistory history = fedSeconds(130);
    const auto samples = history.samples(TrafficHistory::totalSeries(), r);
    QCOMPARE(samples.size(), buckets);
    const int perBucket = int(resolution / 1000);
    for (int i = 0; i < samples.size(); ++i) {
        // Bucket i holds seconds i*perBucket+1 .. (i+1)*perBucket, the last one only up to 130.
        const int first = i * perBucket + 1;
        const int last = qMin((i + 1) * perBucket, 130);
        QCOMPARE(samples[i].startMs, t0 + i * resolution);
        QCOMPARE(samples[i].coveredMs, qint64(last - first + 1) * 1000);
        QCOMPARE(samples[i].fromClients, meanRate(first, last));
        QCOMPARE(samples[i].toClients, 0.0);
        QCOMPARE(samples[i].connections, meanConnections(first, last));
        // The same bucket is what a look-up at any time inside it finds.
        const auto found = history.sampleAt(TrafficHistory::totalSeries(), r, t0 + i * resolution + resolution - 1);
        QVERIFY(found);
        QCOMPARE(found->fromClients, samples[i].fromClients);
    }
    QVERIFY(!history.sampleAt(TrafficHistory::totalSeries(), r, t0 - 1));
    // The listener's own series saw the same bytes.
    QCOMPARE(history.samples(listenerA, r).size(), buckets);
    QCOMPARE(history.samples(listenerA, r).last().fromClients, samples.last().fromClients);
}

void TrafficPlotTest::ringsKeepTheNewestOnly()
{
    const TrafficHistory history = fedSeconds(400); // more than the 300 one-second buckets kept
    const auto samples = history.samples(TrafficHistory::FiveMinutes);
    QCOMPARE(samples.size(), 301); // 300 finished and the one filling
    QCOMPARE(samples.first().fromClients, meanRate(100, 100)); // second 100 is the oldest kept
    QCOMPARE(samples.last().fromClients, meanRate(400, 400));  // newest last
    QCOMPARE(samples.first().startMs, t0 + 99'000);
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
    for (const auto &sample : samples)
        QCOMPARE(sample.fromClients, 1000.0);
    QCOMPARE(samples[0].startMs, t0);
    QCOMPARE(samples[1].startMs, t0 + 2000);
    QCOMPARE(samples[2].startMs, t0 + 3000 + 10 * 60 * 1000);

    // After resetBase (the engine stopped) the next snapshot is a base again.
    history.resetBase();
    history.add(at(5000 + 10 * 60 * 1000, 9000, 10));
    QCOMPARE(history.samples(TrafficHistory::FiveMinutes).size(), 3);
}

void TrafficPlotTest::seriesPerListenerAndServer()
{
    TrafficHistory history;
    auto snapshot = [](qint64 ms, quint64 a, quint64 b, quint64 sent, quint64 received, bool withB) {
        StatsSnapshot s = at(ms, a, 0, 2);
        if (withB) {
            ListenerStats udp;
            udp.listen = QStringLiteral("127.0.0.1:30004");
            udp.protocol = QStringLiteral("udp");
            udp.bytesToClients = b;
            udp.activeConnections = 1;
            s.listeners << udp;
        }
        ServerStats server;
        server.upstream = QStringLiteral("backend");
        server.address = QStringLiteral("127.0.0.1:7773");
        server.bytesSent = sent;
        server.bytesReceived = received;
        server.activeConnections = 2;
        s.servers << server;
        return s;
    };
    history.add(snapshot(0, 0, 0, 0, 0, true));
    history.add(snapshot(1000, 300, 700, 300, 500, true));
    QCOMPARE(history.series(), (QStringList{TrafficHistory::totalSeries(), listenerA, listenerB, serverA}));
    QCOMPARE(TrafficHistory::kindOf(serverA), TrafficHistory::Kind::Server);
    QCOMPARE(TrafficHistory::kindOf(listenerB), TrafficHistory::Kind::Listener);

    const auto total = history.samples(TrafficHistory::totalSeries(), TrafficHistory::OneMinute);
    QCOMPARE(total.last().fromClients, 300.0);
    QCOMPARE(total.last().toClients, 700.0);
    QCOMPARE(total.last().connections, 3.0);
    QCOMPARE(history.samples(listenerB, TrafficHistory::OneMinute).last().toClients, 700.0);
    const auto server = history.samples(serverA, TrafficHistory::OneMinute).last();
    QCOMPARE(server.fromClients, 300.0); // sent to the server
    QCOMPARE(server.toClients, 500.0);   // received from it
    QCOMPARE(server.connections, 2.0);

    // B leaves the config and comes back with new counters: no spike, a base again.
    history.add(snapshot(2000, 600, 0, 600, 1000, false));
    history.add(snapshot(3000, 900, 5, 900, 1500, true));
    history.add(snapshot(4000, 1200, 105, 1200, 2000, true));
    const auto b = history.samples(listenerB, TrafficHistory::OneMinute);
    QCOMPARE(b.size(), 2);
    QCOMPARE(b.last().startMs, t0 + 3000);
    QCOMPARE(b.last().toClients, 100.0);
}

void TrafficPlotTest::seriesAreBounded()
{
    TrafficHistory history;
    for (int tick = 0; tick < 3; ++tick) {
        StatsSnapshot s = at(tick * 1000, 0, 0);
        for (int i = 0; i < 100; ++i) {
            ListenerStats listener;
            listener.listen = QStringLiteral("127.0.0.1:%1").arg(40000 + i);
            listener.protocol = QStringLiteral("tcp");
            listener.bytesFromClients = quint64(tick * 10);
            s.listeners << listener;
        }
        history.add(s);
    }
    QCOMPARE(history.series().size(), TrafficHistory::maxSeries);
    QCOMPARE(history.series().first(), TrafficHistory::totalSeries());
    QCOMPARE(history.samples(TrafficHistory::totalSeries(), TrafficHistory::OneMinute).last().fromClients, 1000.0);
}

void TrafficPlotTest::seriesColoursComeFromNames()
{
    // The colour a name asks for is a fixed function of it (FNV-1a into the palette): the
    // same on every call and after a restart.
    const QColor a = TrafficPlot::seriesColor(listenerA);
    const QColor b = TrafficPlot::seriesColor(listenerB);
    QCOMPARE(TrafficPlot::seriesColor(TrafficHistory::listenerSeries(QStringLiteral("127.0.0.1:30003"), QStringLiteral("tcp"))), a);
    QCOMPARE(a.name(), QStringLiteral("#8c564b"));
    QCOMPARE(b.name(), QStringLiteral("#9467bd"));
    QCOMPARE(TrafficPlot::seriesColor(serverA).name(), QStringLiteral("#9467bd")); // the same as B's
    QCOMPARE(TrafficPlot::seriesColor(TrafficHistory::totalSeries()), QColor(0x37, 0x47, 0x4f));

    // Within one history, B (first in name order) keeps it and the server moves on; the
    // outcome depends on the names only, not on their order or positions.
    for (const QStringList &set : {QStringList{TrafficHistory::totalSeries(), listenerA, listenerB, serverA},
                                   QStringList{serverA, listenerB, listenerA}}) {
        const auto colors = TrafficPlot::seriesColors(set);
        QCOMPARE(colors.value(listenerA).name(), QStringLiteral("#8c564b"));
        QCOMPARE(colors.value(listenerB).name(), QStringLiteral("#9467bd"));
        QCOMPARE(colors.value(serverA).name(), QStringLiteral("#e377c2"));
        QCOMPARE(colors.value(TrafficHistory::totalSeries()), QColor(0x37, 0x47, 0x4f));
    }
    // More names than colours: every colour is used before one is used twice.
    QStringList many;
    for (int i = 0; i < 25; ++i)
        many << TrafficHistory::listenerSeries(QStringLiteral("127.0.0.1:%1").arg(40000 + i), QStringLiteral("tcp"));
    const auto manyColors = TrafficPlot::seriesColors(many);
    QSet<QRgb> firstTen;
    QStringList sorted = many;
    sorted.sort();
    for (int i = 0; i < 10; ++i)
        firstTen.insert(manyColors.value(sorted.at(i)).rgb());
    QCOMPARE(firstTen.size(), 10);

    // Drawn: a plot showing only B paints B's colour, and one showing A then B paints both.
    TrafficHistory history;
    ListenerStats udp;
    udp.listen = QStringLiteral("127.0.0.1:30004");
    udp.protocol = QStringLiteral("udp");
    StatsSnapshot s0 = at(0, 0, 0);
    s0.listeners << udp;
    history.add(s0);
    StatsSnapshot s1 = at(1000, 1000, 0);
    udp.bytesToClients = 2000;
    s1.listeners << udp;
    history.add(s1);
    StatsSnapshot s2 = at(2000, 3000, 0);
    udp.bytesToClients = 5000;
    s2.listeners << udp;
    history.add(s2);
    TrafficPlot plot;
    plot.resize(400, 200);
    plot.setHistory(&history);
    plot.setVisibleSeries({listenerA});
    auto containsColour = [](const QImage &image, const QColor &color) {
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                if (image.pixelColor(x, y) == color)
                    return true;
            }
        }
        return false;
    };
    const QImage onlyA = plot.grab().toImage();
    QVERIFY(containsColour(onlyA, a));
    QVERIFY(!containsColour(onlyA, b));
    plot.setVisibleSeries({listenerB, listenerA});
    const QImage both = plot.grab().toImage();
    QVERIFY(containsColour(both, a));
    QVERIFY(containsColour(both, b));
}

void TrafficPlotTest::linesStartAtTheFirstSample()
{
    // Ten seconds of traffic at the end of a minute: left of them the plot is empty (a path
    // started with lineTo once drew a diagonal in from the widget's corner).
    TrafficHistory history;
    history.add(at(50'000, 0, 0));
    quint64 bytes = 0;
    for (int n = 51; n <= 60; ++n) {
        bytes += 5000;
        history.add(at(n * 1000, bytes, 0, 0));
    }
    TrafficPlot plot;
    plot.resize(600, 300);
    plot.setHistory(&history);
    plot.setRange(TrafficHistory::OneMinute);
    const QImage image = plot.grab().toImage();
    const QRect area = plot.plotArea();
    const QColor color = TrafficPlot::seriesColor(TrafficHistory::totalSeries());
    const int firstX = area.right() - area.width() * 10 / 60;
    int coloured = 0, checked = 0;
    for (int y = area.center().y(); y < area.bottom() - 2; ++y) {
        for (int x = area.left() + 2; x < firstX - 4; ++x) {
            ++checked;
            coloured += image.pixelColor(x, y) == color ? 1 : 0;
        }
    }
    QVERIFY(checked > 10000);
    QCOMPARE(coloured, 0);
    // ... and the line is there to the right of it.
    int drawn = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        drawn += image.pixelColor(area.right() - area.width() * 3 / 60, y) == color ? 1 : 0;
    QVERIFY(drawn > 0);
}

void TrafficPlotTest::hoverReadsTheFedValue()
{
    const TrafficHistory history = fedSeconds(200);
    TrafficPlot plot;
    plot.resize(640, 300);
    plot.setHistory(&history);
    plot.setVisibleSeries({TrafficHistory::totalSeries(), listenerA});
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    const QRect area = plot.plotArea();
    QVERIFY(area.width() > 100);

    QVERIFY(!plot.hoverReading());
    int checked = 0;
    for (int x = area.right() - 1; x > area.left() + area.width() / 3; x -= 37) {
        hover(&plot, x, area.center().y());
        const auto reading = plot.hoverReading();
        QVERIFY(reading);
        // The time under the cursor is where the axis says: end minus the share of the span.
        const qint64 expectedMs = t0 + 200'000 - qint64(double(area.right() - x) / area.width() * 300'000);
        QVERIFY2(qAbs(reading->time.toMSecsSinceEpoch() - expectedMs) <= 1, qPrintable(reading->time.toString()));
        // Each series reads what was fed for the second holding that time.
        const int second = int((reading->time.toMSecsSinceEpoch() - t0) / 1000) + 1;
        QCOMPARE(reading->values.size(), 2);
        QCOMPARE(reading->values[0].series, TrafficHistory::totalSeries());
        QCOMPARE(reading->values[0].sample.fromClients, meanRate(second, second));
        QCOMPARE(reading->values[0].sample.connections, double(second % 5));
        QCOMPARE(reading->values[1].series, listenerA);
        QCOMPARE(reading->values[1].sample.fromClients, meanRate(second, second));
        ++checked;
    }
    QVERIFY(checked >= 5);
    // Before the first snapshot there is nothing to read, and outside the area no cursor.
    hover(&plot, area.left() + 2, area.center().y());
    QVERIFY(plot.hoverReading());
    QVERIFY(plot.hoverReading()->values.isEmpty());
    hover(&plot, area.right() + 3, area.center().y());
    QVERIFY(!plot.hoverReading());
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(&plot, &leave);
    QVERIFY(!plot.hoverReading());
}

void TrafficPlotTest::pauseFreezesTheDrawingWhileHistoryGrows()
{
    TrafficHistory history = fedSeconds(60);
    TrafficPlot plot;
    plot.resize(500, 240);
    plot.setHistory(&history);
    plot.setRange(TrafficHistory::OneMinute);
    const QImage live = plot.grab().toImage();

    plot.setPaused(true);
    QVERIFY(plot.isPaused());
    const QImage frozen = plot.grab().toImage();
    const int x = plot.plotArea().right() - 5;
    const auto frozenReading = plot.readingAt(x);
    quint64 bytes = 0;
    for (int n = 1; n <= 60; ++n)
        bytes += quint64(n) * 100;
    for (int n = 61; n <= 90; ++n) { // thirty more seconds at a much higher rate
        bytes += 1'000'000;
        history.add(at(n * 1000, bytes, 0));
    }
    QCOMPARE(history.samples(TrafficHistory::OneMinute).size(), 90);
    QCOMPARE(plot.grab().toImage(), frozen);
    QCOMPARE(plot.readingAt(x)->time, frozenReading->time);
    QCOMPARE(plot.readingAt(x)->values.first().sample.fromClients, frozenReading->values.first().sample.fromClients);

    plot.setPaused(false);
    const QImage resumed = plot.grab().toImage();
    QVERIFY(resumed != frozen);
    QCOMPARE(plot.readingAt(x)->values.first().sample.fromClients, 1'000'000.0);
    Q_UNUSED(live);
}

void TrafficPlotTest::seriesMenuChoosesWhatIsShown()
{
    const TrafficHistory history = fedSeconds(5);
    TrafficPlot plot;
    TrafficPlotBar bar;
    bar.attach(&plot, &history);
    QCOMPARE(plot.visibleSeries(), QStringList{TrafficHistory::totalSeries()});
    bar.updateSeriesMenu();
    QList<QAction *> items;
    for (QAction *action : bar.seriesMenu()->actions()) {
        if (!action->isSeparator())
            items << action;
    }
    QCOMPARE(items.size(), 2);
    QVERIFY(items[0]->isChecked());
    QCOMPARE(items[1]->text(), listenerA);
    items[1]->setChecked(true);
    QCOMPARE(plot.visibleSeries(), (QStringList{TrafficHistory::totalSeries(), listenerA}));
    items[0]->setChecked(false);
    QCOMPARE(plot.visibleSeries(), QStringList{listenerA});

    bar.rangeCombo()->setCurrentIndex(TrafficHistory::OneHour);
    QCOMPARE(plot.range(), TrafficHistory::OneHour);
    bar.pauseButton()->setChecked(true);
    QVERIFY(plot.isPaused());
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

void TrafficPlotTest::niceConnectionsTop_data()
{
    QTest::addColumn<double>("max");
    QTest::addColumn<double>("top");
    QTest::newRow("none") << 0.0 << 4.0;
    QTest::newRow("3") << 3.0 << 4.0;
    QTest::newRow("5") << 5.0 << 8.0;
    QTest::newRow("9.5") << 9.5 << 12.0;
    QTest::newRow("21") << 21.0 << 40.0;
    QTest::newRow("150") << 150.0 << 200.0;
    QTest::newRow("4001") << 4001.0 << 8000.0;
}

void TrafficPlotTest::niceConnectionsTop()
{
    QFETCH(double, max);
    QFETCH(double, top);
    const double result = TrafficPlot::niceConnectionsTop(max);
    QCOMPARE(result, top);
    QVERIFY(result >= max);
    QCOMPARE(result / 4, std::floor(result / 4)); // whole quarters
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
    for (int range = 0; range < TrafficHistory::RangeCount; ++range) {
        plot.setRange(TrafficHistory::Range(range));
        QVERIFY(!plot.grab().isNull());
    }
    TrafficPlot detached; // no history at all
    detached.resize(300, 150);
    QVERIFY(!detached.grab().isNull());
}

QTEST_MAIN(TrafficPlotTest)
#include "tst_guitrafficplot.moc"
