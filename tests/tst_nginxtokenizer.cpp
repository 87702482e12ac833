// nginx config syntax: NginxTokenizer's words by nginx's rules (quotes, escapes, comments,
// $variables, ; { }), and NginxParser's directive tree, errors with file:line, includes.

#include "nginxparser.h"
#include "nginxprefix.h"
#include "nginxtokenizer.h"

#include <QTest>

namespace {

// Tokens in one line: words in [brackets] ("[..]" when quoted), ; { } as they are,
// comments as #text, each followed by @line.
QString describe(const QList<NginxToken> &tokens)
{
    QStringList parts;
    for (const NginxToken &token : tokens) {
        QString text;
        switch (token.type) {
        case NginxToken::Type::Word: text = (token.quoted ? QStringLiteral("\"[") : QStringLiteral("[")) + token.text + (token.quoted ? QStringLiteral("]\"") : QStringLiteral("]")); break;
        case NginxToken::Type::Semicolon: text = QStringLiteral(";"); break;
        case NginxToken::Type::BlockStart: text = QStringLiteral("{"); break;
        case NginxToken::Type::BlockEnd: text = QStringLiteral("}"); break;
        case NginxToken::Type::Comment: text = u'#' + token.text; break;
        }
        parts << text + u'@' + QString::number(token.line);
    }
    return parts.join(u' ');
}

// The tree in one line: name(args){children} with @line, comments as #text.
QString describe(const QList<NginxDirective> &directives)
{
    QStringList parts;
    for (const NginxDirective &d : directives) {
        if (d.isComment) {
            parts << u'#' + d.comment.trimmed() + u'@' + QString::number(d.line);
            continue;
        }
        QString text = d.name;
        if (!d.args.isEmpty())
            text += u'(' + d.args.join(u',') + u')';
        text += u'@' + QFileInfo(d.file).fileName() + u':' + QString::number(d.line);
        if (d.isBlock)
            text += u'{' + describe(d.children) + u'}';
        parts << text;
    }
    return parts.join(u' ');
}

QString describe(const NginxIssues &issues)
{
    QStringList lines;
    for (const NginxIssue &issue : issues)
        lines << issue.toString();
    return lines.join(u'\n');
}

} // namespace

class TestNginxTokenizer : public QObject
{
    Q_OBJECT

private slots:
    void tokens_data();
    void tokens();
    void lexicalErrors_data();
    void lexicalErrors();
    void unescape_data();
    void unescape();

    void tree_data();
    void tree();
    void structureErrors_data();
    void structureErrors();

    void includeGlobResolvesAgainstMainFolder();
    void includeOfMissingFileIsPlaced();
    void includeGlobWithoutMatchIsFine();
    void includeLoopIsReported();
    void mainFileUnreadable();
};

