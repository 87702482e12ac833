#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// What portierd's --export-nginx and --import-nginx do, kept here so portierd.cpp only
// wires options to it: read, convert, write, and say what happened in lines for stderr.
// Exit code 0 when done (warnings allowed), 1 when the input has errors (nothing is
// written then), 2 when the request itself is wrong.
class NginxCommandLine
{
public:
    struct Outcome
    {
        int exitCode = 0;
        QStringList messages; // for stderr, one a line
        QByteArray output;    // for stdout, when no output file was given
    };

    struct ExportRequest
    {
        QString configPath;   // Portier JSON
        QString outputPath;   // empty: standard output
        bool standalone = false;
        QString nginxVersion; // empty: NginxVersion::debian()
    };

    static Outcome exportNginx(const ExportRequest &request);
    static Outcome importNginx(const QString &nginxPath, const QString &outputPath);
};
