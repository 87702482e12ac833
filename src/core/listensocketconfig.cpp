#include "listensocketconfig.h"

#include "duration.h"
#include "jsontext.h"

#include <limits>

namespace {
using JsonText::describe;

// Linux's bounds (MAX_TCP_KEEPIDLE, MAX_TCP_KEEPINTVL, MAX_TCP_KEEPCNT): beyond them
// setsockopt() fails, which nginx only logs at run time; Portier says so before it runs.
constexpr int maxKeepTime = 32767;
constexpr int maxKeepCount = 127;

// ngx_parse_time(s, 1): nginx's units without "ms", a bare number is seconds.
std::optional<int> seconds(const QString &text)
{
    if (text.contains(QLatin1StringView("ms")))
        return std::nullopt;
    const std::optional<qint64> ms = Duration::parse(text);
    if (!ms || *ms % 1000 != 0 || *ms / 1000 > std::numeric_limits<int>::max())
        return std::nullopt;
    return int(*ms / 1000);
}

void readFlag(const QJsonObject &object, const char *key, const QString &path, bool *out, ConfigIssues *issues)
{
    const QJsonValue value = object.value(QLatin1StringView(key));
    if (value.isUndefined())
        return;
    if (value.isBool())
        *out = value.toBool();
    else if (value.isString() && (value.toString() == u"on" || value.toString() == u"off"))
        *out = value.toString() == u"on";
    else
        issues->append({JsonText::join(path, QLatin1StringView(key)), QStringLiteral("expected true or false, found %1").arg(describe(value))});
}

// rcvbuf/sndbuf: a size string as nginx writes it, or a number of bytes.
void readBufferSize(const QJsonObject &object, const char *key, const QString &path, qint64 *out, ConfigIssues *issues)
{
    const QJsonValue value = object.value(QLatin1StringView(key));
    if (value.isUndefined())
        return;
    // nginx 1.22's rcvbuf= takes k and m only (ngx_parse_size)
    if (const std::optional<qint64> bytes = JsonText::byteSize(value, Size::Units::UpToMega))
        *out = *bytes;
    else
        issues->append({JsonText::join(path, QLatin1StringView(key)),
                        QStringLiteral("%1 is not a size; write bytes or a size such as 256k or 4m").arg(describe(value))});
}

void checkBufferSize(qint64 bytes, const char *key, const QString &path, ConfigIssues *issues)
{
    if (bytes == ListenSocketConfig::noBufferSize || (bytes >= 0 && bytes <= ListenSocketConfig::maxBufferSize))
        return;
    issues->append({JsonText::join(path, QLatin1StringView(key)),
                    QStringLiteral("%1 is out of range; use a size up to %2 bytes (just under 2g), or leave it out for the system's size")
                        .arg(ListenSocketConfig::bufferSizeText(bytes))
                        .arg(ListenSocketConfig::maxBufferSize)});
}

} // namespace

QString ListenSocketConfig::keepAliveText() const
{
    switch (keepAlive) {
    case KeepAlive::Default:
        return QString();
    case KeepAlive::Off:
        return QStringLiteral("off");
    case KeepAlive::On:
        break;
    }
    if (!hasKeepAliveTimers())
        return QStringLiteral("on");
    const auto part = [](int value, bool time) {
        return value <= 0 ? QString() : time ? Duration::format(qint64(value) * 1000) : QString::number(value);
    };
    return part(keepIdleS, true) + u':' + part(keepIntervalS, true) + u':' + part(keepCount, false);
}

bool ListenSocketConfig::setKeepAliveText(const QString &text, QString *error)
{
    if (text == u"on" || text == u"off") {
        keepAlive = text == u"on" ? KeepAlive::On : KeepAlive::Off;
        keepIdleS = keepIntervalS = keepCount = 0;
        return true;
    }
    // ngx_stream_core_listen: up to three parts split at ':', each may be empty; a missing
    // third part is fine, and at least one part must be set.
    const QStringList parts = text.split(u':');
    const auto invalid = [&] {
        *error = QStringLiteral("invalid so_keepalive value: \"%1\"; write on, off or keepidle:keepintvl:keepcnt such as 30m::10 "
                                "(times in seconds or with s, m, h; any part may be left out)").arg(text);
        return false;
    };
    if (parts.size() > 3)
        return invalid();
    int values[3] = {0, 0, 0};
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (parts.at(i).isEmpty())
            continue;
        bool ok = true;
        if (i == 2) {
            values[i] = parts.at(i).toInt(&ok);
            ok = ok && values[i] >= 0 && !parts.at(i).startsWith(u'+');
        } else if (const std::optional<int> s = seconds(parts.at(i))) {
            values[i] = *s;
        } else {
            ok = false;
        }
        if (!ok)
            return invalid();
    }
    if (values[0] == 0 && values[1] == 0 && values[2] == 0)
        return invalid();
    keepAlive = KeepAlive::On;
    keepIdleS = values[0];
    keepIntervalS = values[1];
    keepCount = values[2];
    return true;
}