void TestNginxTokenizer::tokens_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("directive") << QByteArray("proxy_timeout 20s;") << QStringLiteral("[proxy_timeout]@1 [20s]@1 ;@1");
    QTest::newRow("block over lines") << QByteArray("stream {\n    server {\n    }\n}\n")
                                      << QStringLiteral("[stream]@1 {@1 [server]@2 {@2 }@3 }@4");
    QTest::newRow("no space before ; and {") << QByteArray("a b;c{") << QStringLiteral("[a]@1 [b]@1 ;@1 [c]@1 {@1");
    QTest::newRow("brace inside a word is a letter") << QByteArray("a}b x};") << QStringLiteral("[a}b]@1 [x}]@1 ;@1");
    QTest::newRow("double quotes keep spaces and ;") << QByteArray("send \"a b;c{}\";") << QStringLiteral("[send]@1 \"[a b;c{}]\"@1 ;@1");
    QTest::newRow("single quotes") << QByteArray("expect 'a \"b\"';") << QStringLiteral("[expect]@1 \"[a \"b\"]\"@1 ;@1");
    QTest::newRow("escapes in quotes") << QByteArray("send \"a\\\"b\\\\c\\n\\t\\r\\x\";") << QStringLiteral("[send]@1 \"[a\"b\\c\n\t\r\\x]\"@1 ;@1");
    QTest::newRow("backslash keeps ; in a word") << QByteArray("a\\;b;") << QStringLiteral("[a\\;b]@1 ;@1");
    QTest::newRow("escaped space joins") << QByteArray("a\\ b;") << QStringLiteral("[a\\ b]@1 ;@1");
    QTest::newRow("empty quoted word") << QByteArray("proxy_ssl_name \"\";") << QStringLiteral("[proxy_ssl_name]@1 \"[]\"@1 ;@1");
    QTest::newRow("variable") << QByteArray("hash $remote_addr consistent;") << QStringLiteral("[hash]@1 [$remote_addr]@1 [consistent]@1 ;@1");
    QTest::newRow("${ does not open a block") << QByteArray("proxy_pass ${name}x;") << QStringLiteral("[proxy_pass]@1 [${name}x]@1 ;@1");
    QTest::newRow("$ then space then { opens one") << QByteArray("a $ {") << QStringLiteral("[a]@1 [$]@1 {@1");
    QTest::newRow("comment line") << QByteArray("# one\nserver x;") << QStringLiteral("# one@1 [server]@2 [x]@2 ;@2");
    QTest::newRow("commented-out server") << QByteArray("server a;\n#server b; # later taken out\n")
                                          << QStringLiteral("[server]@1 [a]@1 ;@1 #server b; # later taken out@2");
    QTest::newRow("# inside a word is a letter") << QByteArray("a#b;") << QStringLiteral("[a#b]@1 ;@1");
    QTest::newRow("comment in the middle of a directive") << QByteArray("server a # note\n  weight=2;")
                                                          << QStringLiteral("[server]@1 [a]@1 # note@1 [weight=2]@2 ;@2");
    QTest::newRow("# inside quotes") << QByteArray("send \"#x\";") << QStringLiteral("[send]@1 \"[#x]\"@1 ;@1");
    QTest::newRow("CRLF lines") << QByteArray("a b;\r\n# c\r\nd;\r\n") << QStringLiteral("[a]@1 [b]@1 ;@1 # c@2 [d]@3 ;@3");
    QTest::newRow("quoted word over lines keeps its first line") << QByteArray("send \"a\nb\";") << QStringLiteral("[send]@1 \"[a\nb]\"@1 ;@2");
    QTest::newRow("quote inside a word is a letter") << QByteArray("a\"b c;") << QStringLiteral("[a\"b]@1 [c]@1 ;@1");
    QTest::newRow("close paren may follow a quote") << QByteArray("if \"$a\") {") << QStringLiteral("[if]@1 \"[$a]\"@1 [)]@1 {@1");
    QTest::newRow("unterminated word at end of file") << QByteArray("a b") << QStringLiteral("[a]@1 [b]@1");
    QTest::newRow("UTF-8 word") << QByteArray("send \"h\xc3\xa9\";") << QStringLiteral("[send]@1 \"[h\u00e9]\"@1 ;@1");
}

void TestNginxTokenizer::tokens()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const NginxTokenizer::Result result = NginxTokenizer::tokenize(text, QStringLiteral("t.conf"));
    QVERIFY2(!result.error, qPrintable(result.error ? result.error->toString() : QString()));
    QCOMPARE(describe(result.tokens), expected);
}

void TestNginxTokenizer::lexicalErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("double quote never closed") << QByteArray("a;\nsend \"abc;\n\n") << 2 << QStringLiteral("double-quoted string that starts here is never closed");
    QTest::newRow("single quote never closed") << QByteArray("send 'abc") << 1 << QStringLiteral("single-quoted");
    QTest::newRow("letter right after a quote") << QByteArray("a\n\"b\"c;") << 2 << QStringLiteral("unexpected \"c\" right after a quoted string");
    QTest::newRow("quote right after a quote") << QByteArray("a \"b\"\"c\";") << 1 << QStringLiteral("unexpected \"\"\"");
}

void TestNginxTokenizer::lexicalErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(QString, fragment);
    const NginxTokenizer::Result result = NginxTokenizer::tokenize(text, QStringLiteral("t.conf"));
    QVERIFY(result.error);
    QCOMPARE(result.error->file, QStringLiteral("t.conf"));
    QCOMPARE(result.error->line, line);
    QVERIFY2(result.error->message.contains(fragment), qPrintable(result.error->message));
}

