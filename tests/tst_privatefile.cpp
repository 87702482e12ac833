// Files only their owner may read (PrivateFile, the platform corner of "chmod 600"): a file
// readable by everyone (mode 0644 on Linux; an access entry for Everyone on Windows) is
// seen as such, and restrictToOwner() leaves it to its owner alone while the owner can
// still read and write it. Under Wine the access list
// is Wine's own implementation of the Windows security calls.
#include "worldreadable.h"

#include <platform/privatefile.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class PrivateFileTest : public QObject
{
    Q_OBJECT

private slots:
    void restrictedFileIsTheOwnersAlone();
    void missingFileIsAnError();
};

void PrivateFileTest::restrictedFileIsTheOwnersAlone()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("key.pem"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("secret\n");
    file.close();
    // Readable by others to begin with (whatever the folder or the umask gave it), so that
    // the checks below can fail.
    QVERIFY(makeWorldReadable(path));
    bool readable = false;
    QString error;
    QVERIFY2(PrivateFile::readableByOthers(path, &readable, &error), qPrintable(error));
    QVERIFY2(readable, "a new file should be readable by others before it is restricted (or the check sees nothing)");

    QVERIFY2(PrivateFile::restrictToOwner(path, &error), qPrintable(error));
    QVERIFY2(PrivateFile::readableByOthers(path, &readable, &error), qPrintable(error));
    QVERIFY(!readable);

    // Still the owner's to read and to rewrite.
    QVERIFY(file.open(QIODevice::ReadWrite));
    QCOMPARE(file.readAll(), QByteArray("secret\n"));
    QVERIFY(file.seek(0));
    QCOMPARE(file.write("SECRET\n"), qint64(7));
    file.close();
    QVERIFY2(PrivateFile::readableByOthers(path, &readable, &error), qPrintable(error));
    QVERIFY(!readable); // rewriting in place keeps the protection
}

void PrivateFileTest::missingFileIsAnError()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing.pem"));
    QString error;
    QVERIFY(!PrivateFile::restrictToOwner(path, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    bool readable = false;
    error.clear();
    QVERIFY(!PrivateFile::readableByOthers(path, &readable, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
}

QTEST_GUILESS_MAIN(PrivateFileTest)
#include "tst_privatefile.moc"
