#pragma once

#include <config.h>

#include <QUndoCommand>

class ConfigDocument;

// One undoable edit of a ConfigDocument: the whole Config before and after (a config is a
// few kilobytes; snapshots keep undo exact whatever the edit touched). GUI thread.
class ConfigEditCommand : public QUndoCommand
{
public:
    ConfigEditCommand(ConfigDocument *document, const Config &before, const Config &after, const QString &description,
                      const QString &mergeKey);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand *other) override;

private:
    ConfigDocument *m_document;
    Config m_before;
    Config m_after;
    QString m_mergeKey;
};
