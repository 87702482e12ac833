#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

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
    // A second call replaces the first call's translators instead of stacking on them.
    for (QTranslator *old : application->findChildren<QTranslator *>(installedName, Qt::FindDirectChildrenOnly)) {
        QCoreApplication::removeTranslator(old);
        delete old;
    }
    auto *portier = new QTranslator(application);
    portier->setObjectName(installedName);
    // No translation for the system's language (or a "C" locale): English, whose file holds
    // the plural forms ("1 connection", "2 connections").
    if (!portier->load(locale, QStringLiteral("portier"), QStringLiteral("_"), QStringLiteral(":/i18n"))
        && !portier->load(QStringLiteral("portier_en"), QStringLiteral(":/i18n"))) {
        delete portier;
        return QString();
    }
    QCoreApplication::installTranslator(portier);
    // Qt's own words (standard buttons, file dialogs, context menus): Debian's
    // qt6-translations-l10n in Qt's translations folder; else the copy a Windows build embeds.
    auto *qt = new QTranslator(application);
    qt->setObjectName(installedName);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))
        || qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QStringLiteral(":/i18n/qt")))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return portier->language();
}
