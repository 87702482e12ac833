#pragma once

#include <QString>

// QLocale::formattedDataSize, except below 1 KiB: Qt spells those out ("0 bytes") with a
// translation Qt's own Chinese lacks, so a Chinese window would show English. "0 B" is a
// unit, as "2.5 KiB" is.
QString formatDataSize(qint64 bytes);
