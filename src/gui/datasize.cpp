#include "datasize.h"

#include <QLocale>

QString formatDataSize(qint64 bytes)
{
    const QLocale locale;
    if (bytes < 1024 && bytes > -1024)
        return locale.toString(bytes) + QStringLiteral(" B");
    return locale.formattedDataSize(bytes);
}
