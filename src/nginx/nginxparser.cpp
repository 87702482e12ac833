#include "nginxparser.h"

#include "nginxtokenizer.h"

#include <boundedfile.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace {

// Deeper than any real setup nests includes; a file including itself through a glob would
// otherwise recurse until the process runs out of descriptors, as nginx does.
constexpr int maxIncludeDepth = 32;
// Files read in all, and their bytes: a set of files that each include the next twice would
// otherwise grow exponentially (24 of them: 16 million reads).
constexpr int maxFilesRead = 1000;
constexpr qint64 maxBytesRead = 64 * 1024 * 1024;
// nginx has no limit; this one only keeps a malformed file from exhausting the stack.
constexpr int maxBlockDepth = 100;

bool hasGlob(const QString &pattern)
{
    return pattern.contains(u'*') || pattern.contains(u'?') || pattern.contains(u'[');
}

// glob(3) as nginx calls it: each path component may hold wildcards; matches sorted by
// name; dot files only when the pattern names them.
QStringList expandGlob(const QString &pattern)
{
    const QString clean = QDir::cleanPath(pattern);
    QStringList parts = clean.split(u'/');
    QStringList current{clean.startsWith(u'/') ? QStringLiteral("/") : QString()};
    if (clean.startsWith(u'/'))
        parts.removeFirst();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString &part = parts.at(i);
        const bool last = i == parts.size() - 1;
        QStringList next;
        for (const QString &base : std::as_const(current)) {
            const QString prefix = base.isEmpty() ? QString() : (base.endsWith(u'/') ? base : base + u'/');
            if (!hasGlob(part)) {
                next << prefix + part;
                continue;
            }
            QDir directory(base.isEmpty() ? QStringLiteral(".") : base);
            QDir::Filters filters = last ? QDir::Files : QDir::Dirs | QDir::NoDotAndDotDot;
            if (part.startsWith(u'.'))
                filters |= QDir::Hidden;
            const QStringList names = directory.entryList({part}, filters, QDir::Name);
            for (const QString &name : names)
                next << prefix + name;
        }
        current = next;
    }
    QStringList files;
    for (const QString &path : std::as_const(current)) {
        if (QFileInfo(path).isFile())
            files << path;
    }
    return files;
}

class Parser
{
public:
    Parser(NginxParser::Result *result, const QString &baseDirectory) : m_result(result), m_baseDirectory(baseDirectory) {}

    // Reads a file and appends its directives to *into.
    bool parseFile(const QString &path, const QString &includedFrom, int includedAtLine, QList<NginxDirective> *into)
    {
        const QString canonical = QFileInfo(path).canonicalFilePath();
        if (m_stack.contains(canonical)) {
            fail(includedFrom, includedAtLine, QStringLiteral("\"%1\" includes itself (through %2); remove one of the includes")
                                                   .arg(path, m_stack.join(QStringLiteral(" -> "))));
            return false;
        }
        if (m_stack.size() >= maxIncludeDepth) {
            fail(includedFrom, includedAtLine, QStringLiteral("includes nest deeper than %1 files; is there an include loop?").arg(maxIncludeDepth));
            return false;
        }
        if (m_filesRead >= maxFilesRead || m_bytesRead > maxBytesRead) {
            fail(includedFrom, includedAtLine, QStringLiteral("includes read %1 files (%2 bytes) in all, more than the %3 files or %4 bytes "
                                                              "a config may have; does a file include another more than once?")
                                                   .arg(m_filesRead).arg(m_bytesRead).arg(maxFilesRead).arg(maxBytesRead));
            return false;
        }
        QByteArray text;
        QString error;
        const BoundedFile::Status status = BoundedFile::read(path, &text, &error);
        if (status == BoundedFile::Status::CannotOpen) {
            if (includedFrom.isEmpty())
                fail(path, 0, QStringLiteral("cannot read the file (%1)").arg(error));
            else
                fail(includedFrom, includedAtLine, QStringLiteral("cannot read the included file \"%1\" (%2)").arg(path, error));
            return false;
        }
        if (status == BoundedFile::Status::Refused) {
            if (includedFrom.isEmpty())
                fail(path, 0, error);
            else
                fail(includedFrom, includedAtLine, QStringLiteral("cannot include \"%1\": %2").arg(path, error));
            return false;
        }
        ++m_filesRead;
        m_bytesRead += text.size();
        m_result->files << path;
        m_stack.push_back(canonical);
        const bool ok = parseText(text, path, 1, into);
        m_stack.pop_back();
        return ok;
    }

    // Parses text and appends its directives to *into.
    bool parseText(const QByteArray &text, const QString &file, int firstLine, QList<NginxDirective> *into)
    {
        const NginxTokenizer::Result tokens = NginxTokenizer::tokenize(text, file, firstLine);
        // Structure is checked on the tokens read before a lexical error, so the first
        // error in the file is the one reported, as nginx would.
        qsizetype position = 0;
        m_truncated = tokens.error.has_value();
        QList<NginxDirective> directives;
        const bool ok = parseBlock(tokens.tokens, &position, file, nullptr, &directives);
        into->append(directives);
        if (!ok)
            return false;
        if (tokens.error) {
            m_result->issues << *tokens.error;
            return false;
        }
        return true;
    }

private:
    void fail(const QString &file, int line, const QString &message)
    {
        m_result->issues << NginxIssue{NginxIssue::Severity::Error, file, line, message};
    }

