#pragma once

#include <QList>
#include <Qt>

class QScrollArea;
class QSplitter;
class QStackedWidget;
class QTableView;
class QWidget;

// Small changes to the pages' Designer layouts that make them fit windows from 800×500 (and
// 720×450 logical pixels, a 1440×900 screen at 2×) to 4K, kept in one place rather than in
// each form. GUI thread.
namespace LayoutFit {

// A table never shrinks below its header and `rows` rows: a table showing its header alone
// looks empty when it is not.
void keepRows(QTableView *table, int rows);

// Puts `page` of `stack` inside a scroll area at the same index: a page taller or wider than
// the window scrolls instead of making the window's minimum size larger than a screen.
QScrollArea *makeScrollable(QStackedWidget *stack, QWidget *page);

// A form no wider than `chars` average characters, on the left of its scroll area: an
// address field stretched across a 4K screen is hard to read and its label far from it.
void capFormWidth(QScrollArea *scroll, int chars);

// The list-beside-editor pages (Listeners, Upstream groups, Certificates): the list column
// ("listLayout") and the editor ("editorStack") of `page`'s "pageLayout" become the two sides
// of a splitter, so a small window can give the editor the width and a large one the list.
// A page whose editor does not scroll yet gets the stack inside a scroll area, "editorScroll".
QSplitter *splitListFromEditor(QWidget *page);

// A header row of `page` ("headerLayout": a heading, a status text, then controls) split
// in two: the heading and the status text above, the controls below, so the row
// does not set the page's minimum width. `firstControl` is the first widget of the second row.
void wrapHeader(QWidget *page, QWidget *firstControl);

// Item views of `root` that elide long texts instead of scrolling sideways.
void elideLists(const QList<QWidget *> &lists);

// `content` in a frameless scroll area that resizes it: a page or dialog tab that scrolls
// when the window is smaller than it.
// With only Qt::Vertical, the area is as wide as the content needs and only the height scrolls.
QScrollArea *inScrollArea(QWidget *content, Qt::Orientations scrolling = Qt::Horizontal | Qt::Vertical);

} // namespace LayoutFit
