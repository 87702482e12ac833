#include "duration.h"

#include <limits>

namespace {

struct Unit
{
    const char *name;
    qint64 milliseconds;
};

// Largest first: a value must list its parts in this order, as nginx's ngx_parse_time().
constexpr Unit timeUnits[] = {
    {"y", 365LL * 24 * 3600 * 1000}, {"M", 30LL * 24 * 3600 * 1000}, {"w", 7LL * 24 * 3600 * 1000},
    {"d", 24LL * 3600 * 1000},       {"h", 3600LL * 1000},            {"m", 60LL * 1000},
    {"s", 1000},                     {"ms", 1},
};

constexpr qint64 maxValue = std::numeric_limits<qint64>::max() / 2;

} // namespace

std::optional<qint64> Duration::parse(const QString &input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return std::nullopt;

    qint64 total = 0;
    int lastUnit = -1;
    qsizetype i = 0;
    while (i < text.size()) {
        const qsizetype start = i;
        while (i < text.size() && text.at(i).isDigit())
            ++i;
        if (i == start)
            return std::nullopt;
        bool ok = false;
        const qint64 number = text.mid(start, i - start).toLongLong(&ok);
        if (!ok || number > maxValue)
            return std::nullopt;

        if (i == text.size()) {
            // A trailing bare number is seconds, alone ("30") or after the parts ("1m30",
            // "500ms 1"), as ngx_parse_time() adds it.
            if (number > maxValue / 1000 || total > maxValue - number * 1000)
                return std::nullopt;
            return total + number * 1000;
        }

        // "ms" is the only two-letter unit; it must win over "m".
        const QString unitName = text.mid(i, 2) == QLatin1StringView("ms") ? text.mid(i, 2) : text.mid(i, 1);
        int unit = -1;
        for (int u = 0; u < int(std::size(timeUnits)); ++u) {
            if (unitName == QLatin1StringView(timeUnits[u].name)) {
                unit = u;
                break;
            }
        }
        if (unit == -1 || unit <= lastUnit)
            return std::nullopt;
        i += unitName.size();
        if (number > maxValue / timeUnits[unit].milliseconds)
            return std::nullopt;
        total += number * timeUnits[unit].milliseconds;
        if (total > maxValue)
            return std::nullopt;
        lastUnit = unit;
        // nginx allows spaces after a part ("1h 30m"), never between a number and its unit.
        while (i < text.size() && text.at(i) == u' ')
            ++i;
    }
    return total;
}

QString Duration::format(qint64 milliseconds)
{
    if (milliseconds <= 0)
        return QStringLiteral("0s");
    // Only the units people write in configs: d, h, m, s, ms.
    static constexpr Unit shown[] = {
        {"d", 24LL * 3600 * 1000}, {"h", 3600LL * 1000}, {"m", 60LL * 1000}, {"s", 1000}, {"ms", 1}};
    QString out;
    qint64 rest = milliseconds;
    for (const Unit &unit : shown) {
        if (rest >= unit.milliseconds) {
            out += QString::number(rest / unit.milliseconds) + QLatin1StringView(unit.name);
            rest %= unit.milliseconds;
        }
    }
    return out;
}

std::optional<qint64> Size::parse(const QString &input, Units units)
{
    QString text = input.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    qint64 scale = 1;
    const QChar last = text.back();
    if (last == u'k' || last == u'K')
        scale = 1024;
    else if (last == u'm' || last == u'M')
        scale = 1024 * 1024;
    else if ((last == u'g' || last == u'G') && units == Units::UpToGiga)
        scale = 1024LL * 1024 * 1024;
    if (scale != 1)
        text.chop(1);
    for (const QChar c : std::as_const(text)) {
        if (!c.isDigit())
            return std::nullopt;
    }
    bool ok = false;
    const qint64 number = text.toLongLong(&ok);
    if (!ok || number > maxValue / scale)
        return std::nullopt;
    return number * scale;
}

QString Size::format(qint64 bytes, Units units)
{
    if (bytes > 0 && bytes % (1024LL * 1024 * 1024) == 0 && units == Units::UpToGiga)
        return QString::number(bytes / (1024LL * 1024 * 1024)) + u'g';
    if (bytes > 0 && bytes % (1024 * 1024) == 0)
        return QString::number(bytes / (1024 * 1024)) + u'm';
    if (bytes > 0 && bytes % 1024 == 0)
        return QString::number(bytes / 1024) + u'k';
    return QString::number(bytes);
}
