#pragma once

#include <QString>
#include <optional>

// nginx-style time and size values ("500ms", "1m30s", "2h"; "16k", "10m").
// Pure functions, usable from any thread.
namespace Duration {

// Milliseconds. Accepts nginx's units ms, s, m, h, d, w, M (30 days), y (365 days),
// combined in decreasing order ("1h30m"); a bare number means seconds, as in nginx.
std::optional<qint64> parse(const QString &text);

// The shortest nginx spelling that parses back to the same value ("90s" -> "1m30s").
QString format(qint64 milliseconds);

} // namespace Duration

namespace Size {

// Bytes. A bare number is bytes; k/K and m/M multiply by 1024 and 1024*1024, g/G by 1024^3.
std::optional<qint64> parse(const QString &text);

QString format(qint64 bytes);

} // namespace Size
