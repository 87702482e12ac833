// MainWindow's layouts for every window size (see LayoutFit): from 800×500, and 720×450
// logical pixels (a 1440×900 screen at 2×), to 4K.
#include "mainwindow.h"

#include "certificatespage.h"
#include "dashboardpage.h"
#include "layoutfit.h"
#include "listenerspage.h"
#include "remoteinstances.h"
#include "logspage.h"
#include "serversview.h"
#include "splittermemory.h"
#include "ui_mainwindow.h"
#include "upstreamspage.h"

#include <QDockWidget>
#include <QListWidget>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>

namespace {
constexpr int logsDockHeight = 160; // a few lines under the page until the user drags it
constexpr int dashboardTableRows = 3;
constexpr int navigatorMinimumWidth = 130;
constexpr int formWidthChars = 110; // the editors' forms at most this wide (about 900 px)
} // namespace

void MainWindow::fitLayouts()
{
    // The log's filters and buttons scroll in a dock lower than they are, so the dock does
    // not set the window's minimum height.
    m_logsDock->setWidget(LayoutFit::inScrollArea(m_logsPage));
    resizeDocks({m_logsDock}, {logsDockHeight}, Qt::Vertical);
    // The navigator gives way to the editors on a small screen: long names elide (their
    // tooltips hold them whole).
    m_ui->navigator->setMinimumWidth(navigatorMinimumWidth);
    QList<QWidget *> lists{m_ui->navigator, m_remotes->list()};

    // The dashboard's tables keep three rows each; the page scrolls when the window is lower.
    DashboardPage *dashboard = m_ui->dashboardPage;
    for (const char *name : {"listenersTable", "serversTable"}) {
        if (auto *table = dashboard->findChild<QTableView *>(QLatin1StringView(name)))
            LayoutFit::keepRows(table, dashboardTableRows);
    }
    if (auto *plotBar = dashboard->findChild<QWidget *>(QStringLiteral("plotBar")))
        LayoutFit::wrapHeader(dashboard, plotBar);
    LayoutFit::makeScrollable(m_ui->pages, dashboard);
    if (auto *splitter = dashboard->findChild<QSplitter *>(QStringLiteral("splitter")))
        new SplitterMemory(splitter, m_settings, QStringLiteral("dashboard"));

    // The editors: the list and the form side by side in a splitter the user can move, the
    // form in a scroll area and no wider than a readable line.
    const std::pair<QWidget *, QString> editors[] = {{m_ui->listenersPage, QStringLiteral("listeners")},
                                                     {m_ui->upstreamsPage, QStringLiteral("upstreams")},
                                                     {m_ui->certificatesPage, QStringLiteral("certificates")}};
    for (const auto &[page, key] : editors) {
        lists << page->findChild<QListWidget *>(QStringLiteral("list"), Qt::FindDirectChildrenOnly);
        if (QSplitter *splitter = LayoutFit::splitListFromEditor(page))
            new SplitterMemory(splitter, m_settings, key);
        if (auto *scroll = page->findChild<QScrollArea *>(QStringLiteral("editorScroll")))
            LayoutFit::capFormWidth(scroll, formWidthChars);
    }
    lists.removeAll(nullptr);
    LayoutFit::elideLists(lists);
}
