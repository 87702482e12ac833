#include "logformat.h"

namespace {

bool isNameCharacter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// ngx_stream_log_escape's table: which bytes are written as \xHH.
bool needsDefaultEscape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\' || c >= 0x7f;
}

} // namespace

std::optional<LogFormat> LogFormat::compile(const QString &text, LogFormatConfig::Escape escape, QString *error, QString *unknownVariable)
{
    auto fail = [&](const QString &why) -> std::optional<LogFormat> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QByteArray bytes = text.toUtf8();
    LogFormat result;
    result.m_escape = escape;
    qsizetype i = 0;
    while (i < bytes.size()) {
        if (bytes.at(i) != '$') {
            const qsizetype start = i;
            while (i < bytes.size() && bytes.at(i) != '$')
                ++i;
            result.m_parts.push_back({bytes.mid(start, i - start), -1});
            continue;
        }
        ++i;
        const bool braced = i < bytes.size() && bytes.at(i) == '{';
        if (braced)
            ++i;
        const qsizetype start = i;
        while (i < bytes.size() && isNameCharacter(bytes.at(i)))
            ++i;
        const QByteArray name = bytes.mid(start, i - start);
        if (braced) {
            if (i >= bytes.size() || bytes.at(i) != '}')
                return fail(QStringLiteral("the closing bracket in \"%1\" variable is missing").arg(QString::fromUtf8(name)));
            ++i;
        }
        if (name.isEmpty())
            return fail(QStringLiteral("invalid parameter \"%1\": a '$' must be followed by a variable name such as $remote_addr").arg(text));
        const int variable = StreamTemplate::variableIndex(QString::fromLatin1(name));
        if (variable < 0) {
            if (unknownVariable)
                *unknownVariable = QString::fromLatin1(name);
            return fail(QStringLiteral("unknown \"%1\" variable; known here: %2")
                            .arg(QString::fromLatin1(name), StreamTemplate::variableNames().join(QStringLiteral(", "))));
        }
        result.m_parts.push_back({{}, variable});
    }
    return result;
}

QByteArray LogFormat::line(const StreamFacts &facts) const
{
    QByteArray out;
    out.reserve(256);
    QByteArray value;
    for (const Part &part : m_parts) {
        if (part.variable < 0) {
            out += part.text;
            continue;
        }
        value.clear();
        const bool found = StreamTemplate::variableValue(part.variable, facts, &value);
        switch (m_escape) {
        case LogFormatConfig::Escape::Default:
            if (found)
                escapeDefault(value, &out);
            else
                out += '-';
            break;
        case LogFormatConfig::Escape::Json:
            escapeJson(value, &out);
            break;
        case LogFormatConfig::Escape::None:
            out += value;
            break;
        }
    }
    out += '\n';
    return out;
}

void LogFormat::escapeDefault(const QByteArray &value, QByteArray *out)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (needsDefaultEscape(c)) {
            *out += "\\x";
            *out += hex[c >> 4];
            *out += hex[c & 0xf];
        } else {
            *out += ch;
        }
    }
}

void LogFormat::escapeJson(const QByteArray &value, QByteArray *out)
{
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (c > 0x1f) {
            if (c == '\\' || c == '"')
                *out += '\\';
            *out += ch;
            continue;
        }
        *out += '\\';
        switch (c) {
        case '\n':
            *out += 'n';
            break;
        case '\r':
            *out += 'r';
            break;
        case '\t':
            *out += 't';
            break;
        case '\b':
            *out += 'b';
            break;
        case '\f':
            *out += 'f';
            break;
        default:
            *out += "u00";
            *out += char('0' + (c >> 4));
            *out += (c & 0xf) < 10 ? char('0' + (c & 0xf)) : char('A' + (c & 0xf) - 10);
        }
    }
}
