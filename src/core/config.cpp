#include "config.h"

namespace {

struct MethodName
{
    UpstreamConfig::Method method;
    const char *name;
};

constexpr MethodName methodNames[] = {
    {UpstreamConfig::Method::RoundRobin, "round_robin"}, {UpstreamConfig::Method::LeastConn, "least_conn"},
    {UpstreamConfig::Method::LeastTime, "least_time"},   {UpstreamConfig::Method::Hash, "hash"},
    {UpstreamConfig::Method::Random, "random"},
};

struct ModeName
{
    UpstreamConfig::LeastTimeMode mode;
    const char *name;
};

constexpr ModeName modeNames[] = {
    {UpstreamConfig::LeastTimeMode::Connect, "connect"},
    {UpstreamConfig::LeastTimeMode::FirstByte, "first_byte"},
    {UpstreamConfig::LeastTimeMode::LastByte, "last_byte"},
};

} // namespace

QString UpstreamConfig::methodName(Method method)
{
    for (const auto &entry : methodNames) {
        if (entry.method == method)
            return QLatin1StringView(entry.name);
    }
    return {};
}

std::optional<UpstreamConfig::Method> UpstreamConfig::methodFromName(const QString &name)
{
    for (const auto &entry : methodNames) {
        if (name == QLatin1StringView(entry.name))
            return entry.method;
    }
    return std::nullopt;
}

QString UpstreamConfig::leastTimeModeName(LeastTimeMode mode)
{
    for (const auto &entry : modeNames) {
        if (entry.mode == mode)
            return QLatin1StringView(entry.name);
    }
    return {};
}

std::optional<UpstreamConfig::LeastTimeMode> UpstreamConfig::leastTimeModeFromName(const QString &name)
{
    for (const auto &entry : modeNames) {
        if (name == QLatin1StringView(entry.name))
            return entry.mode;
    }
    return std::nullopt;
}

QString AccessRuleConfig::actionName(Action action)
{
    return action == Action::Deny ? QStringLiteral("deny") : QStringLiteral("allow");
}

const UpstreamConfig *Config::findUpstream(const QString &name) const
{
    for (const UpstreamConfig &upstream : upstreams) {
        if (upstream.name == name)
            return &upstream;
    }
    return nullptr;
}

const CertificateConfig *Config::findCertificate(const QString &name) const
{
    for (const CertificateConfig &certificate : certificates) {
        if (certificate.name == name)
            return &certificate;
    }
    return nullptr;
}

const ConnectionZoneConfig *Config::findConnectionZone(const QString &name) const
{
    for (const ConnectionZoneConfig &zone : connectionZones) {
        if (zone.name == name)
            return &zone;
    }
    return nullptr;
}

const LogFormatConfig *Config::findLogFormat(const QString &name) const
{
    for (const LogFormatConfig &format : logFormats) {
        if (format.name.compare(name, Qt::CaseInsensitive) == 0)
            return &format;
    }
    return nullptr;
}

QString LogFormatConfig::escapeName(Escape escape)
{
    switch (escape) {
    case Escape::Json:
        return QStringLiteral("json");
    case Escape::None:
        return QStringLiteral("none");
    case Escape::Default:
        break;
    }
    return QStringLiteral("default");
}

std::optional<LogFormatConfig::Escape> LogFormatConfig::escapeFromName(const QString &name)
{
    if (name == u"default")
        return Escape::Default;
    if (name == u"json")
        return Escape::Json;
    if (name == u"none")
        return Escape::None;
    return std::nullopt;
}
