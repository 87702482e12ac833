#pragma once

#include "routingconfig.h"
#include "streamvariables.h"

#include <QHash>
#include <QRegularExpression>
#include <optional>
#include <vector>

// ngx_stream_map_module at run time: a map's keys compiled once into nginx's lookup order.
// Exact keys and wildcards compare lower-cased (nginx lower-cases both sides, ASCII only);
// with "hostnames" a trailing dot of the source is dropped, "*.example.com" and
// ".example.com" match the longest suffix and "www.example.*" the longest prefix; regular
// expressions then run in the order written on the source as it is (never on an empty one).
// Immutable once compiled, so any thread may look up.
class StreamMap
{
public:
    // nginx -t's checks: "conflicting parameter", "invalid hostname or wildcard", regexes
    // that do not compile. Values and the source are compiled against `user`. On failure
    // `errorPath` names the field ("source", "default", "entries[3].key", ...).
    static std::optional<StreamMap> compile(const MapConfig &config, const StreamUserVariables *user, QString *error,
                                            QString *errorPath);

    const StreamTemplate &source() const { return m_source; }
    bool isVolatile() const { return m_volatile; }
    // The value template for this source value, or the default's; nullptr = no default (the
    // variable is empty). A regex match leaves its captures in facts.captures.
    const StreamTemplate *lookup(const QByteArray &value, const StreamFacts &facts) const;
    // Every value template (for dependency checks).
    const std::vector<StreamTemplate> &values() const { return m_values; }

private:
    struct Regex
    {
        QRegularExpression expression;
        int value = -1;
    };
    struct Head
    {
        int value = -1;
        bool includesDomain = false; // ".example.com" also matches "example.com"
    };
    int addValue(const QString &text, const StreamUserVariables *user, QString *error);
    QString addKey(const QString &key, int value);
    int lookupWildcards(const QByteArray &low) const;

    StreamTemplate m_source;
    bool m_hostnames = false;
    bool m_volatile = false;
    int m_default = -1;
    std::vector<StreamTemplate> m_values;
    QHash<QByteArray, int> m_exact;
    QHash<QByteArray, Head> m_head; // suffix without "*." or "."
    QHash<QByteArray, int> m_tail;  // prefix without ".*"
    std::vector<Regex> m_regexes;
};
