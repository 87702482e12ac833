#pragma once

#include "routingconfig.h"
#include "streamvariables.h"

#include <QByteArray>
#include <optional>
#include <vector>

// ngx_stream_split_clients_module at run time: the key's MurmurHash2 against cumulative
// thresholds of 2^32, computed with nginx's integer arithmetic, so every key lands in the
// bucket nginx puts it in. Immutable once built.
class SplitClients
{
public:
    // nginx's ngx_murmur_hash2 (MurmurHash2, seed 0 xor length, little-endian words).
    static quint32 murmurHash2(const QByteArray &data);
    // "10%", "20.5%" -> hundredths of a percent (ngx_atofp with two decimals: further digits
    // are ignored); "*" -> 0; nullopt = not a percent nginx accepts.
    static std::optional<quint32> parsePercent(const QString &text);
    // nginx -t's objections to the buckets, or empty.
    static QString check(const SplitClientsConfig &config);

    // `config` must pass check(); the key is compiled against `user`.
    static std::optional<SplitClients> compile(const SplitClientsConfig &config, const StreamUserVariables *user, QString *error);

    // The bucket's value for this hash; empty when no bucket takes it (the percents add up
    // to less than 100% and there is no "*").
    QByteArray valueFor(quint32 hash) const;
    const StreamTemplate &key() const { return m_key; }

private:
    struct Part
    {
        quint32 threshold = 0; // 0 = "*"
        QByteArray value;
    };
    StreamTemplate m_key;
    std::vector<Part> m_parts;
};
