#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

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
    auto *portier = new QTranslator(application);
    // No translation for the system's language (or a "C" locale): English, whose file holds
    // the plural forms ("1 connection", "2 connections").
    if (!portier->load(locale, QStringLiteral("portier"), QStringLiteral("_"), QStringLiteral(":/i18n"))
        && !portier->load(QStringLiteral("portier_en"), QStringLiteral(":/i18n"))) {
        delete portier;
        return QString();
    }
    QCoreApplication::installTranslator(portier);
    auto *qt = new QTranslator(application);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return portier->language();
}
