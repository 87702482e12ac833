// The window opening a config that does not load: it names the file and the problem, and
// offers the version the last save replaced (<file>.bak) when that one loads.

#include "guienginefixture.h"

#include <configdocument.h>
#include <configjson.h>
#include <mainwindow.h>

#include <QApplication>
#include <QFile>
#include <QTest>

namespace {
bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

Config sample(quint16 port)
{
    Config config;
    UpstreamConfig group;
    group.name = QStringLiteral("backend");
    ServerConfig server;
    server.address = QStringLiteral("127.0.0.1:9");
    group.servers << server;
    config.upstreams << group;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:%1").arg(port);
    listener.proxyPass = group.name;
    config.listeners << listener;
    return config;
}

struct Asked
{
    QString text;
    QMessageBox::StandardButtons buttons;
    int count = 0;
};
} // namespace

class GuiConfigBackupTest : public QObject
{
    Q_OBJECT

private slots:
    void corruptFileOffersLastGoodVersion();
    void declinedOfferKeepsDocument();
    void withoutBackupOnlyTheProblem();
};

void GuiConfigBackupTest::corruptFileOffersLastGoodVersion()
{
    WindowFixture fixture;
    const QString path = fixture.dir.filePath(QStringLiteral("portier.json"));
    QString error;
    QVERIFY(ConfigJson::save(sample(41001), path, &error)); // kept as .bak by the next save
    QVERIFY(ConfigJson::save(sample(41002), path, &error));
    QVERIFY(writeFile(path, "{ \"version\": 1,\n  \"listeners\": [ ,\n"));

    Asked asked;
    fixture.window.setPrompt([&](QMessageBox::Icon, const QString &, const QString &text, QMessageBox::StandardButtons buttons) {
        asked = {text, buttons, asked.count + 1};
        return QMessageBox::Open;
    });
    QVERIFY(fixture.window.openFile(path));
    QCOMPARE(asked.count, 1);
    QVERIFY2(asked.text.contains(QStringLiteral("Cannot open %1").arg(QDir::toNativeSeparators(path))), qPrintable(asked.text));
    QVERIFY2(asked.text.contains(QStringLiteral("line 2, column")), qPrintable(asked.text));
    QVERIFY2(asked.text.contains(QStringLiteral("Open the last good version (portier.json.bak, saved ")), qPrintable(asked.text));
    QVERIFY(asked.buttons.testFlag(QMessageBox::Open) && asked.buttons.testFlag(QMessageBox::Cancel));

    // The .bak's content, as an unsaved change to the file that was asked for.
    ConfigDocument *document = fixture.window.document();
    QCOMPARE(document->config().listeners.value(0).listen, QStringLiteral("127.0.0.1:41001"));
    QCOMPARE(document->filePath(), QFileInfo(path).absoluteFilePath());
    QVERIFY(document->isModified());
    QCOMPARE(ConfigJson::load(path).issues.isEmpty(), false); // nothing written unasked

    QVERIFY2(document->save(path, &error), qPrintable(error));
    QVERIFY(ConfigJson::load(path).issues.isEmpty());
}

void GuiConfigBackupTest::declinedOfferKeepsDocument()
{
    WindowFixture fixture;
    const QString path = fixture.dir.filePath(QStringLiteral("portier.json"));
    QString error;
    QVERIFY(ConfigJson::save(sample(41001), path, &error));
    QVERIFY(ConfigJson::save(sample(41002), path, &error));
    QVERIFY(writeFile(path, "not json"));
    fixture.window.setPrompt([](QMessageBox::Icon, const QString &, const QString &, QMessageBox::StandardButtons) {
        return QMessageBox::Cancel;
    });
    QVERIFY(!fixture.window.openFile(path));
    QVERIFY(fixture.window.document()->config().listeners.isEmpty());
    QVERIFY(!fixture.window.document()->isModified());
}

void GuiConfigBackupTest::withoutBackupOnlyTheProblem()
{
    WindowFixture fixture;
    const QString path = fixture.dir.filePath(QStringLiteral("portier.json"));
    QVERIFY(writeFile(path, "not json"));
    QVERIFY(writeFile(path + QStringLiteral(".bak"), "also not json")); // there, but does not load
    Asked asked;
    fixture.window.setPrompt([&](QMessageBox::Icon, const QString &, const QString &text, QMessageBox::StandardButtons buttons) {
        asked = {text, buttons, asked.count + 1};
        return QMessageBox::Ok;
    });
    QVERIFY(!fixture.window.openFile(path));
    QCOMPARE(asked.count, 1);
    QVERIFY2(asked.text.contains(QStringLiteral("line 1, column")), qPrintable(asked.text));
    QVERIFY(!asked.text.contains(QStringLiteral("last good version")));
    QCOMPARE(asked.buttons, QMessageBox::StandardButtons(QMessageBox::Ok));
}

QTEST_MAIN(GuiConfigBackupTest)
#include "tst_guiconfigbackup.moc"
