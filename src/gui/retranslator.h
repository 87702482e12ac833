#pragma once

class RecordingTranslator;

// After a language switch: every widget and action of the program shows its texts in the new
// language. Texts the translator gave out are looked up again (labels, buttons, group boxes,
// tooltips, titles, placeholders, menus and actions, list/tree/table/combo items, tabs, spin
// box suffixes); what a user typed (line edits, editable combos' text) is left alone. Texts
// with numbers or names filled in are not the translator's own and stay until their owner
// shows them again: the owners do that on QEvent::LanguageChange (MainWindow) or at their
// next update. GUI thread.
namespace Retranslator {
void retranslateAll(const RecordingTranslator &translator);
} // namespace Retranslator
