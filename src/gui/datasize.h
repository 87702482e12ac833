#pragma once

#include <QString>

// How the window writes sizes and durations.

// QLocale::formattedDataSize, except below 1 KiB: Qt spells those out ("0 bytes") with a
// translation Qt's own Chinese lacks, so a Chinese window would show English. "0 B" is a
// unit, as "2.5 KiB" is.
QString formatDataSize(qint64 bytes);

// Narrower, for table cells: one decimal at most ("2.9 MiB", not "2.86 MiB"; "0 B"), so a
// table of many columns fits a window.
QString compactDataSize(double bytes);

// "42 s", "3 min 5 s", "2 h 10 min" (a negative span counts as 0).
QString durationText(qint64 ms);
