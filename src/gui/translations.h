#pragma once

#include <QString>

class QCoreApplication;

// Loads Portier's translation (embedded under :/i18n) and Qt's own for the chosen
// language; empty means the system's. Returns the language loaded, or empty for English.
// A later call switches the running program: its open windows show the new language at
// once (RecordingTranslator, Retranslator) and get a QEvent::LanguageChange.
namespace Translations {
QString install(QCoreApplication *application, const QString &language);
QStringList available(); // "zh_CN", ...
} // namespace Translations
