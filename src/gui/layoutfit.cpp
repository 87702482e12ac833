#include "layoutfit.h"

#include <QBoxLayout>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>

namespace {
// Narrow enough for the editor at 720 px, wide enough for "127.0.0.1:30003 tcp".
constexpr int listMinimumChars = 18;
constexpr int listPreferredChars = 22;

template<typename Layout>
Layout *childLayout(QLayout *parent, const QString &name)
{
    for (int i = 0; i < parent->count(); ++i) {
        auto *layout = qobject_cast<Layout *>(parent->itemAt(i)->layout());
        if (layout && layout->objectName() == name)
            return layout;
    }
    return nullptr;
}
} // namespace

void LayoutFit::keepRows(QTableView *table, int rows)
{
    const int header = table->horizontalHeader()->isHidden() ? 0 : table->horizontalHeader()->sizeHint().height();
    const int scrollBar = table->horizontalScrollBar()->sizeHint().height(); // columns wider than the view
    table->setMinimumHeight(2 * table->frameWidth() + header + rows * table->verticalHeader()->defaultSectionSize() + scrollBar);
}

QScrollArea *LayoutFit::makeScrollable(QStackedWidget *stack, QWidget *page)
{
    const int index = stack->indexOf(page);
    const bool current = stack->currentWidget() == page;
    stack->removeWidget(page);
    QScrollArea *scroll = inScrollArea(page);
    scroll->setObjectName(page->objectName() + QStringLiteral("Scroll"));
    stack->insertWidget(index, scroll);
    if (current)
        stack->setCurrentWidget(scroll);
    return scroll;
}

void LayoutFit::capFormWidth(QScrollArea *scroll, int chars)
{
    QWidget *form = scroll->widget();
    form->setMaximumWidth(form->fontMetrics().averageCharWidth() * chars);
    scroll->setAlignment(Qt::AlignLeft | Qt::AlignTop);
}

QSplitter *LayoutFit::splitListFromEditor(QWidget *page)
{
    // The page's own layouts and widgets: an editor inside may use the same names.
    auto *pageLayout = qobject_cast<QHBoxLayout *>(page->layout());
    auto *listLayout = pageLayout ? childLayout<QVBoxLayout>(pageLayout, QStringLiteral("listLayout")) : nullptr;
    auto *editor = page->findChild<QStackedWidget *>(QStringLiteral("editorStack"), Qt::FindDirectChildrenOnly);
    if (!pageLayout || !listLayout || !editor)
        return nullptr;
    pageLayout->removeItem(listLayout);
    pageLayout->removeWidget(editor);
    auto *listPane = new QWidget;
    listPane->setObjectName(QStringLiteral("listPane"));
    listPane->setLayout(listLayout);
    listLayout->setContentsMargins(0, 0, 0, 0);
    // The column's own list (an editor may hold lists of the same name).
    if (auto *list = listPane->findChild<QListWidget *>(QStringLiteral("list"), Qt::FindDirectChildrenOnly)) {
        const int chars = list->fontMetrics().averageCharWidth();
        list->setMinimumWidth(chars * listMinimumChars);
        list->setMaximumWidth(QWIDGETSIZE_MAX);
    }
    // Two buttons a row, so the list column can be narrow.
    if (auto *buttons = childLayout<QHBoxLayout>(listLayout, QStringLiteral("buttonsLayout"))) {
        QList<QWidget *> widgets;
        while (QLayoutItem *item = buttons->takeAt(0)) {
            if (item->widget())
                widgets << item->widget();
            delete item;
        }
        auto *grid = new QGridLayout;
        for (int i = 0; i < widgets.size(); ++i) {
            widgets.at(i)->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
            grid->addWidget(widgets.at(i), i / 2, i % 2);
        }
        const int index = listLayout->indexOf(buttons);
        listLayout->removeItem(buttons);
        delete buttons;
        listLayout->insertLayout(index, grid);
    }
    auto *splitter = new QSplitter(Qt::Horizontal, page);
    splitter->setObjectName(QStringLiteral("listSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(listPane);
    if (editor->findChild<QScrollArea *>(QStringLiteral("editorScroll"))) {
        splitter->addWidget(editor);
    } else {
        QScrollArea *scroll = inScrollArea(editor);
        scroll->setObjectName(QStringLiteral("editorScroll"));
        splitter->addWidget(scroll);
    }
    // A wide window gives the list some of its width too, the form most of it.
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    const int chars = page->fontMetrics().averageCharWidth();
    splitter->setSizes({chars * listPreferredChars, chars * 100});
    pageLayout->addWidget(splitter);
    pageLayout->setContentsMargins(0, 0, 0, 0); // the window's own margin is around the page

    return splitter;
}

QScrollArea *LayoutFit::inScrollArea(QWidget *content, Qt::Orientations scrolling)
{
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    if (!(scrolling & Qt::Horizontal)) {
        // As wide as the content needs, so only the height scrolls.
        scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        scroll->setMinimumWidth(content->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());
    }
    return scroll;
}

void LayoutFit::wrapHeader(QWidget *page, QWidget *firstControl)
{
    auto *pageLayout = qobject_cast<QBoxLayout *>(page->layout());
    auto *header = pageLayout ? childLayout<QHBoxLayout>(pageLayout, QStringLiteral("headerLayout")) : nullptr;
    if (!header)
        return;
    const int from = header->indexOf(firstControl);
    if (from < 0)
        return;
    auto *controls = new QHBoxLayout;
    controls->setObjectName(QStringLiteral("headerControls"));
    while (header->count() > from) {
        QLayoutItem *item = header->takeAt(from);
        if (item->widget())
            controls->addWidget(item->widget());
        delete item;
    }
    controls->insertStretch(1, 1);
    // The status text after the heading takes the rest of the first row. Not wrapped: a
    // wrapping label makes the page height-for-width, and a scroll area then sizes it by its
    // preferred height rather than the window's.
    for (int i = 1; i < header->count(); ++i) {
        if (auto *label = qobject_cast<QLabel *>(header->itemAt(i)->widget()))
            header->setStretchFactor(label, 1);
    }
    pageLayout->insertLayout(pageLayout->indexOf(header) + 1, controls);
}

void LayoutFit::elideLists(const QList<QWidget *> &lists)
{
    for (QWidget *widget : lists) {
        if (auto *view = qobject_cast<QListView *>(widget)) {
            view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
            view->setTextElideMode(Qt::ElideRight);
            view->setResizeMode(QListView::Adjust);
        }
    }
}
