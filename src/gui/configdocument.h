#pragma once

#include <config.h>
#include <configissue.h>

#include <QObject>
#include <QUndoStack>

// The configuration being edited: one Config value, the file it came from, and the undo
// history of every edit. Pages read config() and write whole new values through edit(),
// which validates at once (the same ConfigValidator portierd uses) so every view can mark
// its fields as the user types. GUI thread.
class ConfigDocument : public QObject
{
    Q_OBJECT

public:
    explicit ConfigDocument(QObject *parent = nullptr);

    const Config &config() const { return m_config; }
    // The validator's findings plus those the engine reported on the last apply
    // (a port in use), the latter until the next edit.
    // The validator's and the engine's issues, paths as the validator writes them (for finding
    // the field) and messages in the window's words (IssueLocation: no index from 0).
    ConfigIssues issues() const;
    bool hasErrors() const { return !m_issues.isEmpty(); }

    QString filePath() const { return m_filePath; }
    QString displayName() const;
    QString baseDirectory() const; // the config file's folder: relative paths mean this
    bool isModified() const { return !m_undoStack.isClean(); }
    QUndoStack *undoStack() { return &m_undoStack; }

    // Records an edit on the undo stack. Edits with the same non-empty mergeKey that follow
    // each other become one undo step (typing a name is one step, not one per letter).
    void edit(const Config &config, const QString &description, const QString &mergeKey = QString());

    // New / Open: replaces everything and forgets the history.
    void reset(const Config &config, const QString &filePath = QString());
    bool load(const QString &path, QString *error);
    // Another version of filePath (its last good one) as an unsaved edit: Save writes it there.
    void restore(const Config &config, const QString &filePath, const QString &description);
    bool save(const QString &path, QString *error);

    void setRuntimeIssues(const ConfigIssues &issues);

signals:
    void configChanged();
    void modifiedChanged(bool modified);
    void filePathChanged(const QString &path);

private:
    friend class ConfigEditCommand;
    void setConfig(const Config &config); // from ConfigEditCommand only

    Config m_config;
    ConfigIssues m_issues;
    ConfigIssues m_runtimeIssues;
    QString m_filePath;
    QUndoStack m_undoStack;
};