    // Reads directives until the matching '}' (block != nullptr) or the end of the tokens.
    bool parseBlock(const QList<NginxToken> &tokens, qsizetype *position, const QString &file, const NginxDirective *block,
                    QList<NginxDirective> *out)
    {
        NginxDirective current;
        bool pending = false;
        auto lastLine = [&] { return tokens.isEmpty() ? 1 : tokens.last().line; };
        while (*position < tokens.size()) {
            const NginxToken &token = tokens.at(*position);
            ++*position;
            switch (token.type) {
            case NginxToken::Type::Comment: {
                NginxDirective comment;
                comment.file = file;
                comment.line = token.line;
                comment.isComment = true;
                comment.comment = token.text;
                out->append(comment);
                break;
            }
            case NginxToken::Type::Word:
                if (!pending) {
                    current = NginxDirective();
                    current.name = token.text;
                    current.file = file;
                    current.line = token.line;
                    pending = true;
                } else {
                    current.args << token.text;
                }
                break;
            case NginxToken::Type::Semicolon:
                if (!pending) {
                    fail(file, token.line, QStringLiteral("unexpected \";\"; a ';' ends a directive, and there is none before it"));
                    return false;
                }
                pending = false;
                if (current.name == u"include" && !expandInclude(current, out))
                    return false;
                if (current.name != u"include")
                    out->append(current);
                break;
            case NginxToken::Type::BlockStart:
                if (!pending) {
                    fail(file, token.line, QStringLiteral("unexpected \"{\"; a block needs a name before it, e.g. stream {"));
                    return false;
                }
                pending = false;
                current.isBlock = true;
                if (m_blockDepth >= maxBlockDepth) {
                    fail(file, token.line, QStringLiteral("blocks nest deeper than %1; close some with '}'").arg(maxBlockDepth));
                    return false;
                }
                {
                    ++m_blockDepth;
                    NginxDirective opened = current;
                    const bool ok = parseBlock(tokens, position, file, &opened, &opened.children);
                    --m_blockDepth;
                    out->append(opened);
                    if (!ok)
                        return false;
                }
                break;
            case NginxToken::Type::BlockEnd:
                if (pending) {
                    fail(file, token.line, QStringLiteral("unexpected \"}\"; the directive \"%1\" on line %2 needs a ';' before it")
                                               .arg(current.name).arg(current.line));
                    return false;
                }
                if (!block) {
                    fail(file, token.line, QStringLiteral("unexpected \"}\"; there is no open block to close here"));
                    return false;
                }
                return true;
            }
        }
        if (m_truncated)
            return true; // the tokenizer's error explains why the text ends here
        if (pending) {
            fail(file, lastLine(), QStringLiteral("unexpected end of file, expecting \";\" or \"}\" after the directive \"%1\" on line %2")
                                       .arg(current.name).arg(current.line));
            return false;
        }
        if (block) {
            fail(file, lastLine(), QStringLiteral("unexpected end of file, expecting \"}\" to close \"%1\" opened on line %2")
                                       .arg(block->name).arg(block->line));
            return false;
        }
        return true;
    }

    bool expandInclude(const NginxDirective &include, QList<NginxDirective> *out)
    {
        if (include.args.size() != 1) {
            fail(include.file, include.line, QStringLiteral("include takes one file name or pattern, found %1").arg(include.args.size()));
            return false;
        }
        const QString pattern = QDir::isRelativePath(include.args.first()) ? QDir(m_baseDirectory).absoluteFilePath(include.args.first())
                                                                         : include.args.first();
        QStringList files;
        if (hasGlob(pattern))
            files = expandGlob(pattern);
        else
            files << pattern;
        const bool truncated = m_truncated;
        for (const QString &path : std::as_const(files)) {
            if (!parseFile(path, include.file, include.line, out))
                return false;
        }
        m_truncated = truncated;
        return true;
    }

    NginxParser::Result *m_result;
    QString m_baseDirectory;
    QStringList m_stack; // canonical paths of the files being read, outermost first
    bool m_truncated = false; // the text being parsed stops at a lexical error
    int m_blockDepth = 0;
    int m_filesRead = 0;
    qint64 m_bytesRead = 0;
};

} // namespace

NginxParser::Result NginxParser::parseFile(const QString &path)
{
    Result result;
    Parser parser(&result, QFileInfo(path).absolutePath());
    parser.parseFile(path, QString(), 0, &result.directives);
    return result;
}

NginxParser::Result NginxParser::parseText(const QByteArray &text, const QString &file, const QString &baseDirectory, int firstLine)
{
    Result result;
    Parser parser(&result, baseDirectory);
    parser.parseText(text, file, firstLine, &result.directives);
    return result;
}
