#pragma once

#include "config.h"
#include "configissue.h"

#include <QJsonObject>

// Reads and writes the JSON config file (docs/config.md). Reading reports every problem it
// finds with its path; an unknown key is an error, never ignored. Structural checks only:
// ConfigValidator judges the values.
namespace ConfigJson {

struct LoadResult
{
    Config config;
    ConfigIssues issues; // empty = the file was read completely
};

LoadResult fromJson(const QJsonObject &root);
LoadResult fromBytes(const QByteArray &json);
LoadResult load(const QString &path);

QJsonObject toJson(const Config &config);
QByteArray toBytes(const Config &config);
// The same config written over `previous` (the file's text until now): its key order is
// kept, and defaults it spelled out stay spelled out, so a save shows only what changed.
QByteArray toBytes(const Config &config, const QByteArray &previous);

// Makes relative file paths (error log, certificates) absolute against baseDirectory, the
// config file's folder, so a config means the same whatever the working directory.
void resolvePaths(Config *config, const QString &baseDirectory);

// Writes through QSaveFile: the old file stays intact unless the new one is complete; the
// version it replaces is kept as path + ".bak".
bool save(const Config &config, const QString &path, QString *error);

} // namespace ConfigJson
