#pragma once

#include "configissue.h"
#include "duration.h"

#include <QJsonObject>
#include <QStringList>

#include <limits>
#include <optional>

// A listener's socket options, the parameters of nginx's "listen" that tune the listening
// socket (ngx_stream_core_listen, applied as ngx_open_listening_sockets and
// ngx_configure_listening_sockets do):
// - backlog: listen()'s queue; 0 = nginx's NGX_LISTEN_BACKLOG, 511;
// - keepAlive: so_keepalive=on|off, or the TCP keepalive timers
//   (so_keepalive=[keepidle]:[keepintvl]:[keepcnt], each part may be left out: the
//   system's value stays). Set on the listening socket; accepted sockets inherit them;
// - ipv6Only: ipv6only=on|off on a [::] address (nginx's default is on);
// - reusePort: SO_REUSEPORT, so other sockets that also ask for it may bind the same
//   address and port and the kernel spreads connections between them;
// - rcvbuf, sndbuf: rcvbuf=size, sndbuf=size, SO_RCVBUF and SO_SNDBUF on the listening
//   socket, TCP and UDP alike (accepted TCP sockets inherit them). The system may round or
//   cap them (Linux doubles the value and caps it at net.core.rmem_max / wmem_max);
// - fastOpen: fastopen=number, TCP_FASTOPEN on the listening socket: how many Fast Open
//   connections (data in the SYN) may wait to be accepted; 0 turns it off, -1 not set.
//   Linux only: Windows' TCP_FASTOPEN is a plain switch, and the validator refuses it there;
// - bind: nginx's "bind" (bind this address on its own rather than under a wildcard of
//   the same port). Portier always binds each listener's own address, so this is kept for
//   the round trip and changes nothing.
// Plain values, copied with the listener's config.
struct ListenSocketConfig
{
    static constexpr int defaultBacklog = 511; // NGX_LISTEN_BACKLOG
    static constexpr int maxBacklog = 65535;   // the kernel caps it at net.core.somaxconn anyway
    static constexpr qint64 noBufferSize = -1; // rcvbuf/sndbuf left to the system (nginx's -1)
    static constexpr qint64 maxBufferSize = std::numeric_limits<int>::max(); // setsockopt() takes an int

    enum class KeepAlive { Default, On, Off };

    int backlog = 0;
    KeepAlive keepAlive = KeepAlive::Default;
    int keepIdleS = 0;     // TCP_KEEPIDLE; 0 = the system's
    int keepIntervalS = 0; // TCP_KEEPINTVL; 0 = the system's
    int keepCount = 0;     // TCP_KEEPCNT; 0 = the system's
    qint64 rcvbuf = noBufferSize; // SO_RCVBUF in bytes
    qint64 sndbuf = noBufferSize; // SO_SNDBUF in bytes
    int fastOpen = -1;            // TCP_FASTOPEN's queue length
    bool ipv6Only = true;
    bool reusePort = false;
    bool bind = false;

    bool isDefault() const { return *this == ListenSocketConfig(); }
    int effectiveBacklog() const { return backlog > 0 ? backlog : defaultBacklog; }
    bool hasKeepAliveTimers() const { return keepIdleS > 0 || keepIntervalS > 0 || keepCount > 0; }
    friend bool operator==(const ListenSocketConfig &, const ListenSocketConfig &) = default;

    // so_keepalive's value as nginx writes it: "on", "off", "30m::10"; empty when Default.
    QString keepAliveText() const;
    // Reads so_keepalive's value as nginx 1.22 does; false (and *error in words) when
    // nginx would refuse it. Times are nginx's, in whole seconds ("30", "1m", "1h30m").
    bool setKeepAliveText(const QString &text, QString *error);

    // ngx_parse_size as nginx 1.22 reads rcvbuf= and sndbuf=: digits, then k/K or m/M or
    // nothing (bytes); no sign, no g. Nothing when nginx would refuse it.
    static std::optional<qint64> parseBufferSize(const QString &text) { return Size::parse(text, Size::Units::UpToMega); }
    // The shortest such spelling: "4m", "256k", "1000".
    static QString bufferSizeText(qint64 bytes) { return Size::format(bytes, Size::Units::UpToMega); }

    // The listen parameters after the address, in nginx's order ("backlog=1024", "reuseport").
    QStringList nginxParameters() const;

    // The listener's "socket" object; problems go to *issues under path.
    static ListenSocketConfig fromJson(const QJsonValue &value, const QString &path, ConfigIssues *issues);
    QJsonObject toJson() const;
    // What nginx would refuse, or this platform cannot do, naming the field and the fix.
    // ipv6only on an IPv4 address is accepted and means nothing, as in nginx.
    void validate(bool udp, const QString &path, ConfigIssues *issues) const;
};
