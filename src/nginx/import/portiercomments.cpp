#include "importer.h"
#include "../nginxparser.h"
#include "../nginxtokenizer.h"

// "# portier: ..." comments: what nginx cannot express travels in comments nginx ignores.

namespace NginxImport {

namespace {

constexpr QLatin1StringView portierPrefix("portier:");
constexpr QLatin1StringView disabledMarker("disabled |");

} // namespace

// The text of a "# portier: ..." comment after the marker; a null string otherwise.
QString Importer::portierText(const NginxDirective &comment)
{
    const QString text = comment.comment.trimmed();
    if (!text.startsWith(portierPrefix))
        return QString();
    return text.mid(portierPrefix.size()).trimmed();
}

// A "# portier: name args" comment read as a directive with nginx's word rules.
std::optional<NginxDirective> Importer::portierDirective(const NginxDirective &comment)
{
    const QString text = portierText(comment);
    if (text.isNull() || text.startsWith(disabledMarker) || text == u"nginx_only")
        return std::nullopt;
    const NginxTokenizer::Result tokens = NginxTokenizer::tokenize(text.toUtf8(), comment.file, comment.line);
    NginxDirective d;
    d.file = comment.file;
    d.line = comment.line;
    bool readable = !tokens.error && !tokens.tokens.isEmpty();
    for (const NginxToken &token : tokens.tokens) {
        if (token.type != NginxToken::Type::Word) {
            readable = false;
            break;
        }
        if (d.name.isNull())
            d.name = token.text;
        else
            d.args << token.text;
    }
    if (!readable) {
        report(Severity::Warning, comment, QStringLiteral("this \"# portier:\" comment cannot be read (%1); it is ignored")
                                               .arg(tokens.error ? tokens.error->message : QStringLiteral("expected words only")));
        return std::nullopt;
    }
    return d;
}

// The stream block's children, with the commented-out listeners of a "# portier:
// disabled |" region parsed back in place.
QList<Importer::Entry> Importer::expandDisabled(const QList<NginxDirective> &children)
{
    QList<Entry> entries;
    qsizetype i = 0;
    while (i < children.size()) {
        const NginxDirective &d = children.at(i);
        const QString text = d.isComment ? portierText(d) : QString();
        if (text.isNull() || !text.startsWith(disabledMarker)) {
            entries.append({d, false});
            ++i;
            continue;
        }
        // One run of consecutive marked lines is one region.
        QByteArray region;
        const int firstLine = d.line;
        int expected = d.line;
        while (i < children.size() && children.at(i).isComment && children.at(i).file == d.file && children.at(i).line == expected) {
            const QString lineText = portierText(children.at(i));
            if (lineText.isNull() || !lineText.startsWith(disabledMarker))
                break;
            QString body = children.at(i).comment;
            body = body.mid(body.indexOf(u'|') + 1);
            region += body.toUtf8() + '\n';
            ++expected;
            ++i;
        }
        const NginxParser::Result parsed = NginxParser::parseText(region, d.file, m_baseDirectory, firstLine);
        for (const NginxIssue &issue : parsed.issues)
            report(Severity::Warning, Place{issue.file, issue.line},
                   QStringLiteral("this commented-out listener cannot be read back (%1); it is left out").arg(issue.message));
        if (parsed.ok()) {
            for (const NginxDirective &inner : parsed.directives)
                entries.append({inner, true});
        }
    }
    return entries;
}

QList<NginxDirective> Importer::portierDirectives(const QList<NginxDirective> &children)
{
    QList<NginxDirective> directives;
    for (const NginxDirective &comment : children) {
        if (!comment.isComment)
            continue;
        if (std::optional<NginxDirective> d = portierDirective(comment))
            directives << *d;
    }
    return directives;
}

} // namespace NginxImport
