#pragma once

#include <QByteArrayView>
#include <QtGlobal>

// CRC-32 as zlib computes it (polynomial 0xEDB88320), with zlib's chaining rule:
// crc32(crc32(0, a), b) == crc32(0, a + b). nginx's hash balancers are defined on it.
namespace Crc32 {
quint32 update(quint32 crc, QByteArrayView data);
inline quint32 of(QByteArrayView data) { return update(0, data); }
} // namespace Crc32
