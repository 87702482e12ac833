#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// One node of a parsed nginx config: a directive ("proxy_timeout 20s;"), a block
// ("upstream backend { ... }", children filled) or a comment line kept for the importer,
// which reads "# portier: ..." comments back. includes are already replaced by the
// directives of the files they name, each keeping its own file and line.
struct NginxDirective
{
    QString name;
    QStringList args;
    QString file;
    int line = 0;
    bool isBlock = false;
    bool isComment = false; // then comment holds the text after '#', name and args are empty
    QString comment;
    QList<NginxDirective> children;
};
