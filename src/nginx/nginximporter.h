#pragma once

#include "nginxissue.h"

#include <config.h>

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <algorithm>

// Reads an nginx config (and its includes) into a Portier Config: the stream {} block is
// carried over, everything else is named in a note or a warning with its file:line and
// why. Follows nginx where the two differ: a directive left out means nginx's default
// (proxy_half_close off), a setting at stream level is inherited by every server, one
// server {} with several listen lines becomes one listener per line, relative certificate
// paths resolve against the main config file's folder and are stored absolute. Commented-
// out lines are ignored, as nginx ignores them, except "# portier: ..." comments, which
// carry what nginx cannot express (see NginxExporter). The result is then judged by
// ConfigValidator, whose issues come back as warnings placed at the directive that made
// the value. Pure function reading files, any thread.
class NginxImporter
{
public:
    struct Result
    {
        Config config;
        NginxIssues issues;
        QStringList files; // every file read, the main one first

        bool hasErrors() const
        {
            return std::any_of(issues.begin(), issues.end(), [](const NginxIssue &i) { return i.severity == NginxIssue::Severity::Error; });
        }
    };

    static Result importFile(const QString &path);
    // text stands for a file named file; relative paths resolve against baseDirectory.
    static Result importText(const QByteArray &text, const QString &file, const QString &baseDirectory);
};
