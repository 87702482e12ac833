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

// The suffixes taken: k and m only, as nginx 1.22's ngx_parse_size (its size directives and
// listen's rcvbuf= and sndbuf=), or g as well (ngx_parse_offset, Portier's own sizes).
enum class Units { UpToGiga, UpToMega };

// Bytes. A bare number is bytes; k/K and m/M multiply by 1024 and 1024*1024, g/G by 1024^3.
std::optional<qint64> parse(const QString &text, Units units = Units::UpToGiga);

// The shortest spelling parse() takes back with the same units: "4m", "256k", "1000".
QString format(qint64 bytes, Units units = Units::UpToGiga);

} // namespace Size
