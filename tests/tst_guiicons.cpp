// Portier's own icons: the application and the tray's four states are sharp at every size the
// desktop asks for (rendered from resources/icons/*.svg, no scaling), and the navigator's line
// icons take the palette's text colour, light on a dark theme and dark on a light one, again
// when the theme changes while the window is open.
#include "guienginefixture.h"

#include <appicon.h>
#include <pageicons.h>

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QListWidget>
#include <QTest>

namespace {

// The mean lightness of a pixmap's opaque pixels: what the eye sees of a line icon.
int inkLightness(const QPixmap &pixmap)
{
    const QImage image = pixmap.toImage().convertToFormat(QImage::Format_ARGB32);
    qint64 sum = 0, count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor color = image.pixelColor(x, y);
            if (color.alpha() > 200) {
                sum += color.lightness();
                ++count;
            }
        }
    }
    return count ? int(sum / count) : -1;
}

QPalette themed(bool dark)
{
    QPalette palette;
    palette.setColor(QPalette::Base, dark ? QColor(0x20, 0x21, 0x24) : Qt::white);
    palette.setColor(QPalette::Window, dark ? QColor(0x2b, 0x2b, 0x2b) : QColor(0xef, 0xef, 0xef));
    palette.setColor(QPalette::Text, dark ? QColor(0xe8, 0xe8, 0xe8) : QColor(0x20, 0x20, 0x20));
    palette.setColor(QPalette::WindowText, palette.color(QPalette::Text));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    return palette;
}

} // namespace

class TestGuiIcons : public QObject
{
    Q_OBJECT

private slots:
    void appAndTrayIconsAtEverySize();
    void navigatorIconsFollowThePalette();
};

void TestGuiIcons::appAndTrayIconsAtEverySize()
{
    const QIcon icons[] = {AppIcon::icon(), AppIcon::icon(AppIcon::Look::Running), AppIcon::icon(AppIcon::Look::Stopped),
                           AppIcon::icon(AppIcon::Look::Traffic), AppIcon::icon(AppIcon::Look::Degraded)};
    for (const QIcon &icon : icons) {
        QVERIFY(!icon.isNull());
        const QList<QSize> sizes = icon.availableSizes();
        for (const int size : {16, 22, 24, 32, 48, 64, 128, 256})
            QVERIFY2(sizes.contains(QSize(size, size)), qPrintable(QString::number(size)));
    }
    // Each state looks different at the tray's size.
    QSet<QByteArray> seen;
    for (const AppIcon::Look look : {AppIcon::Look::Running, AppIcon::Look::Stopped, AppIcon::Look::Traffic, AppIcon::Look::Degraded}) {
        const QImage image = AppIcon::pixmap(22, look).toImage();
        QCOMPARE(image.size(), QSize(22, 22));
        seen.insert(QByteArray(reinterpret_cast<const char *>(image.constBits()), image.sizeInBytes()));
    }
    QCOMPARE(seen.size(), 4);
}

void TestGuiIcons::navigatorIconsFollowThePalette()
{
    WindowFixture f;
    auto *navigator = f.window.findChild<QListWidget *>(QStringLiteral("navigator"));
    QVERIFY(navigator);
    QCOMPARE(navigator->count(), 5);
    const QIcon style[] = {f.window.style()->standardIcon(QStyle::SP_ComputerIcon), f.window.style()->standardIcon(QStyle::SP_DirLinkIcon)};
    for (const bool dark : {false, true, false}) {
        navigator->setPalette(themed(dark));
        for (int row = 0; row < navigator->count(); ++row) {
            const QIcon icon = navigator->item(row)->icon();
            QVERIFY2(!icon.isNull(), qPrintable(navigator->item(row)->text()));
            for (const QIcon &stock : style)
                QVERIFY(icon.cacheKey() != stock.cacheKey());
            const int ink = inkLightness(icon.pixmap(22, 22));
            QVERIFY2(dark ? ink > 180 : (ink >= 0 && ink < 80),
                     qPrintable(QStringLiteral("%1 on a %2 palette: lightness %3").arg(navigator->item(row)->text(), dark ? QStringLiteral("dark") : QStringLiteral("light")).arg(ink)));
        }
    }
    const int logInk = inkLightness(f.window.logsDock()->toggleViewAction()->icon().pixmap(22, 22));
    QVERIFY2(logInk >= 0 && logInk < 80, qPrintable(QString::number(logInk)));
}

QTEST_MAIN(TestGuiIcons)
#include "tst_guiicons.moc"
