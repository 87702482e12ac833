#include "configdocument.h"

#include "issuelocation.h"
#include "configeditcommand.h"

#include <configjson.h>
#include <configvalidator.h>

#include <QFileInfo>

ConfigDocument::ConfigDocument(QObject *parent) : QObject(parent), m_undoStack(this)
{
    m_issues = ConfigValidator::validate(m_config);
    connect(&m_undoStack, &QUndoStack::cleanChanged, this, [this](bool clean) { emit modifiedChanged(!clean); });
}

QString ConfigDocument::displayName() const
{
    return m_filePath.isEmpty() ? tr("Untitled") : QFileInfo(m_filePath).fileName();
}

QString ConfigDocument::baseDirectory() const
{
    return m_filePath.isEmpty() ? QString() : QFileInfo(m_filePath).absolutePath();
}

void ConfigDocument::edit(const Config &config, const QString &description, const QString &mergeKey)
{
    if (config == m_config)
        return;
    m_undoStack.push(new ConfigEditCommand(this, m_config, config, description, mergeKey));
}

void ConfigDocument::setConfig(const Config &config)
{
    m_config = config;
    m_issues = ConfigValidator::validate(m_config);
    m_runtimeIssues.clear();
    emit configChanged();
}

void ConfigDocument::reset(const Config &config, const QString &filePath)
{
    const bool wasModified = isModified();
    m_undoStack.clear();
    m_filePath = filePath;
    setConfig(config);
    emit filePathChanged(m_filePath);
    if (wasModified)
        emit modifiedChanged(false);
}

bool ConfigDocument::load(const QString &path, QString *error)
{
    const ConfigJson::LoadResult loaded = ConfigJson::load(path);
    if (!loaded.issues.isEmpty()) {
        QStringList lines;
        for (const ConfigIssue &issue : loaded.issues)
            lines << IssueLocation::text(Config(), issue); // nothing loaded: items by number
        if (error)
            *error = lines.join(u'\n');
        return false;
    }
    reset(loaded.config, QFileInfo(path).absoluteFilePath());
    return true;
}

void ConfigDocument::restore(const Config &config, const QString &filePath, const QString &description)
{
    reset(Config(), QFileInfo(filePath).absoluteFilePath());
    edit(config, description);
}

bool ConfigDocument::save(const QString &path, QString *error)
{
    if (!ConfigJson::save(m_config, path, error))
        return false;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (absolute != m_filePath) {
        m_filePath = absolute;
        emit filePathChanged(m_filePath);
    }
    m_undoStack.setClean();
    return true;
}

ConfigIssues ConfigDocument::issues() const
{
    return IssueLocation::worded(m_config, m_issues + m_runtimeIssues);
}

void ConfigDocument::setRuntimeIssues(const ConfigIssues &issues)
{
    if (issues == m_runtimeIssues)
        return;
    m_runtimeIssues = issues;
    emit configChanged();
}