void TestNginxTokenizer::unescape_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("quote") << QByteArray("a\\\"b") << QByteArray("a\"b");
    QTest::newRow("apostrophe") << QByteArray("a\\'b") << QByteArray("a'b");
    QTest::newRow("backslash") << QByteArray("a\\\\b") << QByteArray("a\\b");
    QTest::newRow("controls") << QByteArray("\\t\\r\\n") << QByteArray("\t\r\n");
    QTest::newRow("other pairs keep the backslash") << QByteArray("\\default \\d") << QByteArray("\\default \\d");
    QTest::newRow("trailing backslash") << QByteArray("a\\") << QByteArray("a\\");
}

void TestNginxTokenizer::unescape()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArray, expected);
    QCOMPARE(NginxTokenizer::unescape(raw), expected);
}

void TestNginxTokenizer::tree_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("article round robin")
        << QByteArray("stream {\n    upstream backend {\n        server 127.0.0.1:7773;\n    }\n    server {\n        listen 30003;\n"
                      "        proxy_pass backend;\n    }\n}\n")
        << QStringLiteral("stream@t.conf:1{upstream(backend)@t.conf:2{server(127.0.0.1:7773)@t.conf:3} server@t.conf:5{listen(30003)@t.conf:6 "
                          "proxy_pass(backend)@t.conf:7}}");
    QTest::newRow("comments kept in place") << QByteArray("a;\n# portier: x\nb { # c\n}\n")
                                            << QStringLiteral("a@t.conf:1 #portier: x@2 b@t.conf:3{#c@3}");
    QTest::newRow("directive over lines is at its first line") << QByteArray("\nserver\n  a\n  b;") << QStringLiteral("server(a,b)@t.conf:2");
    QTest::newRow("empty block") << QByteArray("events {}") << QStringLiteral("events@t.conf:1{}");
    QTest::newRow("empty text") << QByteArray("") << QString();
}

void TestNginxTokenizer::tree()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const NginxParser::Result result = NginxParser::parseText(text, QStringLiteral("t.conf"), QDir::tempPath());
    QVERIFY2(result.ok(), qPrintable(describe(result.issues)));
    QCOMPARE(describe(result.directives), expected);
}

void TestNginxTokenizer::structureErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("; alone") << QByteArray("a;\n;") << 2 << QStringLiteral("unexpected \";\"");
    QTest::newRow("{ alone") << QByteArray("\n\n{ }") << 3 << QStringLiteral("unexpected \"{\"");
    QTest::newRow("} at top level") << QByteArray("a;\n}") << 2 << QStringLiteral("no open block");
    QTest::newRow("} after a directive without ;") << QByteArray("stream {\n  proxy_timeout 20s\n}") << 3
                                                   << QStringLiteral("\"proxy_timeout\" on line 2 needs a ';'");
    QTest::newRow("end of file inside a directive") << QByteArray("a;\nproxy_pass backend\n") << 2
                                                    << QStringLiteral("expecting \";\" or \"}\" after the directive \"proxy_pass\" on line 2");
    QTest::newRow("end of file inside a block") << QByteArray("stream {\n  upstream b {\n  }\n") << 3
                                                << QStringLiteral("expecting \"}\" to close \"stream\" opened on line 1");
    QTest::newRow("lexical error wins over the cut-off directive") << QByteArray("stream {\n  send \"abc;\n}\n") << 2
                                                                   << QStringLiteral("never closed");
    QTest::newRow("structure error before a lexical one comes first") << QByteArray(";\n\"abc") << 1 << QStringLiteral("unexpected \";\"");
    QTest::newRow("include with two files") << QByteArray("include a b;") << 1 << QStringLiteral("include takes one file");
    QTest::newRow("nesting runs out") << QByteArray("a {").repeated(200) << 1 << QStringLiteral("blocks nest deeper than");
}

