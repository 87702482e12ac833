#include "configeditcommand.h"

#include "configdocument.h"

namespace {
constexpr int configEditId = 0x504f5254; // one id for all edits; mergeWith compares the keys
}

ConfigEditCommand::ConfigEditCommand(ConfigDocument *document, const Config &before, const Config &after, const QString &description,
                                     const QString &mergeKey)
    : m_document(document), m_before(before), m_after(after), m_mergeKey(mergeKey)
{
    setText(description);
}

void ConfigEditCommand::undo()
{
    m_document->setConfig(m_before);
}

void ConfigEditCommand::redo()
{
    m_document->setConfig(m_after);
}

int ConfigEditCommand::id() const
{
    return m_mergeKey.isEmpty() ? -1 : configEditId;
}

bool ConfigEditCommand::mergeWith(const QUndoCommand *other)
{
    const auto *edit = static_cast<const ConfigEditCommand *>(other);
    if (edit->m_mergeKey != m_mergeKey)
        return false;
    m_after = edit->m_after;
    if (m_after == m_before)
        setObsolete(true); // typed back to where it started: nothing to undo
    return true;
}
