#pragma once

#include "nginxissue.h"
#include "nginxtoken.h"

#include <QByteArray>
#include <QList>
#include <optional>

// Splits nginx config text into tokens by nginx's own rules (ngx_conf_read_token() in
// src/core/ngx_conf_file.c): whitespace separates words; ';' '{' '}' are structure only
// where a word may start ("a}" is one word, "a;" is a word and a ';'); '#' starts a
// comment only where a word may start; "..." and '...' quote; a backslash keeps the next
// character from ending a word and \" \' \\ \t \r \n are unescaped; "${" does not open a
// block. Bytes, not characters: the text is read as nginx reads it and decoded as UTF-8
// per word. Pure function, any thread.
class NginxTokenizer
{
public:
    struct Result
    {
        QList<NginxToken> tokens;
        std::optional<NginxIssue> error; // the first lexical error; tokens stop there
    };

    // file names the text in messages. firstLine: the line number of the text's first line
    // (the importer re-reads commented-out blocks from the middle of a file).
    static Result tokenize(const QByteArray &text, const QString &file, int firstLine = 1);

    // nginx's unescaping of a word as written between its delimiters.
    static QByteArray unescape(const QByteArray &raw);
};
