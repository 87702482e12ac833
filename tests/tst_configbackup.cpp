// A config file that does not load: portierd names the file and the line, and says that the
// version its last save replaced (<file>.bak) passes --check, without using it.

#include "portierdprocess.h"
#include "testbackend.h"
#include "testclient.h"
#include "testconfig.h"

#include <configbackup.h>
#include <configjson.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {
bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// "version": 1,, on line 3: not JSON.
const QByteArray corrupt = "{\n  \"version\": 1,\n  \"workers\": 1,,\n  \"listeners\": []\n}\n";
} // namespace

class ConfigBackupTest : public QObject
{
    Q_OBJECT

private slots:
    void corruptConfigNamesLineAndOffersBackup_data();
    void corruptConfigNamesLineAndOffersBackup();
    void badBackupIsNamedAsSuch();
    void noBackupNoOffer();
};

void ConfigBackupTest::corruptConfigNamesLineAndOffersBackup_data()
{
    QTest::addColumn<QStringList>("mode");
    QTest::newRow("--config") << QStringList{QStringLiteral("--config")};
    QTest::newRow("--check") << QStringList{QStringLiteral("--check"), QStringLiteral("--config")};
}

void ConfigBackupTest::corruptConfigNamesLineAndOffersBackup()
{
    QFETCH(QStringList, mode);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    TestBackend backend(TestBackend::Mode::Echo);
    const quint16 port = findFreePort();
    QString error;
    // Two saves: the first version is kept as portier.json.bak.
    QVERIFY2(ConfigJson::save(proxyConfig(port, {backend.address()}, 1), path, &error), qPrintable(error));
    QVERIFY2(ConfigJson::save(proxyConfig(port, {backend.address()}, 2), path, &error), qPrintable(error));
    QVERIFY(QFile::exists(path + QStringLiteral(".bak")));
    QVERIFY(writeFile(path, corrupt));

    QString output;
    QCOMPARE(PortierdProcess::run(mode << path, &output), 1);
    QVERIFY2(output.contains(path + QStringLiteral(": line 3, column")), qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("portier.json.bak, saved ")), qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("passes --check; to go back to it: cp %1.bak %1").arg(path)), qPrintable(output));
    QVERIFY2(!output.contains(QStringLiteral("started with")), qPrintable(output)); // not used silently
    TestClient client;
    QVERIFY(!client.connectTo(port));
}

void ConfigBackupTest::badBackupIsNamedAsSuch()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    QVERIFY(writeFile(path, corrupt));
    QVERIFY(writeFile(path + QStringLiteral(".bak"), R"({ "version": 1, "workers": "many" })"));
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--check"), QStringLiteral("--config"), path}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("portier.json.bak, saved ")) && output.contains(QStringLiteral("does not pass --check either: workers")),
             qPrintable(output));
    QVERIFY(!output.contains(QStringLiteral("to go back to it")));
}

void ConfigBackupTest::noBackupNoOffer()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("portier.json"));
    QVERIFY(writeFile(path, corrupt));
    QString output;
    QCOMPARE(PortierdProcess::run({QStringLiteral("--check"), QStringLiteral("--config"), path}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("line 3")), qPrintable(output));
    QVERIFY2(!output.contains(QStringLiteral(".bak")), qPrintable(output));
    QVERIFY(!ConfigBackup::find(path));
}

QTEST_GUILESS_MAIN(ConfigBackupTest)
#include "tst_configbackup.moc"
