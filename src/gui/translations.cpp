#include "translations.h"

#include "recordingtranslator.h"
#include "retranslator.h"

#include <QApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>

namespace {
const QString installedName = QStringLiteral("portier-installed-translator");
} // namespace

QStringList Translations::available()
{
    QStringList languages;
    for (const QString &file : QDir(QStringLiteral(":/i18n")).entryList({QStringLiteral("portier_*.qm")}))
        languages << file.mid(8, file.size() - 8 - 3);
    return languages;
}

QString Translations::install(QCoreApplication *application, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    std::vector<std::unique_ptr<QTranslator>> translators;
    auto portier = std::make_unique<QTranslator>();
    // No translation for the system's language (or a "C" locale): English, whose file holds
    // the plural forms ("1 connection", "2 connections").
    if (!portier->load(locale, QStringLiteral("portier"), QStringLiteral("_"), QStringLiteral(":/i18n"))
        && !portier->load(QStringLiteral("portier_en"), QStringLiteral(":/i18n")))
        portier.reset();
    const QString loaded = portier ? portier->language() : QString();
    if (portier)
        translators.push_back(std::move(portier));
    // Qt's own words (standard buttons, file dialogs, context menus): Debian's
    // qt6-translations-l10n in Qt's translations folder; else the copy a Windows build embeds.
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))
        || qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QStringLiteral(":/i18n/qt")))
        translators.push_back(std::move(qt));

    // One translator stays installed for the program's life; a switch swaps what it asks.
    auto *recorder = application->findChild<RecordingTranslator *>(installedName, Qt::FindDirectChildrenOnly);
    if (!recorder) {
        recorder = new RecordingTranslator(application);
        recorder->setObjectName(installedName);
        recorder->setTranslators(std::move(translators), loaded);
        QCoreApplication::installTranslator(recorder);
        return loaded;
    }
    recorder->setTranslators(std::move(translators), loaded);
    if (qobject_cast<QApplication *>(application))
        Retranslator::retranslateAll(*recorder);
    // Widgets with texts of their own making (numbers, names filled in) rebuild them on this.
    QEvent change(QEvent::LanguageChange);
    QCoreApplication::sendEvent(application, &change);
    return loaded;
}
