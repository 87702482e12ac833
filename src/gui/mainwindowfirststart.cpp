// MainWindow's first start: the dashboard's guide while nothing is configured, and "Open the
// sample" on the user's own copy of it.
#include "mainwindow.h"

#include "configdocument.h"
#include "dashboardpage.h"
#include "firststartguide.h"
#include "listenerspage.h"
#include "sampleconfig.h"
#include "ui_mainwindow.h"

#include <QCoreApplication>
#include <QDir>
#include <QSpacerItem>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

void MainWindow::setUpFirstStart()
{
    m_guide = new FirstStartGuide(m_ui->dashboardPage);
    if (auto *layout = qobject_cast<QVBoxLayout *>(m_ui->dashboardPage->layout())) {
        layout->insertWidget(0, m_guide); // as wide as the page, up to the guide's own maximum
        // Last in the page: takes the height the hidden plot and tables leave while the guide
        // shows, so the guide and the header rows stay at the top (see updateGuide).
        layout->addSpacerItem(new QSpacerItem(0, 0, QSizePolicy::Minimum, QSizePolicy::Minimum));
    }
    connect(m_guide, &FirstStartGuide::addListenerRequested, this, [this] {
        showPage(ListenersPageIndex);
        m_ui->listenersPage->addListener();
    });
    connect(m_guide, &FirstStartGuide::importNginxRequested, this, &MainWindow::importNginx);
    connect(m_guide, &FirstStartGuide::openSampleRequested, this, &MainWindow::openSample);
    updateGuide();
}

void MainWindow::updateGuide()
{
    const bool empty = FirstStartGuide::isEmpty(m_document->config());
    m_guide->setVisible(empty);
    // An empty plot and empty tables under the guide say nothing yet.
    if (auto *splitter = m_ui->dashboardPage->findChild<QSplitter *>(QStringLiteral("splitter")))
        splitter->setVisible(!empty);
    QLayout *layout = m_ui->dashboardPage->layout();
    if (QSpacerItem *spacer = layout && layout->count() ? layout->itemAt(layout->count() - 1)->spacerItem() : nullptr) {
        spacer->changeSize(0, 0, QSizePolicy::Minimum, empty ? QSizePolicy::Expanding : QSizePolicy::Minimum);
        layout->invalidate();
    }
}

void MainWindow::openSample()
{
    if (!maybeSave())
        return;
    QString error;
    const QString path = SampleConfig::ensureUserCopy(QCoreApplication::applicationDirPath(), &error);
    if (path.isEmpty()) {
        ask(QMessageBox::Warning, tr("Portier"), tr("Cannot open the sample: %1").arg(error), QMessageBox::Ok);
        return;
    }
    if (openFile(path))
        statusBar()->showMessage(tr("Opened your copy of the sample: %1").arg(QDir::toNativeSeparators(path)), 8000);
}
