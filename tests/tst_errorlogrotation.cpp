// The error log file rotated by size with a kept count, on real files: the file becomes
// <path>.1 when it reaches max_size, older ones move up, at most `keep` stay, and no line is
// split or lost across a rotation. Also the config fields (JSON both ways, the validator's
// words) and that the nginx export writes nothing for them (nginx has no such directive).
#include <configjson.h>
#include <configvalidator.h>
#include <errorlog.h>
#include <logfilerotation.h>
#include <nginxexporter.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

namespace {

QStringList readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

ErrorLogConfig rotating(const QString &path, qint64 maxSize, int keep)
{
    ErrorLogConfig config;
    config.path = path;
    config.rotation.maxSize = maxSize;
    config.rotation.keep = keep;
    return config;
}

// Writes `count` numbered lines of about 100 bytes and waits until they are on disk.
void writeNumbered(ErrorLog *log, int first, int count)
{
    for (int i = first; i < first + count; ++i)
        log->write(ErrorLog::Level::Notice, QStringLiteral("line %1 %2").arg(i, 6, 10, QLatin1Char('0')).arg(QString(60, u'x')));
    QVERIFY(log->flush());
}

int numberOf(const QString &line)
{
    const qsizetype at = line.indexOf(QLatin1StringView("line "));
    return at < 0 ? -1 : line.mid(at + 5, 6).toInt();
}

} // namespace

class ErrorLogRotationTest : public QObject
{
    Q_OBJECT

private slots:
    void rotatesBySizeKeepingCount();
    void keepZeroStartsAfresh();
    void withoutMaxSizeTheFileGrows();
    void aFullFileFromAnEarlierRunRotatesAtTheFirstLine();
    void jsonRoundTrip();
    void badValuesAreNamed_data();
    void badValuesAreNamed();
    void nginxExportWritesNothingForRotation();
};

void ErrorLogRotationTest::rotatesBySizeKeepingCount()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.log"));
    ErrorLog log;
    log.setStderrEnabled(false);
    QString error;
    QVERIFY2(log.configure(rotating(path, 4096, 2), &error), qPrintable(error));
    writeNumbered(&log, 0, 300); // about 30 KiB: seven rotations

    QVERIFY(QFile::exists(path));
    QVERIFY(QFile::exists(LogFileRotation::oldFileName(path, 1)));
    QVERIFY(QFile::exists(LogFileRotation::oldFileName(path, 2)));
    QVERIFY(!QFile::exists(LogFileRotation::oldFileName(path, 3)));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3);

    // Newest last: .2, .1, then the current file, with consecutive numbers and whole lines.
    QStringList all;
    for (const QString &file : {LogFileRotation::oldFileName(path, 2), LogFileRotation::oldFileName(path, 1), path}) {
        const QStringList lines = readLines(file);
        QVERIFY2(!lines.isEmpty(), qPrintable(file));
        QVERIFY2(QFileInfo(file).size() < 4096 + 200, qPrintable(file)); // at most one line past max_size
        all += lines;
    }
    for (qsizetype i = 0; i < all.size(); ++i) {
        QVERIFY2(all.at(i).contains(QLatin1StringView("[notice]")), qPrintable(all.at(i)));
        if (i > 0)
            QCOMPARE(numberOf(all.at(i)), numberOf(all.at(i - 1)) + 1);
    }
    QCOMPARE(numberOf(all.constLast()), 299);
    QVERIFY(all.size() < 300); // older lines went with the files beyond `keep`
}

void ErrorLogRotationTest::keepZeroStartsAfresh()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.log"));
    ErrorLog log;
    log.setStderrEnabled(false);
    QVERIFY(log.configure(rotating(path, 4096, 0), nullptr));
    writeNumbered(&log, 0, 100);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("portier.log")});
    QVERIFY(QFileInfo(path).size() < 4096 + 200);
    QCOMPARE(numberOf(readLines(path).constLast()), 99);
}

void ErrorLogRotationTest::withoutMaxSizeTheFileGrows()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.log"));
    ErrorLog log;
    log.setStderrEnabled(false);
    ErrorLogConfig config;
    config.path = path;
    QVERIFY(log.configure(config, nullptr));
    writeNumbered(&log, 0, 100);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
    QCOMPARE(readLines(path).size(), 100);
}

