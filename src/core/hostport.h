#pragma once

#include <QString>
#include <optional>

// A "host:port" as nginx writes it in `listen`, `server` and `proxy_pass`:
// "127.0.0.1:30003", "[::1]:53", "localhost:7773", or for `listen` a bare "30003".
// The text is kept as written, because nginx's consistent hash is computed over it.
struct HostPort
{
    QString host; // without brackets; empty for a bare listen port (all IPv4 addresses)
    quint16 port = 0;

    bool isIpLiteral() const;
    QString toString() const; // brackets IPv6 hosts again

    friend bool operator==(const HostPort &, const HostPort &) = default;

    // On failure returns nullopt and, when error is given, says what is wrong in words.
    // allowBarePort: `listen 30003` means 0.0.0.0:30003; a server address needs a host.
    static std::optional<HostPort> parse(const QString &text, bool allowBarePort, QString *error = nullptr);
};