QStringList ListenSocketConfig::nginxParameters() const
{
    QStringList out;
    if (bind)
        out << QStringLiteral("bind");
    if (fastOpen >= 0)
        out << QStringLiteral("fastopen=%1").arg(fastOpen);
    if (backlog > 0)
        out << QStringLiteral("backlog=%1").arg(backlog);
    if (rcvbuf != noBufferSize)
        out << QStringLiteral("rcvbuf=") + bufferSizeText(rcvbuf);
    if (sndbuf != noBufferSize)
        out << QStringLiteral("sndbuf=") + bufferSizeText(sndbuf);
    if (!ipv6Only)
        out << QStringLiteral("ipv6only=off");
    if (reusePort)
        out << QStringLiteral("reuseport");
    if (keepAlive != KeepAlive::Default)
        out << QStringLiteral("so_keepalive=") + keepAliveText();
    return out;
}

ListenSocketConfig ListenSocketConfig::fromJson(const QJsonValue &value, const QString &path, ConfigIssues *issues)
{
    ListenSocketConfig config;
    if (!value.isObject()) {
        issues->append({path, QStringLiteral("expected an object such as {\"backlog\": 1024, \"so_keepalive\": \"30m::10\", \"ipv6only\": false, "
                                             "\"reuseport\": true, \"rcvbuf\": \"1m\"}, found %1").arg(describe(value))});
        return config;
    }
    const QJsonObject object = value.toObject();
    const QStringList known{QStringLiteral("backlog"), QStringLiteral("so_keepalive"), QStringLiteral("ipv6only"), QStringLiteral("reuseport"),
                            QStringLiteral("bind"), QStringLiteral("rcvbuf"), QStringLiteral("sndbuf"),
                            QStringLiteral("fastopen")};
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key()))
            issues->append({JsonText::join(path, it.key()), QStringLiteral("unknown key; known keys here are: %1").arg(known.join(QStringLiteral(", ")))});
    }
    const QJsonValue backlog = object.value(QLatin1StringView("backlog"));
    if (const std::optional<qint64> number = JsonText::wholeNumber(backlog, -999'999'999, 999'999'999))
        config.backlog = int(*number);
    else if (!backlog.isUndefined())
        issues->append({JsonText::join(path, "backlog"), QStringLiteral("expected a whole number such as 511, found %1").arg(describe(backlog))});
    const QJsonValue keepAlive = object.value(QLatin1StringView("so_keepalive"));
    QString error;
    if (keepAlive.isBool())
        config.keepAlive = keepAlive.toBool() ? KeepAlive::On : KeepAlive::Off;
    else if (keepAlive.isString() && !config.setKeepAliveText(keepAlive.toString(), &error))
        issues->append({JsonText::join(path, "so_keepalive"), error});
    else if (!keepAlive.isUndefined() && !keepAlive.isString())
        issues->append({JsonText::join(path, "so_keepalive"), QStringLiteral("expected true, false or nginx's \"keepidle:keepintvl:keepcnt\" "
                                                                             "such as \"30m::10\", found %1").arg(describe(keepAlive))});
    readFlag(object, "ipv6only", path, &config.ipv6Only, issues);
    readFlag(object, "reuseport", path, &config.reusePort, issues);
    readFlag(object, "bind", path, &config.bind, issues);
    readBufferSize(object, "rcvbuf", path, &config.rcvbuf, issues);
    readBufferSize(object, "sndbuf", path, &config.sndbuf, issues);
    const QJsonValue fastOpen = object.value(QLatin1StringView("fastopen"));
    if (const std::optional<qint64> number = JsonText::wholeNumber(fastOpen, 0, 999'999'999))
        config.fastOpen = int(*number);
    else if (!fastOpen.isUndefined())
        issues->append({JsonText::join(path, "fastopen"), QStringLiteral("expected a whole number such as 256 (Fast Open connections that may "
                                                                         "wait), or 0 for off, found %1").arg(describe(fastOpen))});
    return config;
}

