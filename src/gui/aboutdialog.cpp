#include "aboutdialog.h"

#include "appicon.h"

#include <tls/tlslibrary.h>

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace {

QString portierVersion()
{
    return QCoreApplication::applicationVersion().isEmpty() ? QStringLiteral(PORTIER_VERSION) : QCoreApplication::applicationVersion();
}

QTextBrowser *licenceView(const QString &html, QWidget *parent)
{
    auto *view = new QTextBrowser(parent);
    view->setOpenExternalLinks(true);
    view->setHtml(html);
    return view;
}

} // namespace

QString AboutDialog::mitLicence()
{
    // The same text as installer/linux/copyright's "License: MIT".
    return QStringLiteral(
        "Copyright 2026 Portier developers\n\n"
        "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated "
        "documentation files (the \"Software\"), to deal in the Software without restriction, including without limitation "
        "the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to "
        "permit persons to whom the Software is furnished to do so, subject to the following conditions:\n\n"
        "The above copyright notice and this permission notice shall be included in all copies or substantial portions of "
        "the Software.\n\n"
        "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO "
        "THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE "
        "AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, "
        "TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE "
        "SOFTWARE.");
}

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("About Portier"));
    auto *layout = new QVBoxLayout(this);
    auto *heading = new QHBoxLayout;
    auto *icon = new QLabel(this);
    icon->setPixmap(AppIcon::icon().pixmap(64, 64));
    heading->addWidget(icon, 0, Qt::AlignTop);
    auto *title = new QLabel(tr("<h3>Portier %1</h3><p>A desktop TCP/UDP load balancer that does what nginx's "
                                "<code>stream {}</code> module does.</p>")
                                 .arg(portierVersion()),
                             this);
    title->setWordWrap(true);
    heading->addWidget(title, 1);
    layout->addLayout(heading);

    m_versions = new QLabel(this);
    m_versions->setObjectName(QStringLiteral("versions"));
    m_versions->setTextInteractionFlags(Qt::TextSelectableByMouse); // to copy into a bug report
    m_versions->setText(QStringLiteral("<table><tr><td>Portier</td><td>%1</td></tr><tr><td>Qt</td><td>%2</td></tr>"
                                       "<tr><td>OpenSSL</td><td>%3</td></tr></table>")
                            .arg(shownVersion(QStringLiteral("portier")).toHtmlEscaped(), shownVersion(QStringLiteral("qt")).toHtmlEscaped(),
                                 shownVersion(QStringLiteral("openssl")).toHtmlEscaped()));
    layout->addWidget(m_versions);

    auto *licences = new QTabWidget(this);
    licences->setObjectName(QStringLiteral("licences"));
    licences->addTab(licenceView(QStringLiteral("<pre style=\"white-space: pre-wrap\">%1</pre>").arg(mitLicence().toHtmlEscaped()), licences),
                     tr("Portier: MIT"));
    licences->addTab(licenceView(tr("<p>Portier uses Qt %1, a library of The Qt Company, under the GNU Lesser General Public "
                                    "License version 3 (LGPLv3). Qt is linked dynamically: you may replace its libraries with "
                                    "your own build of the same version.</p><p>Licence text: "
                                    "<a href=\"https://www.gnu.org/licenses/lgpl-3.0.html\">gnu.org/licenses/lgpl-3.0</a>; "
                                    "Qt's sources: <a href=\"https://download.qt.io/\">download.qt.io</a>.</p>")
                                     .arg(QString::fromLatin1(qVersion())),
                                 licences),
                     tr("Qt: LGPLv3"));
    licences->addTab(licenceView(tr("<p>Portier uses OpenSSL (%1) for TLS, under the Apache License 2.0.</p><p>Licence text: "
                                    "<a href=\"https://www.apache.org/licenses/LICENSE-2.0\">apache.org/licenses/LICENSE-2.0</a>; "
                                    "OpenSSL: <a href=\"https://www.openssl.org/\">openssl.org</a>.</p>")
                                     .arg(TlsLibrary::runtimeVersion().toHtmlEscaped()),
                                 licences),
                     tr("OpenSSL: Apache-2.0"));
    layout->addWidget(licences, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(560, 460);
}

QString AboutDialog::shownVersion(const QString &component) const
{
    if (component == u"portier")
        return portierVersion();
    if (component == u"qt")
        return QString::fromLatin1(qVersion()); // the library loaded, not the headers built against
    if (component == u"openssl")
        return TlsLibrary::runtimeVersion();
    return QString();
}
