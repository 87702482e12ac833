// The committed translations are complete and current: no entry of translations/*.ts is
// unfinished, vanished or obsolete, and lupdate run on today's sources (as
// translations/README.md runs it) into a copy adds no entry, i.e. every tr() string has a
// translation. Needs Qt's lupdate (qt6-l10n-tools, which scripts/install-deps.sh installs):
// without it the test fails, naming what is missing.
#include "testbackend.h" // PORTIER_TEST_DATA comes with the support library

#include <QDir>
#include <QFile>
#include <QLibraryInfo>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct TsEntries
{
    QSet<QString> keys;        // context, source and comment of every message
    QStringList incomplete;    // "context: source (unfinished)", ...
    QString error;
};

TsEntries readTs(const QString &path)
{
    TsEntries entries;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        entries.error = path + QStringLiteral(": ") + file.errorString();
        return entries;
    }
    QXmlStreamReader xml(&file);
    QString context, source, comment, type;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            if (xml.name() == u"name")
                context = xml.readElementText();
            else if (xml.name() == u"message")
                source.clear(), comment.clear(), type.clear();
            else if (xml.name() == u"source")
                source = xml.readElementText();
            else if (xml.name() == u"comment")
                comment = xml.readElementText();
            else if (xml.name() == u"translation")
                type = xml.attributes().value(QStringLiteral("type")).toString();
        } else if (xml.isEndElement() && xml.name() == u"message") {
            entries.keys.insert(context + u'\x1f' + source + u'\x1f' + comment);
            if (!type.isEmpty())
                entries.incomplete << context + QStringLiteral(": \"") + source + QStringLiteral("\" (") + type + u')';
        }
    }
    if (xml.hasError())
        entries.error = path + QStringLiteral(": ") + xml.errorString();
    return entries;
}

QString sourceRoot()
{
    return QDir(QStringLiteral(PORTIER_TEST_DATA "/../..")).absolutePath();
}

QString lupdate()
{
    const QString beside = QLibraryInfo::path(QLibraryInfo::BinariesPath) + QStringLiteral("/lupdate");
    if (QFile::exists(beside))
        return beside;
    return QStandardPaths::findExecutable(QStringLiteral("lupdate"));
}

} // namespace

class TranslationsTest : public QObject
{
    Q_OBJECT

private slots:
    void complete_data();
    void complete();
    void current_data();
    void current();
};

void TranslationsTest::complete_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("zh_CN") << QStringLiteral("portier_zh_CN.ts");
    QTest::newRow("en") << QStringLiteral("portier_en.ts");
}

void TranslationsTest::complete()
{
    QFETCH(QString, file);
    const TsEntries entries = readTs(sourceRoot() + QStringLiteral("/translations/") + file);
    QVERIFY2(entries.error.isEmpty(), qPrintable(entries.error));
    QVERIFY2(entries.keys.size() > 10, qPrintable(file + QStringLiteral(" holds almost nothing")));
    QVERIFY2(entries.incomplete.isEmpty(),
             qPrintable(file + QStringLiteral(": %1 entries not finished (translate them; remove vanished ones with lupdate -no-obsolete):\n  ")
                                   .arg(entries.incomplete.size())
                        + entries.incomplete.join(QStringLiteral("\n  "))));
}

void TranslationsTest::current_data()
{
    complete_data();
}

// lupdate into a copy: an entry it adds is a string nobody translated; one it removes (with
// -no-obsolete) is one the sources no longer have.
void TranslationsTest::current()
{
    QFETCH(QString, file);
    const QString tool = lupdate();
    QVERIFY2(!tool.isEmpty(), "lupdate not found beside Qt's tools nor on PATH: install qt6-l10n-tools (scripts/install-deps.sh does)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString committed = sourceRoot() + QStringLiteral("/translations/") + file;
    const QString copy = dir.filePath(file);
    QVERIFY(QFile::copy(committed, copy));
    QStringList arguments{QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none")};
    if (file == u"portier_en.ts")
        arguments << QStringLiteral("-pluralonly");
    arguments << QStringLiteral("src/gui") << QStringLiteral("forms") << QStringLiteral("src/app/portier.cpp") << QStringLiteral("-ts") << copy;
    QProcess process;
    process.setWorkingDirectory(sourceRoot());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(tool, arguments);
    QVERIFY2(process.waitForFinished(120000), qPrintable(tool + QStringLiteral(": ") + process.errorString()));
    const QString output = QString::fromLocal8Bit(process.readAll());
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, qPrintable(output));

    const TsEntries before = readTs(committed);
    const TsEntries after = readTs(copy);
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
    QStringList added, removed;
    for (const QString &key : after.keys)
        if (!before.keys.contains(key))
            added << QString(key).replace(u'\x1f', QStringLiteral(" | "));
    for (const QString &key : before.keys)
        if (!after.keys.contains(key))
            removed << QString(key).replace(u'\x1f', QStringLiteral(" | "));
    added.sort();
    removed.sort();
    QVERIFY2(added.isEmpty() && after.incomplete.isEmpty(),
             qPrintable(file + QStringLiteral(": strings in the sources without a translation (run lupdate as translations/README.md says, then translate):\n  ")
                        + added.join(QStringLiteral("\n  ")) + u'\n' + after.incomplete.join(QStringLiteral("\n  "))));
    QVERIFY2(removed.isEmpty(), qPrintable(file + QStringLiteral(": entries no source has any more (run lupdate -no-obsolete):\n  ")
                                           + removed.join(QStringLiteral("\n  "))));
}

QTEST_GUILESS_MAIN(TranslationsTest)
#include "tst_translations.moc"