QJsonObject ListenSocketConfig::toJson() const
{
    QJsonObject object;
    if (backlog != 0)
        object.insert(QStringLiteral("backlog"), backlog);
    if (keepAlive == KeepAlive::On && !hasKeepAliveTimers())
        object.insert(QStringLiteral("so_keepalive"), true);
    else if (keepAlive == KeepAlive::Off)
        object.insert(QStringLiteral("so_keepalive"), false);
    else if (keepAlive == KeepAlive::On)
        object.insert(QStringLiteral("so_keepalive"), keepAliveText());
    if (!ipv6Only)
        object.insert(QStringLiteral("ipv6only"), false);
    if (reusePort)
        object.insert(QStringLiteral("reuseport"), true);
    if (bind)
        object.insert(QStringLiteral("bind"), true);
    if (rcvbuf != noBufferSize)
        object.insert(QStringLiteral("rcvbuf"), bufferSizeText(rcvbuf));
    if (sndbuf != noBufferSize)
        object.insert(QStringLiteral("sndbuf"), bufferSizeText(sndbuf));
    if (fastOpen >= 0)
        object.insert(QStringLiteral("fastopen"), fastOpen);
    return object;
}

void ListenSocketConfig::validate(bool udp, const QString &path, ConfigIssues *issues) const
{
    if (backlog < 0 || backlog > maxBacklog)
        issues->append({JsonText::join(path, "backlog"), QStringLiteral("%1 is out of range; use a number from 1 to %2, or leave it out for nginx's 511")
                                                             .arg(backlog).arg(maxBacklog)});
    if (udp && backlog != 0)
        issues->append({JsonText::join(path, "backlog"), QStringLiteral("a UDP listener has no backlog (nginx: \"backlog\" parameter is incompatible "
                                                                        "with \"udp\"); remove it or make the listener tcp")});
    if (udp && keepAlive != KeepAlive::Default)
        issues->append({JsonText::join(path, "so_keepalive"), QStringLiteral("a UDP listener has no keepalive (nginx: \"so_keepalive\" parameter is "
                                                                             "incompatible with \"udp\"); remove it or make the listener tcp")});
    if (keepIdleS < 0 || keepIdleS > maxKeepTime || keepIntervalS < 0 || keepIntervalS > maxKeepTime || keepCount < 0 || keepCount > maxKeepCount)
        issues->append({JsonText::join(path, "so_keepalive"), QStringLiteral("\"%1\" is out of range: keepidle and keepintvl go up to %2 seconds, keepcnt "
                                                                             "up to %3 (the system refuses more)")
                                                                  .arg(keepAliveText()).arg(maxKeepTime).arg(maxKeepCount)});
    if (keepAlive != KeepAlive::On && hasKeepAliveTimers())
        issues->append({JsonText::join(path, "so_keepalive"), QStringLiteral("keepalive timers are set but keepalive is not on; write them as "
                                                                             "\"keepidle:keepintvl:keepcnt\"")});
    checkBufferSize(rcvbuf, "rcvbuf", path, issues);
    checkBufferSize(sndbuf, "sndbuf", path, issues);
    if (fastOpen < -1 || fastOpen > maxBacklog)
        issues->append({JsonText::join(path, "fastopen"), QStringLiteral("%1 is out of range; use 0 (off) to %2 (the system caps it at "
                                                                         "net.core.somaxconn), or leave it out").arg(fastOpen).arg(maxBacklog)});
    if (udp && fastOpen != -1)
        issues->append({JsonText::join(path, "fastopen"), QStringLiteral("a UDP listener has no TCP Fast Open (nginx: \"fastopen\" parameter is "
                                                                         "incompatible with \"udp\"); remove it or make the listener tcp")});
#if !defined(Q_OS_LINUX)
    if (fastOpen != -1)
        issues->append({JsonText::join(path, "fastopen"), QStringLiteral("Portier sets TCP Fast Open on Linux only: here TCP_FASTOPEN is an "
                                                                         "on/off switch with no room for nginx's queue length; remove it")});
#endif
#if defined(Q_OS_WIN)
    if (reusePort)
        issues->append({JsonText::join(path, "reuseport"), QStringLiteral("Windows has no SO_REUSEPORT (nginx for Windows ignores \"reuseport\" too); "
                                                                          "turn it off, one listener per address and port")});
#endif
}
