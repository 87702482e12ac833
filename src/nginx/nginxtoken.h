#pragma once

#include <QString>

// One lexical unit of an nginx config file, as ngx_conf_read_token() splits it.
struct NginxToken
{
    enum class Type {
        Word,       // a directive name or argument, quotes removed and escapes applied
        Semicolon,  // ';' ends a simple directive
        BlockStart, // '{'
        BlockEnd,   // '}'
        Comment,    // '#' to the end of the line; kept so "# portier: ..." can be read back
    };

    Type type = Type::Word;
    QString text; // Word: the value; Comment: what follows '#' (without the line break)
    int line = 0;
    bool quoted = false; // Word: written in "..." or '...'

    friend bool operator==(const NginxToken &, const NginxToken &) = default;
};
