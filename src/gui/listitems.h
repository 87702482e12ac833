#pragma once

#include <QListWidget>

// The list pages (Listeners, Upstream groups, Certificates) keep one QListWidget item per
// entry of the document's config and bring them up to date on every change.
namespace ListItems {

// Gives list exactly count items, reusing the ones it has (the caller then sets their text
// and icon), and keeps the current row: the last one when that row is gone, none when the
// list is empty. The caller ignores currentRowChanged meanwhile.
inline void resize(QListWidget *list, qsizetype count)
{
    const int rows = int(count);
    const int wanted = qBound(rows == 0 ? -1 : 0, list->currentRow(), rows - 1);
    while (list->count() > rows)
        delete list->takeItem(list->count() - 1);
    while (list->count() < rows)
        list->addItem(new QListWidgetItem);
    list->setCurrentRow(wanted);
}

} // namespace ListItems
