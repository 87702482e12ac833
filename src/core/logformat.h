#pragma once

#include "accesslogconfig.h"
#include "streamvariables.h"

#include <QByteArray>
#include <optional>
#include <vector>

// A log_format compiled as ngx_stream_log_compile_format does: literal text and variables,
// each variable written with the format's escaping. Immutable once compiled, so every worker
// formats its own sessions' lines with it.
class LogFormat
{
public:
    LogFormat() = default;

    // nginx -t's words for a bad format: "unknown "x" variable", "the closing bracket in "x"
    // variable is missing", "invalid parameter "..."". When the reason is a variable Portier
    // does not know, *unknownVariable is its name (without the '$').
    static std::optional<LogFormat> compile(const QString &text, LogFormatConfig::Escape escape, QString *error = nullptr,
                                            QString *unknownVariable = nullptr);

    // One line for the session, with its line feed. A variable nginx would not find is "-"
    // with default escaping and nothing with json or none, as ngx_stream_log_variable and its
    // json/unescaped siblings write it.
    QByteArray line(const StreamFacts &facts) const;

    // ngx_stream_log_escape: '"', '\\', bytes below 0x20, 0x7f and from 0x80 up become \xHH.
    static void escapeDefault(const QByteArray &value, QByteArray *out);
    // ngx_escape_json: '"' and '\\' get a backslash, \n \r \t \b \f theirs, other controls \u00XX.
    static void escapeJson(const QByteArray &value, QByteArray *out);

private:
    struct Part
    {
        QByteArray text;   // literal text, when variable < 0
        int variable = -1; // StreamTemplate's variable index
    };
    std::vector<Part> m_parts;
    LogFormatConfig::Escape m_escape = LogFormatConfig::Escape::Default;
};
