#pragma once

#include <QString>
#include <optional>

// nginx's log_format (ngx_stream_log_module, stream level): a named line of text and
// variables. nginx joins the directive's strings without a separator; Portier keeps the
// joined text.
struct LogFormatConfig
{
    enum class Escape { Default, Json, None };

    QString name;
    Escape escape = Escape::Default;
    QString text; // e.g. "$remote_addr [$time_local] $protocol $status"

    friend bool operator==(const LogFormatConfig &, const LogFormatConfig &) = default;

    static QString escapeName(Escape escape); // "default", "json", "none": nginx's escape= words
    static std::optional<Escape> escapeFromName(const QString &name);
};

// A listener's access_log: "access_log PATH FORMAT [buffer=SIZE [flush=TIME]] [if=CONDITION]".
// An empty path is "access_log off" (or none at all: in Portier every listener carries its
// own, so the importer copies stream {}'s into each server without one, as nginx merges).
struct AccessLogConfig
{
    QString path;
    QString format;     // a LogFormatConfig name; nginx matches it case-insensitively
    qint64 buffer = 0;  // bytes; 0 = each line is written at once
    qint64 flushMs = 0; // 0 = a buffer is written only when full (or at a re-apply or exit)
    QString condition;  // if=: no line when it evaluates to "" or "0"

    bool isEnabled() const { return !path.isEmpty(); }

    friend bool operator==(const AccessLogConfig &, const AccessLogConfig &) = default;
};
