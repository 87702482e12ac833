#pragma once

#include <QString>
#include <compare>
#include <optional>

// The nginx release an export is written for, and which stream directives it has. The
// exporter turns a feature the target lacks into a comment plus the nearest directive it
// does have, so the file always passes that nginx's `nginx -t`.
class NginxVersion
{
public:
    enum class Feature {
        ProxyRequests,      // proxy_requests (1.15.7)
        ProxyHalfClose,     // proxy_half_close (1.21.4)
        ServerResolve,      // server ... resolve in open-source nginx (1.27.3)
        LeastTime,          // least_time in open-source nginx (1.31, per DESIGN.md)
        ActiveHealthChecks, // health_check: NGINX Plus only, never in open-source nginx
    };

    constexpr NginxVersion() = default;
    constexpr NginxVersion(int major, int minor, int patch = 0) : m_major(major), m_minor(minor), m_patch(patch) {}

    // Debian 12's nginx, the default target.
    static constexpr NginxVersion debian() { return NginxVersion(1, 22); }

    // "1.22", "1.22.1". nullopt with the reason in *error otherwise.
    static std::optional<NginxVersion> parse(const QString &text, QString *error = nullptr);

    QString toString() const; // "1.22" when patch is 0, else "1.22.1"
    bool supports(Feature feature) const;
    // The first open-source release with the feature; nullopt when none has it.
    static std::optional<NginxVersion> introducedIn(Feature feature);

    friend constexpr auto operator<=>(const NginxVersion &, const NginxVersion &) = default;

private:
    int m_major = 1;
    int m_minor = 22;
    int m_patch = 0;
};
