#include "datasize.h"

#include <QCoreApplication>
#include <QLocale>

QString formatDataSize(qint64 bytes)
{
    const QLocale locale;
    if (bytes < 1024 && bytes > -1024)
        return locale.toString(bytes) + QStringLiteral(" B");
    return locale.formattedDataSize(bytes);
}

QString compactDataSize(double bytes)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 4) {
        bytes /= 1024;
        ++unit;
    }
    const int decimals = unit == 0 || bytes >= 100 ? 0 : 1;
    return QLocale().toString(bytes, 'f', decimals) + u' ' + QLatin1StringView(units[unit]);
}

QString durationText(qint64 ms)
{
    const qint64 seconds = qMax<qint64>(0, ms) / 1000;
    if (seconds < 60)
        return QCoreApplication::translate("Duration", "%1 s").arg(seconds);
    if (seconds < 3600)
        return QCoreApplication::translate("Duration", "%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return QCoreApplication::translate("Duration", "%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}