void TestNginxTokenizer::structureErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(QString, fragment);
    const NginxParser::Result result = NginxParser::parseText(text, QStringLiteral("t.conf"), QDir::tempPath());
    QCOMPARE(result.issues.size(), 1);
    const NginxIssue &issue = result.issues.first();
    QCOMPARE(issue.severity, NginxIssue::Severity::Error);
    QCOMPARE(issue.file, QStringLiteral("t.conf"));
    QCOMPARE(issue.line, line);
    QVERIFY2(issue.message.contains(fragment), qPrintable(issue.message));
}

void TestNginxTokenizer::includeGlobResolvesAgainstMainFolder()
{
    // nginx resolves every relative include against the main file's folder (its conf
    // prefix), also inside included files; globs read their matches in name order.
    NginxPrefix dir;
    QVERIFY(dir.write(QStringLiteral("nginx.conf"), "stream {\n    include conf.d/*.conf;\n}\n"));
    QVERIFY(dir.write(QStringLiteral("conf.d/b.conf"), "upstream b {\n    include parts/server.inc;\n}\n"));
    QVERIFY(dir.write(QStringLiteral("conf.d/a.conf"), "upstream a { server 127.0.0.1:1; }\n"));
    QVERIFY(dir.write(QStringLiteral("conf.d/.hidden.conf"), "broken {"));
    QVERIFY(dir.write(QStringLiteral("conf.d/c.txt"), "broken {"));
    QVERIFY(dir.write(QStringLiteral("parts/server.inc"), "server 127.0.0.1:2;\n"));

    const NginxParser::Result result = NginxParser::parseFile(dir.filePath(QStringLiteral("nginx.conf")));
    QVERIFY2(result.ok(), qPrintable(describe(result.issues)));
    QCOMPARE(describe(result.directives),
             QStringLiteral("stream@nginx.conf:1{upstream(a)@a.conf:1{server(127.0.0.1:1)@a.conf:1} "
                            "upstream(b)@b.conf:1{server(127.0.0.1:2)@server.inc:1}}"));
    QCOMPARE(result.files.size(), 4);
}

void TestNginxTokenizer::includeOfMissingFileIsPlaced()
{
    NginxPrefix dir;
    QVERIFY(dir.write(QStringLiteral("nginx.conf"), "stream {\n\n    include missing.conf;\n}\n"));
    const NginxParser::Result result = NginxParser::parseFile(dir.filePath(QStringLiteral("nginx.conf")));
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().file, dir.filePath(QStringLiteral("nginx.conf")));
    QCOMPARE(result.issues.first().line, 3);
    QVERIFY2(result.issues.first().message.contains(dir.filePath(QStringLiteral("missing.conf"))), qPrintable(result.issues.first().message));
}

void TestNginxTokenizer::includeGlobWithoutMatchIsFine()
{
    NginxPrefix dir;
    QVERIFY(dir.write(QStringLiteral("nginx.conf"), "stream {\n    include none/*.conf;\n}\n"));
    const NginxParser::Result result = NginxParser::parseFile(dir.filePath(QStringLiteral("nginx.conf")));
    QVERIFY2(result.ok(), qPrintable(describe(result.issues)));
    QCOMPARE(describe(result.directives), QStringLiteral("stream@nginx.conf:1{}"));
}

void TestNginxTokenizer::includeLoopIsReported()
{
    NginxPrefix dir;
    QVERIFY(dir.write(QStringLiteral("nginx.conf"), "include a.conf;\n"));
    QVERIFY(dir.write(QStringLiteral("a.conf"), "\ninclude *.conf;\n"));
    const NginxParser::Result result = NginxParser::parseFile(dir.filePath(QStringLiteral("nginx.conf")));
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().file, dir.filePath(QStringLiteral("a.conf")));
    QCOMPARE(result.issues.first().line, 2);
    QVERIFY2(result.issues.first().message.contains(QStringLiteral("includes itself")), qPrintable(result.issues.first().message));
}

void TestNginxTokenizer::mainFileUnreadable()
{
    const NginxParser::Result result = NginxParser::parseFile(QStringLiteral("/nonexistent/nginx.conf"));
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().file, QStringLiteral("/nonexistent/nginx.conf"));
    QVERIFY(result.issues.first().message.contains(QStringLiteral("cannot read")));
}

QTEST_GUILESS_MAIN(TestNginxTokenizer)
#include "tst_nginxtokenizer.moc"
