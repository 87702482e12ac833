#include "splitclients.h"

namespace {
constexpr quint32 murmurM = 0x5bd1e995;
constexpr quint32 wholePercent = 10000; // nginx counts hundredths of a percent
} // namespace

quint32 SplitClients::murmurHash2(const QByteArray &data)
{
    const auto *p = reinterpret_cast<const unsigned char *>(data.constData());
    size_t len = size_t(data.size());
    quint32 h = 0 ^ quint32(len);
    while (len >= 4) {
        quint32 k = p[0];
        k |= quint32(p[1]) << 8;
        k |= quint32(p[2]) << 16;
        k |= quint32(p[3]) << 24;
        k *= murmurM;
        k ^= k >> 24;
        k *= murmurM;
        h *= murmurM;
        h ^= k;
        p += 4;
        len -= 4;
    }
    switch (len) {
    case 3:
        h ^= quint32(p[2]) << 16;
        [[fallthrough]];
    case 2:
        h ^= quint32(p[1]) << 8;
        [[fallthrough]];
    case 1:
        h ^= p[0];
        h *= murmurM;
    }
    h ^= h >> 13;
    h *= murmurM;
    h ^= h >> 15;
    return h;
}

std::optional<quint32> SplitClients::parsePercent(const QString &text)
{
    if (text == u"*")
        return 0;
    if (text.size() < 2 || !text.endsWith(u'%'))
        return std::nullopt;
    // ngx_atofp(text, len - 1, 2)
    quint64 value = 0;
    int point = 2;
    bool dot = false;
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'.') {
            if (dot)
                return std::nullopt;
            dot = true;
            continue;
        }
        if (c < u'0' || c > u'9')
            return std::nullopt;
        if (point == 0)
            continue;
        value = value * 10 + quint64(c.unicode() - u'0');
        if (value > 0xffffffffu)
            return std::nullopt;
        point -= dot ? 1 : 0;
    }
    while (point-- > 0)
        value *= 10;
    if (value == 0 || value > 0xffffffffu)
        return std::nullopt; // nginx: "invalid percent value"
    return quint32(value);
}

QString SplitClients::check(const SplitClientsConfig &config)
{
    quint64 sum = 0;
    for (const SplitBucketConfig &bucket : config.buckets) {
        const std::optional<quint32> percent = parsePercent(bucket.percent);
        if (!percent)
            return QStringLiteral("invalid percent value \"%1\": write a percent such as 10% or 20.5%, or * for the rest").arg(bucket.percent);
        sum = *percent ? sum + *percent : wholePercent;
        if (sum > wholePercent)
            return QStringLiteral("percent total is greater than 100%");
    }
    return {};
}

std::optional<SplitClients> SplitClients::compile(const SplitClientsConfig &config, const StreamUserVariables *user, QString *error)
{
    SplitClients result;
    const std::optional<StreamTemplate> key = StreamTemplate::compile(config.key, error, user);
    if (!key)
        return std::nullopt;
    result.m_key = *key;
    quint32 last = 0;
    for (const SplitBucketConfig &bucket : config.buckets) {
        const quint32 percent = parsePercent(bucket.percent).value_or(0);
        Part part;
        part.value = bucket.value.toUtf8();
        if (percent) {
            // nginx: last += part[i].percent * (uint64_t) 0xffffffff / 10000, in a uint32_t
            last += quint32(quint64(percent) * quint64(0xffffffffu) / wholePercent);
            part.threshold = last;
        }
        result.m_parts.push_back(part);
    }
    return result;
}

QByteArray SplitClients::valueFor(quint32 hash) const
{
    for (const Part &part : m_parts) {
        if (hash < part.threshold || part.threshold == 0)
            return part.value;
    }
    return {};
}
