#include "nginxtokenizer.h"

namespace {

bool isSpace(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

QString describe(char ch)
{
    if (ch == '\0')
        return QStringLiteral("a NUL byte");
    if (uchar(ch) < 0x20 || uchar(ch) >= 0x7f)
        return QStringLiteral("byte 0x%1").arg(uint(uchar(ch)), 2, 16, QLatin1Char('0'));
    return u'"' + QString(QLatin1Char(ch)) + u'"';
}

} // namespace

QByteArray NginxTokenizer::unescape(const QByteArray &raw)
{
    QByteArray out;
    out.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size();) {
        if (raw.at(i) == '\\' && i + 1 < raw.size()) {
            switch (raw.at(i + 1)) {
            case '"':
            case '\'':
            case '\\':
                ++i; // keep the escaped character itself
                break;
            case 't':
                out += '\t';
                i += 2;
                continue;
            case 'r':
                out += '\r';
                i += 2;
                continue;
            case 'n':
                out += '\n';
                i += 2;
                continue;
            default:
                break; // nginx keeps the backslash of any other pair ("\d" stays "\d")
            }
        }
        out += raw.at(i);
        ++i;
    }
    return out;
}

NginxTokenizer::Result NginxTokenizer::tokenize(const QByteArray &text, const QString &file, int firstLine)
{
    Result result;
    auto push = [&result](NginxToken::Type type, const QString &value, int line, bool quoted = false) {
        result.tokens.append(NginxToken{type, value, line, quoted});
    };
    auto fail = [&result, &file](int line, const QString &message) {
        result.error = NginxIssue{NginxIssue::Severity::Error, file, line, message};
    };

    // The state variables are ngx_conf_read_token()'s, so the two can be read side by side.
    int line = firstLine;
    bool lastSpace = true;   // between words: the next character may start one
    bool needSpace = false;  // a quoted word just ended: only a separator may follow
    bool escaped = false;    // the previous character was a backslash
    bool doubleQuoted = false;
    bool singleQuoted = false;
    bool variable = false;   // just after '$': a '{' belongs to the word ("${name}")
    bool sharpComment = false;
    qsizetype start = 0;
    int startLine = line;
    qsizetype commentStart = 0;
    int commentLine = line;

    auto endComment = [&](qsizetype end) {
        QByteArray body = text.mid(commentStart, end - commentStart);
        if (body.endsWith('\r'))
            body.chop(1);
        push(NginxToken::Type::Comment, QString::fromUtf8(body), commentLine);
        sharpComment = false;
    };
    auto resetAfterStructure = [&] {
        lastSpace = true;
        needSpace = false;
        variable = false;
    };

    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char ch = text.at(i);
        if (ch == '\n') {
            if (sharpComment)
                endComment(i);
            ++line;
        }
        if (sharpComment)
            continue;
        if (escaped) {
            escaped = false;
            continue;
        }

        if (needSpace) {
            if (isSpace(ch)) {
                lastSpace = true;
                needSpace = false;
                continue;
            }
            if (ch == ';') {
                push(NginxToken::Type::Semicolon, QStringLiteral(";"), line);
                resetAfterStructure();
                continue;
            }
            if (ch == '{') {
                push(NginxToken::Type::BlockStart, QStringLiteral("{"), line);
                resetAfterStructure();
                continue;
            }
            if (ch == ')') {
                // nginx lets ')' follow a quoted word (if ("$a") in http) and starts a new word with it.
                lastSpace = true;
                needSpace = false;
            } else {
                fail(line, QStringLiteral("unexpected %1 right after a quoted string; put a space, ';' or '{' after the closing quote")
                               .arg(describe(ch)));
                return result;
            }
        }

        if (lastSpace) {
            start = i;
            startLine = line;
            if (isSpace(ch))
                continue;
            switch (ch) {
            case ';':
                push(NginxToken::Type::Semicolon, QStringLiteral(";"), line);
                resetAfterStructure();
                continue;
            case '{':
                push(NginxToken::Type::BlockStart, QStringLiteral("{"), line);
                resetAfterStructure();
                continue;
            case '}':
                push(NginxToken::Type::BlockEnd, QStringLiteral("}"), line);
                resetAfterStructure();
                continue;
            case '#':
                sharpComment = true;
                commentStart = i + 1;
                commentLine = line;
                continue;
            case '\\':
                escaped = true;
                lastSpace = false;
                continue;
            case '"':
                start = i + 1;
                doubleQuoted = true;
                lastSpace = false;
                continue;
            case '\'':
                start = i + 1;
                singleQuoted = true;
                lastSpace = false;
                continue;
            case '$':
                variable = true;
                lastSpace = false;
                continue;
            default:
                lastSpace = false;
                continue;
            }
        }

        if (ch == '{' && variable)
            continue;
        variable = false;
        if (ch == '\\') {
            escaped = true;
            continue;
        }
        if (ch == '$') {
            variable = true;
            continue;
        }

        bool found = false;
        bool quoted = false;
        if (doubleQuoted) {
            if (ch == '"') {
                doubleQuoted = false;
                needSpace = true;
                found = quoted = true;
            }
        } else if (singleQuoted) {
            if (ch == '\'') {
                singleQuoted = false;
                needSpace = true;
                found = quoted = true;
            }
        } else if (isSpace(ch) || ch == ';' || ch == '{') {
            lastSpace = true;
            found = true;
        }
        if (!found)
            continue;

        push(NginxToken::Type::Word, QString::fromUtf8(unescape(text.mid(start, i - start))), startLine, quoted);
        if (ch == ';') {
            push(NginxToken::Type::Semicolon, QStringLiteral(";"), line);
            resetAfterStructure();
        } else if (ch == '{') {
            push(NginxToken::Type::BlockStart, QStringLiteral("{"), line);
            resetAfterStructure();
        }
    }

    if (sharpComment)
        endComment(size);
    if (doubleQuoted || singleQuoted) {
        fail(startLine, QStringLiteral("the %1 string that starts here is never closed; add the closing %2")
                            .arg(doubleQuoted ? QStringLiteral("double-quoted") : QStringLiteral("single-quoted"),
                                 doubleQuoted ? QStringLiteral("\"") : QStringLiteral("'")));
        return result;
    }
    if (!lastSpace && !needSpace) {
        // A word running into the end of the file; the parser reports the missing ';'.
        push(NginxToken::Type::Word, QString::fromUtf8(unescape(text.mid(start))), startLine);
    }
    return result;
}
