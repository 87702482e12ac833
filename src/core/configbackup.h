#pragma once

#include "config.h"
#include "configissue.h"

#include <QDateTime>
#include <QString>
#include <optional>

// The last good version of a config file: the path + ".bak" that ConfigJson::save keeps.
// When a config does not load, the GUI offers it and portierd names it; neither uses it
// without the user's word.
struct ConfigBackup
{
    QString path;        // the .bak file
    QDateTime saved;     // when it was written (the save that replaced it)
    Config config;       // as read: relative paths stay relative, as in the file
    ConfigIssues issues; // what is wrong with it too; empty = it loads and validates

    Config resolvedConfig() const; // relative paths made absolute against the file's folder
    bool isGood() const { return issues.isEmpty(); }
    // "portier.json.bak, saved 2026-12-05 01:30"
    QString describe() const;

    // The backup beside configPath, read and validated; nullopt when there is none.
    static std::optional<ConfigBackup> find(const QString &configPath);
};
