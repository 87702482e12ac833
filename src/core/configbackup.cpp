#include "configbackup.h"

#include "configjson.h"
#include "configvalidator.h"

#include <QFileInfo>

QString ConfigBackup::describe() const
{
    return QStringLiteral("%1, saved %2").arg(QFileInfo(path).fileName(), saved.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
}

std::optional<ConfigBackup> ConfigBackup::find(const QString &configPath)
{
    const QFileInfo info(configPath + QStringLiteral(".bak"));
    if (!info.isFile())
        return std::nullopt;
    ConfigBackup backup;
    backup.path = info.filePath();
    backup.saved = info.lastModified();
    const ConfigJson::LoadResult loaded = ConfigJson::load(backup.path);
    backup.config = loaded.config;
    backup.issues = loaded.issues;
    if (backup.issues.isEmpty())
        backup.issues = ConfigValidator::validate(backup.resolvedConfig());
    return backup;
}

Config ConfigBackup::resolvedConfig() const
{
    Config resolved = config;
    ConfigJson::resolvePaths(&resolved, QFileInfo(path).absolutePath());
    return resolved;
}
