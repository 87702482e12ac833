#include "streammap.h"

namespace {

// ngx_hash_strlow: ASCII letters only.
QByteArray lowered(const QByteArray &text)
{
    QByteArray low = text;
    for (char &c : low) {
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    }
    return low;
}

} // namespace

std::optional<StreamMap> StreamMap::compile(const MapConfig &config, const StreamUserVariables *user, QString *error, QString *errorPath)
{
    StreamMap map;
    map.m_hostnames = config.hostnames;
    map.m_volatile = config.isVolatile;
    const std::optional<StreamTemplate> source = StreamTemplate::compile(config.source, error, user);
    if (!source) {
        *errorPath = QStringLiteral("source");
        return std::nullopt;
    }
    map.m_source = *source;
    if (!config.defaultValue.isNull()) {
        map.m_default = map.addValue(config.defaultValue, user, error);
        if (map.m_default < 0) {
            *errorPath = QStringLiteral("default");
            return std::nullopt;
        }
    }
    for (qsizetype i = 0; i < config.entries.size(); ++i) {
        const MapEntryConfig &entry = config.entries.at(i);
        const int value = map.addValue(entry.value, user, error);
        if (value < 0) {
            *errorPath = QStringLiteral("entries[%1].value").arg(i);
            return std::nullopt;
        }
        if (const QString why = map.addKey(entry.key, value); !why.isEmpty()) {
            *error = why;
            *errorPath = QStringLiteral("entries[%1].key").arg(i);
            return std::nullopt;
        }
    }
    return map;
}

int StreamMap::addValue(const QString &text, const StreamUserVariables *user, QString *error)
{
    const std::optional<StreamTemplate> value = StreamTemplate::compile(text, error, user);
    if (!value)
        return -1;
    m_values.push_back(*value);
    return int(m_values.size()) - 1;
}

// ngx_stream_map() and ngx_hash_add_key(): where a key goes and what nginx -t refuses.
QString StreamMap::addKey(const QString &written, int value)
{
    const auto conflicting = [&] { return QStringLiteral("conflicting parameter \"%1\": another key already matches the same names").arg(written); };
    if (written.startsWith(u'~')) {
        QString pattern = written.mid(1);
        QRegularExpression::PatternOptions options;
        if (pattern.startsWith(u'*')) {
            pattern = pattern.mid(1);
            options |= QRegularExpression::CaseInsensitiveOption;
        }
        QRegularExpression expression(pattern, options);
        if (!expression.isValid())
            return QStringLiteral("the regular expression \"%1\" does not compile: %2 at offset %3")
                .arg(pattern, expression.errorString()).arg(expression.patternErrorOffset());
        expression.optimize();
        m_regexes.push_back({expression, value});
        return {};
    }
    const QByteArray key = lowered((written.startsWith(u'\\') ? written.mid(1) : written).toUtf8());
    if (m_hostnames) {
        const qsizetype stars = key.count('*');
        if (stars > 1 || key.contains("..") || key.contains('\0'))
            return QStringLiteral("invalid hostname or wildcard \"%1\": use *.example.com, .example.com or www.example.*").arg(written);
        QByteArray suffix;
        bool dotForm = false;
        if (key.size() > 1 && key.startsWith('.')) {
            suffix = key.mid(1);
            dotForm = true;
        } else if (key.size() > 2 && key.startsWith("*.")) {
            suffix = key.mid(2);
        } else if (key.size() > 2 && key.endsWith(".*")) {
            const QByteArray prefix = key.chopped(2);
            if (m_tail.contains(prefix))
                return conflicting();
            m_tail.insert(prefix, value);
            return {};
        } else if (stars) {
            return QStringLiteral("invalid hostname or wildcard \"%1\": use *.example.com, .example.com or www.example.*").arg(written);
        }
        if (!suffix.isNull()) {
            if (m_head.contains(suffix) || (dotForm && m_exact.contains(suffix)))
                return conflicting();
            m_head.insert(suffix, {value, dotForm});
            return {};
        }
        const auto head = m_head.constFind(key);
        if (head != m_head.constEnd() && head->includesDomain)
            return conflicting();
    }
    if (m_exact.contains(key))
        return conflicting();
    m_exact.insert(key, value);
    return {};
}

// ngx_hash_find_wc_head then ngx_hash_find_wc_tail: the longest matching suffix, then the
// longest matching prefix that leaves at least one label.
int StreamMap::lookupWildcards(const QByteArray &low) const
{
    if (!m_head.isEmpty()) {
        if (const auto whole = m_head.constFind(low); whole != m_head.constEnd() && whole->includesDomain)
            return whole->value;
        for (qsizetype dot = low.indexOf('.'); dot >= 0; dot = low.indexOf('.', dot + 1)) {
            if (const auto head = m_head.constFind(low.mid(dot + 1)); head != m_head.constEnd())
                return head->value;
        }
    }
    if (!m_tail.isEmpty()) {
        for (qsizetype dot = low.lastIndexOf('.'); dot > 0; dot = low.lastIndexOf('.', dot - 1)) {
            if (const auto tail = m_tail.constFind(low.left(dot)); tail != m_tail.constEnd())
                return *tail;
        }
    }
    return -1;
}

const StreamTemplate *StreamMap::lookup(const QByteArray &source, const StreamFacts &facts) const
{
    QByteArray value = source;
    if (m_hostnames && value.endsWith('.'))
        value.chop(1);
    const QByteArray low = lowered(value);
    if (const auto exact = m_exact.constFind(low); exact != m_exact.constEnd())
        return &m_values[size_t(*exact)];
    if (m_hostnames) {
        if (const int wildcard = lookupWildcards(low); wildcard >= 0)
            return &m_values[size_t(wildcard)];
    }
    if (!value.isEmpty()) {
        // Byte for byte, as nginx's PCRE sees the value (it does not ask for UTF-8).
        const QString subject = QString::fromLatin1(value);
        for (const Regex &regex : m_regexes) {
            const QRegularExpressionMatch match = regex.expression.match(subject);
            if (!match.hasMatch())
                continue;
            facts.captures.clear();
            for (int i = 0; i <= match.lastCapturedIndex(); ++i)
                facts.captures << match.captured(i).toLatin1();
            return &m_values[size_t(regex.value)];
        }
    }
    return m_default >= 0 ? &m_values[size_t(m_default)] : nullptr;
}
