// Help > About: the versions shown are the ones running (Portier's, Qt's qVersion(), the
// OpenSSL library loaded), and the licences of all three are there.
#include <aboutdialog.h>
#include <mainwindow.h>

#include "guienginefixture.h"

#include <openssl/crypto.h>

#include <QLabel>
#include <QTabWidget>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>

class TestGuiAbout : public QObject
{
    Q_OBJECT

private slots:
    void showsRunningVersions();
    void showsLicences();
    void helpMenuOpensIt();
};

void TestGuiAbout::showsRunningVersions()
{
    AboutDialog dialog;
    auto *versions = dialog.findChild<QLabel *>(QStringLiteral("versions"));
    QVERIFY(versions);
    QTextDocument document;
    document.setHtml(versions->text());
    const QString shown = document.toPlainText();
    const QString qt = QString::fromLatin1(qVersion());
    const QString openssl = QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION_STRING)); // "3.0.11"
    QVERIFY2(shown.contains(QStringLiteral("Portier\n") + QStringLiteral(PORTIER_VERSION)), qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("Qt\n") + qt), qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("OpenSSL\n") + openssl), qPrintable(shown));
    QCOMPARE(dialog.shownVersion(QStringLiteral("qt")), qt);
    QCOMPARE(dialog.shownVersion(QStringLiteral("openssl")), openssl);
    // The same library as the full banner ("OpenSSL 3.0.11 19 Sep 2023") names.
    QVERIFY2(QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION)).startsWith(QStringLiteral("OpenSSL ") + openssl + u' '), qPrintable(openssl));
}

void TestGuiAbout::showsLicences()
{
    AboutDialog dialog;
    auto *tabs = dialog.findChild<QTabWidget *>(QStringLiteral("licences"));
    QVERIFY(tabs);
    QCOMPARE(tabs->count(), 3);
    const struct
    {
        const char *tab;
        const char *text;
    } expected[] = {
        {"MIT", "Permission is hereby granted, free of charge"},
        {"LGPLv3", "GNU Lesser General Public License version 3"},
        {"Apache-2.0", "Apache License 2.0"},
    };
    for (int i = 0; i < 3; ++i) {
        QVERIFY2(tabs->tabText(i).contains(QLatin1StringView(expected[i].tab)), qPrintable(tabs->tabText(i)));
        auto *view = qobject_cast<QTextBrowser *>(tabs->widget(i));
        QVERIFY(view);
        const QString text = view->toPlainText().simplified();
        QVERIFY2(text.contains(QLatin1StringView(expected[i].text)), qPrintable(text));
    }
}

void TestGuiAbout::helpMenuOpensIt()
{
    WindowFixture f;
    f.window.action("actionAbout")->trigger();
    auto *dialog = f.window.findChild<AboutDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    dialog->close();
}

QTEST_MAIN(TestGuiAbout)
#include "tst_guiabout.moc"
