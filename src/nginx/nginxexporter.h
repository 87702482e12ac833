#pragma once

#include "nginxversion.h"

#include <config.h>
#include <configissue.h>

#include <QString>
#include <QStringList>

// Writes a Config as nginx `stream {}` syntax: a snippet to include in an existing
// nginx.conf, or a complete standalone nginx.conf. The output is stable (same config, same
// text), one directive a line, and passes the target nginx's `nginx -t`: a feature the
// target lacks becomes a comment saying so plus the nearest directive it has. What nginx
// cannot express at all (active health checks, a listener switched off, certificate names,
// settings of methods not in use) travels in "# portier: ..." comments that NginxImporter
// reads back, so export then import gives back the same Config. Pure function, any thread.
class NginxExporter
{
public:
    enum class Form { Snippet, Standalone };

    struct Options
    {
        Form form = Form::Snippet;
        NginxVersion target = NginxVersion::debian();

        // Standalone only: nginx's own process settings around stream {}.
        // Debian's path; empty when the target nginx has the stream module built in.
        QString loadModule = QStringLiteral("/usr/lib/nginx/modules/ngx_stream_module.so");
        QString pid;        // empty: nginx's compiled-in default (/run/nginx.pid on Debian)
        // nginx's main error_log, for nginx itself; empty: its compiled-in default. The
        // config's own error_log is written inside stream {}.
        QString errorLog;
        QStringList events; // directives inside events {}, e.g. "worker_connections 1024"
    };

    struct Result
    {
        QString text;
        ConfigIssues errors;   // nginx would refuse what the config says; text is empty then
        ConfigIssues warnings; // written, but not exactly as the config says (see each message)

        bool ok() const { return errors.isEmpty(); }
    };

    static Result exportConfig(const Config &config, const Options &options);
    static Result exportConfig(const Config &config); // a snippet for nginx 1.22

    // The word as nginx reads it back unchanged: bare when it can be, else double-quoted
    // with \" \\ \n \r \t escaped.
    static QString quote(const QString &word);
    // An upstream name nginx takes bare and never mistakes for host:port: letters, digits,
    // '_', '-' and '.', other characters replaced by '_'.
    static QString safeName(const QString &name);
    // The variable an exported SNI map sets for listeners[index].
    static QString sniVariable(qsizetype listenerIndex);
};
