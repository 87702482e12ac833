#pragma once

#include "nginxdirective.h"
#include "nginxissue.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

// Shapes NginxTokenizer's tokens into a directive tree, with nginx's structural errors
// ("unexpected ;", "unexpected end of file, expecting }") at file:line, and replaces each
// `include` by the directives of the files it names, as nginx does while reading: a
// relative pattern resolves against the main config file's folder (nginx's conf prefix),
// a pattern with * ? [ is a glob whose matches are read in name order (none is fine), a
// plain name that cannot be read is an error. Stops at the first error, as nginx does.
// Pure functions reading files, any thread.
class NginxParser
{
public:
    struct Result
    {
        QList<NginxDirective> directives;
        NginxIssues issues; // errors only; empty when the whole text was read
        QStringList files;  // every file read, the main one first

        bool ok() const { return issues.isEmpty(); }
    };

    static Result parseFile(const QString &path);
    // baseDirectory: where relative includes resolve. firstLine: see NginxTokenizer.
    static Result parseText(const QByteArray &text, const QString &file, const QString &baseDirectory, int firstLine = 1);
};