void ErrorLogRotationTest::aFullFileFromAnEarlierRunRotatesAtTheFirstLine()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.log"));
    {
        QFile earlier(path);
        QVERIFY(earlier.open(QIODevice::WriteOnly));
        earlier.write(QByteArray(8192, 'e') + '\n');
    }
    ErrorLog log;
    log.setStderrEnabled(false);
    QVERIFY(log.configure(rotating(path, 4096, 3), nullptr));
    writeNumbered(&log, 0, 1);
    writeNumbered(&log, 1, 1);
    const QStringList earlierLines = readLines(LogFileRotation::oldFileName(path, 1));
    QCOMPARE(earlierLines.size(), 1);
    QVERIFY(earlierLines.constFirst().startsWith(QLatin1StringView("eeee")));
    QCOMPARE(readLines(path).size(), 2);
    QCOMPARE(numberOf(readLines(path).constFirst()), 0);
}

void ErrorLogRotationTest::jsonRoundTrip()
{
    const auto loaded = ConfigJson::fromBytes(R"({"version": 1, "error_log": {"path": "p.log", "max_size": "10m", "keep": 3}})");
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(loaded.issues.value(0).toString()));
    QCOMPARE(loaded.config.errorLog.rotation.maxSize, 10 * 1024 * 1024);
    QCOMPARE(loaded.config.errorLog.rotation.keep, 3);
    const QJsonObject written = ConfigJson::toJson(loaded.config).value(QStringLiteral("error_log")).toObject();
    QCOMPARE(written.value(QStringLiteral("max_size")).toString(), QStringLiteral("10m"));
    QCOMPARE(written.value(QStringLiteral("keep")).toInt(), 3);
    QCOMPARE(ConfigJson::fromJson(ConfigJson::toJson(loaded.config)).config, loaded.config);
    // Defaults are not written.
    Config plain;
    plain.errorLog.path = QStringLiteral("p.log");
    const QJsonObject defaults = ConfigJson::toJson(plain).value(QStringLiteral("error_log")).toObject();
    QVERIFY(!defaults.contains(QStringLiteral("max_size")) && !defaults.contains(QStringLiteral("keep")));
}

void ErrorLogRotationTest::badValuesAreNamed_data()
{
    QTest::addColumn<QByteArray>("errorLog");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("words");
    QTest::newRow("not a size") << QByteArray(R"({"path": "p.log", "max_size": "ten"})") << QStringLiteral("error_log.max_size")
                                << QStringLiteral("\"ten\" is not a size");
    QTest::newRow("too small") << QByteArray(R"({"path": "p.log", "max_size": "1k"})") << QStringLiteral("error_log.max_size")
                               << QStringLiteral("1k is too small to rotate at; use 0 (never rotate) or at least 4k");
    QTest::newRow("keep too many") << QByteArray(R"({"path": "p.log", "max_size": "1m", "keep": 101})") << QStringLiteral("error_log.keep")
                                   << QStringLiteral("101 is out of range; keep from 0 to 100");
    QTest::newRow("keep not a number") << QByteArray(R"({"path": "p.log", "keep": "all"})") << QStringLiteral("error_log.keep")
                                       << QStringLiteral("expected a whole number of old log files to keep");
    QTest::newRow("no file") << QByteArray(R"({"max_size": "1m"})") << QStringLiteral("error_log.max_size")
                             << QStringLiteral("there is no log file to rotate; set error_log.path");
}

void ErrorLogRotationTest::badValuesAreNamed()
{
    QFETCH(QByteArray, errorLog);
    QFETCH(QString, path);
    QFETCH(QString, words);
    const auto loaded = ConfigJson::fromBytes(R"({"version": 1, "error_log": )" + errorLog + '}');
    ConfigIssues issues = loaded.issues;
    if (issues.isEmpty())
        issues = ConfigValidator::validate(loaded.config);
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues.first().path, path);
    QVERIFY2(issues.first().message.contains(words), qPrintable(issues.first().message));
}

void ErrorLogRotationTest::nginxExportWritesNothingForRotation()
{
    Config config;
    config.errorLog.rotation.maxSize = 1024 * 1024;
    config.errorLog.rotation.keep = 2;
    NginxExporter::Result result = NginxExporter::exportConfig(config);
    QVERIFY(result.ok());
    QVERIFY2(!result.text.contains(QLatin1StringView("error_log")), qPrintable(result.text));
    config.errorLog.path = QStringLiteral("/var/log/portier.log");
    result = NginxExporter::exportConfig(config);
    QVERIFY2(result.text.contains(QLatin1StringView("error_log /var/log/portier.log notice;")), qPrintable(result.text));
    QVERIFY2(!result.text.contains(QLatin1StringView("max_size")) && !result.text.contains(QLatin1StringView("keep")), qPrintable(result.text));
}

QTEST_GUILESS_MAIN(ErrorLogRotationTest)
#include "tst_errorlogrotation.moc"
